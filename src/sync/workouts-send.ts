/**
 * Sends workouts to Garmin without ever duplicating them (issue 4, "Idempotent" and "Verified"):
 * each workout carries a provenance marker (`[garmin-sync <12 hex>]`) as the last line of its
 * description and is recorded in `workouts/<workoutId>.json`.
 * - Known (by its marker, in the archive or else in Garmin's workout list) and unchanged: only GETs
 *   (the workout, the calendar); nothing is written to Garmin.
 * - Known and edited: one PUT of the full workout (its id, and so its calendar entries, stay).
 * - New: one POST.
 * After a POST or PUT the workout is read back and compared with what was sent; differences are
 * reported. Scheduling looks at Garmin's calendar first, so a workout is on a date at most once;
 * `replace` first unschedules what this tool scheduled on those dates for other workouts.
 * Protocol: garmin-protocol.md §3.6; workout-text.md §4.1.
 */
import { createHash } from 'node:crypto';
import type { Archive, WorkoutRecord } from '../archive/archive.js';
import { SCHEMA_VERSION } from '../archive/archive.js';
import { GarminApiError } from '../errors.js';
import type { GarminWorkoutJson } from '../formats/workout/index.js';
import type { GarminClient } from '../garmin/client.js';
import type { GarminWorkout, StoredWorkout } from '../garmin/api/workouts.js';
import { workoutDifferences } from './workout-verify.js';

/** Garmin's notes field holds about 512 characters (workout-text.md §4.4). */
const MAX_DESCRIPTION_LENGTH = 512;
/** Most workouts read from Garmin's list when looking for a marker. */
const LIST_PAGE = 100;
const LIST_MAX = 1000;
const MARKER = /\[garmin-sync ([0-9a-f]{12})\]\s*$/;

/** One workout to send. */
export interface WorkoutToSend {
  /** The workout JSON as encoded (description without the marker). */
  json: GarminWorkoutJson;
  /** Provenance marker, see {@link provenanceOf}. */
  provenance: string;
  /** The file it came from, as the user named it. */
  sourceFile: string;
  /** sha256 (hex) of the file's bytes. */
  sourceHash: string;
  /** Calendar date (YYYY-MM-DD) to put it on, or null. */
  date: string | null;
}

/** What happened to one workout. */
export interface WorkoutOutcome {
  workoutName: string;
  workoutId: number;
  action: 'created' | 'updated' | 'unchanged';
  /** The date it is on, or null when no date was asked for. */
  date: string | null;
  /** `scheduled`: a calendar entry was added; `already`: it was on that date already. */
  schedule: 'scheduled' | 'already' | null;
  /** Calendar entries of other workouts removed from these dates by `replace`. */
  unscheduled: Array<{ date: string; workoutId: number }>;
  /** Differences between what was sent and what Garmin stored (empty: none). */
  differences: string[];
  /** The JSON sent (or that would have been sent), marker included. */
  sent: GarminWorkoutJson;
}

/**
 * The provenance marker of a workout: 12 hex digits of sha256 of the source's absolute path (or
 * label), the workout's name, and which occurrence of that name in the file it is (from 1).
 */
export function provenanceOf(source: string, workoutName: string, occurrence: number): string {
  return createHash('sha256').update(`${source}\n${workoutName}\n${occurrence}`).digest('hex').slice(0, 12);
}

/** `json` with the marker as the last line of its description (the description shortened to fit 512 characters). */
export function withMarker(json: GarminWorkoutJson, provenance: string): GarminWorkoutJson {
  const marker = `[garmin-sync ${provenance}]`;
  const room = MAX_DESCRIPTION_LENGTH - marker.length - 1;
  const text = json.description.length > room ? `${json.description.slice(0, room - 1)}…` : json.description;
  return { ...json, description: text ? `${text}\n${marker}` : marker };
}

