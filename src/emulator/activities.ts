/**
 * Activities: the internal record, the seeded history, and the three Garmin shapes built from a
 * record — list item (protocol §3.2), detail (§3.3) and splits (§3.3). Shapes follow
 * recorded/garth/data/cassettes/test_activity_get.yaml and test_activity_list*.yaml; fields that
 * do not apply to a sport are left out rather than sent as null (§7.6).
 */
import { DEVICE_ID, DISPLAY_NAME, FULL_NAME, PROFILE_ID, TIME_ZONE } from './account.js';
import { ACTIVITY_TYPES } from './activity-types.js';
import { createRng, type Rng } from './prng.js';
import { DAY_MS, LOCAL_OFFSET_MS, addDays, dateToUtcMs, localMidnightGmtMs, spaceFormat, tenthFormat } from './time-format.js';

/** One lap of an activity. Units: ms, seconds, meters, bpm. */
export interface LapRecord {
  startGmtMs: number;
  durationSeconds: number;
  distanceMeters: number | null;
  averageHR: number | null;
  maxHR: number | null;
  calories: number;
  startLatitude: number | null;
  startLongitude: number | null;
}

/** An activity as the emulator stores it (seeded or uploaded). Units: ms, seconds, meters, bpm, kcal. */
export interface ActivityRecord {
  activityId: number;
  activityUuid: string;
  activityName: string;
  /** Absent until set (§7.6). */
  description?: string;
  /** Key into ACTIVITY_TYPES. */
  typeKey: string;
  startGmtMs: number;
  durationSeconds: number;
  elapsedDurationSeconds: number;
  movingDurationSeconds: number;
  distanceMeters: number | null;
  averageHR: number | null;
  maxHR: number | null;
  minHR: number | null;
  calories: number;
  elevationGainMeters: number | null;
  elevationLossMeters: number | null;
  startLatitude: number | null;
  startLongitude: number | null;
  endLatitude: number | null;
  endLongitude: number | null;
  /** Steps per minute, running/walking only. */
  averageRunCadence: number | null;
  aerobicTrainingEffect: number;
  activityTrainingLoad: number;
  vo2MaxValue: number | null;
  laps: LapRecord[];
  fileFormat: 'fit' | 'gpx' | 'tcx';
  uploadedGmtMs: number;
  /** SHA-256 (hex) of the uploaded file, null for seeded activities. */
  fileSha256: string | null;
  /** The uploaded file's bytes, null for seeded activities. */
  originalFile: Buffer | null;
  /** False while an upload is still "processing" (its status URL has not answered 200 yet). */
  visible: boolean;
}

/** Where the seeded account trains (San José, Costa Rica, matching the UTC-6 zone). */
const HOME = { latitude: 9.9281, longitude: -84.0907, name: 'San José' };

/** Per-sport ranges for the seeded generator. Speeds in m/s, distances in m, durations in s. */
const SPORTS = [
  { typeKey: 'running', weight: 55, distance: [5000, 15000], speed: [2.8, 3.5], hr: [135, 160], name: 'Running', lapMeters: 1000 },
  { typeKey: 'cycling', weight: 20, distance: [20000, 60000], speed: [6.0, 8.5], hr: [120, 145], name: 'Cycling', lapMeters: 5000 },
  { typeKey: 'lap_swimming', weight: 10, distance: [1500, 3000], speed: [0.6, 0.8], hr: [120, 140], name: 'Pool Swim', lapMeters: 500 },
  { typeKey: 'walking', weight: 10, distance: [2000, 6000], speed: [1.3, 1.5], hr: [90, 110], name: 'Walking', lapMeters: 1000 },
  { typeKey: 'strength_training', weight: 5, distance: [0, 0], speed: [0, 0], hr: [100, 125], name: 'Strength', lapMeters: 0 },
] as const;

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A UUID-shaped string from a rng (for `activityUUID`). */
function rngUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * Splits a distance (or, without distance, a duration) into laps with some jitter in pace and HR.
 * Lap durations sum to `durationSeconds`; lap distances sum to `distanceMeters`.
 */
