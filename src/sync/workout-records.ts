/**
 * The `workouts/<workoutId>.json` records of the archive (design.md, "Local archive"), read back:
 * the workouts this tool created, with their provenance marker and calendar entries. Writes go
 * through Archive.writeWorkout; this module lists and deletes.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Archive, WorkoutRecord } from '../archive/archive.js';
import { readJson } from '../archive/atomic.js';

/** Every workout record, oldest workoutId first ([] when there is none). Files that are not records are skipped. */
export async function listWorkoutRecords(archive: Archive): Promise<WorkoutRecord[]> {
  const dir = join(archive.paths.dataDir, 'workouts');
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const records: WorkoutRecord[] = [];
  for (const name of names.filter((n) => /^\d+\.json$/.test(n))) {
    const record = await readJson<WorkoutRecord>(join(dir, name));
    if (record && typeof record.workoutId === 'number' && Array.isArray(record.scheduled)) records.push(record);
  }
  return records.sort((a, b) => a.workoutId - b.workoutId);
}

/** Deletes `workouts/<workoutId>.json` (nothing when it does not exist). */
export async function deleteWorkoutRecord(archive: Archive, workoutId: number): Promise<void> {
  await rm(join(archive.paths.dataDir, 'workouts', `${workoutId}.json`), { force: true });
}
