/** `garmin-sync outbox list|drop`: the imports waiting to be sent by `garmin-sync sync`. */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { contextOf } from '../context.js';
import { count, formatLocalTime, formatTable, out, outJson } from '../output.js';

/** Registers `outbox`. */
export function registerOutbox(program: Command): void {
  const outbox = program
    .command('outbox')
    .description('imports waiting to be sent (sent by `garmin-sync sync`)')
    .addHelpText('after', '\nExamples:\n  garmin-sync outbox list\n  garmin-sync outbox drop 20261122T101500123Z-3fa9c2');
  outbox
    .command('list')
    .description('list the waiting files, oldest first')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const items = await contextOf(command).archive.listOutbox();
      if (opts.json) return outJson({ items });
      if (items.length === 0) return out('The outbox is empty.');
      const rows = items.map((item) => {
        const tried = item.lastAttemptAt ? `, ${count(item.attempts, 'attempt')}, last ${formatLocalTime(item.lastAttemptAt)}` : '';
        return [item.id, item.fileName, `queued ${formatLocalTime(item.queuedAt)}${tried}  (${item.reason})`];
      });
      for (const line of formatTable(null, rows)) out(line);
    });
  outbox
    .command('drop <id>')
    .description('delete a waiting file from the outbox without sending it')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const items = await ctx.archive.listOutbox();
      if (!items.some((item) => item.id === id)) throw new UsageError(`no outbox item "${id}" (see \`garmin-sync outbox list\`)`);
      await ctx.archive.removeFromOutbox(id);
      out(`Dropped ${id} from the outbox.`);
    });
}
