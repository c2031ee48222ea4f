import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD, TIME_ZONE } from '../../src/emulator/account.js';
import { runCli } from '../../src/emulator/cli-runner.js';
import { allFiles, createWorld, type World } from './harness.js';

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

describe('garmin-sync pull', () => {
  let world: World;
  beforeAll(async () => {
    // The CLI's "today" is this machine's date; the emulator's year of data ends on the same day.
    world = await createWorld({ today: new Date().toISOString().slice(0, 10) });
    expect((await world.login()).code).toBe(0);
    // The polite default (10 requests/s) would make every test wait on the clock.
    expect((await world.cli(['config', 'set', 'requestsPerSecond', '100'])).code).toBe(0);
  });
  afterAll(async () => world.close());

  it('fills the archive: every activity and wellness day of the range, with the normalized fields', async () => {
    const run = await world.cli(['pull', '--days', '30']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^activities: \d+ new, 0 updated, 0 unchanged$/m);
    expect(run.stdout).toMatch(/^wellness: 30 new, 0 updated, 0 unchanged$/m);
    const files = await allFiles(world.home);
    const wellness = files.filter((f) => f.includes('/wellness/'));
    expect(wellness).toHaveLength(30);
    const activities = files.filter((f) => f.includes('/activities/'));
    // As many as Garmin lists for the range (asked directly of the emulator's search).
    const searches = world.seen('/activitylist-service/activities/search/activities', 'GET');
    const { startDate, endDate } = searches[0].query;
    const localDate = (gmtMs: number) => new Date(gmtMs + TIME_ZONE.offsetMinutes * 60_000).toISOString().slice(0, 10);
    const expected = [...world.emulator.state.activities.values()].filter((a) => localDate(a.startGmtMs) >= startDate && localDate(a.startGmtMs) <= endDate);
    expect(activities.length).toBe(expected.length);
    expect(activities.length).toBeGreaterThan(5);
    // Paging ended on an empty page.
    expect(searches.at(-1)!.status).toBe(200);
    const record = JSON.parse(await readFile(activities[0], 'utf8'));
    for (const key of ['activityId', 'activityName', 'activityType', 'startTimeGMT', 'startTimeLocal', 'distanceMeters', 'durationSeconds', 'averageHR', 'maxHR', 'schemaVersion']) {
      expect(record, key).toHaveProperty(key);
    }
    expect(record.raw.detail.activityId).toBe(record.activityId);
    expect(Array.isArray(record.raw.splits.lapDTOs)).toBe(true);
  });

  it("overnightAvgHeartRate is the mean of the heart-rate samples inside the sleep window, the previous evening's included", async () => {
    const years = await readdir(join(world.home, 'wellness'));
    const days = (await allFiles(join(world.home, 'wellness'))).sort();
    let checked = 0;
    for (const file of days.slice(1)) {
      const day = JSON.parse(await readFile(file, 'utf8'));
      const sleep = day.raw.sleep?.dailySleepDTO;
      if (!sleep?.sleepStartTimestampGMT || !day.raw.heartRate?.heartRateValues) continue;
      const previousFile = days.find((f) => f.endsWith(`${addDays(day.calendarDate, -1)}.json`))!;
      const previous = JSON.parse(await readFile(previousFile, 'utf8'));
      const samples = [...(previous.raw.heartRate?.heartRateValues ?? []), ...day.raw.heartRate.heartRateValues].filter(
        ([ts, bpm]: [number, number | null]) => bpm !== null && ts >= sleep.sleepStartTimestampGMT && ts <= sleep.sleepEndTimestampGMT,
      );
      // The calendar day starts at local midnight, which Garmin gives as startTimestampGMT.
      const dayStart = Date.parse(`${day.raw.heartRate.startTimestampGMT}Z`);
      const before = samples.filter(([ts]: [number]) => ts < dayStart);
      const mean = samples.reduce((s: number, [, bpm]: [number, number]) => s + bpm, 0) / samples.length;
      expect(day.overnightAvgHeartRate, day.calendarDate).toBeCloseTo(mean, 1);
      if (before.length > 0) checked += 1;
      expect(day.sleepSeconds).toBe(sleep.sleepTimeSeconds);
      expect(day.restingHeartRate).toBe(day.raw.heartRate.restingHeartRate);
    }
    expect(years.length).toBeGreaterThanOrEqual(1);
    expect(checked, 'days whose sleep window started the evening before').toBeGreaterThan(5);
  });

  it('keeps null where Garmin has no data (HRV 204)', async () => {
    const files = await allFiles(join(world.home, 'wellness'));
    const days = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
    const noHrv = days.filter((d) => d.raw.hrv === null);
    expect(noHrv.length).toBeGreaterThan(0);
    for (const d of noHrv) expect(d.hrvLastNightAvgMs).toBeNull();
    expect(days.filter((d) => typeof d.hrvLastNightAvgMs === 'number').length).toBeGreaterThan(0);
  });

  it('a second pull of the same range updates nothing, and history and status record both runs', async () => {
    const run = await world.cli(['pull', '--days', '30', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.counts.wellness).toEqual({ new: 0, updated: 0, unchanged: 30 });
    expect(doc.counts.activities.new).toBe(0);
    const history = JSON.parse((await world.cli(['history', '--json'])).stdout);
    expect(history.runs.map((r: any) => [r.type, r.status])).toEqual([
      ['manual', 'completed'],
      ['initial', 'completed'],
    ]);
    expect(history.runs[1].counts.wellness).toEqual({ new: 30, updated: 0 });
    const status = JSON.parse((await world.cli(['status', '--json'])).stdout);
    expect(status.counts.wellnessDays).toBe(30);
    expect(Date.parse(status.lastSync)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refreshes an expiring access token during the pull and completes', async () => {
    world.emulator.switches.accessTokenTtlSeconds = 10 * 60; // minted tokens expire within the 15-minute refresh margin
    expect((await world.cli(['login', '--email', DEMO_EMAIL, '--password-stdin'], { input: `${DEMO_PASSWORD}\n` })).code).toBe(0);
    world.emulator.switches.accessTokenTtlSeconds = 86400;
    const refreshesBefore = world.seen('/di-oauth2-service/oauth/token', 'POST').filter((r) => r.body?.includes('grant_type=refresh_token')).length;
    const run = await world.cli(['pull', '--days', '2']);
    expect(run.code, run.stderr).toBe(0);
    const refreshes = world.seen('/di-oauth2-service/oauth/token', 'POST').filter((r) => r.body?.includes('grant_type=refresh_token'));
    expect(refreshes.length - refreshesBefore).toBe(1);
  });

  it('rejects bad flags with exit 2 before sending anything', async () => {
    const before = world.emulator.requests.length;
    expect((await world.cli(['pull', '--days', 'ten'])).code).toBe(2);
    expect((await world.cli(['pull', '--since', '2026-13-01'])).code).toBe(2);
    expect((await world.cli(['pull', '--only', 'steps'])).code).toBe(2);
    expect((await world.cli(['pull', '--bogus'])).code).toBe(2);
    expect(world.emulator.requests.length).toBe(before);
  });
});

describe('two pulls at once', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('the second exits 6 while the first holds the lock', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    world.emulator.switches.latencyMs = 300;
    const first = world.cli(['pull', '--days', '5']);
    // Wait until the first run is talking to Garmin, so it surely holds the lock.
    while (world.seen('/activitylist-service/').length === 0) await new Promise((r) => setTimeout(r, 20));
    const second = await runCli(['pull', '--days', '1'], { env: world.env });
    expect(second.code).toBe(6);
    expect(second.stderr).toMatch(/another garmin-sync run/i);
    expect((await first).code).toBe(0);
  });
});

