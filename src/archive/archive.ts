/**
 * The local JSON archive (design.md, "Local archive"): one file per thing at deterministic paths
 * under `paths.dataDir`, written atomically, read back through valibot schemas.
 *
 *     activities/<YYYY>/<activityId>.json   wellness/<YYYY>/<YYYY-MM-DD>.json
 *     metrics/<YYYY>/<YYYY-MM-DD>.json      workouts/<workoutId>.json
 *     fit/<activityId>.fit                  outbox/<id>/{meta.json, <file>}
 *     sent/<sha256>.json                    state.json, history.json
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as v from 'valibot';
import { ExitCode, GarminSyncError, UsageError } from '../errors.js';
import { writeFileAtomic, writeJsonAtomic } from './atomic.js';
import { cursorFromActivityDays, cursorFromDays, cursorWithout, firstIssue, moveAside, readArchiveFile } from './heal.js';
import { isProcessAlive } from './lock.js';
import type { GarminSyncPaths } from './paths.js';
import {
  SCHEMA_VERSION,
  activityRecordSchema,
  archiveStateSchema,
  historySchema,
  outboxMetaSchema,
  workoutRecordSchema,
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

/** Options of an Archive. */
export interface ArchiveOptions {
  /**
   * Receives one line for each broken file the archive healed (moved aside as
   * `<name>.corrupt-<time>`, and what depended on it rebuilt), for the CLI to show.
   */
  onNotice?: (message: string) => void;
}

/** The pulled data kinds whose files hold one day or one activity each. */
type DataKind = 'activities' | 'wellness' | 'metrics';

/** Per data kind, the schema of its files. */
const DATA_SCHEMAS: Record<DataKind, v.GenericSchema<unknown>> = {
  activities: activityRecordSchema,
  wellness: wellnessDayRecordSchema,
  metrics: metricsDayRecordSchema,
};

/**
 * The local archive rooted at `paths.dataDir`. Not safe for concurrent runs: hold acquireLock.
 * A file broken outside garmin-sync heals where it is read (archive/heal.ts): state.json is
 * rebuilt from the files present, history.json starts again, a day or activity file is fetched
 * again; the broken file is kept aside and `onNotice` told, and the command goes on.
 */
export class Archive {
  #stateRebuild: Promise<ArchiveState> | null = null;
  #historyRestart: Promise<HistoryEntry[]> | null = null;

  constructor(
    readonly paths: GarminSyncPaths,
    private readonly options: ArchiveOptions = {},
  ) {}

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

  /**
   * Every `workouts/<workoutId>.json` record, lowest workoutId first ([] when there is none). A
   * record broken outside garmin-sync is moved aside (one notice): its workout then counts as not
   * created by garmin-sync, unless Garmin's copy carries the provenance marker.
   */
  async listWorkouts(): Promise<WorkoutRecord[]> {
    const records: WorkoutRecord[] = [];
    for (const name of (await listDir(this.file('workouts'))).filter((n) => /^\d+\.json$/.test(n))) {
      const file = this.file('workouts', name);
      const read = await readArchiveFile(file, workoutRecordSchema);
      if (read.kind === 'ok') records.push(read.value);
      else if (read.kind === 'corrupt') await this.keepAside(file, read.reason);
    }
    return records.sort((a, b) => a.workoutId - b.workoutId);
  }

  /** Deletes `workouts/<workoutId>.json` (nothing when it does not exist). */
  async deleteWorkout(workoutId: number): Promise<void> {
    await rm(this.file('workouts', `${workoutId}.json`), { force: true });
  }

  /** Writes `workouts/<workoutId>.json`. */
  async writeWorkout(record: Unstamped<WorkoutRecord>): Promise<void> {
    await writeJsonAtomic(this.file('workouts', `${record.workoutId}.json`), stamp(record));
  }

  /**
   * Every archived activity, oldest first (by startTimeGMT, then activityId). A file that is not
   * an activity record is moved aside (a notice says so) and the activities cursor no longer
   * covers its year, so the next pull fetches that activity again.
   */
  async listActivities(): Promise<ActivityRecord[]> {
    const { records, broken } = await this.scanKind('activities');
    if (broken.length) await this.forgetDays('activities', broken);
    return (records as ActivityRecord[]).sort(
      (a, b) => (a.startTimeGMT ?? '').localeCompare(b.startTimeGMT ?? '') || a.activityId - b.activityId,
    );
  }

  /**
   * Reads every activity, wellness and metrics file (with `changedSince`, an ISO instant, only
   * those modified after it: what someone else touched since the last pull); each broken one is
   * moved aside (a notice each) and the cursors no longer cover it, so the next pull fetches it
   * again (`doctor` reads all, `pull` the changed ones). Returns how many files were read and how
   * many were broken.
   */
  async checkDataFiles(options: { changedSince?: string | null } = {}): Promise<{ files: number; broken: number }> {
    let files = 0;
    let brokenCount = 0;
    const since = options.changedSince ? Date.parse(options.changedSince) : undefined;
    for (const kind of Object.keys(DATA_SCHEMAS) as DataKind[]) {
      const { records, broken } = await this.scanKind(kind, since);
      files += records.length + broken.length;
      brokenCount += broken.length;
      if (broken.length) await this.forgetDays(kind, broken);
    }
    return { files, broken: brokenCount };
  }

