/**
 * Wellness detail and statistics routes that python-garminconnect and garth call and garmin-sync
 * does not archive (issue 12 item 6): all-day stress, body-battery events, the usersummary and
 * sleep-score statistics ranges, hill and endurance scores, heart-rate zones, hydration, and the
 * profile settings. Shapes: the recorded answers named per handler (recorded/garth). Values are
 * derived from the same seeded days as the daily summary, so the two agree.
 */
import { PROFILE_ID, DEVICE_ID } from './account.js';
import { type Ctx, type Reply, badRequest, empty, isObject, json, parseJsonBody } from './http.js';
import type { EmulatorState } from './state.js';
import { DAY_MS, LOCAL_OFFSET_MS, addDays, dateToUtcMs, isIsoDate, localDateOf, localMidnightGmtMs, tenthFormat } from './time-format.js';
import { createRng } from './prng.js';
import { userSettings } from './api.js';

type Json = Record<string, any>;

/** The dates from `start` to `end`, inclusive. */
function datesOf(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; dateToUtcMs(d) <= dateToUtcMs(end); d = addDays(d, 1)) out.push(d);
  return out;
}

/** `[start, end]` of the path, or a 400 when they are not dates in order. */
function rangeParams(ctx: Ctx): [string, string] | Reply {
  const [start, end] = ctx.params;
  if (!isIsoDate(start) || !isIsoDate(end) || dateToUtcMs(start) > dateToUtcMs(end)) return badRequest('invalid date range');
  return [start, end];
}

/** `{end}/{weeks}` of a weekly path: the `weeks` 7-day periods ending on `end`, each named by its first day. */
function weeksParams(ctx: Ctx): string[] | Reply {
  const [end, count] = [ctx.params[0], Number(ctx.params[1])];
  if (!isIsoDate(end) || !Number.isInteger(count) || count < 1 || count > 52) return badRequest('expected {end}/{weeks} with 1-52 weeks');
  return Array.from({ length: count }, (_, k) => addDays(end, -7 * (count - k) + 1));
}

function summaryOf(ctx: Ctx, date: string): Json | null {
  return ctx.state.wellness.inRange(date) ? ctx.state.wellness.dailySummaryResponse(date) : null;
}

/** Stress samples `[ms, level]` every 3 minutes of the local day, around the day summary's average. */
function stressSamples(ctx: Ctx, date: string): Array<[number, number]> {
  const rng = createRng(ctx.state.wellness.seed, `${date}/stress-samples`);
  const start = localMidnightGmtMs(date);
  const summary = summaryOf(ctx, date)!;
  const avg = summary.averageStressLevel as number;
  return Array.from({ length: 480 }, (_, k): [number, number] => [start + k * 180_000, Math.max(0, Math.min(99, avg + rng.int(-15, 25)))]);
}

/** `GET /wellness-service/wellness/dailyStress/{date}` (data/cassettes/test_daily_body_battery_stress_get*.yaml): `null` without data. */
export function dailyStress(ctx: Ctx): Reply {
  const date = ctx.params[0];
  if (!isIsoDate(date)) return badRequest('date must be YYYY-MM-DD');
  const summary = summaryOf(ctx, date);
  if (!summary) return json(200, null);
  const start = localMidnightGmtMs(date);
  const stress = stressSamples(ctx, date);
  let level = summary.bodyBatteryAtWakeTime as number;
  const battery = stress.map(([ms, s]) => {
    const charging = s < 20;
    level = Math.max(5, Math.min(100, level + (charging ? 1 : -0.15)));
    return [ms, charging ? 'charging' : 'draining', Math.round(level), 1.0];
  });
  return json(200, {
    userProfilePK: PROFILE_ID, calendarDate: date, startTimestampGMT: tenthFormat(start), endTimestampGMT: tenthFormat(start + DAY_MS),
    startTimestampLocal: tenthFormat(start, LOCAL_OFFSET_MS), endTimestampLocal: tenthFormat(start + DAY_MS, LOCAL_OFFSET_MS),
    maxStressLevel: Math.max(...stress.map((s) => s[1])), avgStressLevel: summary.averageStressLevel, stressChartValueOffset: 1,
    stressChartYAxisOrigin: -1,
    stressValueDescriptorsDTOList: [{ key: 'timestamp', index: 0 }, { key: 'stressLevel', index: 1 }],
    stressValuesArray: stress,
    bodyBatteryValueDescriptorsDTOList: ['timestamp', 'bodyBatteryStatus', 'bodyBatteryLevel', 'bodyBatteryVersion'].map((key, i) => ({
      bodyBatteryValueDescriptorIndex: i, bodyBatteryValueDescriptorKey: key,
    })),
    bodyBatteryValuesArray: battery,
  });
}

