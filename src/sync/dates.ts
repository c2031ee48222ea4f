/**
 * Calendar-date helpers for `YYYY-MM-DD` strings (Garmin's date form, protocol §3 conventions).
 * Dates are calendar days, not instants: arithmetic is done in UTC so no time zone shifts them.
 */
import { addDays, isCalendarDate } from '../calendar-date.js';
import { UsageError } from '../errors.js';

export { addDays, isCalendarDate };

/**
 * Checks a date given on the command line.
 * @throws UsageError naming the flag when it is not `YYYY-MM-DD`.
 */
export function parseCalendarDate(value: string, flag: string): string {
  if (!isCalendarDate(value)) throw new UsageError(`${flag} takes a date written YYYY-MM-DD, not "${value}"`);
  return value;
}

/** Today's date on this machine's clock and time zone. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * The calendar date the CLI treats as "today": `GARMIN_SYNC_TODAY` (YYYY-MM-DD) when set, else
 * this machine's local date. The variable is a testing aid (tests and the demo give the CLI and
 * the emulator the same fixed day, so nothing depends on the real date); it moves only the date
 * ranges, never token expiry or the times recorded in history.
 * @throws UsageError when GARMIN_SYNC_TODAY is set but not a real YYYY-MM-DD date.
 */
export function today(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const fixed = env.GARMIN_SYNC_TODAY;
  if (fixed === undefined || fixed === '') return localToday(now);
  return parseCalendarDate(fixed, 'GARMIN_SYNC_TODAY');
}

/** Every date from `start` to `end` inclusive, oldest first; empty when start > end. */
export function dateRange(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) out.push(d);
  return out;
}

/** An inclusive range of calendar dates, `YYYY-MM-DD`. */
export interface DateSpan {
  startDate: string;
  endDate: string;
}

/** Days in a span (inclusive); 0 when start > end. */
export function spanDays(span: DateSpan): number {
  return Math.max(0, Math.round((Date.parse(`${span.endDate}T00:00:00Z`) - Date.parse(`${span.startDate}T00:00:00Z`)) / 86_400_000) + 1);
}

/** `span` cut into pieces of at most `days` days, newest first (the last piece may be shorter). */
export function chunksNewestFirst(span: DateSpan, days: number): DateSpan[] {
  const out: DateSpan[] = [];
  for (let end = span.endDate; end >= span.startDate; end = addDays(end, -days)) {
    const start = addDays(end, -(days - 1));
    out.push({ startDate: start < span.startDate ? span.startDate : start, endDate: end });
  }
  return out;
}