function buildLaps(
  rng: Rng,
  startGmtMs: number,
  durationSeconds: number,
  distanceMeters: number | null,
  lapMeters: number,
  averageHR: number | null,
  calories: number,
): LapRecord[] {
  const pieces: number[] = [];
  if (distanceMeters && lapMeters > 0) {
    let left = distanceMeters;
    while (left > 0.5) {
      const d = Math.min(lapMeters, left);
      pieces.push(d);
      left -= d;
    }
  } else {
    pieces.push(1);
  }
  const weights = pieces.map((d) => d * rng.range(0.95, 1.05));
  const total = weights.reduce((a, b) => a + b, 0);
  const laps: LapRecord[] = [];
  let t = startGmtMs;
  pieces.forEach((d, i) => {
    const duration = (durationSeconds * weights[i]) / total;
    const hr = averageHR === null ? null : Math.round(averageHR + rng.range(-5, 5));
    laps.push({
      startGmtMs: Math.round(t),
      durationSeconds: round(duration, 3),
      distanceMeters: distanceMeters ? round(d, 2) : null,
      averageHR: hr,
      maxHR: hr === null ? null : hr + rng.int(5, 15),
      calories: Math.round((calories * weights[i]) / total),
      startLatitude: distanceMeters ? round(HOME.latitude + rng.range(-0.01, 0.01), 6) : null,
      startLongitude: distanceMeters ? round(HOME.longitude + rng.range(-0.01, 0.01), 6) : null,
    });
    t += duration * 1000;
  });
  return laps;
}

/** Deterministic activity id of the n-th seeded activity of a date (11 digits, increasing with time). */
function seededActivityId(date: string, n: number): number {
  return 20_000_000_000 + (dateToUtcMs(date) / DAY_MS) * 10 + n;
}

function seedOne(seed: number, date: string): ActivityRecord {
  const rng = createRng(seed, `activity/${date}`);
  let roll = rng.range(0, 100);
  const sport = SPORTS.find((s) => (roll -= s.weight) < 0) ?? SPORTS[0];
  const morning = rng.chance(0.6);
  const localStartSeconds = (morning ? rng.int(6 * 60, 8 * 60) : rng.int(17 * 60, 19 * 60)) * 60 + rng.int(0, 59);
  const startGmtMs = localMidnightGmtMs(date) + localStartSeconds * 1000;
  const hasDistance = sport.lapMeters > 0;
  const distance = hasDistance ? round(rng.range(sport.distance[0], sport.distance[1]), 2) : null;
  const speed = rng.range(sport.speed[0], sport.speed[1]);
  const duration = distance ? round(distance / speed, 3) : rng.int(30 * 60, 50 * 60) + round(rng.next(), 3);
  const averageHR = rng.int(sport.hr[0], sport.hr[1]);
  const calories = Math.round((duration / 60) * rng.range(7, 12));
  const isFoot = sport.typeKey === 'running' || sport.typeKey === 'walking';
  const outdoor = sport.typeKey !== 'lap_swimming' && hasDistance;
  const elevation = outdoor ? rng.int(10, 250) : null;
  return {
    activityId: seededActivityId(date, 0),
    activityUuid: rngUuid(rng),
    activityName: outdoor ? `${HOME.name} ${sport.name}` : sport.name,
    typeKey: sport.typeKey,
    startGmtMs,
    durationSeconds: duration,
    elapsedDurationSeconds: round(duration + rng.range(0, 120), 3),
    movingDurationSeconds: Math.floor(duration - rng.range(0, 30)),
    distanceMeters: distance,
    averageHR,
    maxHR: averageHR + rng.int(12, 25),
    minHR: averageHR - rng.int(20, 40),
    calories,
    elevationGainMeters: elevation,
    elevationLossMeters: elevation === null ? null : elevation + rng.int(-5, 5),
    startLatitude: outdoor ? round(HOME.latitude + rng.range(-0.01, 0.01), 6) : null,
    startLongitude: outdoor ? round(HOME.longitude + rng.range(-0.01, 0.01), 6) : null,
    endLatitude: outdoor ? round(HOME.latitude + rng.range(-0.01, 0.01), 6) : null,
    endLongitude: outdoor ? round(HOME.longitude + rng.range(-0.01, 0.01), 6) : null,
    averageRunCadence: isFoot ? round(rng.range(sport.typeKey === 'running' ? 160 : 105, sport.typeKey === 'running' ? 180 : 120), 2) : null,
    aerobicTrainingEffect: round(rng.range(2, 4), 1),
    activityTrainingLoad: round(rng.range(30, 160), 2),
    vo2MaxValue: sport.typeKey === 'running' || sport.typeKey === 'cycling' ? rng.int(47, 50) : null,
    laps: buildLaps(rng, startGmtMs, duration, distance, sport.lapMeters, averageHR, calories),
    fileFormat: 'fit',
    uploadedGmtMs: startGmtMs + Math.round(duration * 1000) + rng.int(60, 3600) * 1000,
    fileSha256: null,
    originalFile: null,
    visible: true,
  };
}

