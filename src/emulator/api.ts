/**
 * connectapi read/write routes other than upload and workouts: profile (§3.1), activities
 * (§3.2–3.4) and wellness/metrics (§3.7). Shapes: recorded/garth cassettes named per handler.
 */
import { randomUUID } from 'node:crypto';
import { zipSync } from 'fflate';
import { DISPLAY_NAME, FULL_NAME, GARMIN_GUID, PROFILE_ID, SOCIAL_PROFILE_ID } from './account.js';
import { type ActivityRecord, toDetail, toListItem, toSplits } from './activities.js';
import { ACTIVITY_TYPES, parentTypeKey } from './activity-types.js';
import { seededFit } from './seeded-fit.js';
import { type Ctx, type Reply, badRequest, empty, isObject, json, notFoundJson, parseJsonBody } from './http.js';
import { dateToUtcMs, isIsoDate, localDateOf } from './time-format.js';

/** `GET /userprofile-service/socialProfile` (cassettes/test_user_profile.yaml). */
export function socialProfile(): Reply {
  return json(200, {
    id: SOCIAL_PROFILE_ID, profileId: PROFILE_ID, garminGUID: GARMIN_GUID, displayName: DISPLAY_NAME, fullName: FULL_NAME,
    userName: DISPLAY_NAME, profileImageType: null, profileImageUrlLarge: null, profileImageUrlMedium: null, profileImageUrlSmall: null,
    location: null, facebookUrl: null, twitterUrl: null, personalWebsite: null, motivation: null, bio: null, primaryActivity: null,
    favoriteActivityTypes: [], runningTrainingSpeed: 0.0, cyclingTrainingSpeed: 0.0, favoriteCyclingActivityTypes: [],
    cyclingClassification: null, cyclingMaxAvgPower: 0.0, swimmingTrainingSpeed: 0.0, profileVisibility: 'private',
    activityStartVisibility: 'private', activityMapVisibility: 'public', courseVisibility: 'public',
    activityHeartRateVisibility: 'public', activityPowerVisibility: 'public', badgeVisibility: 'private', showAge: false,
    showWeight: false, showHeight: false, showWeightClass: false, showAgeRange: false, showGender: false, showActivityClass: false,
    showVO2Max: false, showPersonalRecords: false, showLast12Months: false, showLifetimeTotals: false, showUpcomingEvents: false,
    showRecentFavorites: false, showRecentDevice: false, showRecentGear: false, showBadges: true, otherActivity: null,
    otherPrimaryActivity: null, otherMotivation: null,
    userRoles: ['SCOPE_CONNECT_READ', 'SCOPE_CONNECT_WRITE', 'ROLE_CONNECTUSER', 'ROLE_FITNESS_USER', 'ROLE_WELLNESS_USER'],
    nameApproved: true, userProfileFullName: FULL_NAME, makeGolfScorecardsPrivate: true, allowGolfLiveScoring: false,
    allowGolfScoringByConnections: true, userLevel: 1, userPoint: 0, levelUpdateDate: '2025-01-02T08:00:00.0',
    levelIsViewed: false, levelPointThreshold: 20, userPointOffset: 0, userPro: false,
  });
}

/** `GET /userprofile-service/userprofile/user-settings` (cassettes/test_user_settings.yaml). */
export function userSettings(): Reply {
  const format = (formatId: number, formatKey: string, groupingUsed: boolean): Record<string, unknown> => ({
    formatId, formatKey, minFraction: 0, maxFraction: 0, groupingUsed, displayFormat: null,
  });
  return json(200, {
    id: PROFILE_ID,
    userData: {
      gender: 'FEMALE', weight: 62000.0, height: 170.0, timeFormat: 'time_twenty_four_hr', birthDate: '1990-04-12',
      measurementSystem: 'metric', activityLevel: null, handedness: 'RIGHT', powerFormat: format(30, 'watt', true),
      heartRateFormat: format(21, 'bpm', false), firstDayOfWeek: { dayId: 3, dayName: 'monday', sortOrder: 3, isPossibleFirstDay: true },
      vo2MaxRunning: 48.0, vo2MaxCycling: 45.0, lactateThresholdSpeed: 0.35, lactateThresholdHeartRate: 168, diveNumber: null,
      intensityMinutesCalcMethod: 'AUTO', moderateIntensityMinutesHrZone: 3, vigorousIntensityMinutesHrZone: 4,
      hydrationMeasurementUnit: 'milliliter', hydrationContainers: [], hydrationAutoGoalEnabled: true, firstbeatMaxStressScore: null,
      firstbeatCyclingLtTimestamp: null, firstbeatRunningLtTimestamp: 1104537600, thresholdHeartRateAutoDetected: true,
      ftpAutoDetected: null, trainingStatusPausedDate: null, weatherLocation: null, golfDistanceUnit: 'statute_us',
      golfElevationUnit: null, golfSpeedUnit: null, externalBottomTime: null,
    },
    userSleep: { sleepTime: 80400, defaultSleepTime: false, wakeTime: 24000, defaultWakeTime: false },
    connectDate: null,
    sourceType: null,
  });
}

