/**
 * `pull`: activities (summary, detail, splits) and wellness days (sleep, HRV, heart rate) for a
 * date range into the archive. Each data type is pulled on its own: one that fails is recorded
 * and the others go on (the run is then partial, exit 5). Requests go through one concurrency
 * limit so Garmin sees a polite client.
 */
import pLimit from 'p-limit';
import { AuthError, RefusedError } from '../errors.js';
import type { GarminClient } from '../garmin/client.js';
import type { Archive } from '../archive/archive.js';
import { addDays, dateRange } from './dates.js';
import { normalizeActivity, normalizeWellnessDay } from './normalize.js';

/** The data types `pull` knows, as named in `--only` and in the history counts. */
export const PULL_TYPES = ['activities', 'wellness'] as const;
export type PullType = (typeof PULL_TYPES)[number];

/** How many archive files a type added, changed, or found as they were. */
export interface PullCounts {
  new: number;
  updated: number;
  unchanged: number;
}

/** What a pull did. `failures` lists each type that could not finish, with the reason. */
export interface PullResult {
  startDate: string;
  endDate: string;
  counts: Record<PullType, PullCounts>;
  failures: Array<{ type: PullType; message: string }>;
}

/** Options of one pull. Dates are `YYYY-MM-DD`, inclusive. */
export interface PullOptions {
  startDate: string;
  endDate: string;
  types?: readonly PullType[];
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Called when a type starts and finishes, for progress lines. */
  onProgress?: (event: { type: PullType; phase: 'start' | 'done' | 'failed'; counts?: PullCounts; message?: string }) => void;
}

/** Activity search page size; the web app uses 20, python-garminconnect caps at 1000 (protocol §3.2). */
const PAGE_SIZE = 100;

/**
 * Pulls the range into the archive.
 * @throws AuthError (exit 3) or RefusedError (exit 4) at once: no other type could succeed either.
 */
export async function pull(client: GarminClient, archive: Archive, options: PullOptions): Promise<PullResult> {
  const limit = pLimit(options.concurrency ?? 4);
  const types = options.types ?? PULL_TYPES;
  const result: PullResult = {
    startDate: options.startDate,
    endDate: options.endDate,
    counts: { activities: emptyCounts(), wellness: emptyCounts() },
    failures: [],
  };
  const runners: Record<PullType, () => Promise<PullCounts>> = {
    activities: () => pullActivities(client, archive, options, limit),
    wellness: () => pullWellness(client, archive, options, limit),
  };
  for (const type of types) {
    options.onProgress?.({ type, phase: 'start' });
    try {
      result.counts[type] = await runners[type]();
      options.onProgress?.({ type, phase: 'done', counts: result.counts[type] });
    } catch (err) {
      if (err instanceof AuthError || err instanceof RefusedError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      result.failures.push({ type, message });
      options.onProgress?.({ type, phase: 'failed', message });
    }
  }
  return result;
}

function emptyCounts(): PullCounts {
  return { new: 0, updated: 0, unchanged: 0 };
}

function tally(counts: PullCounts, outcome: 'new' | 'updated' | 'unchanged'): void {
  counts[outcome] += 1;
}

type Limit = ReturnType<typeof pLimit>;

async function pullActivities(client: GarminClient, archive: Archive, options: PullOptions, limit: Limit): Promise<PullCounts> {
  const counts = emptyCounts();
  const items = [];
  // Paging ends on the first empty page (protocol §3.2).
  for (let start = 0; ; start += PAGE_SIZE) {
    const page = await limit(() => client.searchActivities({ start, limit: PAGE_SIZE, startDate: options.startDate, endDate: options.endDate }));
    if (page.length === 0) break;
    items.push(...page);
  }
  await Promise.all(
    items.map(async (summary) => {
      const activityId = Number(summary.activityId);
      const [detail, splits] = await Promise.all([
        limit(() => client.activity(activityId)),
        limit(() => client.activitySplits(activityId)),
      ]);
      tally(counts, await archive.writeActivity(normalizeActivity({ summary, detail, splits })));
    }),
  );
  return counts;
}

async function pullWellness(client: GarminClient, archive: Archive, options: PullOptions, limit: Limit): Promise<PullCounts> {
  const counts = emptyCounts();
  const dates = dateRange(options.startDate, options.endDate);
  // The night before the first date starts on the previous calendar day: fetch its heart rate too.
  const heartRateDates = [addDays(options.startDate, -1), ...dates];
  const heartRate = new Map(
    await Promise.all(heartRateDates.map(async (date) => [date, await limit(() => client.dailyHeartRate(date))] as const)),
  );
  await Promise.all(
    dates.map(async (calendarDate) => {
      const [sleep, hrv] = await Promise.all([limit(() => client.dailySleep(calendarDate)), limit(() => client.hrv(calendarDate))]);
      const record = normalizeWellnessDay({
        calendarDate,
        sleep,
        hrv,
        heartRate: heartRate.get(calendarDate) ?? null,
        previousHeartRate: heartRate.get(addDays(calendarDate, -1)) ?? null,
      });
      tally(counts, await archive.writeWellnessDay(record));
    }),
  );
  return counts;
}
