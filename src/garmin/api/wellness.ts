/**
 * Wellness schemas (protocol §3.7; corrections §7.2, §7.3: a day without sleep has `[]`
 * movement/levels and `false` flags, a day with sleep may have `null` arrays). Timestamps named
 * `…Timestamp…` in sleep are unix milliseconds; durations are seconds; HRV values are ms (rMSSD).
 * Unknown keys are kept.
 */
import { z } from 'zod';

/** `dailySleepDTO` of the sleep answer. */
const DailySleepDtoSchema = z.looseObject({
  id: z.number().nullish(),
  userProfilePK: z.number().nullish(),
  calendarDate: z.string().nullish(),
  sleepTimeSeconds: z.number().nullish(),
  napTimeSeconds: z.number().nullish(),
  sleepStartTimestampGMT: z.number().nullish(),
  sleepEndTimestampGMT: z.number().nullish(),
  sleepStartTimestampLocal: z.number().nullish(),
  sleepEndTimestampLocal: z.number().nullish(),
  deepSleepSeconds: z.number().nullish(),
  lightSleepSeconds: z.number().nullish(),
  remSleepSeconds: z.number().nullish(),
  awakeSleepSeconds: z.number().nullish(),
  unmeasurableSleepSeconds: z.number().nullish(),
  averageRespirationValue: z.number().nullish(),
  avgSleepStress: z.number().nullish(),
  sleepScores: z.looseObject({}).nullish(),
});

/**
 * `GET /wellness-service/wellness/dailySleepData/{displayName}?date=` (and the
 * `/sleep-service/sleep/dailySleepData?date=` variant, which has the same shape).
 */
export const DailySleepSchema = z.looseObject({
  dailySleepDTO: DailySleepDtoSchema.nullish(),
  sleepMovement: z.array(z.unknown()).nullish(),
  remSleepData: z.boolean().nullish(),
  sleepLevels: z.array(z.unknown()).nullish(),
  restingHeartRate: z.number().nullish(),
  avgOvernightHrv: z.number().nullish(),
});
/** One day's sleep, unknown keys preserved. */
export type DailySleep = z.infer<typeof DailySleepSchema>;

/** `GET /hrv-service/hrv/{date}` with data (a day without data is 204 and has no body). */
export const HrvDaySchema = z.looseObject({
  userProfilePk: z.number().nullish(),
  hrvSummary: z
    .looseObject({
      calendarDate: z.string().nullish(),
      weeklyAvg: z.number().nullish(),
      lastNightAvg: z.number().nullish(),
      lastNight5MinHigh: z.number().nullish(),
      baseline: z.looseObject({}).nullish(),
      status: z.string().nullish(),
      feedbackPhrase: z.string().nullish(),
    })
    .nullish(),
  hrvReadings: z
    .array(
      z.looseObject({
        hrvValue: z.number().nullish(),
        readingTimeGMT: z.string().nullish(),
        readingTimeLocal: z.string().nullish(),
      }),
    )
    .nullish(),
  startTimestampGMT: z.string().nullish(),
  endTimestampGMT: z.string().nullish(),
  sleepStartTimestampGMT: z.string().nullish(),
  sleepEndTimestampGMT: z.string().nullish(),
});
/** One night's HRV, unknown keys preserved. */
export type HrvDay = z.infer<typeof HrvDaySchema>;

/**
 * `GET /wellness-service/wellness/dailyHeartRate/{displayName}?date=`. `heartRateValues` are
 * `[unix ms, bpm | null]` pairs about 2 minutes apart, or null on a day without samples.
 */
export const DailyHeartRateSchema = z.looseObject({
  userProfilePK: z.number().nullish(),
  calendarDate: z.string().nullish(),
  startTimestampGMT: z.string().nullish(),
  endTimestampGMT: z.string().nullish(),
  startTimestampLocal: z.string().nullish(),
  endTimestampLocal: z.string().nullish(),
  maxHeartRate: z.number().nullish(),
  minHeartRate: z.number().nullish(),
  restingHeartRate: z.number().nullish(),
  lastSevenDaysAvgRestingHeartRate: z.number().nullish(),
  heartRateValueDescriptors: z.array(z.looseObject({ key: z.string(), index: z.number() })).nullish(),
  heartRateValues: z.array(z.array(z.number().nullable())).nullish(),
});
/** One day's heart rate, unknown keys preserved. */
export type DailyHeartRate = z.infer<typeof DailyHeartRateSchema>;

/** One night's `hrvSummary` (the same object inside the single-day and the range answers). */
const HrvSummarySchema = z.looseObject({
  calendarDate: z.string(),
  weeklyAvg: z.number().nullish(),
  lastNightAvg: z.number().nullish(),
  lastNight5MinHigh: z.number().nullish(),
  status: z.string().nullish(),
  feedbackPhrase: z.string().nullish(),
});
/** One night's HRV summary, unknown keys preserved. */
export type HrvSummary = z.infer<typeof HrvSummarySchema>;

/** `GET /hrv-service/hrv/daily/{start}/{end}` with data: one summary per night that has one (a range without data is 204, §7.5). */
export const HrvRangeSchema = z.looseObject({
  hrvSummaries: z.array(HrvSummarySchema).nullish(),
  userProfilePk: z.number().nullish(),
});
/** HRV summaries of a date range, unknown keys preserved. */
export type HrvRange = z.infer<typeof HrvRangeSchema>;

/**
 * `GET /usersummary-service/usersummary/daily/{displayName}?calendarDate=` (protocol §3.7): the
 * day's totals. Stress levels are 0–100, body battery 0–100, durations seconds, distances m.
 */
export const DailySummarySchema = z.looseObject({
  calendarDate: z.string().nullish(),
  totalSteps: z.number().nullish(),
  totalKilocalories: z.number().nullish(),
  restingHeartRate: z.number().nullish(),
  averageStressLevel: z.number().nullish(),
  maxStressLevel: z.number().nullish(),
  stressQualifier: z.string().nullish(),
  bodyBatteryHighestValue: z.number().nullish(),
  bodyBatteryLowestValue: z.number().nullish(),
  bodyBatteryChargedValue: z.number().nullish(),
  bodyBatteryDrainedValue: z.number().nullish(),
  bodyBatteryAtWakeTime: z.number().nullish(),
  privacyProtected: z.boolean().nullish(),
});
/** One day's summary, unknown keys preserved. */
export type DailySummary = z.infer<typeof DailySummarySchema>;
