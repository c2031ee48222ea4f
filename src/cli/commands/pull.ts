/**
 * `garmin-sync pull`: activities, wellness days and metrics days into the archive, under the run
 * lock, with a history entry per run (issue 6). Without `--days`/`--since` each type follows its
 * cursor in state.json (first run: backfill `initialSyncDays` newest first; later: the
 * `incrementalSyncDays` window), and a run sooner than `minSyncIntervalMinutes` after the last one
 * does nothing unless `--force`. Without a terminal it prints one plain line per data type (cron
 * mail); `--quiet` prints only errors; `--json` one document.
 */
import type { Command } from 'commander';
import pLimit from 'p-limit';
import type { ArchiveState } from '../../archive/archive.js';
import { readConfig, type Config } from '../../archive/config.js';
import { acquireLock } from '../../archive/lock.js';
import { PartialError, UsageError } from '../../errors.js';
import type { GarminClient } from '../../garmin/client.js';
import { createRequestPolicy } from '../../garmin/politeness.js';
import { advanceCursor, planType } from '../../sync/cursors.js';
import { addDays, parseCalendarDate, today as todayOf, type DateSpan } from '../../sync/dates.js';
import { pull, PULL_TYPES, type PullResult, type PullType } from '../../sync/pull.js';
import { withClient, type ClientTuning } from '../../sync/session.js';
import { contextOf, type Context } from '../context.js';
import { count, info, out, outJson } from '../output.js';
import { createPullProgress } from '../pull-progress.js';

/** Garmin's normal endpoints serve intraday data (heart-rate samples) for about this many days back. */
const INTRADAY_DAYS = 183;

/** Flags shared by `pull` and `sync`. */
export interface PullFlags {
  days?: string;
  since?: string;
  only?: string;
  fit?: boolean;
  force?: boolean;
  wait?: boolean;
  json?: boolean;
  quiet?: boolean;
  scheduled?: boolean;
}

/** Adds the pull flags to a command. */
export function withPullFlags(command: Command): Command {
  return command
    .option('--days <n>', 'pull the last n days (default: initialSyncDays on the first run, then incrementalSyncDays)')
    .option('--since <YYYY-MM-DD>', 'pull from this date to today')
    .option('--only <types>', `comma-separated data types: ${PULL_TYPES.join(',')}`)
    .option('--fit', 'also download original FIT files into fit/ (config: fit)')
    .option('--force', 'pull even when the last run was less than minSyncIntervalMinutes ago')
    .option('--wait', 'wait for another running garmin-sync instead of exiting 6')
    .option('--json', 'print one JSON document on stdout')
    .option('--quiet', 'print nothing but errors')
    .option('--scheduled', 'record the run as scheduled (the line `garmin-sync cron` prints passes it)');
}

/** The types of `--only`, else those switched on in the config. */
function parseTypes(only: string | undefined, config?: Config): PullType[] {
  if (!only) {
    if (!config) return [...PULL_TYPES];
    const on: Record<PullType, boolean> = { activities: config.syncActivities, wellness: config.syncWellness, metrics: config.syncFitnessMetrics };
    return PULL_TYPES.filter((t) => on[t]);
  }
  const types = only.split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of types) {
    if (!(PULL_TYPES as readonly string[]).includes(t)) throw new UsageError(`--only: unknown data type "${t}" (known: ${PULL_TYPES.join(', ')})`);
  }
  return types as PullType[];
}

