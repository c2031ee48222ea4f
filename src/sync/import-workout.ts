/**
 * Imports one workout text: parse (errors with file:line:column), lint, encode to Garmin's
 * workout JSON, create it, schedule it when asked, and record it in `workouts/<workoutId>.json`.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { GarminClient } from '../garmin/client.js';
import type { Archive } from '../archive/archive.js';
import { SCHEMA_VERSION } from '../archive/archive.js';
import { describeWorkout, encodeGarminWorkout, parseWorkoutText } from '../formats/workout/index.js';
import { failedSend, type ImportDeps, type ImportOptions, type ImportResult } from './import-result.js';

/** Imports the workout text read from `path`; InputError for a text that does not parse. */
export async function importWorkoutText(path: string, text: string, options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  const { workout, lints } = parseWorkoutText(text, path);
  const firstLint = lints[0];
  if (options.strict && firstLint) {
    throw new InputError(path, `${firstLint.message} (--strict)`, { line: firstLint.line, column: firstLint.column });
  }
  const workoutJson = encodeGarminWorkout(workout);
  const tree = describeWorkout(workout);
  const base = { file: path, kind: 'workout' as const, tree, workoutJson, lints };
  if (options.dryRun) {
    const when = options.schedule ? `, to be scheduled on ${options.schedule}` : '';
    return { ...base, status: 'dry-run', message: `${path}: workout "${workoutJson.workoutName}" would be created${when}` };
  }
  const client = await deps.client();
  try {
    const stored = await client.createWorkout(workoutJson as Parameters<GarminClient['createWorkout']>[0]);
    const workoutId = Number(stored.workoutId);
    const scheduled: Array<{ date: string; workoutScheduleId: number }> = [];
    if (options.schedule) {
      const { workoutScheduleId } = await client.scheduleWorkout(workoutId, options.schedule);
      scheduled.push({ date: options.schedule, workoutScheduleId });
    }
    await deps.archive.writeWorkout({
      schemaVersion: SCHEMA_VERSION,
      workoutId,
      workoutName: workoutJson.workoutName,
      sport: workoutJson.sportType.sportTypeKey,
      sourceFile: path,
      sourceHash: createHash('sha256').update(text).digest('hex'),
      createdAt: new Date().toISOString(),
      scheduled,
      sent: workoutJson,
      raw: stored,
    } as Parameters<Archive['writeWorkout']>[0]);
    const when = scheduled.length ? `, scheduled on ${options.schedule}` : '';
    return {
      ...base,
      status: 'created',
      workoutId,
      workoutScheduleId: scheduled[0]?.workoutScheduleId,
      message: `${path}: workout "${workoutJson.workoutName}" created as ${workoutId}${when}`,
    };
  } catch (err) {
    return failedSend(base, path, err);
  }
}