/** `GET /wellness-service/wellness/bodyBattery/events/{date}` (data/cassettes/test_body_battery_data_*.yaml): the night and each activity; `[]` without data. */
export function bodyBatteryEvents(ctx: Ctx): Reply {
  const date = ctx.params[0];
  if (!isIsoDate(date)) return badRequest('date must be YYYY-MM-DD');
  const summary = summaryOf(ctx, date);
  if (!summary) return json(200, []);
  const events: Json[] = [];
  const sleep = ctx.state.wellness.day(date).sleep;
  if (sleep) {
    events.push({
      event: {
        eventType: 'sleep', eventStartTimeGmt: new Date(sleep.startGmtMs).toISOString().slice(0, 23), timezoneOffset: LOCAL_OFFSET_MS,
        durationInMilliseconds: sleep.endGmtMs - sleep.startGmtMs, bodyBatteryImpact: summary.bodyBatteryChargedValue,
        feedbackType: 'good_sleep', shortFeedback: 'Good sleep restored your Body Battery',
      },
      activityName: null, activityType: null, activityId: null, averageStress: 15.5,
      stressValuesArray: [[sleep.startGmtMs, 12], [sleep.endGmtMs - 300_000, 18]],
      bodyBatteryValuesArray: [[sleep.startGmtMs, 'charging', summary.bodyBatteryLowestValue, 1.0], [sleep.endGmtMs, 'charging', summary.bodyBatteryAtWakeTime, 1.0]],
    });
  }
  for (const a of [...ctx.state.activities.values()].filter((x) => x.visible && localDateOf(x.startGmtMs) === date)) {
    const end = a.startGmtMs + a.durationSeconds * 1000;
    events.push({
      event: null, activityName: a.activityName, activityType: a.typeKey, activityId: String(a.activityId), averageStress: 45.2,
      stressValuesArray: [], bodyBatteryValuesArray: [[a.startGmtMs, 'draining', 75, 1.0], [end, 'draining', 65, 1.0]],
    });
  }
  return json(200, events);
}

/**
 * A `…/daily/{start}/{end}` statistics route: one entry per day of the range with data (made by
 * `entry` from the day's summary), none for the others; a 400 for a bad range.
 */
function dailyStatsRoute(entry: (calendarDate: string, summary: Json) => Json): (ctx: Ctx) => Reply {
  return (ctx) => {
    const range = rangeParams(ctx);
    if (!Array.isArray(range)) return range;
    return json(200, datesOf(...range).flatMap((calendarDate) => {
      const summary = summaryOf(ctx, calendarDate);
      return summary ? [entry(calendarDate, summary)] : [];
    }));
  };
}

/**
 * A `…/weekly/{end}/{weeks}` statistics route: one entry per 7-day week with data (made by
 * `entry` from its days' summaries), none past the history; a 400 for bad parameters.
 */
function weeklyStatsRoute(entry: (calendarDate: string, days: Json[]) => Json): (ctx: Ctx) => Reply {
  return (ctx) => {
    const weeks = weeksParams(ctx);
    if (!Array.isArray(weeks)) return weeks;
    return json(200, weeks.flatMap((calendarDate) => {
      const days = weekSummaries(ctx, calendarDate);
      return days.length ? [entry(calendarDate, days)] : [];
    }));
  };
}

