/**
 * Pull for cron (issue 6): initial backfill, interval no-op, --force incremental window, every
 * fault ending with the complete archive, --fit, status and history, config and cron commands.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TIME_ZONE } from '../../src/emulator/account.js';
import { allFiles, archiveContents, createWorld, exists, TODAY, type World } from './harness.js';

const DAYS = 40; // more than one 28-day chunk
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const localDate = (gmtMs: number) => new Date(gmtMs + TIME_ZONE.offsetMinutes * 60_000).toISOString().slice(0, 10);

/** A signed-in world whose config pulls DAYS days on the first run, fast. */
async function world(): Promise<World> {
  const w = await createWorld({ today: TODAY, days: 60 });
  expect((await w.login()).code).toBe(0);
  for (const [key, value] of [['initialSyncDays', String(DAYS)], ['requestsPerSecond', '100']]) {
    expect((await w.cli(['config', 'set', key, value])).code).toBe(0);
  }
  return w;
}

describe('pull for cron', () => {
  let w: World;
  let reference: Map<string, string>;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.close());

  it('the first run backfills every activity, wellness day and metrics day of initialSyncDays', async () => {
    const run = await w.cli(['pull']);
    expect(run.code, run.stderr).toBe(0);
    const files = await allFiles(w.home);
    const first = addDays(TODAY, -(DAYS - 1));
    expect(files.filter((f) => f.includes('/wellness/'))).toHaveLength(DAYS);
    expect(files.filter((f) => f.includes('/metrics/'))).toHaveLength(DAYS);
    const expected = [...w.emulator.state.activities.values()].filter((a) => localDate(a.startGmtMs) >= first && localDate(a.startGmtMs) <= TODAY);
    expect(files.filter((f) => f.includes('/activities/'))).toHaveLength(expected.length);
    // Range endpoints once per chunk, per-day endpoints once per day (heart rate: + the day before).
    expect(w.seen('/hrv-service/hrv/daily/')).toHaveLength(2);
    expect(w.seen('/metrics-service/metrics/maxmet/daily/')).toHaveLength(2);
    expect(w.seen('/mobile-gateway/usersummary/trainingstatus/weekly/')).toHaveLength(2);
    expect(w.seen('/wellness-service/wellness/dailySleepData/')).toHaveLength(DAYS);
    expect(w.seen('/wellness-service/wellness/dailyHeartRate/')).toHaveLength(DAYS + 1);
    expect(w.seen('/metrics-service/metrics/trainingreadiness/')).toHaveLength(DAYS);
    const history = JSON.parse((await w.cli(['history', '--json'])).stdout);
    expect(history.runs[0]).toMatchObject({ type: 'initial', status: 'completed', counts: { wellness: { new: DAYS, updated: 0 }, metrics: { new: DAYS, updated: 0 } } });
    const state = await w.json('state.json');
    for (const type of ['activities', 'wellness', 'metrics']) expect(state.cursors[type]).toMatchObject({ oldestDate: first, newestDate: TODAY, backfillFrom: first });
    reference = await archiveContents(w.home);
  });

  it('writes the documented fields, null where Garmin has nothing', async () => {
    const days = await Promise.all((await allFiles(join(w.home, 'metrics'))).map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
    const withVo2 = days.filter((d) => d.vo2MaxRunning !== null);
    expect(withVo2.length).toBeGreaterThan(0);
    for (const d of withVo2) expect(d.vo2MaxRunning).toBe(d.raw.maxMet.generic.vo2MaxPreciseValue);
    expect(days.some((d) => d.vo2MaxRunning === null && d.raw.maxMet === null)).toBe(true);
    for (const d of days) {
      expect(d.trainingStatus).toMatch(/^(PRODUCTIVE|MAINTAINING|RECOVERY|DETRAINING)/);
      if (d.raw.trainingReadiness.length) expect(d.trainingReadinessScore).toBe(d.raw.trainingReadiness.find((e: any) => e.inputContext === 'UPDATE_REALTIME_VARIABLES').score);
      else expect(d.trainingReadinessScore).toBeNull();
    }
    const wellness = JSON.parse(await readFile((await allFiles(join(w.home, 'wellness'))).sort().at(-1)!, 'utf8'));
    expect(wellness.averageStressLevel).toBe(wellness.raw.summary.averageStressLevel);
    expect(wellness.bodyBatteryHighestValue).toBe(wellness.raw.summary.bodyBatteryHighestValue);
    if (wellness.raw.sleep.dailySleepDTO.sleepTimeSeconds) expect(wellness.deepSleepSeconds).toBe(wellness.raw.sleep.dailySleepDTO.deepSleepSeconds);
  });

  it('status --json reflects the counts and the last sync per type', async () => {
    const status = JSON.parse((await w.cli(['status', '--json'])).stdout);
    expect(status.counts).toMatchObject({ wellnessDays: DAYS, metricsDays: DAYS });
    expect(Date.parse(status.lastSync)).toBeGreaterThan(Date.now() - 120_000);
    const state = await w.json('state.json');
    expect(Object.keys(status.lastSyncByType).sort()).toEqual(['activities', 'metrics', 'wellness']);
    for (const [type, cursor] of Object.entries(state.cursors) as Array<[string, any]>) expect(status.lastSyncByType[type]).toBe(cursor.lastSyncedAt);
    const text = (await w.cli(['status'])).stdout;
    expect(text).toMatch(new RegExp(`wellness +\\d{4}-\\d{2}-\\d{2} to ${TODAY}, +last `));
  });

  it('a second run inside minSyncIntervalMinutes sends no request', async () => {
    const before = w.emulator.requests.length;
    const run = await w.cli(['pull']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Up to date/);
    expect(w.emulator.requests.length).toBe(before);
  });

  it('with --force it fetches only the incremental window', async () => {
    const before = w.emulator.requests.length;
    const run = await w.cli(['pull', '--force', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const sent = w.emulator.requests.slice(before);
    const windowStart = addDays(TODAY, -6);
    expect(sent.filter((r) => r.path.startsWith('/hrv-service/hrv/daily/')).map((r) => r.path)).toEqual([`/hrv-service/hrv/daily/${windowStart}/${TODAY}`]);
    expect(sent.filter((r) => r.path.startsWith('/wellness-service/wellness/dailySleepData/'))).toHaveLength(7);
    expect(sent.filter((r) => r.path.startsWith('/activitylist-service/')).every((r) => r.query.startDate === windowStart)).toBe(true);
    expect(JSON.parse(run.stdout)).toMatchObject({ type: 'manual', status: 'completed', counts: { wellness: { new: 0, updated: 0, unchanged: 7 } } });
  });

  it('faults — 429 with and without Retry-After, 5xx, dropped connections, slow answers, token expiry — all end with the complete archive', async () => {
    const f = await world();
    try {
      f.emulator.switches.latencyMs = 20;
      f.emulator.switches.api429 = { count: 2 };
      const run = f.cli(['pull']);
      // Later faults arrive while the run is going.
      const at = (n: number) => new Promise<void>((resolve) => {
        const poll = () => (f.emulator.requests.length >= n ? resolve() : setTimeout(poll, 5));
        poll();
      });
      await at(40);
      f.emulator.switches.api429 = { count: 1, retryAfterSeconds: 1 };
      await at(80);
      f.emulator.switches.api5xxCount = 3;
      await at(120);
      f.emulator.switches.dropConnectionsCount = 3;
      await at(160);
      for (const t of f.emulator.state.accessTokens.values()) t.expiresAtMs = 0; // the access token expires mid-run
      const done = await run;
      expect(done.code, done.stderr).toBe(0);
      const statuses = f.emulator.requests.map((r) => r.status);
      for (const status of [429, 500, 503, 0, 401]) expect(statuses, `a ${status} happened`).toContain(status);
      expect(await archiveContents(f.home)).toEqual(reference);
    } finally {
      await f.close();
    }
  });

  it('a request slower than requestTimeoutSeconds is retried, and the run still completes', async () => {
    const f = await world();
    try {
      expect((await f.cli(['config', 'set', 'requestTimeoutSeconds', '1'])).code).toBe(0);
      f.emulator.switches.slowResponses = { count: 1, delayMs: 1500, pathPrefix: '/metrics-service/metrics/maxmet/daily/' };
      const done = await f.cli(['pull', '--days', '1', '--only', 'metrics']);
      expect(done.code, done.stderr).toBe(0);
      // The first range request timed out and was sent again. (The emulator logs a request when it
      // answers, so the slow one appears once its delay has passed, after the CLI is done.)
      await vi.waitFor(() => expect(f.seen('/metrics-service/metrics/maxmet/daily/')).toHaveLength(2), { timeout: 3000 });
      expect(await exists(join(f.home, 'metrics', TODAY.slice(0, 4), `${TODAY}.json`))).toBe(true);
    } finally {
      await f.close();
    }
  });

  it('a data type that keeps failing is recorded and the others finish (exit 5)', async () => {
    const f = await world();
    try {
      expect((await f.cli(['config', 'set', 'maxRetries', '0'])).code).toBe(0);
      f.emulator.switches.api5xxCount = 1; // the first request (an activity search) fails for good
      const run = await f.cli(['pull', '--days', '3', '--only', 'activities', '--json']);
      expect(run.code).toBe(5);
      expect(JSON.parse(run.stdout).failures[0]).toMatchObject({ type: 'activities' });
      const history = JSON.parse((await f.cli(['history', '--json'])).stdout);
      expect(history.runs[0]).toMatchObject({ status: 'partial', errorDetails: [expect.stringMatching(/^activities: /)] });
    } finally {
      await f.close();
    }
  });

  it('--fit downloads each original once, unzipped to fit/<activityId>.fit', async () => {
    const run = await w.cli(['pull', '--days', '10', '--only', 'activities', '--fit']);
    expect(run.code, run.stderr).toBe(0);
    const fits = (await allFiles(join(w.home, 'fit'))).filter((f) => f.endsWith('.fit'));
    const activities = await Promise.all((await allFiles(join(w.home, 'activities'))).map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
    const recent = activities.filter((a) => a.startTimeLocal.slice(0, 10) >= addDays(TODAY, -9));
    expect(fits.map((f) => Number(f.match(/(\d+)\.fit$/)![1])).sort()).toEqual(recent.map((a) => a.activityId).sort());
    const decoded = new Decoder(Stream.fromByteArray(await readFile(fits[0]))).read();
    expect(decoded.errors).toEqual([]);
    expect(decoded.messages.sessionMesgs).toHaveLength(1);
    const before = w.seen('/download-service/').length;
    expect((await w.cli(['pull', '--days', '10', '--only', 'activities', '--fit'])).code).toBe(0);
    expect(w.seen('/download-service/').length).toBe(before);
  });
});

describe('config and cron commands', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });
  afterAll(async () => w.close());

  it('config list/get/set, with exit 2 for a bad key or value', async () => {
    expect((await w.cli(['config', 'set', 'incrementalSyncDays', '14'])).stdout.trim()).toBe('incrementalSyncDays = 14');
    expect((await w.cli(['config', 'get', 'incrementalSyncDays'])).stdout.trim()).toBe('14');
    expect(JSON.parse((await w.cli(['config', 'list', '--json'])).stdout)).toMatchObject({ incrementalSyncDays: 14, initialSyncDays: 365 });
    const bad = await w.cli(['config', 'set', 'concurrency', '100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/concurrency must be a whole number from 1 to 16/);
    expect((await w.cli(['config', 'get', 'nope'])).code).toBe(2);
  });

  it('cron prints a crontab line with absolute node and script paths, PATH and the home', async () => {
    const run = await w.cli(['cron', '--every', '6h']);
    expect(run.code, run.stderr).toBe(0);
    const line = run.stdout.trim();
    expect(line).toMatch(/^\d{1,2} \*\/6 \* \* \* PATH=\S+ /);
    expect(line).toContain(`GARMIN_SYNC_HOME=${w.home}`);
    expect(line).toContain(`${process.execPath} `);
    expect(line).toMatch(/\/dist\/cli\/main\.js sync --quiet --scheduled$/);
    expect(line).not.toContain('DBUS_SESSION_BUS_ADDRESS'); // file token store: no keychain
    const keychain = await w.cli(['cron'], { env: { GARMIN_SYNC_TOKEN_STORE: 'keychain', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' } });
    expect(keychain.stdout).toContain('DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus');
    expect((await w.cli(['cron', '--every', '7h'])).code).toBe(2);
  });
});
