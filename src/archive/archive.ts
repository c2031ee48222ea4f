/**
 * The local JSON archive (design.md, "Local archive"): one file per thing at deterministic paths
 * under `paths.dataDir`, written atomically, read back through zod schemas.
 *
 *     activities/<YYYY>/<activityId>.json   wellness/<YYYY>/<YYYY-MM-DD>.json
 *     metrics/<YYYY>/<YYYY-MM-DD>.json      workouts/<workoutId>.json
 *     fit/<activityId>.fit                  outbox/<id>/{meta.json, <file>}
 *     sent/<sha256>.json                    state.json, history.json
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { ExitCode, GarminSyncError, UsageError } from '../errors.js';
import { readJson, writeFileAtomic, writeJsonAtomic } from './atomic.js';
import { isProcessAlive } from './lock.js';
import type { GarminSyncPaths } from './paths.js';
import {
  SCHEMA_VERSION,
  activityRecordSchema,
  archiveStateSchema,
  historySchema,
  outboxMetaSchema,
  metricsDayRecordSchema,
  sentFileRecordSchema,
  wellnessDayRecordSchema,
  type ActivityRecord,
  type ArchiveState,
  type HistoryEntry,
  type OutboxItem,
  type OutboxMeta,
  type RunCounts,
  type SentFileRecord,
  type MetricsDayRecord,
  type WellnessDayRecord,
  type WorkoutRecord,
} from './records.js';

export * from './records.js';

/** A record as a caller builds it: `schemaVersion` may be left out; the archive sets it. */
export type Unstamped<T extends { schemaVersion: typeof SCHEMA_VERSION }> = Omit<T, 'schemaVersion'> & {
  schemaVersion?: typeof SCHEMA_VERSION;
};

/** What a write did: a file that was not there, one whose content changed, or nothing. */
export type WriteOutcome = 'new' | 'updated' | 'unchanged';

/** The entries of dataDir the archive owns (purge deletes these and nothing else). */
const ARCHIVE_ENTRIES = ['activities', 'fit', 'wellness', 'metrics', 'workouts', 'outbox', 'sent', 'state.json', 'history.json'];
const OUTBOX_META = 'meta.json';

/** The local archive rooted at `paths.dataDir`. Not safe for concurrent runs: hold acquireLock. */
export class Archive {
  constructor(readonly paths: GarminSyncPaths) {}

  /**
   * Writes `activities/<YYYY>/<activityId>.json`, YYYY from startTimeLocal (else startTimeGMT).
   * Content deep-equal to the file's → not rewritten ('unchanged').
   * @throws GarminSyncError (exit 1) when the activity has no start time, or the write fails.
   */
  async writeActivity(record: Unstamped<ActivityRecord>): Promise<WriteOutcome> {
    const year = yearOf(record.startTimeLocal ?? record.startTimeGMT, `activity ${record.activityId}`);
    return this.writeIfChanged(join('activities', year, `${record.activityId}.json`), stamp(record), activityRecordSchema);
  }

  /** Writes `wellness/<YYYY>/<YYYY-MM-DD>.json`, with writeActivity's semantics. */
  async writeWellnessDay(record: Unstamped<WellnessDayRecord>): Promise<WriteOutcome> {
    const year = yearOf(record.calendarDate, `wellness day ${record.calendarDate}`);
    return this.writeIfChanged(join('wellness', year, `${record.calendarDate}.json`), stamp(record), wellnessDayRecordSchema);
  }

  /** Writes `metrics/<YYYY>/<YYYY-MM-DD>.json`, with writeActivity's semantics. */
  async writeMetricsDay(record: Unstamped<MetricsDayRecord>): Promise<WriteOutcome> {
    const year = yearOf(record.calendarDate, `metrics day ${record.calendarDate}`);
    return this.writeIfChanged(join('metrics', year, `${record.calendarDate}.json`), stamp(record), metricsDayRecordSchema);
  }

  /** True when `fit/<activityId>.fit` exists (originals never change: it is downloaded once). */
  async hasFit(activityId: number): Promise<boolean> {
    return exists(this.file('fit', `${activityId}.fit`));
  }

