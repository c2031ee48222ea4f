/**
 * `garmin-sync demo`: the whole job (sign in with MFA, import a workout text and activity files,
 * a duplicate, pull, status, history, logout) against the built-in Garmin emulator in a temporary
 * home, printed as a story. No account, no network; the same code as `npm run demo`
 * (src/emulator/demo.ts).
 */
import type { Command } from 'commander';

/** Registers `demo`. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole job against a built-in Garmin emulator, in a temporary home: no account, no network')
    .addHelpText('after', '\nExamples:\n  garmin-sync demo\n  npx garmin-sync demo        # without installing\n  GARMIN_SYNC_DEMO_KEEP=1 garmin-sync demo   # keep the temporary home to look at the archive')
    .action(async () => {
      const { runDemo } = await import('../../emulator/demo.js');
      process.exitCode = await runDemo();
    });
}
