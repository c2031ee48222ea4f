/**
 * Turns Garmin's answers into the archive records of ../shared/design.md ("Local archive"): the
 * normalized fields users read, with Garmin's raw answers kept under `raw`.
 */
import { SCHEMA_VERSION, type ActivityRecord, type MetricsDayRecord, type WellnessDayRecord } from '../archive/archive.js';

/** A loosely typed Garmin JSON object: every field optional, as protocol §7.6 says. */
type Json = Record<string, any>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Garmin writes times as `2026-01-08 14:10:21` (activity list) or `2026-01-08T14:10:21.0`
 * (activity detail) — protocol §3 conventions. Returns `2026-01-08T14:10:21` (no zone), or null.
 */
export function garminLocalTime(value: unknown): string | null {
  const s = str(value);
  if (!s) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(s);
  return m ? `${m[1]}T${m[2]}` : null;
}

/** Like garminLocalTime for a GMT field, with the `Z` that makes it an ISO instant. */
export function garminGmtTime(value: unknown): string | null {
  const t = garminLocalTime(value);
  return t ? `${t}Z` : null;
}

/**
 * One activity's archive record from its list item (optional: an upload knows only the detail),
 * its detail (`/activity-service/activity/{id}`, protocol §3.3) and splits (`…/{id}/splits`).
 * Throws Error when neither answer names the activityId (a bug, not user input).
 */
export function normalizeActivity(input: { summary?: Json | null; detail: Json; splits: Json | null }): ActivityRecord {
  const { summary, detail, splits } = input;
  const dto: Json = detail.summaryDTO ?? {};
  const activityId = num(summary?.activityId) ?? num(detail.activityId);
  if (activityId === null) throw new Error('Garmin activity without an activityId');
  return {
    schemaVersion: SCHEMA_VERSION,
    activityId,
    activityName: str(summary?.activityName) ?? str(detail.activityName),
    activityType: str(summary?.activityType?.typeKey) ?? str(detail.activityTypeDTO?.typeKey) ?? 'other',
    startTimeGMT: garminGmtTime(summary?.startTimeGMT ?? dto.startTimeGMT),
    startTimeLocal: garminLocalTime(summary?.startTimeLocal ?? dto.startTimeLocal),
    distanceMeters: num(summary?.distance) ?? num(dto.distance),
    durationSeconds: num(summary?.duration) ?? num(dto.duration),
    averageHR: num(summary?.averageHR) ?? num(dto.averageHR),
    maxHR: num(summary?.maxHR) ?? num(dto.maxHR),
    raw: { summary: summary ?? null, detail, splits },
  } as ActivityRecord;
}

/** A `[timestampMs, bpm]` sample of `heartRateValues` (protocol §3.7); bpm may be null. */
type HeartRateSample = [number, number | null];

/**
 * Mean heart rate of the samples inside the night's sleep window [start, end] (unix ms), taken
 * from every day's `heartRateValues` given — the window usually starts the evening before the
 * calendar date, so pass the previous day's answer too. Rounded to 0.1 bpm; null when the window
 * is unknown or holds no sample.
 */
export function overnightAverageHeartRate(sleepStartMs: number | null, sleepEndMs: number | null, heartRateDays: Array<Json | null | undefined>): number | null {
  if (sleepStartMs === null || sleepEndMs === null || sleepEndMs <= sleepStartMs) return null;
  let sum = 0;
  let count = 0;
  const seen = new Set<number>();
  for (const day of heartRateDays) {
    const values = day?.heartRateValues as HeartRateSample[] | null | undefined;
    if (!Array.isArray(values)) continue;
    for (const sample of values) {
      const [ts, bpm] = sample;
      if (typeof ts !== 'number' || typeof bpm !== 'number' || seen.has(ts)) continue;
      if (ts < sleepStartMs || ts > sleepEndMs) continue;
      seen.add(ts);
      sum += bpm;
      count += 1;
    }
  }
  return count === 0 ? null : Math.round((sum / count) * 10) / 10;
}

