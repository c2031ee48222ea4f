import { readFixture } from '../shared.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPLAY_NAME } from '../../src/emulator/account.js';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { apiGet, cassetteBody, shapeDiff, signIn } from './helpers.js';

let emu: Emulator;
let token: string;
const get = async (path: string): Promise<{ status: number; body: any }> => {
  const res = await apiGet(emu, path, token);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
const rec = (file: string, index = 0): Record<string, any> => cassetteBody(file, index) as Record<string, any>;

beforeAll(async () => {
  emu = await startEmulator({ today: '2026-01-08', days: 120 });
  token = (await signIn(emu)).access_token;
});
afterAll(async () => {
  await emu.close();
});

describe('shapes match the recorded cassettes', () => {
  it('profile and settings', async () => {
    const profile = await get('/userprofile-service/socialProfile');
    expect(shapeDiff(profile.body, rec('cassettes/test_user_profile.yaml'))).toEqual([]);
    expect(profile.body.displayName).toBe(DISPLAY_NAME);
    const settings = await get('/userprofile-service/userprofile/user-settings');
    const recorded = rec('cassettes/test_user_settings.yaml');
    expect(Object.keys(settings.body).sort()).toEqual(Object.keys(recorded).sort());
    expect(shapeDiff(settings.body.userData, recorded.userData)).toEqual([]);
  });

  it('activity list item, detail and summaryDTO', async () => {
    const list = await get('/activitylist-service/activities/search/activities?start=0&limit=50&activityType=running');
    const item = list.body[0];
    const recordedItem = rec('data/cassettes/test_activity_get.yaml', 0)[0];
    expect(shapeDiff(item, recordedItem)).toEqual([]);
    expect(shapeDiff(item.activityType, recordedItem.activityType)).toEqual([]);
    expect(item.startTimeGMT).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const detail = await get(`/activity-service/activity/${item.activityId}`);
    const recorded = rec('data/cassettes/test_activity_get.yaml', 1);
    expect(shapeDiff(detail.body, recorded)).toEqual([]);
    expect(shapeDiff(detail.body.summaryDTO, recorded.summaryDTO)).toEqual([]);
    expect(shapeDiff(detail.body.metadataDTO, recorded.metadataDTO)).toEqual([]);
    expect(detail.body.summaryDTO.startTimeLocal).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d$/);
    const splits = await get(`/activity-service/activity/${item.activityId}/splits`);
    expect(splits.body.lapDTOs.length).toBeGreaterThan(0);
    const lapSum = splits.body.lapDTOs.reduce((s: number, l: any) => s + l.distance, 0);
    expect(lapSum).toBeCloseTo(item.distance, 0);
  });

  it('sleep with and without data (both paths)', async () => {
    const withData = rec('data/cassettes/test_daily_sleep_data_get.yaml', 0);
    const noData = rec('data/cassettes/test_daily_sleep_data_get.yaml', 1);
    const a = await get(`/wellness-service/wellness/dailySleepData/${DISPLAY_NAME}?date=2026-01-07&nonSleepBufferMinutes=60`);
    expect(shapeDiff(a.body, withData)).toEqual([]);
    expect(shapeDiff(a.body.dailySleepDTO, withData.dailySleepDTO)).toEqual([]);
    // The night starts the evening before the calendar date (local UTC-6).
    expect(a.body.dailySleepDTO.sleepStartTimestampGMT).toBeLessThan(Date.parse('2026-01-07T06:00:00Z'));
    const b = await get('/sleep-service/sleep/dailySleepData?date=2026-01-07');
    expect(b.body).toEqual(a.body);
    const none = await get('/sleep-service/sleep/dailySleepData?date=2030-01-01');
    expect(Object.keys(none.body).sort()).toEqual(Object.keys(noData).sort());
    expect(none.body.sleepLevels).toEqual([]);
    expect(Object.keys(none.body.dailySleepDTO).sort()).toEqual(Object.keys(noData.dailySleepDTO).sort());
  });

  it('HRV day, range, and 204 without data', async () => {
    const recorded = rec('data/cassettes/test_hrv_data_get.yaml');
    const day = await get('/hrv-service/hrv/2026-01-07');
    expect(day.status).toBe(200);
    expect(Object.keys(day.body).sort()).toEqual(Object.keys(recorded).sort());
    expect(shapeDiff(day.body.hrvSummary, recorded.hrvSummary)).toEqual([]);
    expect((await get('/hrv-service/hrv/2030-01-01')).status).toBe(204);
    const range = await get('/hrv-service/hrv/daily/2026-01-01/2026-01-07');
    expect(shapeDiff(range.body, rec('stats/cassettes/test_daily_hrv.yaml'))).toEqual([]);
    expect((await get('/hrv-service/hrv/daily/1990-06-23/1990-07-20')).status).toBe(204);
  });

  it('daily heart rate: 2-minute samples from local midnight, all three path forms', async () => {
    const recorded = rec('data/cassettes/test_daily_heart_rate_get.yaml');
    const hr = await get('/wellness-service/wellness/dailyHeartRate/?date=2026-01-07');
    expect(Object.keys(hr.body).sort()).toEqual(Object.keys(recorded).sort());
    expect(shapeDiff(hr.body, recorded)).toEqual([]);
    expect(hr.body.startTimestampGMT).toBe('2026-01-07T06:00:00.0');
    expect(hr.body.heartRateValues.length).toBeGreaterThan(650);
    expect(hr.body.heartRateValues[1][0] - hr.body.heartRateValues[0][0]).toBeLessThanOrEqual(240_000);
    expect((await get(`/wellness-service/wellness/dailyHeartRate/${DISPLAY_NAME}?date=2026-01-07`)).body).toEqual(hr.body);
    expect((await get('/wellness-service/wellness/dailyHeartRate?date=2026-01-07')).body).toEqual(hr.body);
    const none = await get('/wellness-service/wellness/dailyHeartRate/?date=2030-01-01');
    expect(none.body.heartRateValues).toBeNull();
  });

  it('daily summary, training readiness, maxmet', async () => {
    const summary = await get('/usersummary-service/usersummary/daily/?calendarDate=2026-01-07');
    expect(shapeDiff(summary.body, rec('data/cassettes/test_daily_summary_get.yaml', 2))).toEqual([]);
    const readiness = await get('/metrics-service/metrics/trainingreadiness/2026-01-07');
    expect(readiness.body.length).toBeGreaterThan(0);
    expect(shapeDiff(readiness.body[0], rec('data/cassettes/test_training_readiness_data_get.yaml')[0])).toEqual([]);
    expect((await get('/metrics-service/metrics/trainingreadiness/2030-01-01')).body).toEqual([]);
    const maxmet = await get('/metrics-service/metrics/maxmet/daily/2025-12-01/2026-01-08');
    expect(maxmet.body.length).toBeGreaterThan(0);
    expect(maxmet.body.length).toBeLessThan(39);
    expect(Object.keys(maxmet.body[0]).sort()).toEqual(['cycling', 'generic', 'heatAltitudeAcclimation', 'userId']);
  });
});

