import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive, SCHEMA_VERSION, type ActivityRecord, type HistoryEntry, type WellnessDayRecord } from '../../src/archive/archive.js';
import { writeJsonAtomic } from '../../src/archive/atomic.js';
import { tempPaths } from './helpers.js';

function activity(overrides: Partial<ActivityRecord> = {}): ActivityRecord {
  return {
    schemaVersion: SCHEMA_VERSION,
    activityId: 21_000_000_001,
    activityName: 'Morning Run',
    activityType: 'running',
    startTimeGMT: '2025-12-31T23:30:00Z',
    startTimeLocal: '2026-01-01T00:30:00',
    distanceMeters: 10_000,
    durationSeconds: 3000,
    averageHR: 150,
    maxHR: 175,
    raw: { summary: { activityId: 21_000_000_001 }, detail: { summaryDTO: {} }, splits: null },
    ...overrides,
  };
}

function wellnessDay(calendarDate: string): WellnessDayRecord {
  return {
    schemaVersion: SCHEMA_VERSION,
    calendarDate,
    sleepSeconds: 27_000,
    sleepStartGMT: null,
    sleepEndGMT: null,
    deepSleepSeconds: 5_400,
    lightSleepSeconds: 15_000,
    remSleepSeconds: 6_000,
    awakeSleepSeconds: 600,
    sleepScore: 81,
    hrvLastNightAvgMs: 48,
    hrvWeeklyAvgMs: 47,
    hrvStatus: 'BALANCED',
    restingHeartRate: 52,
    overnightAvgHeartRate: 55.3,
    totalSteps: 9_876,
    averageStressLevel: 25,
    maxStressLevel: 80,
    bodyBatteryHighestValue: 90,
    bodyBatteryLowestValue: 20,
    bodyBatteryAtWakeTime: 85,
    raw: { sleep: {}, hrv: null, heartRate: {} },
  };
}

async function newArchive(): Promise<Archive> {
  return new Archive(await tempPaths());
}

describe('activities', () => {
  it('writes activities/<local year>/<id>.json and reports new, unchanged, updated', async () => {
    const archive = await newArchive();
    const file = join(archive.paths.dataDir, 'activities', '2026', '21000000001.json');
    expect(await archive.writeActivity(activity())).toBe('new');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(activity());
    expect(await archive.writeActivity(activity())).toBe('unchanged');
    expect(await archive.writeActivity(activity({ activityName: 'Renamed' }))).toBe('updated');
    expect(JSON.parse(await readFile(file, 'utf8')).activityName).toBe('Renamed');
  });

  it('stamps schemaVersion first when the caller leaves it out', async () => {
    const archive = await newArchive();
    const { schemaVersion: _, ...unstamped } = activity();
    await archive.writeActivity(unstamped);
    const text = await readFile(join(archive.paths.dataDir, 'activities', '2026', '21000000001.json'), 'utf8');
    expect(text.startsWith('{\n  "schemaVersion": 1,')).toBe(true);
  });

  it('an unchanged write leaves the file untouched', async () => {
    const archive = await newArchive();
    await archive.writeActivity(activity());
    const file = join(archive.paths.dataDir, 'activities', '2026', '21000000001.json');
    // A hand-reformatted but equal file is not rewritten.
    await writeFile(file, JSON.stringify(activity()));
    expect(await archive.writeActivity(activity())).toBe('unchanged');
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify(activity()));
  });

  it('lists every archived activity, oldest first; a file that is not one is moved aside with a notice naming it', async () => {
    const notices: string[] = [];
    const archive = new Archive(await tempPaths(), { onNotice: (m) => notices.push(m) });
    await archive.writeActivity(activity());
    await archive.writeActivity(activity({ activityId: 5, startTimeGMT: '2024-03-01T08:00:00Z', startTimeLocal: '2024-03-01T09:00:00' }));
    expect((await archive.listActivities()).map((a) => a.activityId)).toEqual([5, 21_000_000_001]);

    const bad = join(archive.paths.dataDir, 'activities', '2024', '6.json');
    await writeFile(bad, JSON.stringify({ schemaVersion: 1, activityId: 'six' }));
    expect((await archive.listActivities()).map((a) => a.activityId)).toEqual([5, 21_000_000_001]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^activities\/2024\/6\.json could not be read \(not a garmin-sync archive file: activityId: .*\); kept as 6\.json\.corrupt-\d{8}T\d{9}Z; pull fetches it again$/);
    expect((await readdir(join(archive.paths.dataDir, 'activities', '2024'))).filter((n) => n.startsWith('6.json.corrupt-'))).toHaveLength(1);
    expect((await archive.counts()).activities).toBe(2);
  });
});