/**
 * The seeded history: 4–6 activities per Monday-based week, for the `days` days ending on `today`
 * (a `YYYY-MM-DD`). Each week's and each day's content depends only on (seed, date), so a day is
 * stable across restarts. Returned oldest first.
 */
export function seedActivities(seed: number, today: string, days: number): ActivityRecord[] {
  const first = addDays(today, -(days - 1));
  const firstMs = dateToUtcMs(first);
  const todayMs = dateToUtcMs(today);
  const weekday = (new Date(firstMs).getUTCDay() + 6) % 7; // Monday = 0
  const out: ActivityRecord[] = [];
  for (let monday = addDays(first, -weekday); dateToUtcMs(monday) <= todayMs; monday = addDays(monday, 7)) {
    const rng = createRng(seed, `week/${monday}`);
    const order = [0, 1, 2, 3, 4, 5, 6];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const chosen = order.slice(0, rng.int(4, 6)).sort((a, b) => a - b);
    for (const d of chosen) {
      const date = addDays(monday, d);
      const ms = dateToUtcMs(date);
      if (ms >= firstMs && ms <= todayMs) out.push(seedOne(seed, date));
    }
  }
  return out;
}

const EVENT_TYPE = { typeId: 9, typeKey: 'uncategorized', sortOrder: 10 };
const PRIVACY = { typeId: 2, typeKey: 'private' };

function averageSpeed(a: ActivityRecord): number | null {
  return a.distanceMeters ? a.distanceMeters / a.durationSeconds : null;
}

function maxSpeed(a: ActivityRecord): number | null {
  const speeds = a.laps.filter((l) => l.distanceMeters).map((l) => (l.distanceMeters as number) / l.durationSeconds);
  return speeds.length ? Math.max(...speeds) * 1.15 : null;
}

function intensityMinutes(a: ActivityRecord): { moderate: number; vigorous: number } {
  const minutes = Math.round(a.durationSeconds / 60);
  const vigorous = (a.averageHR ?? 0) >= 140 ? Math.round(minutes * 0.8) : 0;
  return { moderate: minutes - vigorous, vigorous };
}

function trainingEffectLabel(a: ActivityRecord): string {
  return a.aerobicTrainingEffect >= 3 ? 'TEMPO' : 'AEROBIC_BASE';
}

function splitSummary(a: ActivityRecord): Record<string, unknown> {
  return {
    noOfSplits: 1,
    totalAscent: a.elevationGainMeters ?? 0,
    duration: a.durationSeconds,
    splitType: 'INTERVAL_ACTIVE',
    numClimbSends: 0,
    maxElevationGain: a.elevationGainMeters ?? 0,
    averageElevationGain: a.elevationGainMeters ?? 0,
    maxDistance: Math.floor(a.distanceMeters ?? 0),
    distance: a.distanceMeters,
    averageSpeed: averageSpeed(a),
    maxSpeed: maxSpeed(a),
    numFalls: 0,
    elevationLoss: a.elevationLossMeters ?? 0,
  };
}

/** Sets `obj[key] = value` unless value is null/undefined (Garmin leaves absent fields out, §7.6). */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== null && value !== undefined) obj[key] = value;
}