/** True when `description` ends with a garmin-sync provenance marker (the workout was sent by this tool). */
export function hasMarker(description: string | null | undefined): boolean {
  return MARKER.test(description ?? '');
}

/** A description without the provenance marker line. */
export function withoutMarker(description: string): string {
  return description.replace(MARKER, '').trimEnd();
}

/**
 * Sends `items` in order (see the module comment). Throws what the client throws (GarminApiError,
 * AuthError, RefusedError); what was done before the error is recorded.
 */
export async function sendWorkouts(items: readonly WorkoutToSend[], opts: { replace: boolean }, client: GarminClient, archive: Archive): Promise<WorkoutOutcome[]> {
  const records = await archive.listWorkouts();
  let listed: Map<string, number> | null = null;
  const findOnGarmin = async (provenance: string): Promise<number | null> => {
    listed ??= await markersOnGarmin(client);
    return listed.get(provenance) ?? null;
  };

  const outcomes: Array<WorkoutOutcome & { record: WorkoutRecord }> = [];
  for (const item of items) {
    const sent = withMarker(item.json, item.provenance);
    const known = records.find((r) => r.provenance === item.provenance);
    const id = known?.workoutId ?? (await findOnGarmin(item.provenance));
    const stored = id === null ? null : await storedOrNull(client, id);
    if (known && !stored) await archive.deleteWorkout(known.workoutId);
    let action: WorkoutOutcome['action'];
    let raw: StoredWorkout;
    let differences: string[];
    if (!stored) {
      raw = await client.createWorkout(sent as GarminWorkout);
      action = 'created';
      raw = await client.workout(raw.workoutId);
      differences = workoutDifferences(sent, raw);
    } else if (known && stored ? sameJson(known.sent, sent) : workoutDifferences(sent, stored).length === 0) {
      action = 'unchanged';
      raw = stored;
      differences = known?.differences ?? [];
    } else {
      await client.updateWorkout(stored.workoutId, sent as GarminWorkout);
      action = 'updated';
      raw = await client.workout(stored.workoutId);
      differences = workoutDifferences(sent, raw);
    }
    const now = new Date().toISOString();
    const previous = stored && known ? known : null;
    const record: WorkoutRecord = {
      schemaVersion: SCHEMA_VERSION,
      workoutId: raw.workoutId,
      workoutName: sent.workoutName,
      sport: sent.sportType.sportTypeKey,
      sourceFile: item.sourceFile,
      sourceHash: item.sourceHash,
      createdAt: previous?.createdAt ?? now,
      scheduled: previous?.scheduled ?? [],
      sent,
      raw,
      provenance: item.provenance,
      ...(action === 'updated' ? { updatedAt: now } : previous?.updatedAt ? { updatedAt: previous.updatedAt } : {}),
      differences,
    };
    if (action !== 'unchanged' || !previous) await archive.writeWorkout(record);
    const index = records.findIndex((r) => r.provenance === item.provenance);
    if (index >= 0) records.splice(index, 1, record);
    else records.push(record);
    outcomes.push({ workoutName: sent.workoutName, workoutId: raw.workoutId, action, date: item.date, schedule: null, unscheduled: [], differences, sent, record });
  }

  const calendar = new CalendarCache(client);
  if (opts.replace) await unscheduleOthers(outcomes, records, calendar, client, archive);
  for (const outcome of outcomes) {
    if (!outcome.date) continue;
    const entry = (await calendar.items(outcome.date)).find((i) => i.itemType === 'workout' && i.workoutId === outcome.workoutId && i.date === outcome.date);
    const scheduled = outcome.record.scheduled.filter((s) => s.date !== outcome.date);
    if (entry) {
      outcome.schedule = 'already';
      scheduled.push({ date: outcome.date, workoutScheduleId: entry.id });
    } else {
      const { workoutScheduleId } = await client.scheduleWorkout(outcome.workoutId, outcome.date);
      calendar.add(outcome.date, { id: workoutScheduleId, itemType: 'workout', workoutId: outcome.workoutId, date: outcome.date });
      outcome.schedule = 'scheduled';
      scheduled.push({ date: outcome.date, workoutScheduleId });
    }
    if (!sameJson(scheduled, outcome.record.scheduled)) {
      outcome.record.scheduled = scheduled.sort((a, b) => a.date.localeCompare(b.date));
      await archive.writeWorkout(outcome.record);
    }
  }
  return outcomes.map(({ record: _record, ...outcome }) => outcome);
}

