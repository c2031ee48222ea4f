/**
 * The shapes of the archive's files (design.md, "Local archive") and the valibot schemas every read
 * parses them with. Each file carries `schemaVersion`, the normalized fields users read (null where
 * Garmin has no data) and Garmin's raw answers under `raw`.
 */
import * as v from 'valibot';

/** Version of every archive file's shape. */
export const SCHEMA_VERSION = 1 as const;

/** `activities/<YYYY>/<activityId>.json`: one activity (protocol §3.3). */
export interface ActivityRecord {
  schemaVersion: typeof SCHEMA_VERSION;
  activityId: number;
  activityName: string | null;
  /** Garmin's `activityType.typeKey`, e.g. `running`. */
  activityType: string;
  /** ISO instant, e.g. `2026-01-08T13:10:21Z`. */
  startTimeGMT: string | null;
  /** Wall-clock time where the activity happened, no zone, e.g. `2026-01-08T14:10:21`; gives the year directory. */
  startTimeLocal: string | null;
  distanceMeters: number | null;
  durationSeconds: number | null;
  /** Beats per minute. */
  averageHR: number | null;
  /** Beats per minute. */
  maxHR: number | null;
  /** Garmin's answers: list item (null when unknown), detail, splits (null when unknown). */
  raw: { summary: unknown; detail: unknown; splits: unknown };
}

/**
 * `wellness/<YYYY>/<YYYY-MM-DD>.json`: one day's sleep (window and stages), HRV summary, heart
 * rate and daily summary (stress, body battery) — protocol §3.7. Null where Garmin has no data.
 */
export interface WellnessDayRecord {
  schemaVersion: typeof SCHEMA_VERSION;
  /** `YYYY-MM-DD`. */
  calendarDate: string;
  sleepSeconds: number | null;
  /** ISO instants of the night's sleep window. */
  sleepStartGMT: string | null;
  sleepEndGMT: string | null;
  /** Sleep stages, seconds. */
  deepSleepSeconds: number | null;
  lightSleepSeconds: number | null;
  remSleepSeconds: number | null;
  awakeSleepSeconds: number | null;
  /** Garmin's overall sleep score, 0–100. */
  sleepScore: number | null;
  /** Last night's average HRV (rMSSD), milliseconds. */
  hrvLastNightAvgMs: number | null;
  /** Seven-night average HRV, milliseconds. */
  hrvWeeklyAvgMs: number | null;
  /** Garmin's HRV status, e.g. `BALANCED`. */
  hrvStatus: string | null;
  /** Beats per minute. */
  restingHeartRate: number | null;
  /** Mean heart rate inside the sleep window, beats per minute. */
  overnightAvgHeartRate: number | null;
  totalSteps: number | null;
  /** Stress level, 0–100. */
  averageStressLevel: number | null;
  maxStressLevel: number | null;
  /** Body battery, 0–100. */
  bodyBatteryHighestValue: number | null;
  bodyBatteryLowestValue: number | null;
  bodyBatteryAtWakeTime: number | null;
  /** Garmin's answers: sleep, the night's HRV summary, daily heart rate, daily summary (null when Garmin has none). */
  raw: { sleep: unknown; hrv: unknown; heartRate: unknown; summary?: unknown };
}

/**
 * `metrics/<YYYY>/<YYYY-MM-DD>.json`: one day's fitness metrics (protocol §3.7, design.md):
 * VO2max from maxmet (precise values, ml/kg/min), training status and training readiness.
 */
export interface MetricsDayRecord {
  schemaVersion: typeof SCHEMA_VERSION;
  /** `YYYY-MM-DD`. */
  calendarDate: string;
  vo2MaxRunning: number | null;
  vo2MaxCycling: number | null;
  /** Garmin's phrase key of the primary device, e.g. `PRODUCTIVE_6`. */
  trainingStatus: string | null;
  /** The day's latest training readiness score, 0–100, and its level (`HIGH`, `MODERATE`, `LOW`…). */
  trainingReadinessScore: number | null;
  trainingReadinessLevel: string | null;
  /** Garmin's answers for the day: the maxmet entry, the training-status entries (one per device), the readiness entries. */
  raw: { maxMet: unknown; trainingStatus: unknown; trainingReadiness: unknown };
}

/** `workouts/<workoutId>.json`: a workout this tool created, with its provenance. */
export interface WorkoutRecord {
  schemaVersion: typeof SCHEMA_VERSION;
  workoutId: number;
  workoutName: string;
  /** Garmin's sport type key, e.g. `running`. */
  sport: string;
  /** Path of the workout text it came from. */
  sourceFile: string;
  /** sha256 (hex) of the workout text. */
  sourceHash: string;
  /** ISO instant. */
  createdAt: string;
  /** Calendar entries made for it: `YYYY-MM-DD` and Garmin's schedule id. */
  scheduled: Array<{ date: string; workoutScheduleId: number }>;
  /** The workout JSON sent to Garmin. */
  sent: unknown;
  /** Garmin's answer. */
  raw: unknown;
  /** Provenance marker (12 hex digits) also written into the workout's description; absent in older records. */
  provenance?: string;
  /** ISO instant of the last update (PUT), or absent. */
  updatedAt?: string;
  /** Differences between what was sent and what Garmin stored on the last create/update (empty: none). */
  differences?: string[];
}

