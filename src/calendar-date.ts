/**
 * The one check of a calendar date written `YYYY-MM-DD` (Garmin's date form, protocol §3
 * conventions), shared by every layer: command-line flags, workout front matter, the sync engine.
 */

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** `date` plus `days` (may be negative); the arithmetic is in UTC, so no time zone shifts it. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
