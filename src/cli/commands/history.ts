/** `garmin-sync history`: one line per sync run, newest first (history.json). */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { contextOf } from '../context.js';
import { formatDuration, formatLocalTime, formatTable, out, outJson, style } from '../output.js';

/** Registers `history`. */
export function registerHistory(program: Command): void {
  program
    .command('history')
    .description('list past pull/sync runs, newest first')
    .addHelpText('after', '\nExamples:\n  garmin-sync history\n  garmin-sync history --limit 5 --json')
    .option('--json', 'print one JSON document on stdout')
    .option('--limit <n>', 'how many runs to show', '20')
    .action(async (opts: { json?: boolean; limit: string }, command: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit takes a whole number from 1, not "${opts.limit}"`);
      const ctx = contextOf(command);
      const runs = (await ctx.archive.readHistory()).slice().reverse().slice(0, limit);
      if (opts.json) return outJson({ runs });
      if (runs.length === 0) return out('No sync runs yet: run `garmin-sync pull`.');
      const rows = runs.map((run) => {
        const counts = Object.entries(run.counts ?? {})
          .map(([type, c]) => `${type} ${c.new} new/${c.updated} updated`)
          .join(', ');
        const status = run.status === 'completed' ? style.ok(run.status) : run.status === 'running' ? run.status : style.error(run.status);
        return [formatLocalTime(run.startedAt, { relative: false }), run.type, status, formatDuration(run.durationSeconds), `${counts}${run.error ? `  — ${run.error}` : ''}`];
      });
      for (const line of formatTable(null, rows)) out(line);
    });
}