/**
 * `replace`: on every date of the batch, removes the calendar entries this tool made (per the
 * records) for workouts other than the one the batch puts there.
 */
async function unscheduleOthers(
  outcomes: Array<WorkoutOutcome & { record: WorkoutRecord }>, records: WorkoutRecord[], calendar: CalendarCache, client: GarminClient, archive: Archive,
): Promise<void> {
  const wanted = new Set(outcomes.filter((o) => o.date).map((o) => `${o.workoutId}@${o.date}`));
  const dates = new Set(outcomes.map((o) => o.date).filter((d): d is string => d !== null));
  for (const record of records) {
    const removed = record.scheduled.filter((s) => dates.has(s.date) && !wanted.has(`${record.workoutId}@${s.date}`));
    if (removed.length === 0) continue;
    for (const entry of removed) {
      await unscheduleIfPresent(client, entry.workoutScheduleId);
      calendar.remove(entry.date, entry.workoutScheduleId);
      for (const o of outcomes) if (o.date === entry.date) o.unscheduled.push({ date: entry.date, workoutId: record.workoutId });
    }
    record.scheduled = record.scheduled.filter((s) => !removed.includes(s));
    await archive.writeWorkout(record);
  }
}

/** DELETE a calendar entry; one that is already gone (404) is fine. */
export async function unscheduleIfPresent(client: GarminClient, workoutScheduleId: number): Promise<void> {
  try {
    await client.unscheduleWorkout(workoutScheduleId);
  } catch (err) {
    if (!(err instanceof GarminApiError && err.status === 404)) throw err;
  }
}

/** The stored workout, or null when Garmin no longer has it (404). */
async function storedOrNull(client: GarminClient, workoutId: number): Promise<StoredWorkout | null> {
  try {
    return await client.workout(workoutId);
  } catch (err) {
    if (err instanceof GarminApiError && err.status === 404) return null;
    throw err;
  }
}

/** Provenance marker → workoutId of the account's workouts (newest first, at most {@link LIST_MAX}). */
async function markersOnGarmin(client: GarminClient): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let start = 0; start < LIST_MAX; start += LIST_PAGE) {
    const page = await client.listWorkouts({ start, limit: LIST_PAGE });
    for (const item of page) {
      const marker = MARKER.exec(item.description ?? '')?.[1];
      if (marker && !found.has(marker)) found.set(marker, item.workoutId);
    }
    if (page.length < LIST_PAGE) break;
  }
  return found;
}

/** Calendar months read once per run (`calendarMonth`), kept in step with what this run adds and removes. */
class CalendarCache {
  readonly #months = new Map<string, Array<{ id: number; itemType: string; workoutId?: number | null; date?: string | null }>>();
  constructor(private readonly client: GarminClient) {}

  async items(date: string) {
    const month = date.slice(0, 7);
    let items = this.#months.get(month);
    if (!items) {
      items = await this.client.calendarMonth(date);
      this.#months.set(month, items);
    }
    return items;
  }

  add(date: string, item: { id: number; itemType: string; workoutId: number; date: string }): void {
    this.#months.get(date.slice(0, 7))?.push(item);
  }

  remove(date: string, id: number): void {
    const items = this.#months.get(date.slice(0, 7));
    if (items) this.#months.set(date.slice(0, 7), items.filter((i) => i.id !== id));
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
