/**
 * How the archive heals from files broken outside garmin-sync (a hand edit, a sync tool, a disk):
 * a file that is not valid JSON, or not the shape its schema says, is moved aside as
 * `<name>.corrupt-<time>` (never deleted), and what depended on it is derived again from the
 * files present: state.json's cursors from the days and activities on disk, and a cursor that
 * covered a broken day no longer does, so the next pull fetches that day again (issue 13).
 * Cursor semantics: archive/records.ts TypeCursor and sync/cursors.ts.
 */
import { readFile, rename } from 'node:fs/promises';
import * as v from 'valibot';
import { addDays } from '../calendar-date.js';
import { ExitCode, GarminSyncError } from '../errors.js';
import type { TypeCursor } from './records.js';

/** What reading one archive file found. */
export type FileRead<T> = { kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'corrupt'; reason: string };

/**
 * Reads a JSON file through `schema` (without one: any JSON): its value, `missing` (no such
 * file), or `corrupt` with the reason (not valid JSON, or not the schema's shape).
 * @throws GarminSyncError (exit 1) when the file exists but cannot be read (permissions, I/O).
 */
export async function readArchiveFile<T = unknown>(file: string, schema?: v.GenericSchema<unknown, T>): Promise<FileRead<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new GarminSyncError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, ExitCode.unexpected, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { kind: 'corrupt', reason: `not valid JSON: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!schema) return { kind: 'ok', value: value as T };
  const parsed = v.safeParse(schema, value);
  return parsed.success ? { kind: 'ok', value: parsed.output } : { kind: 'corrupt', reason: `not a garmin-sync archive file: ${firstIssue(parsed.issues)}` };
}

/** The first invalid field of a record and what is wrong with it: `<dot path>: <message>`, or the message alone at the top. */
export function firstIssue(issues: readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  const path = v.getDotPath(issues[0]);
  return `${path ? `${path}: ` : ''}${issues[0].message}`;
}

/**
 * Renames `file` to `<file>.corrupt-<UTC time to the millisecond>` and returns the new path.
 * @throws GarminSyncError (exit 1) when the rename fails.
 */
export async function moveAside(file: string, now = new Date()): Promise<string> {
  const aside = `${file}.corrupt-${now.toISOString().replace(/[-:.]/g, '')}`;
  try {
    await rename(file, aside);
  } catch (err) {
    throw new GarminSyncError(`cannot move the broken ${file} aside: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, ExitCode.unexpected, { cause: err });
  }
  return aside;
}

/**
 * The cursor that the days on disk prove (wellness and metrics: one file per pulled day): the
 * unbroken run of days that ends at the newest one. Undefined when there are none. `dates` are
 * `YYYY-MM-DD`, in any order; `now` an ISO instant for `lastSyncedAt`.
 */
export function cursorFromDays(dates: readonly string[], now: string): TypeCursor | undefined {
  if (dates.length === 0) return undefined;
  const days = new Set(dates);
  const newestDate = [...days].sort().at(-1)!;
  let oldestDate = newestDate;
  while (days.has(addDays(oldestDate, -1))) oldestDate = addDays(oldestDate, -1);
  return { lastSyncedAt: now, oldestDate, newestDate };
}

/**
 * The cursor the activities on disk prove: from the oldest activity's day to the newest's (a
 * search of that range found them all). Undefined when there are none.
 */
export function cursorFromActivityDays(dates: readonly string[], now: string): TypeCursor | undefined {
  if (dates.length === 0) return undefined;
  const sorted = [...dates].sort();
  return { lastSyncedAt: now, oldestDate: sorted[0], newestDate: sorted[sorted.length - 1] };
}

/**
 * `cursor` without the broken days `[from, to]`, so that the next pull fetches them again: the
 * part of its range above or below them, whichever makes the next pull fetch fewer days (above:
 * the pull fetches from `from` to `today`; below: the backfill fetches from `to` down to
 * `backfillFrom`, or the range's oldest day when the cursor has none); with neither part left, a cursor with no range (the pull backfills again).
 * A cursor whose range does not cover the broken days is returned as it is.
 */
export function cursorWithout(cursor: TypeCursor, broken: { from: string; to: string }, today: string): TypeCursor {
  const { oldestDate, newestDate } = cursor;
  if (!oldestDate || !newestDate || broken.to < oldestDate || broken.from > newestDate) return cursor;
  const above = addDays(broken.from, -1) >= oldestDate ? { oldestDate, newestDate: addDays(broken.from, -1) } : null;
  const below = addDays(broken.to, 1) <= newestDate ? { oldestDate: addDays(broken.to, 1), newestDate } : null;
  const { oldestDate: _o, newestDate: _n, ...rest } = cursor;
  const refetchAbove = daysBetween(broken.from, today);
  const refetchBelow = daysBetween(cursor.backfillFrom ?? oldestDate, broken.to);
  const keep = above && below ? (refetchAbove <= refetchBelow ? above : below) : above ?? below;
  return keep ? { ...rest, ...keep } : rest;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