describe('wellness', () => {
  it('files days under wellness/<YYYY>/<YYYY-MM-DD>.json with the same semantics', async () => {
    const archive = await newArchive();
    expect(await archive.writeWellnessDay(wellnessDay('2025-12-31'))).toBe('new');
    expect(await archive.writeWellnessDay(wellnessDay('2026-01-01'))).toBe('new');
    expect(await archive.writeWellnessDay(wellnessDay('2026-01-01'))).toBe('unchanged');
    expect(await archive.writeWellnessDay({ ...wellnessDay('2026-01-01'), restingHeartRate: 50 })).toBe('updated');
    // A record that does not match its schema is refused before anything is written.
    const bad = { ...wellnessDay('2026-01-02'), sleepSeconds: '7h' } as unknown as WellnessDayRecord;
    await expect(archive.writeWellnessDay(bad)).rejects.toThrow(/refusing to write .*2026-01-02\.json: .*sleepSeconds/);
    expect(await archive.counts()).toMatchObject({ wellnessDays: 2 });
    expect(await readdir(join(archive.paths.dataDir, 'wellness', '2025'))).toEqual(['2025-12-31.json']);
    expect(await readdir(join(archive.paths.dataDir, 'wellness', '2026'))).toEqual(['2026-01-01.json']);
  });
});

describe('state', () => {
  it('defaults when state.json is missing and round-trips', async () => {
    const archive = await newArchive();
    expect(await archive.readState()).toEqual({ schemaVersion: 1, account: null, cursors: {}, lastSync: null });
    const state = {
      schemaVersion: SCHEMA_VERSION,
      account: { displayName: 'runner42', fullName: 'Ann Runner', profileId: 42, isValid: true, lastValidatedAt: '2026-01-02T03:04:05Z', validationError: null },
      cursors: { activities: { lastSyncedAt: '2026-01-02T03:04:05Z', newestDate: '2026-01-01' } },
      lastSync: '2026-01-02T03:04:05Z',
    };
    await archive.writeState(state);
    expect(await archive.readState()).toEqual(state);
  });
});

describe('history', () => {
  it('startRun adds a running entry; finishRun completes it with counts and duration', async () => {
    const archive = await newArchive();
    const id = await archive.startRun('manual');
    expect(await archive.readHistory()).toMatchObject([{ id, type: 'manual', status: 'running', pid: process.pid, completedAt: null }]);
    await archive.finishRun(id, { status: 'partial', counts: { activities: { new: 2, updated: 1 } }, error: 'wellness failed', errorDetails: ['2026-01-01: 500'] });
    const [entry] = await archive.readHistory();
    expect(entry).toMatchObject({ id, status: 'partial', counts: { activities: { new: 2, updated: 1 } }, error: 'wellness failed', errorDetails: ['2026-01-01: 500'] });
    expect(Date.parse(entry.completedAt!)).toBeGreaterThanOrEqual(Date.parse(entry.startedAt));
    expect(entry.durationSeconds).toBeGreaterThanOrEqual(0);
  });

  it("marks a 'running' entry of a dead process failed with error interrupted, and leaves a live one", async () => {
    const archive = await newArchive();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const running = (id: string, pid: number): HistoryEntry => ({
      id, type: 'scheduled', status: 'running', startedAt: '2026-01-01T00:00:00.000Z', completedAt: null,
      durationSeconds: null, counts: {}, error: null, errorDetails: null, pid,
    });
    await writeJsonAtomic(join(archive.paths.dataDir, 'history.json'), [running('dead', deadPid), running('alive', process.pid)]);
    const id = await archive.startRun('scheduled');
    const history = await archive.readHistory();
    expect(history.map((e) => [e.id, e.status, e.error])).toEqual([
      ['dead', 'failed', 'interrupted'],
      ['alive', 'running', null],
      [id, 'running', null],
    ]);
  });

  it('markInterruptedRuns does the same without starting a run (a pull with nothing to do)', async () => {
    const archive = await newArchive();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const entry: HistoryEntry = {
      id: 'dead', type: 'manual', status: 'running', startedAt: '2026-01-01T00:00:00.000Z', completedAt: null,
      durationSeconds: null, counts: {}, error: null, errorDetails: null, pid: deadPid,
    };
    await writeJsonAtomic(join(archive.paths.dataDir, 'history.json'), [entry]);
    await archive.markInterruptedRuns();
    expect((await archive.readHistory()).map((e) => [e.id, e.status, e.error])).toEqual([['dead', 'failed', 'interrupted']]);
  });
});

