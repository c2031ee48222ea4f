/**
 * The archive heals from files broken outside garmin-sync (issue 13): state.json is rebuilt from
 * the files present, history.json starts again, a broken day or activity is kept aside and the
 * cursor no longer covers it; each with one notice, never an exception.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive, SCHEMA_VERSION, type WellnessDayRecord } from '../../src/archive/archive.js';
import { cursorFromActivityDays, cursorFromDays, cursorWithout } from '../../src/archive/heal.js';
import { tempPaths } from './helpers.js';

const NOW = '2026-03-10T12:00:00.000Z';

function wellnessDay(calendarDate: string): WellnessDayRecord {
  return {
    schemaVersion: SCHEMA_VERSION, calendarDate, sleepSeconds: 27_000, sleepStartGMT: null, sleepEndGMT: null, deepSleepSeconds: null,
    lightSleepSeconds: null, remSleepSeconds: null, awakeSleepSeconds: null, sleepScore: null, hrvLastNightAvgMs: 48, hrvWeeklyAvgMs: null,
    hrvStatus: null, restingHeartRate: 50, overnightAvgHeartRate: null, totalSteps: null, averageStressLevel: null, maxStressLevel: null,
    bodyBatteryHighestValue: null, bodyBatteryLowestValue: null, bodyBatteryAtWakeTime: null, raw: { sleep: null, hrv: null, heartRate: null },
  };
}

async function archiveWithNotices(): Promise<{ archive: Archive; notices: string[] }> {
  const notices: string[] = [];
  return { archive: new Archive(await tempPaths(), { onNotice: (m) => notices.push(m) }), notices };
}

describe('cursors derived from the files present', () => {
  it('days: the unbroken run that ends at the newest day', () => {
    expect(cursorFromDays(['2026-03-01', '2026-03-03', '2026-03-04', '2026-03-02', '2026-02-20'], NOW)).toEqual({ lastSyncedAt: NOW, oldestDate: '2026-03-01', newestDate: '2026-03-04' });
    expect(cursorFromDays([], NOW)).toBeUndefined();
  });

  it('activities: from the oldest activity day to the newest', () => {
    expect(cursorFromActivityDays(['2025-06-01', '2024-01-05', '2026-02-01'], NOW)).toEqual({ lastSyncedAt: NOW, oldestDate: '2024-01-05', newestDate: '2026-02-01' });
  });

  it('a broken day leaves the cursor on the side that makes the next pull fetch fewer days', () => {
    const cursor = { lastSyncedAt: NOW, oldestDate: '2025-03-11', newestDate: '2026-03-10', backfillFrom: '2025-03-11' };
    // Near the top: keep the part below it, the next pull fetches from that day to today.
    expect(cursorWithout(cursor, { from: '2026-03-01', to: '2026-03-01' }, '2026-03-10')).toEqual({ ...cursor, newestDate: '2026-02-28' });
    // Near the bottom: keep the part above it, the backfill fetches it again.
    expect(cursorWithout(cursor, { from: '2025-03-20', to: '2025-03-20' }, '2026-03-10')).toEqual({ ...cursor, oldestDate: '2025-03-21' });
    // Outside the range: untouched. Covering all of it: no range left (the pull backfills again).
    expect(cursorWithout(cursor, { from: '2024-01-01', to: '2024-12-31' }, '2026-03-10')).toBe(cursor);
    const { oldestDate: _o, newestDate: _n, ...bare } = cursor;
    expect(cursorWithout(cursor, { from: '2025-01-01', to: '2026-12-31' }, '2026-03-10')).toEqual(bare);
  });
});

describe('a broken state.json', () => {
  it('is moved aside and rebuilt from the days, activities and history present, with one notice', async () => {
    const { archive, notices } = await archiveWithNotices();
    for (const day of ['2026-03-07', '2026-03-08', '2026-03-09']) await archive.writeWellnessDay(wellnessDay(day));
    const runId = await archive.startRun('manual');
    await archive.finishRun(runId, { status: 'completed', counts: {} });
    const [run] = await archive.readHistory();
    const file = join(archive.paths.dataDir, 'state.json');
    await writeFile(file, '{"schemaVersion":1,"account":{"displayName":"ana');

    const state = await archive.readState();
    expect(state.cursors).toEqual({ wellness: { lastSyncedAt: expect.any(String), oldestDate: '2026-03-07', newestDate: '2026-03-09' } });
    expect(state.lastSync).toBe(run.completedAt);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^state\.json could not be read \(not valid JSON: .*\); kept as state\.json\.corrupt-\d{8}T\d{9}Z, cursors rebuilt from the archive's files$/);
    // Written back: the next read needs no healing, and the broken file is kept.
    expect(JSON.parse(await readFile(file, 'utf8')).cursors.wellness.newestDate).toBe('2026-03-09');
    expect(await archive.readState()).toEqual(state);
    expect(notices).toHaveLength(1);
    const aside = (await readdir(archive.paths.dataDir)).filter((n) => n.startsWith('state.json.corrupt-'));
    expect(await readFile(join(archive.paths.dataDir, aside[0]), 'utf8')).toBe('{"schemaVersion":1,"account":{"displayName":"ana');
  });

  it('a broken day found while rebuilding is kept aside too and left out of the cursor', async () => {
    const { archive, notices } = await archiveWithNotices();
    for (const day of ['2026-03-07', '2026-03-08', '2026-03-09']) await archive.writeWellnessDay(wellnessDay(day));
    await writeFile(join(archive.paths.dataDir, 'wellness', '2026', '2026-03-09.json'), 'garbage');
    await writeFile(join(archive.paths.dataDir, 'state.json'), JSON.stringify({ schemaVersion: 1, cursors: 'no' }));
    expect((await archive.readState()).cursors.wellness).toMatchObject({ oldestDate: '2026-03-07', newestDate: '2026-03-08' });
    expect(notices.map((n) => n.split(' ')[0])).toEqual(['wellness/2026/2026-03-09.json', 'state.json']);
  });
});

describe('a broken history.json', () => {
  it('is moved aside and a new history starts, with one notice', async () => {
    const { archive, notices } = await archiveWithNotices();
    await writeFile(join(archive.paths.dataDir, 'history.json'), '\u0000\u0000garbage');
    expect(await archive.readHistory()).toEqual([]);
    expect(notices).toEqual([expect.stringMatching(/^history\.json could not be read \(not valid JSON: .*\); kept as history\.json\.corrupt-\d+T\d+Z, a new history starts here$/)]);
    const id = await archive.startRun('manual');
    expect((await archive.readHistory()).map((e) => e.id)).toEqual([id]);
    expect(notices).toHaveLength(1);
  });
});

describe('a broken day file', () => {
  it('a write of that day moves it aside and replaces it', async () => {
    const { archive, notices } = await archiveWithNotices();
    const file = join(archive.paths.dataDir, 'wellness', '2026', '2026-03-09.json');
    await archive.writeWellnessDay(wellnessDay('2026-03-09'));
    await writeFile(file, '{"schemaVersion":1,"calendarDate":"2026-03-0');
    expect(await archive.writeWellnessDay(wellnessDay('2026-03-09'))).toBe('updated');
    expect(JSON.parse(await readFile(file, 'utf8')).calendarDate).toBe('2026-03-09');
    expect(notices).toEqual([expect.stringMatching(/^wellness\/2026\/2026-03-09\.json could not be read \(not valid JSON.*\); kept as 2026-03-09\.json\.corrupt-\S+, replaced by the copy just fetched$/)]);
  });

  it('checkDataFiles moves it aside and narrows the cursor so the next pull fetches it again', async () => {
    const { archive, notices } = await archiveWithNotices();
    for (const day of ['2026-03-07', '2026-03-08', '2026-03-09']) await archive.writeWellnessDay(wellnessDay(day));
    await archive.writeState({ schemaVersion: 1, account: null, lastSync: null, cursors: { wellness: { lastSyncedAt: NOW, oldestDate: '2026-03-07', newestDate: '2026-03-09', backfillFrom: '2026-03-07' } } });
    await writeFile(join(archive.paths.dataDir, 'wellness', '2026', '2026-03-07.json'), '[');
    expect(await archive.checkDataFiles()).toEqual({ files: 3, broken: 1 });
    expect((await archive.readState()).cursors.wellness).toMatchObject({ oldestDate: '2026-03-08', newestDate: '2026-03-09' });
    expect(notices).toHaveLength(1);
    expect((await archive.counts()).wellnessDays).toBe(2);
  });
});

describe('a broken outbox meta.json', () => {
  it('is kept aside with one notice that names the queued file to import again; the other items still list', async () => {
    const { archive, notices } = await archiveWithNotices();
    const broken = await archive.addToOutbox({ fileName: 'ride.fit', sourcePath: '/tmp/ride.fit', bytes: new Uint8Array([1, 2, 3]), format: 'fit', reason: 'network' });
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later id
    const kept = await archive.addToOutbox({ fileName: 'run.gpx', sourcePath: '/tmp/run.gpx', bytes: new Uint8Array([4]), format: 'gpx', reason: 'network' });
    await writeFile(join(broken.dir, 'meta.json'), '{"id": "');
    expect((await archive.listOutbox()).map((item) => item.id)).toEqual([kept.id]);
    const notice = notices[0] ?? '';
    expect(notice).toMatch(new RegExp(`^outbox item ${broken.id}: meta\\.json could not be read \\(not valid JSON.*\\); kept as meta\\.json\\.corrupt-\\S+, and the item is no longer sent; its file is kept: import `));
    expect(notice.endsWith(`import ${join(broken.dir, 'ride.fit')} again`)).toBe(true);
    expect(await readFile(join(broken.dir, 'ride.fit'))).toEqual(Buffer.from([1, 2, 3]));
    expect((await archive.counts()).outbox).toBe(1);
    expect(notices).toHaveLength(1);
  });
});

describe('a broken workout record', () => {
  it('is kept aside with one notice; the sound records still list', async () => {
    const { archive, notices } = await archiveWithNotices();
    const record = { workoutId: 11, workoutName: 'Tempo', sport: 'running', sourceFile: 'tempo.txt', sourceHash: 'ab', createdAt: NOW, scheduled: [], sent: {}, raw: {} };
    await archive.writeWorkout(record);
    await archive.writeWorkout({ ...record, workoutId: 12, workoutName: 'Long' });
    await writeFile(join(archive.paths.dataDir, 'workouts', '11.json'), '{"workoutId": 11, "scheduled": "soon"}');
    expect((await archive.listWorkouts()).map((r) => r.workoutName)).toEqual(['Long']);
    expect(notices).toEqual([expect.stringMatching(/^workouts\/11\.json could not be read \(not a garmin-sync archive file: .*\); kept as 11\.json\.corrupt-\S+$/)]);
    expect((await readdir(join(archive.paths.dataDir, 'workouts'))).sort()).toEqual(['11.json.corrupt-' + notices[0].split('11.json.corrupt-')[1], '12.json']);
  });
});