/** The explicit range of `--days`/`--since`, or null when neither is given. */
export function planRange(flags: PullFlags, today = todayOf()): DateSpan | null {
  if (flags.since && flags.days) throw new UsageError('--since and --days cannot be used together');
  if (flags.since) {
    const startDate = parseCalendarDate(flags.since, '--since');
    if (startDate > today) throw new UsageError(`--since ${startDate} is in the future`);
    return { startDate, endDate: today };
  }
  if (flags.days === undefined) return null;
  const days = Number(flags.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError(`--days takes a whole number from 1 to 3660, not "${flags.days}"`);
  return { startDate: addDays(today, -(days - 1)), endDate: today };
}

/** Checks every flag before the lock is taken and before anything is sent. */
export function checkPullFlags(flags: PullFlags): void {
  planRange(flags);
  parseTypes(flags.only);
}

/** The client tuning of the config: politeness policy and timeout. */
export function clientTuning(config: Config): ClientTuning {
  return {
    policy: createRequestPolicy({ concurrency: config.concurrency, requestsPerSecond: config.requestsPerSecond, maxRetries: config.maxRetries }),
    timeoutMs: config.requestTimeoutSeconds * 1000,
  };
}

/** What a run will do: spans per type and how the history records it. */
interface RunPlan {
  spans: Partial<Record<PullType, DateSpan[]>>;
  backfillFrom: Partial<Record<PullType, string>>;
  backfilling: boolean;
  /** The range came from --days/--since (the interval check does not apply). */
  explicit: boolean;
}

function planRun(types: PullType[], flags: PullFlags, config: Config, cursors: ArchiveState['cursors'], today: string): RunPlan {
  const range = planRange(flags, today);
  const plan: RunPlan = { spans: {}, backfillFrom: {}, backfilling: false, explicit: range !== null };
  for (const type of types) {
    if (range) {
      plan.spans[type] = [range];
      continue;
    }
    const typePlan = planType(cursors[type], config, today);
    plan.spans[type] = typePlan.spans;
    plan.backfillFrom[type] = typePlan.backfillFrom;
    plan.backfilling ||= typePlan.backfilling;
  }
  return plan;
}

/**
 * Pulls with a history entry: the run is recorded as running, then completed/partial/failed;
 * cursors move after every chunk. Returns null (and sends nothing) when the interval has not passed.
 * @throws PartialError (exit 5) when a data type could not finish; AuthError/RefusedError/NetworkError as they come (the run is recorded as failed with the reason).
 */
export async function pullWithHistory(ctx: Context, client: GarminClient, flags: PullFlags, config: Config, jsonExtra: Record<string, unknown> = {}): Promise<PullResult | null> {
  const types = parseTypes(flags.only, config);
  // Files someone else changed since the last pull are read first: a broken one is kept aside and fetched again now.
  await ctx.archive.checkDataFiles({ changedSince: (await ctx.archive.readState()).lastSync });
  const state = await ctx.archive.readState();
  const today = todayOf(ctx.env);
  const plan = planRun(types, flags, config, state.cursors, today);
  const plain = !flags.quiet && !flags.json;
  const minutesSince = state.lastSync ? (Date.now() - Date.parse(state.lastSync)) / 60_000 : Infinity;
  if (!plan.explicit && !flags.force && !plan.backfilling && minutesSince < config.minSyncIntervalMinutes) {
    await ctx.archive.markInterruptedRuns();
    const message = `last pull ${Math.floor(minutesSince)} min ago (minSyncIntervalMinutes ${config.minSyncIntervalMinutes}): nothing to do; --force pulls anyway`;
    if (flags.json) outJson({ status: 'skipped', lastSync: state.lastSync, message, ...jsonExtra });
    else if (plain) out(`Up to date: ${message}.`);
    return null;
  }
  const runType = state.lastSync === null || plan.backfilling ? 'initial' : flags.scheduled ? 'scheduled' : 'manual';
  await ctx.archive.removeLeftoverTempFiles(); // from a run killed mid-write
  const runId = await ctx.archive.startRun(runType);
  const allSpans = Object.values(plan.spans).flat();
  const oldest = allSpans.reduce((d, s) => (s.startDate < d ? s.startDate : d), today);
  if (plain) info(`Pulling ${types.join(', ')} from ${oldest} to ${today}…`);
  if (plain && types.includes('wellness') && oldest < addDays(today, -INTRADAY_DAYS)) {
    info(`Note: Garmin serves heart-rate samples only for about the last six months; days before ${addDays(today, -INTRADAY_DAYS)} may lack overnightAvgHeartRate.`);
  }
  const progress = createPullProgress({ quiet: !plain });
  const stateWrites = pLimit(1);
  let result: PullResult;
  try {
    result = await pull(client, ctx.archive, {
      spans: plan.spans,
      fit: flags.fit ?? config.fit,
      concurrency: config.concurrency,
      onProgress: (e) => progress.onProgress(e),
      onChunkDone: (type, chunk) =>
        stateWrites(async () => {
          const fresh = await ctx.archive.readState();
          fresh.cursors[type] = advanceCursor(fresh.cursors[type], chunk, new Date().toISOString(), plan.backfillFrom[type]);
          await ctx.archive.writeState(fresh);
        }),
    });
  } catch (err) {
    progress.stop();
    await ctx.archive.finishRun(runId, { status: 'failed', counts: {}, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  progress.stop();
  const status = result.failures.length ? 'partial' : 'completed';
  // The history entry is closed before lastSync is recorded: a run killed in between leaves an
  // honest history, and the next run (not inside minSyncIntervalMinutes) fetches the window again.
  await ctx.archive.finishRun(runId, {
    status,
    counts: Object.fromEntries(types.map((t) => [t, { new: result.counts[t].new, updated: result.counts[t].updated }])),
    error: result.failures.length ? `${count(result.failures.length, 'data type')} failed` : undefined,
    errorDetails: result.failures.map((f) => `${f.type}: ${f.message}`),
  });
  const fresh = await ctx.archive.readState();
  fresh.lastSync = new Date().toISOString();
  await ctx.archive.writeState(fresh);
  if (flags.json) outJson({ runId, type: runType, status, spans: plan.spans, ...result, ...jsonExtra });
  if (result.failures.length) throw new PartialError(`pull finished partly: ${result.failures.map((f) => f.type).join(', ')} failed (see above); the next run tries again`);
  return result;
}

/** Runs `work` under the run lock. */
export async function underLock<T>(ctx: Context, wait: boolean | undefined, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(ctx.paths, { wait });
  const result = await work().catch(async (err: unknown) => {
    await release().catch(() => {}); // the work's error is the one to report
    throw err;
  });
  await release();
  return result;
}

/** Registers `pull`. */
export function registerPull(program: Command): void {
  withPullFlags(
    program
      .command('pull')
      .description('fetch activities, wellness days and fitness metrics into the local archive')
      .addHelpText('after', '\nExamples:\n  garmin-sync pull\n  garmin-sync pull --days 30 --only wellness,metrics\n  garmin-sync pull --since 2026-01-01 --fit --json\n  garmin-sync pull --quiet --scheduled   # from cron (see garmin-sync cron)'),
  ).action(async (flags: PullFlags, command: Command) => {
    const ctx = contextOf(command);
    checkPullFlags(flags);
    const config = await readConfig(ctx.paths);
    await underLock(ctx, flags.wait, async () => {
      const waiting = (await ctx.archive.listOutbox()).length;
      await withClient(ctx.session(), (client) => pullWithHistory(ctx, client, flags, config), clientTuning(config));
      if (waiting && !flags.quiet && !flags.json) info(`${count(waiting, 'import')} ${waiting === 1 ? 'waits' : 'wait'} in the outbox: \`garmin-sync sync\` sends ${waiting === 1 ? 'it' : 'them'}.`);
    });
  });
}
