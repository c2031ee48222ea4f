/**
 * A real client nobody here wrote (issue 12 item 6): the calls python-garminconnect makes
 * (github.com/cyberjunky/python-garminconnect, garminconnect/__init__.py and client.py at commit
 * 981d150, 2026-08-22; read, not run: PyPI is unreachable here), and which the emulator serves.
 * Every call listed as served is made below against the emulator and must answer 2xx.
 *
 * Served (python-garminconnect method → route):
 *   sign-in: mobile JSON flow (`/mobile/sso/en_US/sign-in`, `/mobile/api/login`, `/mobile/api/mfa/verifyCode`),
 *     portal JSON flow (`/portal/sso/en-US/sign-in`, `/portal/api/login`, `/portal/api/mfa/verifyCode`),
 *     widget flow (`/sso/embed`, `/sso/signin`, `/sso/verifyMFA/loginEnterMfaCode`), DI token exchange and refresh
 *     (`/di-oauth2-service/oauth/token`) — covered by auth.test.ts and the e2e sign-in tests
 *   get_full_name, get_unit_system (socialProfile) → GET /userprofile-service/socialProfile
 *   get_user_profile → GET /userprofile-service/userprofile/user-settings
 *   get_userprofile_settings → GET /userprofile-service/userprofile/settings
 *   get_activities, get_activities_by_date, get_last_activity → GET /activitylist-service/activities/search/activities
 *   get_activity → GET /activity-service/activity/{id}; get_activity_splits → …/{id}/splits
 *   set_activity_name, set_activity_description → PUT /activity-service/activity/{id}
 *   delete_activity → DELETE /activity-service/activity/{id}
 *   download_activity (ORIGINAL) → GET /download-service/files/activity/{id}
 *   upload_activity, import_activity → POST /upload-service/upload (covered by api.test.ts and the e2e import tests)
 *   get_sleep_data → GET /wellness-service/wellness/dailySleepData/{displayName}
 *   get_hrv_data → GET /hrv-service/hrv/{date}; get_hrv_data_range → GET /hrv-service/hrv/daily/{start}/{end}
 *   get_heart_rates → GET /wellness-service/wellness/dailyHeartRate/{displayName}
 *   get_user_summary, get_stats → GET /usersummary-service/usersummary/daily/{displayName}
 *   get_max_metrics, get_max_metrics_range → GET /metrics-service/metrics/maxmet/daily/{start}/{end}
 *   get_training_readiness → GET /metrics-service/metrics/trainingreadiness/{date}
 *   get_training_status → GET /metrics-service/metrics/trainingstatus/aggregated/{date}
 *   get_all_day_stress, get_stress_data → GET /wellness-service/wellness/dailyStress/{date}
 *   get_body_battery_events → GET /wellness-service/wellness/bodyBattery/events/{date}
 *   get_daily_steps → GET /usersummary-service/stats/steps/daily/{start}/{end}
 *   get_weekly_steps → GET /usersummary-service/stats/steps/weekly/{end}/{weeks}
 *   get_weekly_stress → GET /usersummary-service/stats/stress/weekly/{end}/{weeks}
 *   get_weekly_intensity_minutes → GET /usersummary-service/stats/im/weekly/{start}/{end}
 *   get_hydration_data → GET /usersummary-service/usersummary/hydration/daily/{date}
 *   add_hydration_data → PUT /usersummary-service/usersummary/hydration/log
 *   get_hill_score, get_endurance_score (one day) → GET /metrics-service/metrics/{hillscore,endurancescore}?calendarDate=
 *   get_heart_rate_zones → GET /biometric-service/heartRateZones
 *   get_daily_weigh_ins → GET /weight-service/weight/dayview/{date}; get_weigh_ins → GET /weight-service/weight/range/{start}/{end}
 *   get_workouts → GET /workout-service/workouts; get_workout_by_id → GET /workout-service/workout/{id}
 *   upload_workout → POST /workout-service/workout; delete_workout → DELETE /workout-service/workout/{id}
 *   schedule_workout → POST /workout-service/schedule/{id}; unschedule_workout → DELETE /workout-service/schedule/{id}
 *   get_scheduled_workouts → GET /calendar-service/year/{year}/month/{month}
 *
 * Not served (no recording and at most a path in garmin-protocol.md, so any shape would be invented):
 *   the widget's `/sso/verifyMFA/mfaCode` variant and the web refresh
 *   `connect.garmin.com/services/auth/token/di-oauth/refresh`; get_steps_data (dailySummaryChart), get_floors,
 *   get_respiration_data, get_spo2_data, get_intensity_minutes_data (daily/im), get_all_day_events,
 *   get_body_battery (bodyBattery/reports/daily), get_sleep_daily (sleep-service stats), get_rhr_day/
 *   get_rhr_daily/get_calories_daily (userstats-service), add_weigh_in/delete_weigh_in, get_body_composition (dateRange),
 *   blood pressure, get_hill_score/get_endurance_score ranges (`…/stats`), get_race_predictions,
 *   get_fitnessage_data, get_personal_record, badges and challenges, devices and device settings,
 *   primary training device, solar, count_activities, get_activities_fordate, get_activity_types,
 *   activity weather/HR-in-zones/power-in-zones/exercise sets/typed splits/split summaries, other
 *   download formats (TCX/GPX/KML/CSV export), health snapshot download, gear, power zones,
 *   lactate threshold, FTP ranges, request_reload, menstrual and pregnancy data, training plans,
 *   nutrition, golf, lifestyle logging, GraphQL, create_manual_activity_from_json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPLAY_NAME } from '../../src/emulator/account.js';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { exampleIntervalRun } from '../shared.js';
import { signIn } from './helpers.js';

const TODAY = '2026-03-10';
let emu: Emulator;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ today: TODAY, days: 60 });
  token = (await signIn(emu)).access_token;
});
afterAll(async () => emu.close());

async function call(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : await res.arrayBuffer();
  return { status: res.status, body };
}

describe('the calls python-garminconnect makes, against the emulator', () => {
  it('profile, activities, sleep, HRV, heart rate, summary and metrics calls answer 2xx', async () => {
    const name = encodeURIComponent(DISPLAY_NAME);
    const [activity] = (await call('GET', '/activitylist-service/activities/search/activities?start=0&limit=1')).body;
    const id = activity.activityId;
    const calls: Array<[string, string, string, unknown?]> = [
      ['get_full_name', 'GET', '/userprofile-service/socialProfile'],
      ['get_user_profile', 'GET', '/userprofile-service/userprofile/user-settings'],
      ['get_userprofile_settings', 'GET', '/userprofile-service/userprofile/settings'],
      ['get_activities_by_date', 'GET', `/activitylist-service/activities/search/activities?startDate=2026-03-01&endDate=${TODAY}&start=0&limit=20`],
      ['get_activity', 'GET', `/activity-service/activity/${id}`],
      ['get_activity_splits', 'GET', `/activity-service/activity/${id}/splits`],
      ['set_activity_name', 'PUT', `/activity-service/activity/${id}`, { activityId: id, activityName: 'Renamed' }],
      ['download_activity', 'GET', `/download-service/files/activity/${id}`],
      ['get_sleep_data', 'GET', `/wellness-service/wellness/dailySleepData/${name}?date=${TODAY}&nonSleepBufferMinutes=60`],
      ['get_hrv_data_range', 'GET', `/hrv-service/hrv/daily/2026-03-01/${TODAY}`],
      ['get_heart_rates', 'GET', `/wellness-service/wellness/dailyHeartRate/${name}?date=${TODAY}`],
      ['get_user_summary', 'GET', `/usersummary-service/usersummary/daily/${name}?calendarDate=${TODAY}`],
      ['get_max_metrics', 'GET', `/metrics-service/metrics/maxmet/daily/${TODAY}/${TODAY}`],
      ['get_training_readiness', 'GET', `/metrics-service/metrics/trainingreadiness/${TODAY}`],
      ['get_training_status', 'GET', `/metrics-service/metrics/trainingstatus/aggregated/${TODAY}`],
      ['get_all_day_stress', 'GET', `/wellness-service/wellness/dailyStress/${TODAY}`],
      ['get_body_battery_events', 'GET', `/wellness-service/wellness/bodyBattery/events/${TODAY}`],
      ['get_daily_steps', 'GET', `/usersummary-service/stats/steps/daily/2026-03-01/${TODAY}`],
      ['get_weekly_steps', 'GET', `/usersummary-service/stats/steps/weekly/${TODAY}/4`],
      ['get_weekly_stress', 'GET', `/usersummary-service/stats/stress/weekly/${TODAY}/4`],
      ['get_weekly_intensity_minutes', 'GET', `/usersummary-service/stats/im/weekly/2026-02-01/${TODAY}`],
      ['add_hydration_data', 'PUT', '/usersummary-service/usersummary/hydration/log', { calendarDate: TODAY, timestampLocal: `${TODAY}T08:00:00.0`, valueInML: 500 }],
      ['get_hydration_data', 'GET', `/usersummary-service/usersummary/hydration/daily/${TODAY}`],
      ['get_hill_score', 'GET', `/metrics-service/metrics/hillscore?calendarDate=${TODAY}`],
      ['get_endurance_score', 'GET', `/metrics-service/metrics/endurancescore?calendarDate=${TODAY}`],
      ['get_heart_rate_zones', 'GET', '/biometric-service/heartRateZones'],
      ['get_daily_weigh_ins', 'GET', `/weight-service/weight/dayview/${TODAY}`],
      ['get_weigh_ins', 'GET', `/weight-service/weight/range/2026-03-01/${TODAY}?includeAll=true`],
      ['get_scheduled_workouts', 'GET', '/calendar-service/year/2026/month/2'],
      ['delete_activity', 'DELETE', `/activity-service/activity/${id}`],
    ];
    const failed: string[] = [];
    for (const [method, verb, path, body] of calls) {
      const answer = await call(verb, path, body);
      if (answer.status < 200 || answer.status > 299) failed.push(`${method}: ${verb} ${path} → ${answer.status}`);
    }
    expect(failed).toEqual([]);
    // What the calls answered is consistent: the day's training status names the day, the hydration day adds up.
    const status = (await call('GET', `/metrics-service/metrics/trainingstatus/aggregated/${TODAY}`)).body;
    expect(Object.values(status.mostRecentTrainingStatus.latestTrainingStatusData).map((d: any) => d.calendarDate)).toEqual([TODAY]);
    expect((await call('GET', `/usersummary-service/usersummary/hydration/daily/${TODAY}`)).body.valueInML).toBe(500);
    const steps = (await call('GET', `/usersummary-service/stats/steps/daily/${TODAY}/${TODAY}`)).body;
    const summary = (await call('GET', `/usersummary-service/usersummary/daily/${name}?calendarDate=${TODAY}`)).body;
    expect(steps).toEqual([{ calendarDate: TODAY, totalSteps: summary.totalSteps, totalDistance: summary.totalDistanceMeters, stepGoal: summary.dailyStepGoal }]);
  });

  it('the workout calls: upload_workout, get_workouts, get_workout_by_id, schedule, unschedule, delete', async () => {
    const created = await call('POST', '/workout-service/workout', exampleIntervalRun());
    expect(created.status).toBe(200);
    const workoutId = created.body.workoutId;
    expect((await call('GET', '/workout-service/workouts?start=0&limit=100')).body.map((w: any) => w.workoutId)).toContain(workoutId);
    expect((await call('GET', `/workout-service/workout/${workoutId}`)).status).toBe(200);
    const scheduled = await call('POST', `/workout-service/schedule/${workoutId}`, { date: TODAY });
    expect(scheduled.status).toBe(200);
    expect((await call('DELETE', `/workout-service/schedule/${scheduled.body.workoutScheduleId}`)).status).toBeLessThan(300);
    expect((await call('DELETE', `/workout-service/workout/${workoutId}`)).status).toBeLessThan(300);
  });
});
