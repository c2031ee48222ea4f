/**
 * Wellness schemas (protocol §3.7; corrections §7.2, §7.3: a day without sleep has `[]`
 * movement/levels and `false` flags, a day with sleep may have `null` arrays). Timestamps named
 * `…Timestamp…` in sleep are unix milliseconds; durations are seconds; HRV values are ms (rMSSD).
 * Unknown keys are kept.
 */
import * as v from 'valibot';

/** `dailySleepDTO` of the sleep answer. */
const DailySleepDtoSchema = v.looseObject({
  id: v.nullish(v.number()),
  userProfilePK: v.nullish(v.number()),
  calendarDate: v.nullish(v.string()),
  sleepTimeSeconds: v.nullish(v.number()),
  napTimeSeconds: v.nullish(v.number()),
  sleepStartTimestampGMT: v.nullish(v.number()),
  sleepEndTimestampGMT: v.nullish(v.number()),
  sleepStartTimestampLocal: v.nullish(v.number()),
  sleepEndTimestampLocal: v.nullish(v.number()),
  deepSleepSeconds: v.nullish(v.number()),
  lightSleepSeconds: v.nullish(v.number()),
  remSleepSeconds: v.nullish(v.number()),
  awakeSleepSeconds: v.nullish(v.number()),
  unmeasurableSleepSeconds: v.nullish(v.number()),
  averageRespirationValue: v.nullish(v.number()),
  avgSleepStress: v.nullish(v.number()),
  sleepScores: v.nullish(v.looseObject({})),
});

/**
 * `GET /wellness-service/wellness/dailySleepData/{displayName}?date=` (and the
 * `/sleep-service/sleep/dailySleepData?date=` variant, which has the same shape).
 */
export const DailySleepSchema = v.looseObject({
  dailySleepDTO: v.nullish(DailySleepDtoSchema),
  sleepMovement: v.nullish(v.array(v.unknown())),
  remSleepData: v.nullish(v.boolean()),
  sleepLevels: v.nullish(v.array(v.unknown())),
  restingHeartRate: v.nullish(v.number()),
  avgOvernightHrv: v.nullish(v.number()),
});
/** One day's sleep, unknown keys preserved. */
export type DailySleep = v.InferOutput<typeof DailySleepSchema>;

/** `GET /hrv-service/hrv/{date}` with data (a day without data is 204 and has no body). */
export const HrvDaySchema = v.looseObject({
  userProfilePk: v.nullish(v.number()),
  hrvSummary: v.nullish(
    v.looseObject({
      calendarDate: v.nullish(v.string()),
      weeklyAvg: v.nullish(v.number()),
      lastNightAvg: v.nullish(v.number()),
      lastNight5MinHigh: v.nullish(v.number()),
      baseline: v.nullish(v.looseObject({})),
      status: v.nullish(v.string()),
      feedbackPhrase: v.nullish(v.string()),
    }),
  ),
  hrvReadings: v.nullish(
    v.array(
      v.looseObject({
        hrvValue: v.nullish(v.number()),
        readingTimeGMT: v.nullish(v.string()),
        readingTimeLocal: v.nullish(v.string()),
      }),
    ),
  ),
  startTimestampGMT: v.nullish(v.string()),
  endTimestampGMT: v.nullish(v.string()),
  sleepStartTimestampGMT: v.nullish(v.string()),
  sleepEndTimestampGMT: v.nullish(v.string()),
});
/** One night's HRV, unknown keys preserved. */
export type HrvDay = v.InferOutput<typeof HrvDaySchema>;

/**
 * `GET /wellness-service/wellness/dailyHeartRate/{displayName}?date=`. `heartRateValues` are
 * `[unix ms, bpm | null]` pairs about 2 minutes apart, or null on a day without samples.
 */
export const DailyHeartRateSchema = v.looseObject({
  userProfilePK: v.nullish(v.number()),
  calendarDate: v.nullish(v.string()),
  startTimestampGMT: v.nullish(v.string()),
  endTimestampGMT: v.nullish(v.string()),
  startTimestampLocal: v.nullish(v.string()),
  endTimestampLocal: v.nullish(v.string()),
  maxHeartRate: v.nullish(v.number()),
  minHeartRate: v.nullish(v.number()),
  restingHeartRate: v.nullish(v.number()),
  lastSevenDaysAvgRestingHeartRate: v.nullish(v.number()),
  heartRateValueDescriptors: v.nullish(v.array(v.looseObject({ key: v.string(), index: v.number() }))),
  heartRateValues: v.nullish(v.array(v.array(v.nullable(v.number())))),
});
/** One day's heart rate, unknown keys preserved. */
export type DailyHeartRate = v.InferOutput<typeof DailyHeartRateSchema>;

/** One night's `hrvSummary` (the same object inside the single-day and the range answers). */
const HrvSummarySchema = v.looseObject({
  calendarDate: v.string(),
  weeklyAvg: v.nullish(v.number()),
  lastNightAvg: v.nullish(v.number()),
  lastNight5MinHigh: v.nullish(v.number()),
  status: v.nullish(v.string()),
  feedbackPhrase: v.nullish(v.string()),
});
/** One night's HRV summary, unknown keys preserved. */
export type HrvSummary = v.InferOutput<typeof HrvSummarySchema>;

/** `GET /hrv-service/hrv/daily/{start}/{end}` with data: one summary per night that has one (a range without data is 204, §7.5). */
export const HrvRangeSchema = v.looseObject({
  hrvSummaries: v.nullish(v.array(HrvSummarySchema)),
  userProfilePk: v.nullish(v.number()),
});
/** HRV summaries of a date range, unknown keys preserved. */
export type HrvRange = v.InferOutput<typeof HrvRangeSchema>;

/**
 * `GET /usersummary-service/usersummary/daily/{displayName}?calendarDate=` (protocol §3.7): the
 * day's totals. Stress levels are 0–100, body battery 0–100, durations seconds, distances m.
 */
export const DailySummarySchema = v.looseObject({
  calendarDate: v.nullish(v.string()),
  totalSteps: v.nullish(v.number()),
  totalKilocalories: v.nullish(v.number()),
  restingHeartRate: v.nullish(v.number()),
  averageStressLevel: v.nullish(v.number()),
  maxStressLevel: v.nullish(v.number()),
  stressQualifier: v.nullish(v.string()),
  bodyBatteryHighestValue: v.nullish(v.number()),
  bodyBatteryLowestValue: v.nullish(v.number()),
  bodyBatteryChargedValue: v.nullish(v.number()),
  bodyBatteryDrainedValue: v.nullish(v.number()),
  bodyBatteryAtWakeTime: v.nullish(v.number()),
  privacyProtected: v.nullish(v.boolean()),
});
/** One day's summary, unknown keys preserved. */
export type DailySummary = v.InferOutput<typeof DailySummarySchema>;
