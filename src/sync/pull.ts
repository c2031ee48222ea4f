/**
 * `pull`: activities (summary, detail, splits, optionally the original FIT), wellness days (sleep,
 * HRV, heart rate, daily summary) and metrics days (VO2max, training status, training readiness)
 * into the archive (issue 6; protocol §3.2–3.4, §3.7).
 *
 * Each data type runs as its own worker over its spans, cut into chunks of CHUNK_DAYS newest
 * first; after each chunk `onChunkDone` records progress (the caller moves the cursor), so an
 * interrupted run resumes where it stopped. The workers share one concurrency limit (and the
 * client's politeness policy). A type that fails is recorded and the others go on; an AuthError
 * or RefusedError stops every worker (nothing else could succeed) and is rethrown.
 *
 * Requests per chunk of n days (the minimum these endpoints allow, bench/pull.ts):
 * - activities: search pages until an empty one (⌈k/100⌉ + 1 for k activities), then detail and
 *   splits per activity (+ the original per activity not yet in fit/ with `fit`);
 * - wellness: HRV range 1, then sleep, heart rate and daily summary per day, + the heart rate of
 *   the day before the first one (for the night's window; shared with the next chunk);
 * - metrics: maxmet range 1, training-status range 1, training readiness per day (+ the per-day
 *   latest training status when the range route fails).
 */
import pLimit from 'p-limit';
import { AuthError, GarminApiError, NetworkError, RefusedError } from '../errors.js';
import type { GarminClient } from '../garmin/client.js';
import type { DailyHeartRate } from '../garmin/api/wellness.js';
import type { MaxMetEntry, TrainingStatusDay, TrainingStatusLatest } from '../garmin/api/metrics.js';
import type { Archive, WriteOutcome } from '../archive/archive.js';
import { addDays, chunksNewestFirst, dateRange, spanDays, type DateSpan } from './dates.js';
import { fitFromZip } from './fit-original.js';
import { normalizeActivity, normalizeMetricsDay, normalizeWellnessDay } from './normalize.js';

/** The data types `pull` knows, as named in `--only`, in state.json cursors and in the history counts. */
export const PULL_TYPES = ['activities', 'wellness', 'metrics'] as const;
export type PullType = (typeof PULL_TYPES)[number];

/** Days per chunk: the unit of progress, and of the range requests (HRV, maxmet, training status). */
export const CHUNK_DAYS = 28;

/** Activity search page size; the web app uses 20, python-garminconnect caps at 1000 (protocol §3.2). */
const PAGE_SIZE = 100;

/** How many archive files a type added, changed, or found as they were. */
export interface PullCounts {
  new: number;
  updated: number;
  unchanged: number;
}

/** What a pull did. `failures` lists each type that could not finish, with the reason. */
export interface PullResult {
  counts: Record<PullType, PullCounts>;
  /** Original FIT files written to fit/. */
  fitFiles: number;
  failures: Array<{ type: PullType; message: string }>;
}

/** A step of a type's work, for progress displays. `daysDone`/`daysTotal` count calendar days. */
export interface PullEvent {
  type: PullType;
  phase: 'start' | 'progress' | 'done' | 'failed';
  daysDone: number;
  daysTotal: number;
  counts: PullCounts;
  message?: string;
}

/** Options of one pull. */
export interface PullOptions {
  /** Per type to pull: its spans, newest first (a type left out is not pulled). */
  spans: Partial<Record<PullType, DateSpan[]>>;
  /** Also download originals into fit/ (activities). */
  fit?: boolean;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  onProgress?: (event: PullEvent) => void;
  /** Awaited after each finished chunk of a type, before the next; records progress. */
  onChunkDone?: (type: PullType, chunk: DateSpan) => Promise<void>;
}

type Limit = ReturnType<typeof pLimit>;

/** What the type pullers share in one run. */
interface Run {
  client: GarminClient;
  archive: Archive;
  fit: boolean;
  /** Runs a request within the run's limit; throws the fatal error once one worker met it. */
  request<T>(send: () => Promise<T>): Promise<T>;
  /** Heart-rate answers by date, kept between the chunks of wellness. */
  heartRate: Map<string, Promise<DailyHeartRate | null>>;
  fitFiles: number;
}

/**
 * Pulls every type's spans into the archive.
 * @throws AuthError (exit 3), RefusedError (exit 4) or NetworkError (exit 7) at once: no other type could succeed either.
 */
