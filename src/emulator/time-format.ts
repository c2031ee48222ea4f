/**
 * Date and time helpers in the forms Garmin uses (protocol §3 "Conventions"): unix ms,
 * `"2026-01-08 08:10:21"` (activity list), `"2026-01-08T08:10:21.0"` (detail, wellness).
 * Local times use the account's fixed offset (account.ts TIME_ZONE).
 */
import { TIME_ZONE } from './account.js';

/** Milliseconds per day. */
export const DAY_MS = 86_400_000;
/** The account's UTC offset in ms (negative west of Greenwich). */
export const LOCAL_OFFSET_MS = TIME_ZONE.offsetMinutes * 60_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a real calendar date `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Unix ms of 00:00 UTC of a `YYYY-MM-DD` date (the date used as a day number). */
export function dateToUtcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** `YYYY-MM-DD` of a UTC-midnight day number. */
export function utcMsToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` after `date` (negative for before). */
export function addDays(date: string, days: number): string {
  return utcMsToDate(dateToUtcMs(date) + days * DAY_MS);
}

/** Unix ms (GMT) of local midnight starting the local calendar date. */
export function localMidnightGmtMs(date: string): number {
  return dateToUtcMs(date) - LOCAL_OFFSET_MS;
}

/** The local calendar date of a GMT instant. */
export function localDateOf(gmtMs: number): string {
  return utcMsToDate(gmtMs + LOCAL_OFFSET_MS);
}

/** `"2026-01-08 08:10:21"` of an instant shifted by `offsetMs`. */
export function spaceFormat(ms: number, offsetMs = 0): string {
  return new Date(ms + offsetMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** `"2026-01-08T08:10:21.0"` of an instant shifted by `offsetMs` (tenths of a second, as Garmin). */
export function tenthFormat(ms: number, offsetMs = 0): string {
  const iso = new Date(ms + offsetMs).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 21)}`;
}

/** `"2023-09-29 01:58:19.113 GMT"`, the upload `creationDate` form (protocol §3.5). */
export function uploadCreationFormat(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')} GMT`;
}

/** Seconds between the FIT epoch (1989-12-31T00:00:00Z) and the Unix epoch (protocol §7.8). */
export const FIT_EPOCH_OFFSET_SECONDS = 631_065_600;