/** The signed-in account as last validated against Garmin (`socialProfile`, protocol §3.1). */
export interface AccountState {
  displayName: string;
  fullName: string | null;
  profileId: number | null;
  /** False once Garmin refused the tokens and refresh failed. */
  isValid: boolean;
  /** ISO instant of the last check, or null. */
  lastValidatedAt: string | null;
  /** Why the tokens were refused, or null. */
  validationError: string | null;
  /** How the last login got its tokens: a credential path (`mobile`, `widget`, `portal`), `ticket`, `browser` or `import`. */
  signInPath?: string;
  /** ISO instant of that login. */
  signedInAt?: string;
}

/**
 * Progress of one data type: `[oldestDate, newestDate]` is archived without gaps (`YYYY-MM-DD`),
 * `backfillFrom` the oldest date the first-run backfill aims for (it is done once `oldestDate`
 * reaches it); `lastSyncedAt` the ISO instant of the last progress.
 */
export interface TypeCursor {
  lastSyncedAt: string;
  newestDate?: string;
  oldestDate?: string;
  backfillFrom?: string;
}

/** `state.json`: account and per-type cursors of incremental pulls. */
export interface ArchiveState {
  schemaVersion: typeof SCHEMA_VERSION;
  account: AccountState | null;
  /** Per data type (`activities`, `wellness`, `metrics`): see {@link TypeCursor}. */
  cursors: Record<string, TypeCursor>;
  /** ISO instant of the last completed sync, or null. */
  lastSync: string | null;
}

/** Per data type: how many items were new and how many updated. */
export type RunCounts = Record<string, { new: number; updated: number }>;

/** One entry of `history.json`: a sync run. */
export interface HistoryEntry {
  id: string;
  type: 'manual' | 'scheduled' | 'initial';
  status: 'running' | 'completed' | 'partial' | 'failed';
  /** ISO instants. */
  startedAt: string;
  completedAt: string | null;
  durationSeconds: number | null;
  counts: RunCounts;
  error: string | null;
  errorDetails: string[] | null;
  /** Process that ran it (a `running` entry whose process is gone was interrupted). */
  pid: number;
}

/** `outbox/<id>/meta.json`: an import waiting to be sent; the file's bytes sit beside it. */
export interface OutboxMeta {
  id: string;
  /** Base name of the file, e.g. `run.fit`; the copy in the item's directory has this name. */
  fileName: string;
  /** Where the user's file was when it was queued. */
  sourcePath: string;
  /** `fit`, `gpx`, `tcx` or `text`. */
  format: string;
  /** ISO instant. */
  queuedAt: string;
  /** Why it was queued (the error of the failed send). */
  reason: string;
  /** Sends tried so far. */
  attempts: number;
  /** ISO instant of the last send tried (absent until one is). */
  lastAttemptAt?: string;
  /** Import options to replay (schedule date, name, …). */
  options: Record<string, unknown>;
}

/** An outbox item with the absolute path of its directory. */
export interface OutboxItem extends OutboxMeta {
  dir: string;
}

const version = v.literal(SCHEMA_VERSION);
/** A finite number: `v.number()` alone lets Infinity through, which JSON cannot hold (a record with one is refused, not written as null). */
const number = v.pipe(v.number(), v.finite());
const nullableNumber = v.nullable(number);
const nullableString = v.nullable(v.string());
const calendarDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));

/** Schema of ActivityRecord. */
export const activityRecordSchema: v.GenericSchema<ActivityRecord> = v.object({
  schemaVersion: version,
  activityId: number,
  activityName: nullableString,
  activityType: v.string(),
  startTimeGMT: nullableString,
  startTimeLocal: nullableString,
  distanceMeters: nullableNumber,
  durationSeconds: nullableNumber,
  averageHR: nullableNumber,
  maxHR: nullableNumber,
  raw: v.object({ summary: v.unknown(), detail: v.unknown(), splits: v.unknown() }),
});