/** `GET /usersummary-service/stats/stress/daily/{start}/{end}` (stats/cassettes/test_daily_stress*.yaml). */
export const stressDailyStats = dailyStatsRoute((calendarDate, s) => ({
  calendarDate,
  values: { highStressDuration: s.highStressDuration, lowStressDuration: s.lowStressDuration, overallStressLevel: s.averageStressLevel, restStressDuration: s.restStressDuration, mediumStressDuration: s.mediumStressDuration },
}));

/** The in-history summaries of the 7 days starting on `first`. */
function weekSummaries(ctx: Ctx, first: string): Json[] {
  return datesOf(first, addDays(first, 6)).flatMap((d) => summaryOf(ctx, d) ?? []);
}

/** `GET /usersummary-service/stats/stress/weekly/{end}/{weeks}` (stats/cassettes/test_weekly_stress*.yaml): weeks with data only, `[]` past the history. */
export const stressWeeklyStats = weeklyStatsRoute((calendarDate, days) => ({
  calendarDate,
  value: Math.round(days.reduce((n, s) => n + s.averageStressLevel, 0) / days.length),
}));

/** `GET /usersummary-service/stats/steps/daily/{start}/{end}` (stats/cassettes/test_daily_steps.yaml). */
export const stepsDailyStats = dailyStatsRoute((calendarDate, s) => ({ calendarDate, totalSteps: s.totalSteps, totalDistance: s.totalDistanceMeters, stepGoal: s.dailyStepGoal }));

/** `GET /usersummary-service/stats/steps/weekly/{end}/{weeks}` (stats/cassettes/test_weekly_steps.yaml). */
export const stepsWeeklyStats = weeklyStatsRoute((calendarDate, days) => {
  const totalSteps = days.reduce((n, s) => n + s.totalSteps, 0);
  const totalDistance = days.reduce((n, s) => n + s.totalDistanceMeters, 0);
  return { calendarDate, values: { totalSteps, averageSteps: totalSteps / days.length, wellnessDataDaysCount: days.length, averageDistance: totalDistance / days.length, totalDistance } };
});

/** `GET /usersummary-service/stats/im/daily/{start}/{end}` (stats/cassettes/test_daily_intensity_minutes.yaml). */
export const intensityMinutesDailyStats = dailyStatsRoute((calendarDate, s) => ({
  calendarDate, weeklyGoal: s.intensityMinutesGoal, moderateValue: s.moderateIntensityMinutes, vigorousValue: s.vigorousIntensityMinutes,
}));

/** `GET /usersummary-service/stats/im/weekly/{start}/{end}` (stats/cassettes/test_weekly_intensity_minutes.yaml): calendar weeks from Monday. */
export function intensityMinutesWeeklyStats(ctx: Ctx): Reply {
  const range = rangeParams(ctx);
  if (!Array.isArray(range)) return range;
  const [start, end] = range;
  const weekday = (new Date(dateToUtcMs(start)).getUTCDay() + 6) % 7; // 0 = Monday
  const out: Json[] = [];
  for (let monday = addDays(start, -weekday); dateToUtcMs(monday) <= dateToUtcMs(end); monday = addDays(monday, 7)) {
    const days = weekSummaries(ctx, monday);
    if (!days.length) continue;
    out.push({
      calendarDate: monday, weeklyGoal: 150,
      moderateValue: days.reduce((n, s) => n + s.moderateIntensityMinutes, 0), vigorousValue: days.reduce((n, s) => n + s.vigorousIntensityMinutes, 0),
    });
  }
  return json(200, out);
}

/** Hydration logged per date (ml), kept per emulator. */
const hydrationLogs = new WeakMap<EmulatorState, Map<string, { valueInML: number; lastEntryTimestampLocal: string }>>();

function hydrationOf(state: EmulatorState): Map<string, { valueInML: number; lastEntryTimestampLocal: string }> {
  let logs = hydrationLogs.get(state);
  if (!logs) hydrationLogs.set(state, (logs = new Map()));
  return logs;
}

/** The day's water goal, ml: 2.8 l plus what the day's activities sweated out. */
function hydrationGoalMl(ctx: Ctx, date: string): number {
  const seconds = [...ctx.state.activities.values()].filter((a) => localDateOf(a.startGmtMs) === date).reduce((n, a) => n + a.durationSeconds, 0);
  return 2800 + Math.round((seconds / 3600) * 550);
}

