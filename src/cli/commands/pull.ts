/**
 * `garmin-sync pull`: activities and wellness days into the archive, under the run lock, with a
 * history entry per run. Without a terminal it prints one plain line per data type (cron mail);
 * `--quiet` prints only errors; `--json` one document.
 */
import type { Command } from 'commander';
import { acquireLock } from '../../archive/lock.js';
import { PartialError, UsageError } from '../../errors.js';
import type { GarminClient } from '../../garmin/client.js';
import { addDays, localToday, parseCalendarDate } from '../../sync/dates.js';
import { pull, PULL_TYPES, type PullResult, type PullType } from '../../sync/pull.js';
import { withClient } from '../../sync/session.js';
import { contextOf, type Context } from '../context.js';
import { info, out, outJson, style } from '../output.js';

/** Days pulled on the first run (issue 6: initialSyncDays) and on later runs (incrementalSyncDays: sleep and HRV are finalised late). */
export const INITIAL_SYNC_DAYS = 365;
export const INCREMENTAL_SYNC_DAYS = 7;

/** Flags shared by `pull` and `sync`. */
export interface PullFlags {
  days?: string;
  since?: string;
  only?: string;
  wait?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** Adds the pull flags to a command. */
export function withPullFlags(command: Command): Command {
  return command
    .option('--days <n>', `days back from today (default ${INITIAL_SYNC_DAYS} on the first run, then ${INCREMENTAL_SYNC_DAYS})`)
    .option('--since <YYYY-MM-DD>', 'pull from this date to today')
    .option('--only <types>', `comma-separated data types: ${PULL_TYPES.join(',')}`)
    .option('--wait', 'wait for another running garmin-sync instead of exiting 6')
    .option('--json', 'print one JSON document on stdout')
    .option('--quiet', 'print nothing but errors');
}

function parseTypes(only: string | undefined): PullType[] {
  if (!only) return [...PULL_TYPES];
  const types = only.split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of types) {
    if (!(PULL_TYPES as readonly string[]).includes(t)) throw new UsageError(`--only: unknown data type "${t}" (known: ${PULL_TYPES.join(', ')})`);
  }
  return types as PullType[];
}

/** Checks the flags before anything is sent. */
export function planRange(flags: PullFlags, firstRun: boolean, today = localToday()): { startDate: string; endDate: string } {
  if (flags.since && flags.days) throw new UsageError('--since and --days cannot be used together');
  if (flags.since) {
    const startDate = parseCalendarDate(flags.since, '--since');
    if (startDate > today) throw new UsageError(`--since ${startDate} is in the future`);
    return { startDate, endDate: today };
  }
  const days = flags.days === undefined ? (firstRun ? INITIAL_SYNC_DAYS : INCREMENTAL_SYNC_DAYS) : Number(flags.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError(`--days takes a whole number from 1 to 3660, not "${flags.days}"`);
  return { startDate: addDays(today, -(days - 1)), endDate: today };
}

/**
 * Pulls with a history entry: the run is recorded as running, then completed/partial/failed.
 * @throws PartialError (exit 5) when a data type could not finish; AuthError/RefusedError as they come.
 */
export async function pullWithHistory(ctx: Context, client: GarminClient, flags: PullFlags): Promise<PullResult> {
  const types = parseTypes(flags.only);
  const state = await ctx.archive.readState();
  const firstRun = state.lastSync === null;
  const range = planRange(flags, firstRun);
  const runId = await ctx.archive.startRun(firstRun ? 'initial' : 'manual');
  const plain = !flags.quiet && !flags.json;
  if (plain) info(`Pulling ${types.join(' and ')} from ${range.startDate} to ${range.endDate}…`);
  let result: PullResult;
  try {
    result = await pull(client, ctx.archive, {
      ...range,
      types,
      onProgress: (e) => {
        if (e.phase === 'failed') info(`${style.error(`${e.type}: failed`)} — ${e.message}`);
        else if (e.phase === 'done' && plain && e.counts) out(`${e.type}: ${e.counts.new} new, ${e.counts.updated} updated, ${e.counts.unchanged} unchanged`);
      },
    });
  } catch (err) {
    await ctx.archive.finishRun(runId, { status: 'failed', counts: {}, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  const now = new Date().toISOString();
  const status = result.failures.length ? 'partial' : 'completed';
  const fresh = await ctx.archive.readState();
  for (const type of types) {
    if (result.failures.some((f) => f.type === type)) continue;
    fresh.cursors[type] = { lastSyncedAt: now, newestDate: range.endDate };
  }
  fresh.lastSync = now;
  await ctx.archive.writeState(fresh);
  await ctx.archive.finishRun(runId, {
    status,
    counts: Object.fromEntries(types.map((t) => [t, { new: result.counts[t].new, updated: result.counts[t].updated }])),
    error: result.failures.length ? `${result.failures.length} data type(s) failed` : undefined,
    errorDetails: result.failures.map((f) => `${f.type}: ${f.message}`),
  });
  if (flags.json) outJson({ runId, status, ...result });
  if (result.failures.length) throw new PartialError(`pull finished partly: ${result.failures.map((f) => f.type).join(', ')} failed (see above); the next run tries again`);
  return result;
}

/** Runs `work` under the run lock. */
export async function underLock<T>(ctx: Context, wait: boolean | undefined, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(ctx.paths, { wait });
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Registers `pull`. */
export function registerPull(program: Command): void {
  withPullFlags(
    program
      .command('pull')
      .description('fetch activities and wellness days into the local archive')
      .addHelpText('after', '\nExamples:\n  garmin-sync pull\n  garmin-sync pull --days 30 --only wellness\n  garmin-sync pull --since 2026-01-01 --json'),
  ).action(async (flags: PullFlags, command: Command) => {
    const ctx = contextOf(command);
    planRange(flags, true); // flag errors before the lock and before anything is sent
    parseTypes(flags.only);
    await underLock(ctx, flags.wait, async () => {
      const waiting = (await ctx.archive.listOutbox()).length;
      await withClient(ctx.session(), (client) => pullWithHistory(ctx, client, flags));
      if (waiting && !flags.quiet && !flags.json) info(`${waiting} import(s) wait in the outbox: \`garmin-sync sync\` sends them.`);
    });
  });
}

