import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ActivityDetailSchema, ActivityListSchema } from '../../src/garmin/api/activities.js';
import { SocialProfileSchema, UserSettingsSchema } from '../../src/garmin/api/profile.js';
import { UploadAnswerSchema, duplicateActivityId, failureText } from '../../src/garmin/api/upload.js';
import { DailyHeartRateSchema, DailySleepSchema, HrvDaySchema } from '../../src/garmin/api/wellness.js';
import { recorded, type RecordedAnswer } from '../shared.js';

/** All recorded answers of a route, asserting there is at least one. */
function answers(list: Array<[string, string]>): RecordedAnswer[] {
  const found = list.flatMap(([cassette, uri]) => recorded(cassette, uri));
  expect(found.length).toBeGreaterThan(0);
  return found;
}

describe('schemas accept every recorded Garmin answer', () => {
  it('socialProfile, with each of the recorded image-field variants, keeping unknown keys', () => {
    for (const a of answers([
      ['cassettes/test_user_profile.yaml', 'socialProfile'],
      ['cassettes/test_profile_alias.yaml', 'socialProfile'],
      ['cassettes/test_telemetry_enabled_request.yaml', 'socialProfile'],
      ['cassettes/test_username.yaml', 'socialProfile'],
      ['data/cassettes/test_sleep_data_get.yaml', 'socialProfile'],
    ])) {
      const raw = JSON.parse(a.body);
      const profile = v.parse(SocialProfileSchema, raw);
      expect(profile.displayName).toBe('mtamizi');
      expect(profile).toEqual(raw);
    }
  });

  it('user-settings (with and without sleep windows)', () => {
    for (const a of answers([
      ['cassettes/test_user_settings.yaml', 'user-settings'],
      ['cassettes/test_user_settings_sleep_windows.yaml', 'user-settings'],
    ])) {
      const settings = v.parse(UserSettingsSchema, JSON.parse(a.body));
      expect(settings.userData?.measurementSystem).toBe('metric');
    }
  });

  it('activity list pages, including sports without distance or splits', () => {
    const pages = answers([
      ['data/cassettes/test_activity_list.yaml', 'search/activities'],
      ['data/cassettes/test_activity_list_pagination.yaml', 'search/activities'],
      ['data/cassettes/test_activity_get.yaml', 'search/activities'],
    ]);
    for (const a of pages) {
      const raw = JSON.parse(a.body) as unknown[];
      const items = v.parse(ActivityListSchema, raw);
      expect(items).toHaveLength(raw.length);
      expect(items).toEqual(raw);
      for (const item of items) expect(typeof item.activityId).toBe('number');
    }
  });

  it('activity detail', () => {
    for (const a of answers([
      ['data/cassettes/test_activity_get.yaml', 'activity-service/activity/'],
      ['data/cassettes/test_activity_update[both].yaml', 'activity-service/activity/'],
      ['cassettes/test_delete.yaml', 'activity-service/activity/'],
    ]).filter((a) => a.method === 'GET' && a.status === 200)) {
      const raw = JSON.parse(a.body);
      const detail = v.parse(ActivityDetailSchema, raw);
      expect(detail.activityId).toBe(raw.activityId);
      expect(detail.summaryDTO).toEqual(raw.summaryDTO);
    }
  });

  it('sleep, with data (wellness path) and without (sleep-service path)', () => {
    const withData = answers([['data/cassettes/test_sleep_data_list.yaml', 'dailySleepData']]);
    for (const a of withData) {
      const sleep = v.parse(DailySleepSchema, JSON.parse(a.body));
      expect(sleep.dailySleepDTO?.sleepTimeSeconds).toBeGreaterThan(0);
    }
    const variant = answers([['data/cassettes/test_daily_sleep_data_get.yaml', 'dailySleepData']]);
    const empty = variant.find((a) => a.uri.includes('2030-01-01'))!;
    const none = v.parse(DailySleepSchema, JSON.parse(empty.body));
    expect(none.dailySleepDTO?.sleepTimeSeconds).toBeNull();
    expect(none.sleepLevels).toEqual([]);
    const full = v.parse(DailySleepSchema, JSON.parse(variant.find((a) => a.uri.includes('2025-07-07'))!.body));
    expect(full.dailySleepDTO?.calendarDate).toBe('2025-07-07');
  });

  it('HRV: 200 bodies parse; the recorded no-data answer is 204 with an empty body', () => {
    const all = answers([
      ['data/cassettes/test_hrv_data_get.yaml', 'hrv-service/hrv/'],
      ['data/cassettes/test_hrv_data_list.yaml', 'hrv-service/hrv/'],
    ]);
    for (const a of all.filter((x) => x.status === 200)) {
      const hrv = v.parse(HrvDaySchema, JSON.parse(a.body));
      expect(hrv.hrvSummary?.lastNightAvg).toBeGreaterThan(0);
    }
    const noData = all.filter((x) => x.status === 204);
    expect(noData).toHaveLength(1);
    expect(noData[0].body).toBe('');
  });

  it('daily heart rate', () => {
    for (const a of answers([
      ['data/cassettes/test_daily_heart_rate_get.yaml', 'dailyHeartRate'],
      ['data/cassettes/test_daily_heart_rate_list.yaml', 'dailyHeartRate'],
    ])) {
      const hr = v.parse(DailyHeartRateSchema, JSON.parse(a.body));
      expect(hr.restingHeartRate).toBeGreaterThan(0);
      expect(hr.heartRateValues!.length).toBeGreaterThan(0);
    }
  });

  it('upload 202 and the protocol reference duplicate / unsupported-file bodies', () => {
    const [accepted] = answers([['cassettes/test_upload.yaml', 'upload-service/upload']]);
    expect(accepted.status).toBe(202);
    const result = v.parse(UploadAnswerSchema, JSON.parse(accepted.body));
    expect(result.uploadId).toBe(212157427938);
    expect(duplicateActivityId(result)).toBeNull();

    // Bodies quoted in garmin-protocol.md §3.5 (409 recorded 2025-09; the 415 one from an issue).
    const duplicate = v.parse(UploadAnswerSchema, {
      detailedImportResult: { uploadId: '', uploadUuid: null, owner: 82413233, fileSize: 5289, processingTime: 15,
        creationDate: '2025-09-01 07:53:41.97 GMT', ipAddress: null, fileName: '12129115726_ACTIVITY.fit', report: null, successes: [],
        failures: [{ internalId: 20242598711, externalId: '1064880658', messages: [{ code: 202, content: 'Duplicate Activity.' }] }] },
    });
    expect(duplicateActivityId(duplicate)).toBe(20242598711);
    const unsupported = v.parse(UploadAnswerSchema, {
      detailedImportResult: { uploadId: '', fileSize: 0, successes: [],
        failures: [{ internalId: null, externalId: null, messages: [{ code: 415, content: 'The file is of a type we do not support.' }] }] },
    });
    expect(duplicateActivityId(unsupported)).toBeNull();
    expect(failureText(unsupported)).toBe('The file is of a type we do not support. (code 415)');
  });
});
