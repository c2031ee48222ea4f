#!/usr/bin/env node
/**
 * The garmin-sync command line: runs the commander program (./program.ts, which loads only the
 * command that runs) and maps every error to the exit codes of ../shared/design.md ("Exit codes").
 */
import module from 'node:module';
import './closed-streams.js';
import { ExitCode, GarminSyncError } from '../errors.js';
import { asksTopLevelHelp, cachedTopLevelHelp } from './help-cache.js';
import { packageVersion } from './version.js';

// Node >= 22.1 caches compiled modules on disk (a later start skips compiling); Node 20 has no such cache.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** Exit status after Ctrl-C (128 + SIGINT, the shell's convention); nothing is printed. */
const INTERRUPTED = 130;

/** What a programming error (exit 1) adds after its message. */
const BUG_HINT = '`garmin-sync doctor` checks the setup; run the command again with --verbose to see every request';

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  // `garmin-sync --version` alone is answered before commander is even loaded (what commander prints for it).
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  // The top-level help, as the build cached it from commander (help-cache.ts).
  const help = asksTopLevelHelp(args) ? cachedTopLevelHelp() : null;
  if (help !== null) {
    process.stdout.write(help);
    return ExitCode.ok;
  }
  const { CommanderError } = await import('commander');
  try {
    const { runProgram } = await import('./program.js');
    await runProgram(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit 0; any other parse error is a usage error.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    // Ctrl-C at a prompt (@inquirer/prompts rejects with ExitPromptError): quiet, like a shell.
    if (err instanceof Error && err.name === 'ExitPromptError') return INTERRUPTED;
    // Loaded only now: a command that fails before printing anything has not loaded chalk yet.
    const { info, style } = await import('./output.js');
    if (err instanceof GarminSyncError) {
      info(`${style.error('garmin-sync:')} ${err.message}`);
      if (err.exitCode === ExitCode.unexpected) info(BUG_HINT);
      return err.exitCode;
    }
    info(`${style.error('garmin-sync: unexpected error:')} ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    info(`This is a bug in garmin-sync. ${BUG_HINT}.`);
    return ExitCode.unexpected;
  }
}

// Ctrl-C outside a prompt: stop at once, quietly. Archive writes are atomic, and a pull left
// `running` is marked interrupted by the next run.
process.on('SIGINT', () => process.exit(INTERRUPTED));
process.exitCode = await main(process.argv);