  /** Writes `fit/<activityId>.fit` atomically. */
  async writeFit(activityId: number, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.file('fit', `${activityId}.fit`), bytes);
  }

  /** Writes `workouts/<workoutId>.json`. */
  async writeWorkout(record: Unstamped<WorkoutRecord>): Promise<void> {
    await writeJsonAtomic(this.file('workouts', `${record.workoutId}.json`), stamp(record));
  }

  /**
   * Every archived activity, oldest first (by startTimeGMT, then activityId).
   * @throws GarminSyncError (exit 1) naming a file that is not an activity record.
   */
  async listActivities(): Promise<ActivityRecord[]> {
    const files = await this.yearFiles('activities');
    const records = await Promise.all(files.map((file) => readChecked(file, activityRecordSchema)));
    return (records.filter((r) => r !== null) as ActivityRecord[]).sort(
      (a, b) => (a.startTimeGMT ?? '').localeCompare(b.startTimeGMT ?? '') || a.activityId - b.activityId,
    );
  }

  /**
   * What the archive knows of a file by the SHA-256 of its bytes (lowercase hex): the record of
   * `sent/<sha256>.json`, or null when these bytes were never sent.
   * @throws GarminSyncError (exit 1) when that file is not a sent-file record.
   */
  async findSentFile(sha256: string): Promise<SentFileRecord | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    return readChecked(this.file('sent', `${sha256}.json`), sentFileRecordSchema);
  }

  /**
   * Records (atomically) that the bytes with this SHA-256 became these activities; ids already
   * recorded for them are kept.
   */
  async recordSentFile(sha256: string, activityIds: readonly number[], fileName: string): Promise<void> {
    const known = await this.findSentFile(sha256);
    const ids = [...new Set([...(known?.activityIds ?? []), ...activityIds])];
    const record: SentFileRecord = { schemaVersion: SCHEMA_VERSION, sha256, activityIds: ids, fileName: basename(fileName), recordedAt: new Date().toISOString() };
    await writeJsonAtomic(this.file('sent', `${sha256}.json`), record);
  }

  /** state.json, or the empty state (no account, no cursors) when it does not exist. */
  async readState(): Promise<ArchiveState> {
    return (
      (await readChecked(this.file('state.json'), archiveStateSchema)) ?? {
        schemaVersion: SCHEMA_VERSION,
        account: null,
        cursors: {},
        lastSync: null,
      }
    );
  }

  /** Replaces state.json. */
  async writeState(state: ArchiveState): Promise<void> {
    await writeJsonAtomic(this.file('state.json'), stamp(state));
  }

  /** history.json's entries, oldest first ([] when it does not exist). */
  async readHistory(): Promise<HistoryEntry[]> {
    return (await readChecked(this.file('history.json'), historySchema)) ?? [];
  }

  /**
   * Marks entries still `running` whose process is gone (killed mid-run) as `failed` with error
   * "interrupted". Called by every pull, including one that finds nothing to do.
   */
  async markInterruptedRuns(): Promise<void> {
    const history = await this.readHistory();
    if (markInterrupted(history)) await writeJsonAtomic(this.file('history.json'), history);
  }

  /**
   * Appends a `running` entry for this process and returns its id. Entries still `running` whose
   * process is gone are first marked interrupted (see markInterruptedRuns).
   */
  async startRun(type: HistoryEntry['type']): Promise<string> {
    const history = await this.readHistory();
    markInterrupted(history);
    const now = new Date();
    const id = timestampId(now);
    history.push({
      id,
      type,
      status: 'running',
      startedAt: now.toISOString(),
      completedAt: null,
      durationSeconds: null,
      counts: {},
      error: null,
      errorDetails: null,
      pid: process.pid,
    });
    await writeJsonAtomic(this.file('history.json'), history);
    return id;
  }

  /**
   * Completes the entry `id` with its outcome, completion time and duration (seconds, 0.1 s).
   * @throws GarminSyncError (exit 1) when there is no such entry (a bug).
   */
  async finishRun(
    id: string,
    result: { status: 'completed' | 'partial' | 'failed'; counts: RunCounts; error?: string; errorDetails?: string[] },
  ): Promise<void> {
    const history = await this.readHistory();
    const entry = history.find((e) => e.id === id);
    if (!entry) throw new GarminSyncError(`history.json has no run ${id}`, ExitCode.unexpected);
    const now = new Date();
    Object.assign(entry, {
      status: result.status,
      counts: result.counts,
      error: result.error ?? null,
      errorDetails: result.errorDetails ?? null,
      completedAt: now.toISOString(),
      durationSeconds: Math.round((now.getTime() - Date.parse(entry.startedAt)) / 100) / 10,
    });
    await writeJsonAtomic(this.file('history.json'), history);
  }

  /**
   * Queues an import: `outbox/<id>/<fileName>` (a copy of the bytes) and `outbox/<id>/meta.json`,
   * written last, so an item only counts once complete. `attempts` starts at 0.
   */
  async addToOutbox(item: {
    fileName: string;
    sourcePath: string;
    bytes: Uint8Array;
    format: string;
    reason: string;
    options?: Record<string, unknown>;
  }): Promise<OutboxItem> {
    const now = new Date();
    const meta: OutboxMeta = {
      id: timestampId(now),
      fileName: basename(item.fileName),
      sourcePath: item.sourcePath,
      format: item.format,
      queuedAt: now.toISOString(),
      reason: item.reason,
      attempts: 0,
      options: item.options ?? {},
    };
    const dir = this.file('outbox', meta.id);
    await writeFileAtomic(join(dir, payloadName(meta.fileName)), item.bytes);
    await writeJsonAtomic(join(dir, OUTBOX_META), meta);
    return { ...meta, dir };
  }

  /**
   * Records a send of a queued import that failed: `attempts` + 1, `lastAttemptAt` now, and
   * `reason` replaced by this failure's.
   * @throws UsageError (exit 2) when there is no item with this id.
   */
  async recordOutboxAttempt(id: string, reason: string): Promise<OutboxItem> {
    const item = (await this.listOutbox()).find((i) => i.id === id);
    if (!item) throw new UsageError(`no outbox item ${JSON.stringify(id)}: see \`garmin-sync outbox list\``);
    const { dir, ...meta } = item;
    const updated: OutboxMeta = { ...meta, attempts: meta.attempts + 1, lastAttemptAt: new Date().toISOString(), reason };
    await writeJsonAtomic(join(dir, OUTBOX_META), updated);
    return { ...updated, dir };
  }

  /** The queued imports, oldest first. */
  async listOutbox(): Promise<OutboxItem[]> {
    const items: OutboxItem[] = [];
    for (const id of await listDir(this.file('outbox'))) {
      const dir = this.file('outbox', id);
      const meta = await readChecked(join(dir, OUTBOX_META), outboxMetaSchema);
      if (meta) items.push({ ...meta, dir });
    }
    return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id));
  }

  /** The bytes of a queued file. */
  async readOutboxFile(item: OutboxItem): Promise<Uint8Array> {
    return new Uint8Array(await readFile(join(item.dir, payloadName(item.fileName))));
  }

  /**
   * Removes a queued import.
   * @throws UsageError (exit 2) when there is no item with this id.
   */
  async removeFromOutbox(id: string): Promise<void> {
    const dir = this.file('outbox', id);
    if (!/^[\w-]+$/.test(id) || !(await exists(join(dir, OUTBOX_META)))) {
      throw new UsageError(`no outbox item ${JSON.stringify(id)}: see \`garmin-sync outbox list\``);
    }
    await rm(dir, { recursive: true, force: true });
  }

  /** How many files of each kind the archive holds. */
  async counts(): Promise<{ activities: number; wellnessDays: number; metricsDays: number; workouts: number; outbox: number }> {
    const [activities, wellness, metrics, workouts, outbox] = await Promise.all([
      this.yearFiles('activities'),
      this.yearFiles('wellness'),
      this.yearFiles('metrics'),
      listDir(this.file('workouts')),
      this.listOutbox(),
    ]);
    return {
      activities: activities.length,
      wellnessDays: wellness.length,
      metricsDays: metrics.length,
      workouts: workouts.filter(isJsonName).length,
      outbox: outbox.length,
    };
  }

  /**
   * Deletes the temporary files write-file-atomic leaves beside a target (`<name>.<number>`) when
   * the process is killed mid-write, in the pulled directories (activities, wellness, metrics,
   * fit). Call under the run lock, before a pull. Returns how many were removed.
   */
  async removeLeftoverTempFiles(): Promise<number> {
    const dirs = [this.file('fit')];
    for (const kind of ['activities', 'wellness', 'metrics']) {
      for (const year of await listDir(this.file(kind))) dirs.push(this.file(kind, year));
    }
    let removed = 0;
    for (const dir of dirs) {
      for (const name of await listDir(dir)) {
        if (!/\.(json|fit)\.\d+$/.test(name)) continue;
        await rm(join(dir, name), { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  /** Deletes the archive's own entries of dataDir (logout --purge); anything else there stays. */
  async purge(): Promise<void> {
    await Promise.all(ARCHIVE_ENTRIES.map((entry) => rm(this.file(entry), { recursive: true, force: true })));
  }

  private file(...parts: string[]): string {
    return join(this.paths.dataDir, ...parts);
  }

  /** `<kind>/<YYYY>/*.json`, absolute paths. */
  private async yearFiles(kind: string): Promise<string[]> {
    const files: string[] = [];
    for (const year of await listDir(this.file(kind))) {
      if (!/^\d{4}$/.test(year)) continue;
      for (const name of await listDir(this.file(kind, year))) {
        if (isJsonName(name)) files.push(this.file(kind, year, name));
      }
    }
    return files;
  }

  /**
   * Writes a record unless the file already holds the same content. The record is checked against
   * its schema first, so a normalization bug can never leave a file that readers would refuse.
   * @throws GarminSyncError (exit 1) naming the file and the first invalid field.
   */
  private async writeIfChanged<T>(relative: string, value: T, schema: z.ZodType<T>): Promise<WriteOutcome> {
    const file = this.file(relative);
    const checked = schema.safeParse(value);
    if (!checked.success) throw new GarminSyncError(`refusing to write ${file}: ${firstIssue(checked.error)}`, ExitCode.unexpected);
    const existing = await readJson(file);
    if (existing !== null && isDeepStrictEqual(existing, JSON.parse(JSON.stringify(value)))) return 'unchanged';
    await writeJsonAtomic(file, value);
    return existing === null ? 'new' : 'updated';
  }
}

/** Marks the `running` entries of dead processes as failed/interrupted; true when any changed. */
function markInterrupted(history: HistoryEntry[]): boolean {
  let changed = false;
  for (const entry of history) {
    if (entry.status === 'running' && !isProcessAlive(entry.pid)) {
      entry.status = 'failed';
      entry.error = 'interrupted';
      changed = true;
    }
  }
  return changed;
}

/** The record with `schemaVersion` set to the current version (first key, for readers). */
function stamp<T extends object>(record: T): T & { schemaVersion: typeof SCHEMA_VERSION } {
  return Object.assign({ schemaVersion: SCHEMA_VERSION }, record, { schemaVersion: SCHEMA_VERSION });
}

/** `YYYY` of a `YYYY-MM-DD…` date. */
function yearOf(date: string | null | undefined, what: string): string {
  const match = /^(\d{4})-\d{2}-\d{2}/.exec(date ?? '');
  if (!match) throw new GarminSyncError(`${what} has no usable date (${JSON.stringify(date)})`, ExitCode.unexpected);
  return match[1];
}

/** Reads a JSON file through a schema; null when missing. */
async function readChecked<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  const value = await readJson(file);
  if (value === null) return null;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new GarminSyncError(`${file} is not a valid garmin-sync archive file (${firstIssue(parsed.error)})`, ExitCode.unexpected);
}

/** The first invalid field of a record and what is wrong with it. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message}`;
}

/** Names in a directory; [] when it does not exist. */
async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Archive file names (write-file-atomic's leftover temp files, `x.json.123`, do not count). */
function isJsonName(name: string): boolean {
  return name.endsWith('.json');
}

/** Name of a queued file's copy: its own, unless that would clash with meta.json. */
function payloadName(fileName: string): string {
  return fileName === OUTBOX_META ? `file-${fileName}` : fileName;
}

/** A sortable unique id: `20260708T101500123Z-3fa9c2`. */
function timestampId(now: Date): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