  /**
   * What the archive knows of a file by the SHA-256 of its bytes (lowercase hex): the record of
   * `sent/<sha256>.json`, or null when these bytes were never sent. A record broken outside
   * garmin-sync is moved aside (one notice) and counts as never sent: the summary match still
   * guards against a duplicate.
   */
  async findSentFile(sha256: string): Promise<SentFileRecord | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const file = this.file('sent', `${sha256}.json`);
    const read = await readArchiveFile(file, sentFileRecordSchema);
    if (read.kind === 'ok') return read.value;
    if (read.kind === 'corrupt') {
      const aside = await moveAside(file);
      this.notice(`${file} was broken (${read.reason}): kept aside as ${basename(aside)}; the file it records will be matched by its summary`);
    }
    return null;
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

  /**
   * state.json, or the empty state (no account, no cursors) when it does not exist. When it is not
   * valid JSON or not a state record, it is moved aside and rebuilt from the archive's files
   * (cursors from the days and activities present, lastSync from history.json); one notice.
   */
  async readState(): Promise<ArchiveState> {
    if (this.#stateRebuild) return this.#stateRebuild;
    const file = this.file('state.json');
    const read = await readArchiveFile(file, archiveStateSchema);
    if (read.kind === 'ok') return read.value;
    if (read.kind === 'missing') return { schemaVersion: SCHEMA_VERSION, account: null, cursors: {}, lastSync: null };
    this.#stateRebuild = this.rebuildState(file, read.reason);
    try {
      return await this.#stateRebuild;
    } finally {
      this.#stateRebuild = null;
    }
  }

  /** Replaces state.json. */
  async writeState(state: ArchiveState): Promise<void> {
    await writeJsonAtomic(this.file('state.json'), stamp(state));
  }

  /**
   * history.json's entries, oldest first ([] when it does not exist). When it is not valid JSON
   * or not a history, it is moved aside and a new, empty history starts; one notice.
   */
  async readHistory(): Promise<HistoryEntry[]> {
    if (this.#historyRestart) return this.#historyRestart;
    const file = this.file('history.json');
    const read = await readArchiveFile(file, historySchema);
    if (read.kind === 'ok') return read.value;
    if (read.kind === 'missing') return [];
    this.#historyRestart = (async () => {
      await this.keepAside(file, read.reason, ', a new history starts here');
      await writeJsonAtomic(file, []);
      return [];
    })();
    try {
      return await this.#historyRestart;
    } finally {
      this.#historyRestart = null;
    }
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
      const file = join(dir, OUTBOX_META);
      const read = await readArchiveFile(file, outboxMetaSchema);
      if (read.kind === 'ok') items.push({ ...read.value, dir });
      else if (read.kind === 'corrupt') {
        const aside = await moveAside(file);
        const queued = (await listDir(dir)).filter((name) => !name.startsWith(OUTBOX_META));
        this.notice(
          `outbox item ${id}: ${OUTBOX_META} could not be read (${read.reason}); kept as ${basename(aside)}, and the item is no longer sent` +
            (queued.length ? `; its file is kept: import ${join(dir, queued[0])} again` : ''),
        );
      }
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
      this.countYearFiles('activities'),
      this.countYearFiles('wellness'),
      this.countYearFiles('metrics'),
      listDir(this.file('workouts')),
      this.listOutbox(),
    ]);
    return {
      activities,
      wellnessDays: wellness,
      metricsDays: metrics,
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

  /** Deletes the archive's own entries of dataDir (logout --purge), kept-aside broken copies included; anything else there stays. */
  async purge(): Promise<void> {
    const asides = (await listDir(this.paths.dataDir)).filter((name) => /^(state|history)\.json\.corrupt-/.test(name));
    await Promise.all([...ARCHIVE_ENTRIES, ...asides].map((entry) => rm(this.file(entry), { recursive: true, force: true })));
  }

  private file(...parts: string[]): string {
    return join(this.paths.dataDir, ...parts);
  }

  private notice(message: string): void {
    this.options.onNotice?.(message);
  }

  /**
   * Moves a broken file aside (`<name>.corrupt-<time>`, heal.ts moveAside) and says so in one
   * notice: `<path in the archive> could not be read (<reason>); kept as <name>` and `then`, what
   * happens next.
   */
  private async keepAside(file: string, reason: string, then = ''): Promise<void> {
    const aside = await moveAside(file);
    this.notice(`${relative(this.paths.dataDir, file)} could not be read (${reason}); kept as ${basename(aside)}${then}`);
  }

  /**
   * Reads every file of a data kind (or those modified after `changedSinceMs`, epoch ms); a broken one is moved aside with a notice. Returns the
   * records and, per broken file, the days it may have held: its date for a day file, its year
   * (from the directory) for an activity, whose date a broken file no longer tells.
   */
  private async scanKind(kind: DataKind, changedSinceMs?: number): Promise<{ records: unknown[]; broken: Array<{ from: string; to: string }> }> {
    const records: unknown[] = [];
    const broken: Array<{ from: string; to: string }> = [];
    for (const file of await this.yearFiles(kind)) {
      if (changedSinceMs !== undefined && ((await stat(file).catch(() => null))?.mtimeMs ?? 0) <= changedSinceMs) continue;
      const read = await readArchiveFile(file, DATA_SCHEMAS[kind]);
      if (read.kind === 'ok') records.push(read.value);
      if (read.kind !== 'corrupt') continue;
      await this.keepAside(file, read.reason, '; pull fetches it again');
      const year = basename(join(file, '..'));
      const day = basename(file, '.json');
      broken.push(kind === 'activities' ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: day, to: day });
    }
    return { records, broken };
  }

  /** Narrows the cursor of `kind` so that it covers none of `days` (archive/heal.ts cursorWithout). */
  private async forgetDays(kind: DataKind, days: Array<{ from: string; to: string }>): Promise<void> {
    const state = await this.readState();
    const cursor = state.cursors[kind];
    if (!cursor) return;
    const today = new Date().toISOString().slice(0, 10);
    const narrowed = days.reduce((c, broken) => cursorWithout(c, broken, today), cursor);
    if (isDeepStrictEqual(narrowed, cursor)) return;
    state.cursors[kind] = narrowed;
    await this.writeState(state);
  }

  /**
   * Moves a broken state.json aside and writes the state the archive's files prove: per data
   * kind the cursor its files prove (broken data files are moved aside on the way and left out),
   * lastSync from the last finished run in history.json, no account (the next sign-in records it).
   */
  private async rebuildState(file: string, reason: string): Promise<ArchiveState> {
    const aside = await moveAside(file);
    const now = new Date().toISOString();
    const cursors: ArchiveState['cursors'] = {};
    const today = now.slice(0, 10);
    for (const kind of Object.keys(DATA_SCHEMAS) as DataKind[]) {
      const { records, broken } = await this.scanKind(kind);
      let cursor = kind === 'activities'
        ? cursorFromActivityDays((records as ActivityRecord[]).map((r) => (r.startTimeLocal ?? r.startTimeGMT ?? '').slice(0, 10)).filter(Boolean), now)
        : cursorFromDays((records as Array<{ calendarDate: string }>).map((r) => r.calendarDate), now);
      for (const days of broken) if (cursor) cursor = cursorWithout(cursor, days, today);
      if (cursor) cursors[kind] = cursor;
    }
    const finished = (await this.readHistory()).filter((e) => e.status === 'completed' || e.status === 'partial');
    const state: ArchiveState = { schemaVersion: SCHEMA_VERSION, account: null, cursors, lastSync: finished.at(-1)?.completedAt ?? null };
    await this.writeState(state);
    this.notice(`state.json could not be read (${reason}); kept as ${basename(aside)}, cursors rebuilt from the archive's files`);
    return state;
  }

  /** How many `<kind>/<YYYY>/*.json` there are (names only: `status` counts big archives without building their paths). */
  private async countYearFiles(kind: string): Promise<number> {
    let count = 0;
    for (const year of await listDir(this.file(kind))) {
      if (/^\d{4}$/.test(year)) for (const name of await listDir(this.file(kind, year))) if (isJsonName(name)) count++;
    }
    return count;
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
   * A file there that is not valid JSON is moved aside (a notice says so) and replaced.
   * @throws GarminSyncError (exit 1) naming the file and the first invalid field.
   */
  private async writeIfChanged<T>(relativePath: string, value: T, schema: v.GenericSchema<unknown, T>): Promise<WriteOutcome> {
    const file = this.file(relativePath);
    const checked = v.safeParse(schema, value);
    if (!checked.success) throw new GarminSyncError(`refusing to write ${file}: ${firstIssue(checked.issues)}`, ExitCode.unexpected);
    // Compared as raw JSON (a schema parse would drop keys the file may carry), checked separately.
    const existing = await readArchiveFile(file);
    if (existing.kind === 'ok' && isDeepStrictEqual(existing.value, JSON.parse(JSON.stringify(value)))) return 'unchanged';
    const broken = existing.kind === 'corrupt' ? existing.reason : existing.kind === 'ok' ? schemaProblem(schema, existing.value) : null;
    if (broken !== null) await this.keepAside(file, broken, ', replaced by the copy just fetched');
    await writeJsonAtomic(file, value);
    return existing.kind === 'missing' ? 'new' : 'updated';
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

/** Why `value` is not a record of `schema` (as readArchiveFile words it), or null when it is one. */
function schemaProblem<T>(schema: v.GenericSchema<unknown, T>, value: unknown): string | null {
  const parsed = v.safeParse(schema, value);
  return parsed.success ? null : `not a garmin-sync archive file: ${firstIssue(parsed.issues)}`;
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

