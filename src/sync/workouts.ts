/**
 * `garmin-sync workouts …`: list the workouts this tool created (from the archive's records),
 * delete one (by id or name) from Garmin and the archive, remove this tool's calendar entries on a
 * date, and export a workout (by id, or a workout text) as a FIT workout file for devices loaded
 * over USB. Protocol: garmin-protocol.md §3.6; FIT: fit-workout.ts.
 */
import { readFile } from 'node:fs/promises';
import type { Archive } from '../archive/archive.js';
import { writeFileAtomic } from '../archive/atomic.js';
import { readConfig } from '../archive/config.js';
import { GarminApiError, InputError, UsageError } from '../errors.js';
import { detectFormat } from '../formats/detect.js';
import { inspectFit } from '../formats/fit.js';
import { decodeFitWorkout, encodeFitWorkout } from '../formats/fit-workout.js';
import { encodeGarminWorkout, parseWorkoutPlan, type GarminWorkoutJson } from '../formats/workout/index.js';
import type { GarminClient } from '../garmin/client.js';
import type { StoredWorkout } from '../garmin/api/workouts.js';
import { missingThresholds, thresholdsFromConfig, thresholdsFromGarmin } from './workout-thresholds.js';
import { hasMarker, unscheduleIfPresent, withoutMarker } from './workouts-send.js';

/**
 * The workout ids `ref` names: a number is an id; anything else is matched (case-insensitive)
 * against the names of the recorded workouts. Throws UsageError when a name matches none or
 * several (naming their ids).
 */
export async function resolveWorkoutRef(ref: string, archive: Archive): Promise<number> {
  if (/^\d+$/.test(ref)) return Number(ref);
  const matches = (await archive.listWorkouts()).filter((r) => r.workoutName.toLowerCase() === ref.toLowerCase());
  if (matches.length === 0) throw new UsageError(`no workout created by garmin-sync is named "${ref}" (see \`garmin-sync workouts list\`)`);
  if (matches.length > 1) throw new UsageError(`${matches.length} workouts are named "${ref}" (ids ${matches.map((m) => m.workoutId).join(', ')}): give the id`);
  return matches[0].workoutId;
}

/** What `deleteCreatedWorkout` did: deleted on Garmin, or only the record (Garmin no longer had it). */
export interface DeletedWorkout {
  workoutId: number;
  workoutName: string | null;
  /** False when Garmin no longer had the workout and only its record was removed. */
  deletedOnGarmin: boolean;
}

/**
 * Deletes workout `workoutId` on Garmin (its calendar entries go with it) and its record, when
 * garmin-sync created it: it has a record in the archive, or its description carries the
 * provenance marker; `any` deletes any workout of the account.
 * @throws UsageError (exit 2) for an id Garmin does not have and garmin-sync has no record of, and
 *   for a workout garmin-sync did not create (without `any`), naming it; nothing is deleted then.
 */
export async function deleteCreatedWorkout(workoutId: number, client: GarminClient, archive: Archive, opts: { any?: boolean } = {}): Promise<DeletedWorkout> {
  const record = (await archive.listWorkouts()).find((r) => r.workoutId === workoutId);
  let stored: StoredWorkout | null = null;
  try {
    stored = await client.workout(workoutId);
  } catch (err) {
    if (!(err instanceof GarminApiError && err.status === 404)) throw err;
  }
  if (!stored) {
    if (!record) throw new UsageError(`there is no workout ${workoutId} on Garmin Connect (see \`garmin-sync workouts list\`)`);
    await archive.deleteWorkout(workoutId);
    return { workoutId, workoutName: record.workoutName, deletedOnGarmin: false };
  }
  const name = typeof stored.workoutName === 'string' ? stored.workoutName : null;
  if (!record && !hasMarker(stored.description) && !opts.any) {
    throw new UsageError(`workout ${workoutId}${name ? ` ("${name}")` : ''} was not created by garmin-sync; nothing was deleted (pass --any to delete it anyway)`);
  }
  try {
    await client.deleteWorkout(workoutId);
  } catch (err) {
    // Gone between the read and the delete: the outcome the user asked for.
    if (!(err instanceof GarminApiError && err.status === 404)) throw err;
  }
  await archive.deleteWorkout(workoutId);
  return { workoutId, workoutName: name ?? record?.workoutName ?? null, deletedOnGarmin: true };
}