/** The activity as an item of `GET /activitylist-service/activities/search/activities` (§3.2). */
export function toListItem(a: ActivityRecord): Record<string, unknown> {
  const info = ACTIVITY_TYPES[a.typeKey];
  const im = intensityMinutes(a);
  const o: Record<string, unknown> = { activityId: a.activityId, activityName: a.activityName };
  put(o, 'description', a.description);
  o.startTimeLocal = spaceFormat(a.startGmtMs, LOCAL_OFFSET_MS);
  o.startTimeGMT = spaceFormat(a.startGmtMs);
  o.activityType = info.dto;
  o.eventType = EVENT_TYPE;
  put(o, 'distance', a.distanceMeters);
  o.duration = a.durationSeconds;
  o.elapsedDuration = a.elapsedDurationSeconds;
  o.movingDuration = a.movingDurationSeconds;
  put(o, 'elevationGain', a.elevationGainMeters);
  put(o, 'elevationLoss', a.elevationLossMeters);
  put(o, 'averageSpeed', averageSpeed(a));
  put(o, 'maxSpeed', maxSpeed(a));
  put(o, 'startLatitude', a.startLatitude);
  put(o, 'startLongitude', a.startLongitude);
  o.hasPolyline = a.startLatitude !== null;
  o.hasImages = false;
  o.ownerId = PROFILE_ID;
  o.ownerDisplayName = DISPLAY_NAME;
  o.ownerFullName = FULL_NAME;
  o.calories = a.calories;
  o.bmrCalories = Math.round(a.durationSeconds / 40);
  put(o, 'averageHR', a.averageHR);
  put(o, 'maxHR', a.maxHR);
  put(o, 'averageRunningCadenceInStepsPerMinute', a.averageRunCadence);
  put(o, 'maxRunningCadenceInStepsPerMinute', a.averageRunCadence === null ? null : Math.round(a.averageRunCadence + 12));
  put(o, 'steps', a.averageRunCadence === null ? null : Math.round((a.averageRunCadence * a.durationSeconds) / 60));
  o.privacy = PRIVACY;
  o.userPro = false;
  o.hasVideo = false;
  o.timeZoneId = TIME_ZONE.unitId;
  o.beginTimestamp = a.startGmtMs;
  o.sportTypeId = info.sportTypeId;
  o.aerobicTrainingEffect = a.aerobicTrainingEffect;
  o.anaerobicTrainingEffect = 0;
  put(o, 'vO2MaxValue', a.vo2MaxValue);
  o.deviceId = DEVICE_ID;
  o.manufacturer = 'GARMIN';
  if (a.startLatitude !== null) o.locationName = HOME.name;
  o.lapCount = a.laps.length;
  put(o, 'endLatitude', a.endLatitude);
  put(o, 'endLongitude', a.endLongitude);
  o.trainingEffectLabel = trainingEffectLabel(a);
  o.activityTrainingLoad = a.activityTrainingLoad;
  o.aerobicTrainingEffectMessage = 'MAINTAINING_AEROBIC_BASE_7';
  o.anaerobicTrainingEffectMessage = 'NO_ANAEROBIC_BENEFIT_0';
  if (a.distanceMeters) o.splitSummaries = [splitSummary(a)];
  o.hasSplits = Boolean(a.distanceMeters);
  o.moderateIntensityMinutes = im.moderate;
  o.vigorousIntensityMinutes = im.vigorous;
  o.endTimeGMT = spaceFormat(a.startGmtMs + Math.round(a.elapsedDurationSeconds * 1000));
  o.qualifyingDive = false;
  o.parent = false;
  o.decoDive = false;
  o.autoCalcCalories = false;
  o.elevationCorrected = false;
  o.atpActivity = false;
  o.favorite = false;
  o.purposeful = false;
  o.manualActivity = false;
  o.pr = false;
  return o;
}

const FILE_FORMATS = { fit: { formatId: 7, formatKey: 'fit' }, gpx: { formatId: 1, formatKey: 'gpx' }, tcx: { formatId: 4, formatKey: 'tcx' } };

