/**
 * The result types shared by the importers (`import-workout.ts`, `import-activity.ts`) and the
 * `import` command, and the rule for a send that Garmin refused.
 */
import { AuthError, GarminSyncError, NetworkError, RefusedError } from '../errors.js';
import type { Archive } from '../archive/archive.js';
import type { DetectedFormat } from '../formats/detect.js';
import type { ActivityFileSummary } from '../formats/types.js';
import type { WorkoutLint } from '../formats/workout/index.js';
import type { WorkoutOutcome } from './workouts-send.js';
import type { GarminClient } from '../garmin/client.js';
import type { ActivityFields } from './upload.js';

/** What happened to one file. */
export interface ImportResult {
  /** The path as the user gave it. */
  file: string;
  kind: 'workout' | 'activity' | 'unknown';
  /**
   * created/uploaded: sent; updated: workouts already on Garmin changed in place (or scheduled);
   * unchanged: workouts already on Garmin as they are, nothing sent; duplicate: Garmin already had
   * the activity; skipped: the archive already has it (dedup); queued: a transient failure, the file
   * waits in the outbox; invalid: refused before sending (exit 2); failed: Garmin refused it;
   * dry-run: checked only.
   */
  status: 'created' | 'updated' | 'unchanged' | 'uploaded' | 'duplicate' | 'skipped' | 'queued' | 'invalid' | 'failed' | 'dry-run';
  /** One line for the user. */
  message: string;
  /** failed/queued because Garmin could not be reached (NetworkError): a batch of only these exits 7. */
  unreachable?: true;
  activityId?: number;
  workoutId?: number;
  workoutScheduleId?: number;
  /** Activity files: what the file holds. */
  summary?: ActivityFileSummary;
  /** Which recording of its file this is (1, 2, …), when the file holds several (a chained FIT file). */
  recording?: number;
  /** Workout texts: the readable tree (dry-run) and the exact JSON sent or to be sent. */
  tree?: string;
  workoutJson?: unknown;
  lints?: WorkoutLint[];
  /** Workout files: what happened to each workout of the file (workouts-send.ts). */
  workouts?: Array<Omit<WorkoutOutcome, 'sent'>>;
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
  /** Date (YYYY-MM-DD) of `day: 1` in a plan written with relative days. */
  start?: string;
  /** Unschedule what this tool had scheduled on the dates being scheduled, first. */
  replace?: boolean;
  /** Split ramps into sub-steps of this many seconds (`--expand-ramps`). */
  expandRampsSeconds?: number;
  fields: ActivityFields;
  /** Called before each file is read (with its label), for a progress line. */
  onStart?: (file: string) => void;
  /** Called after each file, for progress lines. */
  onResult?: (result: ImportResult) => void;
}

/** Dependencies; the client is opened lazily so a dry run needs no sign-in. */
export interface ImportDeps {
  archive: Archive;
  client: () => Promise<GarminClient>;
  /** The bytes of standard input, for the path `-` (see readStreamLimited). */
  readStdin: () => Promise<Uint8Array>;
}

/**
 * A send that failed for good becomes a `failed` result; a session that Garmin refuses (AuthError,
 * RefusedError other than 429) stops the whole batch instead and is rethrown.
 */
export function failedSend<T extends { file: string }>(base: T, path: string, err: unknown): T & { status: 'failed'; message: string } {
  // A session that Garmin refuses stops the whole batch; a refusal of this one file does not.
  if (err instanceof AuthError || (err instanceof RefusedError && err.status !== 429)) throw err;
  if (err instanceof GarminSyncError) return { ...base, status: 'failed', message: `${path}: ${err.message}`, ...unreachable(err) };
  throw err;
}

/** `{unreachable: true}` for a NetworkError, else nothing (spread into a result). */
export function unreachable(err: unknown): { unreachable?: true } {
  return err instanceof NetworkError ? { unreachable: true } : {};
}
