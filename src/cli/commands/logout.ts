/**
 * `garmin-sync logout`: forgets the saved tokens; `--purge` also deletes the archive, after a
 * "yes" on a terminal or with `--yes` (scripts).
 */
import type { Command } from 'commander';
import { acquireLock } from '../../archive/lock.js';
import { confirmed } from '../confirm.js';
import { contextOf } from '../context.js';
import { out, style } from '../output.js';

/** Registers `logout`. */
export function registerLogout(program: Command): void {
  program
    .command('logout')
    .description('delete the saved tokens (the archive stays unless --purge)')
    .addHelpText('after', '\nExamples:\n  garmin-sync logout\n  garmin-sync logout --purge         # also delete the local archive (asks first)\n  garmin-sync logout --purge --yes   # the same without asking (scripts)')
    .option('--purge', 'also delete the local archive (activities, wellness, workouts, outbox, state, history)')
    .option('-y, --yes', 'with --purge: do not ask (needed without a terminal)')
    .action(async (opts: { purge?: boolean; yes?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const store = ctx.store();
      if (opts.purge) {
        const go = await confirmed(`Delete the saved tokens and the whole archive in ${ctx.paths.dataDir}? This cannot be undone.`, {
          yes: opts.yes,
          withoutTerminal: `logout --purge deletes the whole archive in ${ctx.paths.dataDir}: add --yes to confirm (there is no terminal to ask)`,
        });
        if (!go) {
          out('Nothing was deleted.');
          return;
        }
      }
      const signedIn = (await store.load()) !== null;
      await store.clear();
      await store.clearPendingSignIn();
      const tokens = signedIn ? `tokens deleted from the ${store.kind} store` : `no tokens were saved in the ${store.kind} store`;
      const heading = signedIn ? style.ok('Signed out') : 'Not signed in';
      if (opts.purge) {
        const release = await acquireLock(ctx.paths);
        try {
          await ctx.archive.purge();
        } finally {
          await release();
        }
        out(`${heading}: ${tokens}, and the archive in ${ctx.paths.dataDir} purged.`);
        return;
      }
      const state = await ctx.archive.readState();
      if (state.account !== null) {
        state.account = null;
        await ctx.archive.writeState(state);
      }
      out(`${heading}: ${tokens}. The archive in ${ctx.paths.dataDir} is kept.`);
    });
}
