/**
 * `import`: each path is read, recognised by its content (FIT, GPX, workout text), checked, and
 * then sent — a workout text becomes a Garmin workout (optionally scheduled), an activity file is
 * uploaded and confirmed. A batch goes on past a bad file; every file gets one ImportResult.
 * Nothing is sent for a file that fails its checks, and nothing at all under `dryRun`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AuthError, GarminApiError, GarminSyncError, InputError, RefusedError, UsageError } from '../errors.js';
import type { GarminClient } from '../garmin/client.js';
import type { Archive } from '../archive/archive.js';
import { SCHEMA_VERSION } from '../archive/archive.js';
import type { ActivityFileSummary } from '../formats/types.js';
import { detectFormat, type DetectedFormat } from '../formats/detect.js';
import { inspectFit } from '../formats/fit.js';
import { readGpx } from '../formats/gpx.js';
import { describeWorkout, encodeGarminWorkout, parseWorkoutText, type WorkoutLint } from '../formats/workout/index.js';
import { findArchivedDuplicate } from './dedup.js';
import { uploadActivityFile, type ActivityFields } from './upload.js';

/** What happened to one file. */
export interface ImportResult {
  /** The path as the user gave it. */
  file: string;
  kind: 'workout' | 'activity' | 'unknown';
  /**
   * created/uploaded: sent; duplicate: Garmin already had it; skipped: the archive already has it
   * (dedup); queued: a transient failure, the file waits in the outbox; invalid: refused before
   * sending (exit 2); failed: Garmin refused it; dry-run: checked only.
   */
  status: 'created' | 'uploaded' | 'duplicate' | 'skipped' | 'queued' | 'invalid' | 'failed' | 'dry-run';
  /** One line for the user. */
  message: string;
  activityId?: number;
  workoutId?: number;
  workoutScheduleId?: number;
  /** Activity files: what the file holds. */
  summary?: ActivityFileSummary;
  /** Workout texts: the readable tree (dry-run) and the exact JSON sent or to be sent. */
  tree?: string;
  workoutJson?: unknown;
  lints?: WorkoutLint[];
}

/** Options of `import` (design.md, "Command line"). */
export interface ImportOptions {
  dryRun: boolean;
  /** Send even when the archive already holds a matching activity. */
  force: boolean;
  /** Workout lints become errors (the file is refused, exit 2). */
  strict: boolean;
  /** Overrides content detection. */
  format?: DetectedFormat;
  /** Schedules created workouts on this date (YYYY-MM-DD). */
  schedule?: string;
  fields: ActivityFields;
  /** Called after each file, for progress lines. */
  onResult?: (result: ImportResult) => void;
}

/** Dependencies; the client is opened lazily so a dry run needs no sign-in. */
export interface ImportDeps {
  archive: Archive;
  client: () => Promise<GarminClient>;
}

/**
 * Imports every path in order.
 * @throws AuthError / RefusedError when Garmin refuses the session itself: the batch stops, since
 * every later file would fail the same way (what was not sent is reported by the caller).
 */
export async function importFiles(paths: readonly string[], options: ImportOptions, deps: ImportDeps): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const path of paths) {
    const result = await importOne(path, options, deps);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

async function importOne(path: string, options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  const fileName = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`;
    return { file: path, kind: 'unknown', status: 'invalid', message: `${path}: ${reason}` };
  }
  try {
    const detected = options.format ? { format: options.format, bytes } : detectFormat(bytes, path);
    switch (detected.format) {
      case 'text':
        return await importWorkoutText(path, Buffer.from(detected.bytes).toString('utf8'), options, deps);
      case 'fit': {
        const inspected = inspectFit(detected.bytes, path);
        if (inspected.kind === 'workout') {
          throw new InputError(path, 'a FIT workout file: importing FIT workouts is not supported yet (write the workout as text)');
        }
        return await importActivity(path, fileName, detected.bytes, inspected.summary, options, deps);
      }
      case 'gpx':
        return await importActivity(path, fileName, detected.bytes, readGpx(detected.bytes, path), options, deps);
      case 'tcx':
        throw new InputError(path, 'TCX files are not supported yet: export the activity as FIT or GPX');
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) {
      return { file: path, kind: 'unknown', status: 'invalid', message: err.message };
    }
    throw err;
  }
}

async function importWorkoutText(path: string, text: string, options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
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

async function importActivity(
  path: string,
  fileName: string,
  bytes: Uint8Array,
  summary: ActivityFileSummary,
  options: ImportOptions,
  deps: ImportDeps,
): Promise<ImportResult> {
  const base = { file: path, kind: 'activity' as const, summary };
  if (!options.force) {
    const match = findArchivedDuplicate(summary, await deps.archive.listActivities());
    if (match) {
      return {
        ...base,
        status: 'skipped',
        activityId: match.activityId,
        message: `${path}: already in the archive as activity ${match.activityId} ("${match.activityName ?? ''}"); --force sends it anyway`,
      };
    }
  }
  if (options.dryRun) {
    return { ...base, status: 'dry-run', message: `${path}: ${summary.sport} activity would be uploaded` };
  }
  const client = await deps.client();
  try {
    const sent = await uploadActivityFile(client, deps.archive, { fileName, bytes }, options.fields);
    const message =
      sent.status === 'duplicate'
        ? `${path}: already on Garmin as activity ${sent.activityId}`
        : `${path}: uploaded as activity ${sent.activityId}`;
    return { ...base, status: sent.status, activityId: sent.activityId, message };
  } catch (err) {
    if (isTransient(err)) {
      const item = await deps.archive.addToOutbox({
        fileName,
        sourcePath: path,
        bytes,
        format: summary.format,
        reason: (err as Error).message,
        options: { ...options.fields },
      });
      return { ...base, status: 'queued', message: `${path}: could not be sent (${(err as Error).message}); queued in the outbox as ${item.id}, \`garmin-sync sync\` sends it` };
    }
    return failedSend(base, path, err);
  }
}

/** Network errors, 5xx and 429 on a data call: worth sending again later. */
function isTransient(err: unknown): boolean {
  return (err instanceof GarminApiError && err.transient) || (err instanceof RefusedError && err.status === 429);
}

function failedSend<T extends { file: string }>(base: T, path: string, err: unknown): T & { status: 'failed'; message: string } {
  // A session that Garmin refuses stops the whole batch; a refusal of this one file does not.
  if (err instanceof AuthError || (err instanceof RefusedError && err.status !== 429)) throw err;
  if (err instanceof GarminSyncError) return { ...base, status: 'failed', message: `${path}: ${err.message}` };
  throw err;
}