/**
 * Removes the calendar entries on `date` (YYYY-MM-DD) of workouts this tool created — the ones
 * Garmin's calendar shows for recorded workouts — and updates their records. Returns what was removed.
 */
export async function unscheduleDate(date: string, client: GarminClient, archive: Archive): Promise<Array<{ workoutId: number; workoutName: string }>> {
  const records = await archive.listWorkouts();
  const byId = new Map(records.map((r) => [r.workoutId, r]));
  const removed: Array<{ workoutId: number; workoutName: string }> = [];
  for (const item of await client.calendarMonth(date)) {
    const record = item.workoutId != null ? byId.get(item.workoutId) : undefined;
    if (item.itemType !== 'workout' || item.date !== date || !record) continue;
    await unscheduleIfPresent(client, item.id);
    removed.push({ workoutId: record.workoutId, workoutName: record.workoutName });
  }
  for (const record of records) {
    const kept = record.scheduled.filter((s) => s.date !== date);
    if (kept.length !== record.scheduled.length) await archive.writeWorkout({ ...record, scheduled: kept });
  }
  return removed;
}

/**
 * The workout JSON to export for `ref`: a file — a FIT workout (recognised by its content, not its
 * name) or a workout text (one workout; % targets resolved from the front matter, config, then —
 * when `client` can be opened — the Garmin profile) — or a workout id / recorded name read from
 * Garmin (its provenance marker removed).
 * Throws InputError for a file that does not parse (or a FIT file that is not a workout),
 * UsageError for a plan of several workouts and for an id Garmin does not have.
 */
export async function workoutToExport(ref: string, archive: Archive, client: () => Promise<GarminClient>): Promise<GarminWorkoutJson> {
  const bytes = await readFile(ref).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'EISDIR') return null;
    throw new InputError(ref, `cannot read: ${err.message}`);
  });
  const detected = bytes === null ? null : detectFormat(bytes, ref);
  if (detected?.format === 'fit') {
    const fit = inspectFit(detected.bytes, ref);
    if (fit.kind !== 'workout') throw new InputError(ref, 'a FIT activity, not a workout: `workouts export` writes workouts');
    return decodeFitWorkout(fit.messages, ref);
  }
  const text = bytes === null ? null : new TextDecoder().decode(bytes);
  if (text !== null) {
    const entries = parseWorkoutPlan(text, ref);
    if (entries.length !== 1) throw new UsageError(`${ref} holds ${entries.length} workouts; a FIT workout file holds one`);
    const doc = entries[0].workout;
    const missing = missingThresholds(doc);
    let thresholds = missing.size ? thresholdsFromConfig(await readConfig(archive.paths)) : {};
    const stillMissing = new Set([...missing].filter((k) => thresholds[k] === undefined));
    if (stillMissing.size) thresholds = { ...(await thresholdsFromGarmin(await client(), stillMissing)), ...thresholds };
    return encodeGarminWorkout(doc, { thresholds });
  }
  const workoutId = await resolveWorkoutRef(ref, archive);
  const stored = await (await client()).workout(workoutId).catch((err: unknown) => {
    if (err instanceof GarminApiError && err.status === 404) {
      throw new UsageError(`"${ref}" is neither a file nor a workout on Garmin Connect (no workout ${workoutId}; see \`garmin-sync workouts list\`)`);
    }
    throw err;
  });
  return { ...(stored as unknown as GarminWorkoutJson), description: withoutMarker(stored.description ?? '') };
}

/** Writes `workout` as a FIT workout file at `outPath` (atomically). Throws InputError for steps FIT cannot hold. */
export async function writeFitWorkout(workout: GarminWorkoutJson, outPath: string): Promise<void> {
  await writeFileAtomic(outPath, encodeFitWorkout(workout, outPath), { mode: 'inherit' }); // the user's file, not the archive's
}