export async function pull(client: GarminClient, archive: Archive, options: PullOptions): Promise<PullResult> {
  const limit: Limit = pLimit(options.concurrency ?? 4);
  let fatal: Error | null = null;
  const run: Run = {
    client,
    archive,
    fit: options.fit ?? false,
    request: (send) =>
      limit(() => {
        if (fatal) throw fatal;
        return send();
      }),
    heartRate: new Map(),
    fitFiles: 0,
  };
  const result: PullResult = { counts: { activities: emptyCounts(), wellness: emptyCounts(), metrics: emptyCounts() }, fitFiles: 0, failures: [] };
  const pullers: Record<PullType, (chunk: DateSpan, counts: PullCounts) => Promise<void>> = {
    activities: (chunk, counts) => pullActivities(run, chunk, counts),
    wellness: (chunk, counts) => pullWellness(run, chunk, counts),
    metrics: (chunk, counts) => pullMetrics(run, chunk, counts),
  };
  const worker = async (type: PullType, spans: DateSpan[]): Promise<void> => {
    const counts = result.counts[type];
    const daysTotal = spans.reduce((n, s) => n + spanDays(s), 0);
    let daysDone = 0;
    options.onProgress?.({ type, phase: 'start', daysDone, daysTotal, counts });
    try {
      for (const span of spans) {
        for (const chunk of chunksNewestFirst(span, CHUNK_DAYS)) {
          await pullers[type](chunk, counts);
          await options.onChunkDone?.(type, chunk);
          daysDone += spanDays(chunk);
          options.onProgress?.({ type, phase: 'progress', daysDone, daysTotal, counts });
        }
      }
      options.onProgress?.({ type, phase: 'done', daysDone, daysTotal, counts });
    } catch (err) {
      // The session is refused or Garmin cannot be reached: every type would fail the same way.
      if (err instanceof AuthError || err instanceof RefusedError || err instanceof NetworkError) {
        fatal ??= err;
        return;
      }
      if (fatal) return;
      const message = err instanceof Error ? err.message : String(err);
      result.failures.push({ type, message });
      options.onProgress?.({ type, phase: 'failed', daysDone, daysTotal, counts, message });
    }
  };
  const types = PULL_TYPES.filter((t) => options.spans[t]?.length);
  await Promise.all(types.map((type) => worker(type, options.spans[type]!)));
  if (fatal) throw fatal;
  result.fitFiles = run.fitFiles;
  return result;
}

function emptyCounts(): PullCounts {
  return { new: 0, updated: 0, unchanged: 0 };
}

function tally(counts: PullCounts, outcome: WriteOutcome): void {
  counts[outcome] += 1;
}

/** Activities started (local date) in the chunk: search pages, then detail, splits and the original. */
async function pullActivities(run: Run, chunk: DateSpan, counts: PullCounts): Promise<void> {
  const items = [];
  // Paging ends on the first empty page (protocol §3.2, §4 "Paging").
  for (let start = 0; ; start += PAGE_SIZE) {
    const page = await run.request(() => run.client.searchActivities({ start, limit: PAGE_SIZE, ...chunk }));
    if (page.length === 0) break;
    items.push(...page);
  }
  await Promise.all(
    items.map(async (summary) => {
      const activityId = Number(summary.activityId);
      const [detail, splits] = await Promise.all([
        run.request(() => run.client.activity(activityId)),
        run.request(() => run.client.activitySplits(activityId)),
      ]);
      if (run.fit) await pullOriginal(run, activityId);
      tally(counts, await run.archive.writeActivity(normalizeActivity({ summary, detail, splits })));
    }),
  );
}

/** fit/<id>.fit, once: originals never change. An activity without an original (404, e.g. entered by hand) has none. */
async function pullOriginal(run: Run, activityId: number): Promise<void> {
  if (await run.archive.hasFit(activityId)) return;
  let zip: Uint8Array;
  try {
    zip = await run.request(() => run.client.downloadOriginal(activityId));
  } catch (err) {
    if (err instanceof GarminApiError && err.status === 404) return;
    throw err;
  }
  await run.archive.writeFit(activityId, fitFromZip(zip, activityId));
  run.fitFiles += 1;
}

/** The day's heart rate, fetched once per run (each day's answer serves that day and the next night). */
function heartRateOf(run: Run, date: string): Promise<DailyHeartRate | null> {
  let answer = run.heartRate.get(date);
  if (!answer) {
    answer = run.request(() => run.client.dailyHeartRate(date));
    run.heartRate.set(date, answer);
  }
  return answer;
}