describe('seeded data', () => {
  it('is the same across restarts with the same seed and today, and starts fast', async () => {
    const t0 = Date.now();
    const other = await startEmulator({ today: '2026-01-08' });
    expect(Date.now() - t0).toBeLessThan(200);
    const again = await startEmulator({ today: '2026-01-08' });
    const token2 = (await signIn(other)).access_token;
    const token3 = (await signIn(again)).access_token;
    const path = '/wellness-service/wellness/dailyHeartRate/?date=2025-11-02';
    expect(await (await apiGet(other, path, token2)).json()).toEqual(await (await apiGet(again, path, token3)).json());
    const perWeek = [...other.state.activities.values()].filter((a) => a.startGmtMs >= Date.parse('2025-12-01T06:00:00Z') && a.startGmtMs < Date.parse('2025-12-08T06:00:00Z'));
    expect(perWeek.length).toBeGreaterThanOrEqual(4);
    expect(perWeek.length).toBeLessThanOrEqual(6);
    await other.close();
    await again.close();
  });

  it('pages until [] and filters dates inclusively on the local start date', async () => {
    const all: any[] = [];
    for (let start = 0; ; start += 20) {
      const page = await get(`/activitylist-service/activities/search/activities?start=${start}&limit=20`);
      if (page.body.length === 0) break;
      all.push(...page.body);
    }
    expect(all.length).toBe(emu.state.activities.size);
    expect(all[0].startTimeGMT > all[1].startTimeGMT).toBe(true);
    const day = all[5].startTimeLocal.slice(0, 10);
    const filtered = await get(`/activitylist-service/activities/search/activities?startDate=${day}&endDate=${day}&limit=100`);
    expect(filtered.body.map((a: any) => a.activityId)).toContain(all[5].activityId);
    expect(filtered.body.every((a: any) => a.startTimeLocal.startsWith(day))).toBe(true);
    const asc = await get('/activitylist-service/activities/search/activities?limit=2&sortOrder=asc');
    expect(asc.body[0].activityId).toBe(all[all.length - 1].activityId);
  });

  it('renames, describes and deletes an activity', async () => {
    const [item] = (await get('/activitylist-service/activities/search/activities?limit=1')).body;
    const put = await fetch(`${emu.url}/activity-service/activity/${item.activityId}`, {
      method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ activityId: item.activityId, activityName: 'Tempo', description: 'felt good' }),
    });
    expect(put.status).toBe(204);
    expect((await get(`/activity-service/activity/${item.activityId}`)).body).toMatchObject({ activityName: 'Tempo', description: 'felt good' });
    const del = await fetch(`${emu.url}/activity-service/activity/${item.activityId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(del.status).toBe(204);
    const gone = await get(`/activity-service/activity/${item.activityId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ message: 'HTTP 404 Not Found', error: 'NotFoundException' });
    const unknown = await apiGet(emu, '/no-such-service/x', token);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Page Not Found');
  });
});