/** `GET /usersummary-service/stats/hydration/daily/{start}/{end}` (stats/cassettes/test_daily_hydration.yaml): days with an entry. */
export function hydrationDailyStats(ctx: Ctx): Reply {
  const range = rangeParams(ctx);
  if (!Array.isArray(range)) return range;
  const logs = hydrationOf(ctx.state);
  return json(200, datesOf(...range).flatMap((calendarDate) => {
    const rng = createRng(ctx.state.wellness.seed, `${calendarDate}/hydration`);
    const logged = logs.get(calendarDate)?.valueInML ?? (ctx.state.wellness.inRange(calendarDate) && rng.chance(0.6) ? rng.int(3, 10) * 250 : null);
    return logged === null ? [] : [{ calendarDate, valueInML: logged, goalInML: hydrationGoalMl(ctx, calendarDate) }];
  }));
}

/**
 * `PUT /usersummary-service/usersummary/hydration/log` `{calendarDate?, timestampLocal, userProfileId, valueInML}`
 * (stats/cassettes/test_daily_hydration_log*.yaml): adds the intake to the day of `timestampLocal`; answers the day's total.
 */
export function logHydration(ctx: Ctx): Reply {
  const body = parseJsonBody(ctx);
  if (!isObject(body)) return badRequest('the body must be a JSON object');
  const valueInML = Number(body.valueInML);
  const timestampLocal = typeof body.timestampLocal === 'string' ? body.timestampLocal : tenthFormat(ctx.state.now(), LOCAL_OFFSET_MS);
  const calendarDate = typeof body.calendarDate === 'string' ? body.calendarDate : timestampLocal.slice(0, 10);
  if (!Number.isFinite(valueInML) || !isIsoDate(calendarDate)) return badRequest('valueInML must be a number and the date YYYY-MM-DD');
  const logs = hydrationOf(ctx.state);
  const total = (logs.get(calendarDate)?.valueInML ?? 0) + valueInML;
  logs.set(calendarDate, { valueInML: total, lastEntryTimestampLocal: timestampLocal });
  const goal = hydrationGoalMl(ctx, calendarDate);
  return json(200, {
    userId: PROFILE_ID, calendarDate, valueInML: total, goalInML: goal, dailyAverageinML: null, lastEntryTimestampLocal: timestampLocal,
    sweatLossInML: goal - 2800, activityIntakeInML: 0.0,
  });
}

/**
 * `GET /usersummary-service/usersummary/hydration/daily/{date}` (python-garminconnect
 * `get_hydration_data`; protocol §3.7 path only): the shape is unrecorded; answered as the
 * hydration log's answer for the day (`valueInML` 0 without entries).
 */
export function hydrationDay(ctx: Ctx): Reply {
  const date = ctx.params[0];
  if (!isIsoDate(date)) return badRequest('date must be YYYY-MM-DD');
  const logged = hydrationOf(ctx.state).get(date);
  const goal = hydrationGoalMl(ctx, date);
  return json(200, {
    userId: PROFILE_ID, calendarDate: date, valueInML: logged?.valueInML ?? 0, goalInML: goal, dailyAverageinML: null,
    lastEntryTimestampLocal: logged?.lastEntryTimestampLocal ?? null, sweatLossInML: goal - 2800, activityIntakeInML: 0.0,
  });
}

/** `GET /wellness-service/stats/daily/sleep/score/{start}/{end}` (stats/cassettes/test_daily_sleep.yaml): nights with a score. */
export function sleepScoreStats(ctx: Ctx): Reply {
  const range = rangeParams(ctx);
  if (!Array.isArray(range)) return range;
  return json(200, datesOf(...range).flatMap((calendarDate) => {
    const sleep = ctx.state.wellness.day(calendarDate).sleep;
    return sleep ? [{ calendarDate, value: sleep.score }] : [];
  }));
}

function calendarDateQuery(ctx: Ctx): string | Reply {
  const date = ctx.query.calendarDate;
  return date && isIsoDate(date) ? date : badRequest('calendarDate must be YYYY-MM-DD');
}