/** True when an activity matches an `activityType` filter (its own key or its parent's). */
function matchesType(a: ActivityRecord, typeKey: string): boolean {
  return a.typeKey === typeKey || parentTypeKey(a.typeKey) === typeKey;
}

/**
 * `GET /activitylist-service/activities/search/activities` (§3.2, §4 "Paging"): start, limit,
 * startDate/endDate (inclusive, local start date), activityType, sortOrder=asc; newest first by
 * default; `[]` past the end.
 */
export function searchActivities(ctx: Ctx): Reply {
  const { startDate, endDate, activityType, sortOrder } = ctx.query;
  if ((startDate && !isIsoDate(startDate)) || (endDate && !isIsoDate(endDate))) return badRequest('dates must be YYYY-MM-DD');
  const start = Number(ctx.query.start ?? 0);
  const limit = Number(ctx.query.limit ?? 20);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 0) return badRequest('start and limit must be non-negative integers');
  const list = [...ctx.state.activities.values()]
    .filter((a) => a.visible)
    .filter((a) => {
      const local = localDateOf(a.startGmtMs);
      return (!startDate || local >= startDate) && (!endDate || local <= endDate);
    })
    .filter((a) => !activityType || matchesType(a, activityType))
    .sort((a, b) => (sortOrder === 'asc' ? a.startGmtMs - b.startGmtMs : b.startGmtMs - a.startGmtMs));
  return json(200, list.slice(start, start + limit).map(toListItem));
}

function activityParam(ctx: Ctx): ActivityRecord | null {
  const a = ctx.state.activities.get(Number(ctx.params[0]));
  return a && a.visible ? a : null;
}

/** `GET /activity-service/activity/{id}` (data/cassettes/test_activity_get.yaml). */
export function getActivity(ctx: Ctx): Reply {
  const a = activityParam(ctx);
  return a ? json(200, toDetail(a)) : notFoundJson();
}

/** `GET /activity-service/activity/{id}/splits` (§3.3, shape [code]). */
export function getSplits(ctx: Ctx): Reply {
  const a = activityParam(ctx);
  return a ? json(200, toSplits(a)) : notFoundJson();
}

/** `PUT /activity-service/activity/{id}` `{activityId, activityName?, description?}` → 204 (data/cassettes/test_activity_update*.yaml). */
export function updateActivity(ctx: Ctx): Reply {
  const a = activityParam(ctx);
  if (!a) return notFoundJson();
  const body = parseJsonBody(ctx);
  if (!isObject(body)) return badRequest('the body must be a JSON object');
  if (body.activityId !== undefined && Number(body.activityId) !== a.activityId) return badRequest('activityId does not match the path');
  if (body.activityName !== undefined && typeof body.activityName !== 'string') return badRequest('activityName must be a string');
  if (body.description !== undefined && typeof body.description !== 'string') return badRequest('description must be a string');
  const typeKey = body.activityTypeDTO === undefined ? null : knownActivityType(body.activityTypeDTO);
  if (typeKey === undefined) return badRequest('activityTypeDTO must name a known typeKey with its typeId');
  if (typeof body.activityName === 'string') a.activityName = body.activityName;
  if (typeof body.description === 'string') a.description = body.description;
  if (typeKey !== null) a.typeKey = typeKey;
  return empty(204);
}

/**
 * The typeKey of an `activityTypeDTO` `{typeId, typeKey, …}` whose typeId is that key's, else
 * undefined (Garmin's answer to a wrong type is unrecorded; a 400 is the conservative choice).
 */
function knownActivityType(dto: unknown): string | undefined {
  if (!isObject(dto) || typeof dto.typeKey !== 'string') return undefined;
  const info = ACTIVITY_TYPES[dto.typeKey];
  return info && info.dto.typeId === Number(dto.typeId) ? dto.typeKey : undefined;
}

/** `DELETE /activity-service/activity/{id}` → 204, later GETs 404 (cassettes/test_delete.yaml). */
export function deleteActivity(ctx: Ctx): Reply {
  const a = activityParam(ctx);
  if (!a) return notFoundJson();
  ctx.state.activities.delete(a.activityId);
  return empty(204);
}

/**
 * `GET /download-service/files/activity/{id}` (§3.4): a ZIP with `{id}_ACTIVITY.fit`: the uploaded
 * FIT, or for a seeded activity a small FIT encoded from its record (seeded-fit.ts). An activity
 * uploaded as GPX/TCX answers 404 here (the emulator does not convert them).
 */