/**
 * One wellness day's archive record from the day's sleep (`dailySleepData`), HRV (the night's
 * `hrvSummary` from the range answer, or the single-day answer; null on 204), daily heart rate and
 * daily summary (`usersummary/daily`, null when not pulled) answers, plus the previous day's heart
 * rate for the part of the night before midnight (protocol §3.7; design.md for the fields).
 */
export function normalizeWellnessDay(input: {
  calendarDate: string;
  sleep: Json | null;
  hrv: Json | null;
  heartRate: Json | null;
  previousHeartRate: Json | null;
  summary?: Json | null;
}): WellnessDayRecord {
  const { calendarDate, sleep, hrv, heartRate, previousHeartRate } = input;
  const summary = input.summary ?? null;
  const dto: Json = sleep?.dailySleepDTO ?? {};
  const hrvSummary: Json = hrv?.hrvSummary ?? hrv ?? {};
  const sleepStartMs = num(dto.sleepStartTimestampGMT);
  const sleepEndMs = num(dto.sleepEndTimestampGMT);
  return {
    schemaVersion: SCHEMA_VERSION,
    calendarDate,
    sleepSeconds: num(dto.sleepTimeSeconds),
    sleepStartGMT: sleepStartMs === null ? null : new Date(sleepStartMs).toISOString(),
    sleepEndGMT: sleepEndMs === null ? null : new Date(sleepEndMs).toISOString(),
    deepSleepSeconds: num(dto.deepSleepSeconds),
    lightSleepSeconds: num(dto.lightSleepSeconds),
    remSleepSeconds: num(dto.remSleepSeconds),
    awakeSleepSeconds: num(dto.awakeSleepSeconds),
    sleepScore: num(dto.sleepScores?.overall?.value),
    hrvLastNightAvgMs: num(hrvSummary.lastNightAvg),
    hrvWeeklyAvgMs: num(hrvSummary.weeklyAvg),
    hrvStatus: str(hrvSummary.status),
    restingHeartRate: num(heartRate?.restingHeartRate) ?? num(sleep?.restingHeartRate),
    overnightAvgHeartRate: overnightAverageHeartRate(sleepStartMs, sleepEndMs, [previousHeartRate, heartRate]),
    totalSteps: num(summary?.totalSteps),
    averageStressLevel: num(summary?.averageStressLevel),
    maxStressLevel: num(summary?.maxStressLevel),
    bodyBatteryHighestValue: num(summary?.bodyBatteryHighestValue),
    bodyBatteryLowestValue: num(summary?.bodyBatteryLowestValue),
    bodyBatteryAtWakeTime: num(summary?.bodyBatteryAtWakeTime),
    raw: { sleep, hrv, heartRate, summary },
  } as WellnessDayRecord;
}

/**
 * One metrics day's archive record from the day's maxmet entry (null: no VO2max update that day),
 * its training-status entries (one per device; the primary device's phrase is used) and its
 * training-readiness entries (the latest by timestamp gives the score) — protocol §3.7.
 */
export function normalizeMetricsDay(input: { calendarDate: string; maxMet: Json | null; trainingStatus: Json[] | null; trainingReadiness: Json[] }): MetricsDayRecord {
  const { calendarDate, maxMet, trainingStatus, trainingReadiness } = input;
  const status = trainingStatus?.find((e) => e?.primaryTrainingDevice === true) ?? trainingStatus?.[0] ?? null;
  const latest = [...trainingReadiness].sort((a, b) => String(b?.timestamp ?? '').localeCompare(String(a?.timestamp ?? '')))[0] ?? null;
  return {
    schemaVersion: SCHEMA_VERSION,
    calendarDate,
    vo2MaxRunning: num(maxMet?.generic?.vo2MaxPreciseValue) ?? num(maxMet?.generic?.vo2MaxValue),
    vo2MaxCycling: num(maxMet?.cycling?.vo2MaxPreciseValue) ?? num(maxMet?.cycling?.vo2MaxValue),
    trainingStatus: str(status?.trainingStatusFeedbackPhrase),
    trainingReadinessScore: num(latest?.score),
    trainingReadinessLevel: str(latest?.level),
    raw: { maxMet, trainingStatus, trainingReadiness },
  };
}