/** The activity as `GET /activity-service/activity/{id}` answers it (§3.3). */
export function toDetail(a: ActivityRecord): Record<string, unknown> {
  const info = ACTIVITY_TYPES[a.typeKey];
  const im = intensityMinutes(a);
  const summary: Record<string, unknown> = {
    startTimeLocal: tenthFormat(a.startGmtMs, LOCAL_OFFSET_MS),
    startTimeGMT: tenthFormat(a.startGmtMs),
  };
  put(summary, 'startLatitude', a.startLatitude);
  put(summary, 'startLongitude', a.startLongitude);
  put(summary, 'distance', a.distanceMeters === null ? null : round(a.distanceMeters, 2));
  summary.duration = round(a.durationSeconds, 3);
  summary.movingDuration = a.movingDurationSeconds;
  summary.elapsedDuration = round(a.elapsedDurationSeconds, 3);
  put(summary, 'elevationGain', a.elevationGainMeters);
  put(summary, 'elevationLoss', a.elevationLossMeters);
  put(summary, 'averageSpeed', averageSpeed(a));
  put(summary, 'averageMovingSpeed', a.distanceMeters ? a.distanceMeters / a.movingDurationSeconds : null);
  put(summary, 'maxSpeed', maxSpeed(a));
  summary.calories = a.calories;
  summary.bmrCalories = Math.round(a.durationSeconds / 40);
  put(summary, 'averageHR', a.averageHR);
  put(summary, 'maxHR', a.maxHR);
  put(summary, 'minHR', a.minHR);
  put(summary, 'averageRunCadence', a.averageRunCadence);
  put(summary, 'maxRunCadence', a.averageRunCadence === null ? null : Math.round(a.averageRunCadence + 12));
  summary.trainingEffect = a.aerobicTrainingEffect;
  summary.anaerobicTrainingEffect = 0;
  summary.aerobicTrainingEffectMessage = 'MAINTAINING_AEROBIC_BASE_7';
  summary.anaerobicTrainingEffectMessage = 'NO_ANAEROBIC_BENEFIT_0';
  put(summary, 'endLatitude', a.endLatitude);
  put(summary, 'endLongitude', a.endLongitude);
  summary.trainingEffectLabel = trainingEffectLabel(a);
  summary.activityTrainingLoad = a.activityTrainingLoad;
  summary.moderateIntensityMinutes = im.moderate;
  summary.vigorousIntensityMinutes = im.vigorous;
  put(summary, 'steps', a.averageRunCadence === null ? null : Math.round((a.averageRunCadence * a.durationSeconds) / 60));

  const o: Record<string, unknown> = {
    activityId: a.activityId,
    activityUUID: { uuid: a.activityUuid },
    activityName: a.activityName,
  };
  put(o, 'description', a.description);
  Object.assign(o, {
    userProfileId: PROFILE_ID,
    isMultiSportParent: false,
    activityTypeDTO: info.dto,
    eventTypeDTO: EVENT_TYPE,
    accessControlRuleDTO: PRIVACY,
    timeZoneUnitDTO: { unitId: TIME_ZONE.unitId, unitKey: TIME_ZONE.unitKey, factor: 0.0, timeZone: TIME_ZONE.unitKey },
    metadataDTO: {
      isOriginal: true,
      deviceApplicationInstallationId: 1003399,
      agentApplicationInstallationId: null,
      agentString: null,
      fileFormat: FILE_FORMATS[a.fileFormat],
      associatedCourseId: null,
      lastUpdateDate: tenthFormat(a.uploadedGmtMs),
      uploadedDate: tenthFormat(a.uploadedGmtMs),
      videoUrl: null,
      hasPolyline: a.startLatitude !== null,
      hasChartData: true,
      hasHrTimeInZones: a.averageHR !== null,
      hasPowerTimeInZones: false,
      userInfoDto: { userProfilePk: PROFILE_ID, displayname: DISPLAY_NAME, fullname: FULL_NAME, userPro: false },
      childIds: [],
      childActivityTypes: [],
      sensors: null,
      activityImages: [],
      manufacturer: 'GARMIN',
      diveNumber: null,
      lapCount: a.laps.length,
      associatedWorkoutId: null,
      isAtpActivity: null,
      deviceMetaDataDTO: { deviceId: String(DEVICE_ID), deviceTypePk: 37229, deviceVersionPk: 1003399 },
      hasIntensityIntervals: false,
      hasSplits: Boolean(a.distanceMeters),
      personalRecord: false,
      elevationCorrected: false,
      autoCalcCalories: false,
      favorite: false,
      trimmed: false,
      manualActivity: false,
      gcj02: false,
    },
    summaryDTO: summary,
  });
  if (a.startLatitude !== null) o.locationName = HOME.name;
  if (a.distanceMeters) o.splitSummaries = [splitSummary(a)];
  return o;
}

/** The activity as `GET /activity-service/activity/{id}/splits` answers it (§3.3, shape [code]). */
export function toSplits(a: ActivityRecord): Record<string, unknown> {
  return {
    activityId: a.activityId,
    lapDTOs: a.laps.map((lap, i) => {
      const o: Record<string, unknown> = { lapIndex: i + 1, startTimeGMT: tenthFormat(lap.startGmtMs) };
      put(o, 'startLatitude', lap.startLatitude);
      put(o, 'startLongitude', lap.startLongitude);
      put(o, 'distance', lap.distanceMeters);
      o.duration = lap.durationSeconds;
      o.movingDuration = lap.durationSeconds;
      o.elapsedDuration = lap.durationSeconds;
      put(o, 'averageSpeed', lap.distanceMeters ? lap.distanceMeters / lap.durationSeconds : null);
      put(o, 'averageHR', lap.averageHR);
      put(o, 'maxHR', lap.maxHR);
      put(o, 'averageRunCadence', a.averageRunCadence);
      o.calories = lap.calories;
      o.intensityType = 'ACTIVE';
      o.messageIndex = i;
      return o;
    }),
    eventDTOs: [],
  };
}