describe('outbox', () => {
  it('add, list (oldest first), read and remove round-trip the exact bytes', async () => {
    const archive = await newArchive();
    const bytes = new Uint8Array([14, 16, 0x64, 0x08, 0xff, 0x00, 0x2e, 0x46, 0x49, 0x54]);
    const first = await archive.addToOutbox({ fileName: 'run.fit', sourcePath: '/home/ann/run.fit', bytes, format: 'fit', reason: 'Garmin answered 503' });
    const second = await archive.addToOutbox({ fileName: 'ride.gpx', sourcePath: 'ride.gpx', bytes: new TextEncoder().encode('<gpx/>'), format: 'gpx', reason: 'timeout', options: { name: 'Ride' } });
    const items = await archive.listOutbox();
    expect(items.map((i) => i.id)).toEqual([first.id, second.id]);
    expect(items[0]).toMatchObject({ fileName: 'run.fit', sourcePath: '/home/ann/run.fit', format: 'fit', reason: 'Garmin answered 503', attempts: 0, options: {} });
    expect(items[1].options).toEqual({ name: 'Ride' });
    expect(await readdir(items[0].dir)).toEqual(['meta.json', 'run.fit']);
    expect(await archive.readOutboxFile(items[0])).toEqual(bytes);

    await archive.removeFromOutbox(first.id);
    expect((await archive.listOutbox()).map((i) => i.id)).toEqual([second.id]);
    await expect(archive.removeFromOutbox(first.id)).rejects.toMatchObject({ exitCode: 2 });
    await expect(archive.removeFromOutbox('../state')).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('counts and purge', () => {
  it('counts the files of each kind', async () => {
    const archive = await newArchive();
    expect(await archive.counts()).toEqual({ activities: 0, wellnessDays: 0, metricsDays: 0, workouts: 0, outbox: 0 });
    await archive.writeActivity(activity());
    await archive.writeActivity(activity({ activityId: 7 }));
    await archive.writeWellnessDay(wellnessDay('2026-01-01'));
    await writeJsonAtomic(join(archive.paths.dataDir, 'metrics', '2026', '2026-01-01.json'), { schemaVersion: 1 });
    await archive.writeWorkout({
      workoutId: 9, workoutName: 'Intervals', sport: 'running', sourceFile: 'plan.txt', sourceHash: 'ab', createdAt: '2026-01-01T00:00:00Z',
      scheduled: [{ date: '2026-01-05', workoutScheduleId: 3 }], sent: {}, raw: {},
    });
    await archive.addToOutbox({ fileName: 'run.fit', sourcePath: 'run.fit', bytes: new Uint8Array([1]), format: 'fit', reason: 'x' });
    expect(await archive.counts()).toEqual({ activities: 2, wellnessDays: 1, metricsDays: 1, workouts: 1, outbox: 1 });
  });

  it('purge deletes the archive and nothing else in the directory', async () => {
    const archive = await newArchive();
    const dataDir = archive.paths.dataDir;
    await archive.writeActivity(activity());
    await archive.writeState(await archive.readState());
    await archive.finishRun(await archive.startRun('manual'), { status: 'completed', counts: {} });
    await archive.addToOutbox({ fileName: 'run.fit', sourcePath: 'run.fit', bytes: new Uint8Array([1]), format: 'fit', reason: 'x' });
    await writeFile(join(dataDir, 'tokens.json'), '{}');
    await writeFile(join(dataDir, 'config.json'), '{}');
    await mkdir(join(dataDir, 'my-notes'));
    await writeFile(join(dataDir, 'state.json.corrupt-20260101T000000000Z'), '{');
    await writeFile(join(dataDir, 'history.json.corrupt-20260101T000000000Z'), '[');
    await archive.purge();
    expect((await readdir(dataDir)).sort()).toEqual(['config.json', 'my-notes', 'tokens.json']);
    expect(await archive.counts()).toEqual({ activities: 0, wellnessDays: 0, metricsDays: 0, workouts: 0, outbox: 0 });
  });
});