describe('upload', () => {
  const post = (bytes: Buffer, name: string, field = 'file', path = '/upload-service/upload'): Promise<Response> => {
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(bytes)]), name);
    return fetch(`${emu.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  const fixture = (name: string): Buffer => readFixture(name);

  it('FIT → 202 → poll → the activity appears with its start time and distance; again → 409', async () => {
    const res = await post(fixture('fit/garmin-fenix-5-run.fit'), 'run.fit');
    expect(res.status).toBe(202);
    expect(shapeDiff(((await res.json()) as any).detailedImportResult, rec('cassettes/test_upload.yaml').detailedImportResult)).toEqual([]);
    expect(res.headers.get('location-in-milliseconds')).toBe('1000');
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${emu.url}/activity-service/activity/status/`)).toBe(true);
    expect(emu.requests[emu.requests.length - 1].body).toMatch(/^<multipart file=run\.fit \d+ bytes>$/);
    expect((await apiGet(emu, location.slice(emu.url.length), token)).status).toBe(202);
    const done = await apiGet(emu, location.slice(emu.url.length), token);
    expect(done.status).toBe(200);
    const id = ((await done.json()) as any).detailedImportResult.successes[0].internalId;
    const detail = await get(`/activity-service/activity/${id}`);
    expect(detail.body.summaryDTO.startTimeGMT).toBe('2017-06-11T14:34:09.0');
    expect(detail.body.summaryDTO.distance).toBeCloseTo(157.56, 1);
    expect(detail.body.summaryDTO.averageHR).toBe(90);
    expect(detail.body.activityTypeDTO.typeKey).toBe('running');
    const dup = await post(fixture('fit/garmin-fenix-5-run.fit'), 'run.fit', 'userfile', '/upload-service/upload/.fit');
    expect(dup.status).toBe(409);
    const failure = ((await dup.json()) as any).detailedImportResult.failures[0];
    expect(failure.internalId).toBe(id);
    expect(failure.messages).toEqual([{ code: 202, content: 'Duplicate Activity.' }]);
  });

  it.each(['fit/activity-filecrc.fit', 'fit/activity-unexpected-eof.fit', 'fit/Settings.fit', 'gpx/route.gpx', 'gpx/cerknicko-without-times.gpx'])(
    'refuses %s with 400 and message code 415',
    async (name) => {
      const res = await post(fixture(name), name.split('/')[1]);
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).detailedImportResult.failures[0].messages[0].code).toBe(415);
    },
  );

  it('GPX uploads with its first point time; missing file part → 400; uploadFailCount → 503', async () => {
    const res = await post(fixture('gpx/track-with-empty-segment.gpx'), 'track.gpx', 'file', '/upload-service/upload/gpx');
    expect(res.status).toBe(202);
    const bad = await fetch(`${emu.url}/upload-service/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new FormData() });
    expect(bad.status).toBe(400);
    emu.switches.uploadFailCount = 1;
    expect((await post(fixture('fit/garmin-edge-820-bike.fit'), 'bike.fit')).status).toBe(503);
    expect((await post(fixture('fit/garmin-edge-820-bike.fit'), 'bike.fit')).status).toBe(202);
  });
});

describe('connectapi switches', () => {
  it('api429 with Retry-After, api5xxCount, dropConnectionsCount, latencyMs', async () => {
    emu.switches.api429 = { count: 1, retryAfterSeconds: 7 };
    const limited = await apiGet(emu, '/userprofile-service/socialProfile', token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    emu.switches.api429 = { count: 1 };
    expect((await apiGet(emu, '/userprofile-service/socialProfile', token)).headers.get('retry-after')).toBeNull();
    emu.switches.api5xxCount = 2;
    const statuses = [
      (await apiGet(emu, '/userprofile-service/socialProfile', token)).status,
      (await apiGet(emu, '/userprofile-service/socialProfile', token)).status,
    ];
    expect(statuses.sort()).toEqual([500, 503]);
    emu.switches.dropConnectionsCount = 1;
    await expect(apiGet(emu, '/userprofile-service/socialProfile', token)).rejects.toThrow();
    emu.switches.latencyMs = 150;
    const t0 = Date.now();
    expect((await apiGet(emu, '/userprofile-service/socialProfile', token)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    emu.switches.latencyMs = 0;
  });
});
