/** `garmin-sync logout`: forgets the saved tokens; `--purge` also deletes the archive. */
import type { Command } from 'commander';
import { acquireLock } from '../../archive/lock.js';
import { contextOf } from '../context.js';
import { out, style } from '../output.js';

/** Registers `logout`. */
export function registerLogout(program: Command): void {
  program
    .command('logout')
    .description('delete the saved tokens (the archive stays unless --purge)')
    .addHelpText('after', '\nExamples:\n  garmin-sync logout\n  garmin-sync logout --purge   # also delete the local archive')
    .option('--purge', 'also delete the local archive (activities, wellness, workouts, outbox, state, history)')
    .action(async (opts: { purge?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const store = ctx.store();
      await store.clear();
      if (opts.purge) {
        const release = await acquireLock(ctx.paths);
        try {
          await ctx.archive.purge();
        } finally {
          await release();
        }
        out(`${style.ok('Signed out')}: tokens deleted from the ${store.kind} store and the archive in ${ctx.paths.dataDir} purged.`);
        return;
      }
      const state = await ctx.archive.readState();
      state.account = null;
      await ctx.archive.writeState(state);
      out(`${style.ok('Signed out')}: tokens deleted from the ${store.kind} store. The archive in ${ctx.paths.dataDir} is kept.`);
    });
}