/** Schema of WellnessDayRecord. */
export const wellnessDayRecordSchema: v.GenericSchema<WellnessDayRecord> = v.object({
  schemaVersion: version,
  calendarDate,
  sleepSeconds: nullableNumber,
  sleepStartGMT: nullableString,
  sleepEndGMT: nullableString,
  hrvLastNightAvgMs: nullableNumber,
  restingHeartRate: nullableNumber,
  deepSleepSeconds: nullableNumber,
  lightSleepSeconds: nullableNumber,
  remSleepSeconds: nullableNumber,
  awakeSleepSeconds: nullableNumber,
  sleepScore: nullableNumber,
  hrvWeeklyAvgMs: nullableNumber,
  hrvStatus: nullableString,
  overnightAvgHeartRate: nullableNumber,
  totalSteps: nullableNumber,
  averageStressLevel: nullableNumber,
  maxStressLevel: nullableNumber,
  bodyBatteryHighestValue: nullableNumber,
  bodyBatteryLowestValue: nullableNumber,
  bodyBatteryAtWakeTime: nullableNumber,
  raw: v.object({ sleep: v.unknown(), hrv: v.unknown(), heartRate: v.unknown(), summary: v.optional(v.unknown()) }),
});

/** Schema of MetricsDayRecord. */
export const metricsDayRecordSchema: v.GenericSchema<MetricsDayRecord> = v.object({
  schemaVersion: version,
  calendarDate,
  vo2MaxRunning: nullableNumber,
  vo2MaxCycling: nullableNumber,
  trainingStatus: nullableString,
  trainingReadinessScore: nullableNumber,
  trainingReadinessLevel: nullableString,
  raw: v.object({ maxMet: v.unknown(), trainingStatus: v.unknown(), trainingReadiness: v.unknown() }),
});

/** Schema of ArchiveState. */
export const archiveStateSchema: v.GenericSchema<ArchiveState> = v.object({
  schemaVersion: version,
  account: v.nullable(
    v.object({
      displayName: v.string(),
      fullName: nullableString,
      profileId: nullableNumber,
      isValid: v.boolean(),
      lastValidatedAt: nullableString,
      validationError: nullableString,
      signInPath: v.optional(v.string()),
      signedInAt: v.optional(v.string()),
    }),
  ),
  cursors: v.record(
    v.string(),
    v.object({ lastSyncedAt: v.string(), newestDate: v.optional(v.string()), oldestDate: v.optional(v.string()), backfillFrom: v.optional(v.string()) }),
  ),
  lastSync: nullableString,
});

const runCountsSchema = v.record(v.string(), v.object({ new: number, updated: number }));

/** Schema of history.json: an array of HistoryEntry. */
export const historySchema: v.GenericSchema<HistoryEntry[]> = v.array(
  v.object({
    id: v.string(),
    type: v.picklist(['manual', 'scheduled', 'initial']),
    status: v.picklist(['running', 'completed', 'partial', 'failed']),
    startedAt: v.string(),
    completedAt: nullableString,
    durationSeconds: nullableNumber,
    counts: runCountsSchema,
    error: nullableString,
    errorDetails: v.nullable(v.array(v.string())),
    pid: number,
  }),
);

/**
 * `sent/<sha256>.json`: a file this tool sent (or found already on Garmin or in the archive) and
 * the activities it became, so that importing the same bytes again sends nothing (issue 9).
 */
export interface SentFileRecord {
  schemaVersion: typeof SCHEMA_VERSION;
  /** SHA-256 of the file's bytes as read (a file, a ZIP entry) or as sent (a chained FIT part), lowercase hex. */
  sha256: string;
  /** The activities these bytes became (several for a chained FIT file). */
  activityIds: number[];
  /** The file's name when it was recorded, for a reader of the archive. */
  fileName: string;
  /** ISO instant of the (last) recording. */
  recordedAt: string;
}

export const sentFileRecordSchema: v.GenericSchema<SentFileRecord> = v.object({
  schemaVersion: v.literal(SCHEMA_VERSION),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  activityIds: v.array(number),
  fileName: v.string(),
  recordedAt: v.string(),
});

/** Schema of OutboxMeta. */
export const outboxMetaSchema: v.GenericSchema<OutboxMeta> = v.object({
  id: v.string(),
  fileName: v.string(),
  sourcePath: v.string(),
  format: v.string(),
  queuedAt: v.string(),
  reason: v.string(),
  attempts: number,
  lastAttemptAt: v.optional(v.string()),
  options: v.record(v.string(), v.unknown()),
});

/** Schema of WorkoutRecord. */
export const workoutRecordSchema: v.GenericSchema<WorkoutRecord> = v.object({
  schemaVersion: v.literal(SCHEMA_VERSION),
  workoutId: number,
  workoutName: v.string(),
  sport: v.string(),
  sourceFile: v.string(),
  sourceHash: v.string(),
  createdAt: v.string(),
  scheduled: v.array(v.object({ date: v.string(), workoutScheduleId: number })),
  sent: v.unknown(),
  raw: v.unknown(),
  provenance: v.optional(v.string()),
  updatedAt: v.optional(v.string()),
  differences: v.optional(v.array(v.string())),
});