/** `GET /metrics-service/metrics/hillscore?calendarDate=` (data/cassettes/test_garmin_scores_data_*.yaml): 204 outside the history. */
export function hillScore(ctx: Ctx): Reply {
  const date = calendarDateQuery(ctx);
  if (typeof date !== 'string') return date;
  if (!ctx.state.wellness.inRange(date)) return empty(204);
  const rng = createRng(ctx.state.wellness.seed, `${date}/hill-score`);
  return json(200, {
    userProfilePK: PROFILE_ID, deviceId: DEVICE_ID, calendarDate: date, strengthScore: rng.int(2, 20), enduranceScore: rng.int(15, 40),
    hillScoreClassificationId: 1, overallScore: rng.int(20, 50), hillScoreFeedbackPhraseId: 4, vo2Max: 48.0, vo2MaxPreciseValue: 48.0,
    primaryTrainingDevice: true,
  });
}

/** `GET /metrics-service/metrics/endurancescore?calendarDate=` (data/cassettes/test_garmin_scores_data_*.yaml): 204 outside the history. */
export function enduranceScore(ctx: Ctx): Reply {
  const date = calendarDateQuery(ctx);
  if (typeof date !== 'string') return date;
  if (!ctx.state.wellness.inRange(date)) return empty(204);
  const rng = createRng(ctx.state.wellness.seed, `${date}/endurance-score`);
  return json(200, {
    userProfilePK: PROFILE_ID, deviceId: DEVICE_ID, calendarDate: date, overallScore: rng.int(4500, 6500), classification: 1, feedbackPhrase: 30,
    primaryTrainingDevice: true, gaugeLowerLimit: 3570, classificationLowerLimitIntermediate: 5100, classificationLowerLimitTrained: 5800,
    classificationLowerLimitWellTrained: 6600, classificationLowerLimitExpert: 7300, classificationLowerLimitSuperior: 8100,
    classificationLowerLimitElite: 8800, gaugeUpperLimit: 10560,
    contributors: [{ activityTypeId: 1, group: null, contribution: 71.3 }, { activityTypeId: 2, group: null, contribution: 28.7 }],
  });
}

/** Heart-rate zones per emulator (PUT replaces per sport). */
const zonesByState = new WeakMap<EmulatorState, Json[]>();

function zonesOf(state: EmulatorState): Json[] {
  let zones = zonesByState.get(state);
  if (!zones) {
    zones = [{
      trainingMethod: 'HR_RESERVE', restingHeartRateUsed: 50, lactateThresholdHeartRateUsed: 168, zone1Floor: 120, zone2Floor: 136,
      zone3Floor: 151, zone4Floor: 166, zone5Floor: 181, maxHeartRateUsed: 190, restingHrAutoUpdateUsed: false, sport: 'DEFAULT', changeState: 'UNCHANGED',
    }];
    zonesByState.set(state, zones);
  }
  return zones;
}

/** `GET /biometric-service/heartRateZones` (cassettes/test_put.yaml). */
export function heartRateZones(ctx: Ctx): Reply {
  return json(200, zonesOf(ctx.state));
}

/** `PUT /biometric-service/heartRateZones` `[{sport, trainingMethod, zone1Floor…, changeState}]` → 204 (cassettes/test_put.yaml). */
export function replaceHeartRateZones(ctx: Ctx): Reply {
  const body = parseJsonBody(ctx);
  if (!Array.isArray(body) || !body.every((z) => isObject(z) && typeof z.sport === 'string')) return badRequest('expected an array of zones with a sport');
  const zones = zonesOf(ctx.state);
  for (const z of body as Json[]) {
    const stored = { ...z, changeState: 'UNCHANGED' };
    const i = zones.findIndex((x) => x.sport === z.sport);
    if (i >= 0) zones[i] = { ...zones[i], ...stored };
    else zones.push(stored);
  }
  return empty(204);
}

/**
 * `GET /userprofile-service/userprofile/settings` (python-garminconnect `get_userprofile_settings`;
 * protocol §3.1 "Also available"): the shape is unrecorded; answered as user-settings.
 */
export function userProfileSettings(): Reply {
  return userSettings();
}