/** Wellness days of the chunk: HRV by range, sleep, heart rate and daily summary per day. */
async function pullWellness(run: Run, chunk: DateSpan, counts: PullCounts): Promise<void> {
  const hrvRange = run.request(() => run.client.hrvRange(chunk.startDate, chunk.endDate));
  const hrvByDate = hrvRange.then((range) => new Map((range?.hrvSummaries ?? []).map((s) => [s.calendarDate, s])));
  await Promise.all(
    dateRange(chunk.startDate, chunk.endDate).map(async (calendarDate) => {
      const [sleep, heartRate, previousHeartRate, summary, hrv] = await Promise.all([
        run.request(() => run.client.dailySleep(calendarDate)),
        heartRateOf(run, calendarDate),
        heartRateOf(run, addDays(calendarDate, -1)),
        run.request(() => run.client.dailySummary(calendarDate)),
        hrvByDate.then((m) => m.get(calendarDate) ?? null),
      ]);
      tally(counts, await run.archive.writeWellnessDay(normalizeWellnessDay({ calendarDate, sleep, hrv, heartRate, previousHeartRate, summary })));
    }),
  );
  // The next (older) chunk needs only the day before this one's first day.
  for (const date of [...run.heartRate.keys()]) if (date >= chunk.startDate) run.heartRate.delete(date);
}

/**
 * Metrics days of the chunk: maxmet and training status by range, training readiness per day.
 * A part Garmin answers 404 is no data for it, not a failed type. When the weekly
 * training-status route fails (any Garmin error but a refusal), or maxmet answers 404, each day
 * asks the per-day `trainingstatus/latest/{date}` route instead (recorded/garth stats), so the
 * VO2max, status and readiness of the run still land.
 */
async function pullMetrics(run: Run, chunk: DateSpan, counts: PullCounts): Promise<void> {
  const [maxMet, status] = await Promise.all([
    orNotFound(run.request(() => run.client.maxMetRange(chunk.startDate, chunk.endDate)), null),
    orGarminError(run.request(() => run.client.trainingStatusRange(chunk.startDate, chunk.endDate))),
  ]);
  const maxMetByDate = new Map<string, MaxMetEntry>();
  for (const entry of maxMet ?? []) {
    const date = entry.generic?.calendarDate ?? entry.cycling?.calendarDate;
    if (date) maxMetByDate.set(date, entry);
  }
  const statusByDate = new Map<string, TrainingStatusDay[]>();
  for (const days of Object.values(status?.weeklyTrainingStatus?.payload?.reportData ?? {})) {
    for (const day of days ?? []) statusByDate.set(day.calendarDate, [...(statusByDate.get(day.calendarDate) ?? []), day]);
  }
  await Promise.all(
    dateRange(chunk.startDate, chunk.endDate).map(async (calendarDate) => {
      const [trainingReadiness, latest] = await Promise.all([
        orNotFound(run.request(() => run.client.trainingReadiness(calendarDate)), []),
        status && maxMet ? null : orNotFound(run.request(() => run.client.trainingStatusLatest(calendarDate)), null),
      ]);
      const record = normalizeMetricsDay({
        calendarDate,
        maxMet: maxMet ? (maxMetByDate.get(calendarDate) ?? null) : latestVo2MaxOn(latest, calendarDate),
        trainingStatus: (status ? statusByDate.get(calendarDate) : latestTrainingStatus(latest)) ?? null,
        trainingReadiness,
      });
      tally(counts, await run.archive.writeMetricsDay(record));
    }),
  );
}

/** The answer, or `none` when Garmin answered 404 (it has no such data). */
async function orNotFound<T, N>(answer: Promise<T>, none: N): Promise<T | N> {
  try {
    return await answer;
  } catch (err) {
    if (err instanceof GarminApiError && err.status === 404) return none;
    throw err;
  }
}

/** The answer, or null when the call failed with a GarminApiError (auth and refusals still throw). */
async function orGarminError<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (err) {
    if (err instanceof GarminApiError) return null;
    throw err;
  }
}

/** The per-device training status in effect on the day of a latest answer, or undefined when it has none. */
function latestTrainingStatus(latest: TrainingStatusLatest | null): TrainingStatusDay[] | undefined {
  const days = Object.values(latest?.mostRecentTrainingStatus?.payload?.latestTrainingStatusData ?? {}).filter((d) => d !== null);
  return days.length ? days : undefined;
}

/**
 * The latest answer's VO2max values that were updated on `calendarDate`, or null when neither was
 * (the route answers the newest running and cycling values, each of its own day: protocol §7.9
 * note 4). A running value of another day is not that day's, even when the cycling one is.
 */
function latestVo2MaxOn(latest: TrainingStatusLatest | null, calendarDate: string): MaxMetEntry | null {
  const entry = latest?.mostRecentVO2Max?.payload;
  if (!entry) return null;
  const generic = entry.generic?.calendarDate === calendarDate ? entry.generic : null;
  const cycling = entry.cycling?.calendarDate === calendarDate ? entry.cycling : null;
  return generic || cycling ? { ...entry, generic, cycling } : null;
}
