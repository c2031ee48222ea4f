/** `garmin-sync sync`: sends what waits in the outbox, then pulls. */
import type { Command } from 'commander';
import { PartialError } from '../../errors.js';
import { sendOutbox } from '../../sync/outbox.js';
import { withClient } from '../../sync/session.js';
import { contextOf } from '../context.js';
import { count, info, out, style } from '../output.js';
import { readConfig } from '../../archive/config.js';
import { checkPullFlags, clientTuning, pullWithHistory, underLock, withPullFlags, type PullFlags } from './pull.js';

/** Registers `sync`. */
export function registerSync(program: Command): void {
  withPullFlags(
    program
      .command('sync')
      .description('send the imports waiting in the outbox, then pull')
      .addHelpText('after', '\nExamples:\n  garmin-sync sync\n  garmin-sync sync --quiet   # for cron'),
  ).action(async (flags: PullFlags, command: Command) => {
    const ctx = contextOf(command);
    checkPullFlags(flags);
    const config = await readConfig(ctx.paths);
    await underLock(ctx, flags.wait, () =>
      withClient(ctx.session(), async (client) => {
        const sent = await sendOutbox(client, ctx.archive);
        for (const r of sent) {
          if (r.status === 'failed') info(style.error(r.message));
          else if (!flags.quiet && !flags.json) out(r.message);
        }
        // --json: the outbox deliveries (with their activity ids) go in the pull's one document.
        await pullWithHistory(ctx, client, flags, config, { outbox: sent.map(({ id, fileName, status, activityId, message }) => ({ id, fileName, status, activityId: activityId ?? null, message })) });
        const failed = sent.filter((r) => r.status === 'failed').length;
        if (failed) throw new PartialError(`${count(failed, 'outbox item')} could not be sent and ${failed === 1 ? 'stays' : 'stay'} queued`);
      }, clientTuning(config)),
    );
  });
}
