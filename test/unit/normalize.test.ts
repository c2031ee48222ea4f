import { describe, expect, it } from 'vitest';
import { normalizeActivity, normalizeWellnessDay, overnightAverageHeartRate } from '../../src/sync/normalize.js';
import { recorded } from '../shared.js';

const body = (cassette: string, uriPart: string, index = 0) => JSON.parse(recorded(cassette, uriPart)[index].body);

describe('normalizeActivity (recorded Garmin answers)', () => {
  it('takes the normalized fields from the list item, with times as ISO', () => {
    const [summary] = body('data/cassettes/test_activity_get.yaml', 'search/activities');
    const detail = body('data/cassettes/test_activity_get.yaml', '/activity-service/activity/');
    const record = normalizeActivity({ summary, detail, splits: null });
    expect(record).toMatchObject({
      activityId: 21482825013,
      activityType: 'trail_running',
      startTimeGMT: '2026-01-08T14:10:21Z',
      startTimeLocal: '2026-01-08T08:10:21',
      averageHR: 142,
      maxHR: 162,
    });
    expect(record.distanceMeters).toBeCloseTo(4261.19, 1);
    expect(record.durationSeconds).toBeCloseTo(2223.33, 1);
    expect(record.raw).toEqual({ summary, detail, splits: null });
  });

  it('falls back to the detail (summaryDTO) when there is no list item, as after an upload', () => {
    const detail = body('data/cassettes/test_activity_get.yaml', '/activity-service/activity/');
    const record = normalizeActivity({ detail, splits: null });
    expect(record).toMatchObject({ activityId: 21482825013, activityType: 'trail_running', startTimeGMT: '2026-01-08T14:10:21Z', averageHR: 142 });
    expect(record.distanceMeters).toBeCloseTo(4261.19, 1);
  });

  it('leaves absent fields null (a yoga session has no distance)', () => {
    const record = normalizeActivity({ detail: { activityId: 1, activityTypeDTO: { typeKey: 'yoga' }, summaryDTO: { duration: 1800 } }, splits: null });
    expect(record).toMatchObject({ activityType: 'yoga', distanceMeters: null, averageHR: null, durationSeconds: 1800, startTimeGMT: null });
  });
});

describe('normalizeWellnessDay', () => {
  const sleep = body('data/cassettes/test_daily_sleep_data_get.yaml', 'date=2025-07-07');
  const start = sleep.dailySleepDTO.sleepStartTimestampGMT as number;
  const end = sleep.dailySleepDTO.sleepEndTimestampGMT as number;

  it('averages only the heart-rate samples inside the sleep window, across both calendar days', () => {
    // Samples every 2 minutes from 2 h before the window to 2 h after it, split at UTC midnight.
    const midnight = Date.parse('2025-07-07T00:00:00Z');
    const samples: Array<[number, number | null]> = [];
    for (let t = start - 7200_000; t <= end + 7200_000; t += 120_000) samples.push([t, t >= start && t <= end ? 50 + ((t / 120_000) % 7) : 90]);
    samples.push([start + 60_000, null]); // a gap is skipped, not counted as 0
    const previousHeartRate = { heartRateValues: samples.filter(([t]) => t < midnight) };
    const heartRate = { restingHeartRate: 44, heartRateValues: samples.filter(([t]) => t >= midnight) };
    const inside = samples.filter(([t, bpm]) => bpm !== null && t >= start && t <= end).map(([, bpm]) => bpm as number);
    const expected = Math.round((inside.reduce((a, b) => a + b, 0) / inside.length) * 10) / 10;
    const hrv = body('data/cassettes/test_hrv_data_get.yaml', 'hrv/2023-07-20');
    const day = normalizeWellnessDay({ calendarDate: '2025-07-07', sleep, hrv, heartRate, previousHeartRate });
    expect(day).toMatchObject({
      calendarDate: '2025-07-07',
      sleepSeconds: 24180,
      sleepStartGMT: new Date(start).toISOString(),
      sleepEndGMT: new Date(end).toISOString(),
      hrvLastNightAvgMs: 42,
      restingHeartRate: 44,
      overnightAvgHeartRate: expected,
    });
    expect(day.overnightAvgHeartRate).toBeLessThan(60); // none of the 90 bpm samples outside the window
  });

  it('is null everywhere for a day Garmin has nothing for (recorded no-data sleep, HRV 204, no samples)', () => {
    const empty = body('data/cassettes/test_daily_sleep_data_get.yaml', 'date=2030-01-01');
    const day = normalizeWellnessDay({ calendarDate: '2030-01-01', sleep: empty, hrv: null, heartRate: { heartRateValues: null, restingHeartRate: null }, previousHeartRate: null });
    expect(day).toMatchObject({ sleepSeconds: null, hrvLastNightAvgMs: null, restingHeartRate: null, overnightAvgHeartRate: null, sleepStartGMT: null });
  });

  it('counts a sample once even when both days list it', () => {
    expect(overnightAverageHeartRate(0, 10, [{ heartRateValues: [[5, 40]] }, { heartRateValues: [[5, 40], [6, 60]] }])).toBe(50);
    expect(overnightAverageHeartRate(null, 10, [{ heartRateValues: [[5, 40]] }])).toBeNull();
  });
});
