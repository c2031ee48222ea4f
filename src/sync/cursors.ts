/**
 * Per-type progress of `pull` in state.json (issue 6, "Incremental and resumable"): what a run
 * without an explicit range fetches, and how a finished chunk moves the cursor. A cursor says that
 * `[oldestDate, newestDate]` is archived without gaps; the first run aims for `backfillFrom`
 * (`initialSyncDays` back) and fills it newest first, so an interrupted backfill resumes below
 * `oldestDate`. Every later run re-fetches the `incrementalSyncDays` window (sleep and HRV are
 * finalised late) plus any days missed since `newestDate`.
 */
import type { TypeCursor } from '../archive/archive.js';
import { addDays, type DateSpan } from './dates.js';

/** What one type needs this run: spans newest first, and whether it is (still) backfilling. */
export interface TypePlan {
  spans: DateSpan[];
  backfilling: boolean;
  backfillFrom: string;
}

/**
 * The spans a run without `--days`/`--since` pulls for a type with `cursor` (undefined: never
 * pulled), newest first: the incremental window (widened down to the day after `newestDate`),
 * then what is left of the backfill.
 */
export function planType(cursor: TypeCursor | undefined, settings: { initialSyncDays: number; incrementalSyncDays: number }, today: string): TypePlan {
  const backfillFrom = cursor?.backfillFrom ?? addDays(today, -(settings.initialSyncDays - 1));
  if (!cursor?.newestDate || !cursor.oldestDate) return { spans: [{ startDate: backfillFrom, endDate: today }], backfilling: true, backfillFrom };
  const windowStart = addDays(today, -(settings.incrementalSyncDays - 1));
  const afterNewest = addDays(cursor.newestDate, 1);
  const top: DateSpan = { startDate: windowStart < afterNewest ? windowStart : afterNewest, endDate: today };
  const spans = top.startDate <= top.endDate ? [top] : [];
  const belowTop = addDays(top.startDate, -1);
  const beforeOldest = addDays(cursor.oldestDate, -1);
  const backfillEnd = beforeOldest < belowTop ? beforeOldest : belowTop;
  const backfilling = backfillEnd >= backfillFrom;
  if (backfilling) spans.push({ startDate: backfillFrom, endDate: backfillEnd });
  return { spans, backfilling, backfillFrom };
}

/**
 * The cursor after `done` was archived: the gap-free range grows when `done` overlaps or touches
 * it (or starts it); a span apart from it leaves the range as it was. `now` is an ISO instant.
 */
export function advanceCursor(cursor: TypeCursor | undefined, done: DateSpan, now: string, backfillFrom?: string): TypeCursor {
  const next: TypeCursor = { ...cursor, lastSyncedAt: now };
  if (backfillFrom && !next.backfillFrom) next.backfillFrom = backfillFrom;
  if (!cursor?.newestDate || !cursor.oldestDate) return { ...next, oldestDate: done.startDate, newestDate: done.endDate };
  const touches = done.startDate <= addDays(cursor.newestDate, 1) && done.endDate >= addDays(cursor.oldestDate, -1);
  if (!touches) return next;
  return {
    ...next,
    oldestDate: done.startDate < cursor.oldestDate ? done.startDate : cursor.oldestDate,
    newestDate: done.endDate > cursor.newestDate ? done.endDate : cursor.newestDate,
  };
}
