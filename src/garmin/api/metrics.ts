/**
 * Fitness-metric schemas (protocol §3.7, §7.4, §7.9; recorded/garth stats/cassettes
 * test_weekly_training_status.yaml, data/cassettes test_training_readiness_data_get.yaml):
 * VO2max (maxmet), training status and training readiness. VO2max is ml/kg/min; scores are 0–100.
 * Unknown keys are kept.
 */
import * as v from 'valibot';

/** `generic` (running) or `cycling` of a maxmet entry. */
const MaxMetValueSchema = v.looseObject({
  calendarDate: v.nullish(v.string()),
  vo2MaxPreciseValue: v.nullish(v.number()),
  vo2MaxValue: v.nullish(v.number()),
});

/** `GET /metrics-service/metrics/maxmet/daily/{start}/{end}`: sparse (only days with an update), `[]` when none. */
export const MaxMetRangeSchema = v.array(
  v.looseObject({
    userId: v.nullish(v.number()),
    generic: v.nullish(MaxMetValueSchema),
    cycling: v.nullish(MaxMetValueSchema),
  }),
);
/** One maxmet entry, unknown keys preserved. */
export type MaxMetEntry = v.InferOutput<typeof MaxMetRangeSchema>[number];

/** `GET /metrics-service/metrics/trainingreadiness/{date}`: several entries a day, `[]` when none. */
export const TrainingReadinessSchema = v.array(
  v.looseObject({
    calendarDate: v.nullish(v.string()),
    timestamp: v.nullish(v.string()),
    score: v.nullish(v.number()),
    level: v.nullish(v.string()),
    inputContext: v.nullish(v.string()),
  }),
);
/** One training-readiness entry, unknown keys preserved. */
export type TrainingReadinessEntry = v.InferOutput<typeof TrainingReadinessSchema>[number];

/** One day of one device in a training-status report. */
const TrainingStatusDaySchema = v.looseObject({
  calendarDate: v.string(),
  trainingStatus: v.nullish(v.number()),
  trainingStatusFeedbackPhrase: v.nullish(v.string()),
  deviceId: v.nullish(v.number()),
  primaryTrainingDevice: v.nullish(v.boolean()),
});
/** A training-status day, unknown keys preserved. */
export type TrainingStatusDay = v.InferOutput<typeof TrainingStatusDaySchema>;

/**
 * `GET /mobile-gateway/usersummary/trainingstatus/weekly/{start}/{end}` (garth's `WeeklyTrainingStatus`
 * [rec]): each part wrapped as `{requestUrl, statusCode, payload, successful}` (§7.9); the
 * training-status payload has one entry per day and device under `reportData.<deviceId>`.
 */
export const TrainingStatusRangeSchema = v.looseObject({
  weeklyTrainingStatus: v.nullish(
    v.looseObject({
      statusCode: v.nullish(v.number()),
      successful: v.nullish(v.boolean()),
      payload: v.nullish(
        v.looseObject({
          reportData: v.nullish(v.record(v.string(), v.nullable(v.array(TrainingStatusDaySchema)))),
        }),
      ),
    }),
  ),
});
/** A training-status range answer, unknown keys preserved. */
export type TrainingStatusRange = v.InferOutput<typeof TrainingStatusRangeSchema>;

/** One part of a mobile-gateway answer: `{requestUrl, statusCode, headers, errorMessage, payload, successful}` (protocol §7.9). */
function gatewayPart<T extends v.GenericSchema>(payload: T) {
  return v.nullish(
    v.looseObject({ requestUrl: v.nullish(v.string()), statusCode: v.nullish(v.number()), successful: v.nullish(v.boolean()), payload: v.nullish(payload) }),
  );
}

/**
 * `GET /mobile-gateway/usersummary/trainingstatus/latest/{date}` (recorded/garth
 * stats/cassettes/test_daily_training_status.yaml; protocol §3.7, §7.9 note 9): the status in
 * effect on the date per device under `latestTrainingStatusData.<deviceId>`, and the latest
 * VO2max (which may be newer than the date asked, §7.9 note 4). Unknown keys are kept.
 */
export const TrainingStatusLatestSchema = v.looseObject({
  mostRecentVO2Max: gatewayPart(MaxMetRangeSchema.item),
  mostRecentTrainingStatus: gatewayPart(
    v.looseObject({ latestTrainingStatusData: v.nullish(v.record(v.string(), v.nullable(TrainingStatusDaySchema))) }),
  ),
});
/** A latest-training-status answer, unknown keys preserved. */
export type TrainingStatusLatest = v.InferOutput<typeof TrainingStatusLatestSchema>;