export function downloadOriginal(ctx: Ctx): Reply {
  const a = activityParam(ctx);
  if (!a || (a.originalFile && a.fileFormat !== 'fit')) return notFoundJson();
  const fit = a.originalFile ? new Uint8Array(a.originalFile) : seededFit(a);
  const zip = zipSync({ [`${a.activityId}_ACTIVITY.fit`]: fit }, { mtime: new Date(a.uploadedGmtMs) });
  return {
    status: 200,
    headers: { 'content-type': 'application/x-zip-compressed', 'content-disposition': `attachment; filename="${a.activityId}.zip"` },
    body: Buffer.from(zip),
  };
}

/** The `{displayName}` path part must be the account's (or empty, §3 "{displayName}"); else the §3 403 body [issue]. */
function checkDisplayName(ctx: Ctx, raw: string | undefined): Reply | null {
  if (raw === undefined || raw === '' || decodeURIComponent(raw) === DISPLAY_NAME) return null;
  return json(403, { clientMessage: 'Reference Error ID in error logs for further information', errorId: randomUUID(), error: 'WebApplicationException' });
}

function dateQuery(ctx: Ctx, name: string): string | Reply {
  const date = ctx.query[name];
  return date && isIsoDate(date) ? date : badRequest(`${name} must be YYYY-MM-DD`);
}

/** `GET /wellness-service/wellness/dailySleepData/{displayName}?date=` and `/sleep-service/sleep/dailySleepData?date=` (§3.7). */
export function dailySleep(ctx: Ctx): Reply {
  const denied = checkDisplayName(ctx, ctx.params[0]);
  if (denied) return denied;
  const date = dateQuery(ctx, 'date');
  return typeof date === 'string' ? json(200, ctx.state.wellness.sleepResponse(date)) : date;
}

/** `GET /hrv-service/hrv/{date}`: 204 with an empty body when there is no data [rec]. */
export function hrvDay(ctx: Ctx): Reply {
  if (!isIsoDate(ctx.params[0])) return badRequest('date must be YYYY-MM-DD');
  const body = ctx.state.wellness.hrvResponse(ctx.params[0]);
  return body ? json(200, body) : empty(204);
}

/** `GET /hrv-service/hrv/daily/{start}/{end}`: `{"hrvSummaries":[…]}`, 204 when none (§7.5). */
export function hrvRange(ctx: Ctx): Reply {
  const [start, end] = ctx.params;
  if (!isIsoDate(start) || !isIsoDate(end) || dateToUtcMs(start) > dateToUtcMs(end)) return badRequest('invalid date range');
  const body = ctx.state.wellness.hrvRangeResponse(start, end);
  return body ? json(200, body) : empty(204);
}

/** `GET /wellness-service/wellness/dailyHeartRate[/[{displayName}]]?date=` (data/cassettes/test_daily_heart_rate_get.yaml). */
export function dailyHeartRate(ctx: Ctx): Reply {
  const denied = checkDisplayName(ctx, ctx.params[0]);
  if (denied) return denied;
  const date = dateQuery(ctx, 'date');
  return typeof date === 'string' ? json(200, ctx.state.wellness.heartRateResponse(date)) : date;
}

/** `GET /usersummary-service/usersummary/daily[/[{displayName}]]?calendarDate=` (data/cassettes/test_daily_summary_get.yaml). */
export function dailySummary(ctx: Ctx): Reply {
  const denied = checkDisplayName(ctx, ctx.params[0]);
  if (denied) return denied;
  const date = dateQuery(ctx, 'calendarDate');
  return typeof date === 'string' ? json(200, ctx.state.wellness.dailySummaryResponse(date)) : date;
}

/** `GET /metrics-service/metrics/maxmet/daily/{start}/{end}`: sparse array, `[]` if none (§3.7). */
export function maxMetRange(ctx: Ctx): Reply {
  const [start, end] = ctx.params;
  if (!isIsoDate(start) || !isIsoDate(end) || dateToUtcMs(start) > dateToUtcMs(end)) return badRequest('invalid date range');
  return json(200, ctx.state.wellness.maxMetRangeResponse(start, end));
}

/** `GET /metrics-service/metrics/trainingreadiness/{date}`: array, `[]` if none (data/cassettes/test_training_readiness_data_get.yaml). */
export function trainingReadiness(ctx: Ctx): Reply {
  if (!isIsoDate(ctx.params[0])) return badRequest('date must be YYYY-MM-DD');
  return json(200, ctx.state.wellness.trainingReadinessResponse(ctx.params[0]));
}

/**
 * `GET /mobile-gateway/usersummary/trainingstatus/weekly/{start}/{end}` (recorded/garth
 * stats/cassettes/test_weekly_training_status.yaml): each part wrapped per §7.9; training status
 * for every day of the range that has one, under `reportData.<deviceId>`.
 */
export function trainingStatusRange(ctx: Ctx): Reply {
  const [start, end] = ctx.params;
  if (!isIsoDate(start) || !isIsoDate(end) || dateToUtcMs(start) > dateToUtcMs(end)) return badRequest('invalid date range');
  return json(200, ctx.state.wellness.trainingStatusRangeResponse(start, end));
}
