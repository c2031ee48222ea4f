/**
 * Fitness-metric schemas (protocol §3.7, §7.4, §7.9; recorded/garth stats/cassettes
 * test_weekly_training_status.yaml, data/cassettes test_training_readiness_data_get.yaml):
 * VO2max (maxmet), training status and training readiness. VO2max is ml/kg/min; scores are 0–100.
 * Unknown keys are kept.
 */
import { z } from 'zod';

/** `generic` (running) or `cycling` of a maxmet entry. */
const MaxMetValueSchema = z.looseObject({
  calendarDate: z.string().nullish(),
  vo2MaxPreciseValue: z.number().nullish(),
  vo2MaxValue: z.number().nullish(),
});

/** `GET /metrics-service/metrics/maxmet/daily/{start}/{end}`: sparse (only days with an update), `[]` when none. */
export const MaxMetRangeSchema = z.array(
  z.looseObject({
    userId: z.number().nullish(),
    generic: MaxMetValueSchema.nullish(),
    cycling: MaxMetValueSchema.nullish(),
  }),
);
/** One maxmet entry, unknown keys preserved. */
export type MaxMetEntry = z.infer<typeof MaxMetRangeSchema>[number];

/** `GET /metrics-service/metrics/trainingreadiness/{date}`: several entries a day, `[]` when none. */
export const TrainingReadinessSchema = z.array(
  z.looseObject({
    calendarDate: z.string().nullish(),
    timestamp: z.string().nullish(),
    score: z.number().nullish(),
    level: z.string().nullish(),
    inputContext: z.string().nullish(),
  }),
);
/** One training-readiness entry, unknown keys preserved. */
export type TrainingReadinessEntry = z.infer<typeof TrainingReadinessSchema>[number];

/** One day of one device in a training-status report. */
const TrainingStatusDaySchema = z.looseObject({
  calendarDate: z.string(),
  trainingStatus: z.number().nullish(),
  trainingStatusFeedbackPhrase: z.string().nullish(),
  deviceId: z.number().nullish(),
  primaryTrainingDevice: z.boolean().nullish(),
});
/** A training-status day, unknown keys preserved. */
export type TrainingStatusDay = z.infer<typeof TrainingStatusDaySchema>;

/**
 * `GET /mobile-gateway/usersummary/trainingstatus/weekly/{start}/{end}` (garth's `WeeklyTrainingStatus`
 * [rec]): each part wrapped as `{requestUrl, statusCode, payload, successful}` (§7.9); the
 * training-status payload has one entry per day and device under `reportData.<deviceId>`.
 */
export const TrainingStatusRangeSchema = z.looseObject({
  weeklyTrainingStatus: z
    .looseObject({
      statusCode: z.number().nullish(),
      successful: z.boolean().nullish(),
      payload: z
        .looseObject({
          reportData: z.record(z.string(), z.array(TrainingStatusDaySchema).nullable()).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
/** A training-status range answer, unknown keys preserved. */
export type TrainingStatusRange = z.infer<typeof TrainingStatusRangeSchema>;

/** One part of a mobile-gateway answer: `{requestUrl, statusCode, headers, errorMessage, payload, successful}` (protocol §7.9). */
function gatewayPart<T extends z.ZodType>(payload: T) {
  return z
    .looseObject({ requestUrl: z.string().nullish(), statusCode: z.number().nullish(), successful: z.boolean().nullish(), payload: payload.nullish() })
    .nullish();
}

/**
 * `GET /mobile-gateway/usersummary/trainingstatus/latest/{date}` (recorded/garth
 * stats/cassettes/test_daily_training_status.yaml; protocol §3.7, §7.9 note 9): the status in
 * effect on the date per device under `latestTrainingStatusData.<deviceId>`, and the latest
 * VO2max (which may be newer than the date asked, §7.9 note 4). Unknown keys are kept.
 */
export const TrainingStatusLatestSchema = z.looseObject({
  mostRecentVO2Max: gatewayPart(MaxMetRangeSchema.element),
  mostRecentTrainingStatus: gatewayPart(
    z.looseObject({ latestTrainingStatusData: z.record(z.string(), TrainingStatusDaySchema.nullable()).nullish() }),
  ),
});
/** A latest-training-status answer, unknown keys preserved. */
export type TrainingStatusLatest = z.infer<typeof TrainingStatusLatestSchema>;
