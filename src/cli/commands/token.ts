/** `garmin-sync token export`: prints the saved token bundle, to move a session to another machine. */
import type { Command } from 'commander';
import { AuthError } from '../../errors.js';
import { contextOf } from '../context.js';
import { outJson } from '../output.js';

/** Registers `token`. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('manage the saved tokens');
  token
    .command('export')
    .description('print the token bundle as JSON on stdout (a secret: treat it like a password)')
    .addHelpText('after', '\nUse it on another machine with GARMIN_SYNC_TOKENS="$(cat bundle.json)" garmin-sync pull')
    .action(async (_opts: unknown, command: Command) => {
      const bundle = await contextOf(command).store().load();
      if (!bundle) throw new AuthError('not signed in: run `garmin-sync login` first');
      outJson(bundle);
    });
}
