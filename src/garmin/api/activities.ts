/**
 * Activity schemas (protocol §3.2 list, §3.3 detail and splits; corrections §7.6: absent fields
 * are left out and which exist depends on the sport, so every field but the id is optional).
 * Units are Garmin's: distance m, durations s, speeds m/s, elevation m, heart rate bpm.
 * Unknown keys are kept so the archive can store Garmin's raw answer.
 */
import * as v from 'valibot';

/** `{typeId, typeKey, parentTypeId, …}` of `activityType` / `activityTypeDTO`. */
const ActivityTypeSchema = v.looseObject({
  typeId: v.nullish(v.number()),
  typeKey: v.nullish(v.string()),
  parentTypeId: v.nullish(v.number()),
});

/** One item of `GET /activitylist-service/activities/search/activities` (flat keys; times `YYYY-MM-DD hh:mm:ss`). */
export const ActivityListItemSchema = v.looseObject({
  activityId: v.number(),
  activityName: v.nullish(v.string()),
  description: v.nullish(v.string()),
  startTimeLocal: v.nullish(v.string()),
  startTimeGMT: v.nullish(v.string()),
  activityType: v.nullish(ActivityTypeSchema),
  eventType: v.nullish(v.looseObject({})),
  distance: v.nullish(v.number()),
  duration: v.nullish(v.number()),
  elapsedDuration: v.nullish(v.number()),
  movingDuration: v.nullish(v.number()),
  elevationGain: v.nullish(v.number()),
  elevationLoss: v.nullish(v.number()),
  averageSpeed: v.nullish(v.number()),
  maxSpeed: v.nullish(v.number()),
  averageHR: v.nullish(v.number()),
  maxHR: v.nullish(v.number()),
  calories: v.nullish(v.number()),
  steps: v.nullish(v.number()),
  sportTypeId: v.nullish(v.number()),
  deviceId: v.nullish(v.number()),
  manufacturer: v.nullish(v.string()),
  locationName: v.nullish(v.string()),
  beginTimestamp: v.nullish(v.number()),
  hasSplits: v.nullish(v.boolean()),
  ownerId: v.nullish(v.number()),
  ownerDisplayName: v.nullish(v.string()),
});
/** An activity list item, unknown keys preserved. */
export type ActivityListItem = v.InferOutput<typeof ActivityListItemSchema>;

/**
 * The search answer: a JSON array; python-garminconnect also tolerates `{"activityList": […]}`
 * (protocol §3.2), so both parse to the array.
 */
export const ActivityListSchema = v.union([
  v.array(ActivityListItemSchema),
  v.pipe(
    v.looseObject({ activityList: v.array(ActivityListItemSchema) }),
    v.transform((o) => o.activityList),
  ),
]);

/** `summaryDTO` of the activity detail (times `YYYY-MM-DDThh:mm:ss.0`). */
const ActivitySummarySchema = v.looseObject({
  startTimeLocal: v.nullish(v.string()),
  startTimeGMT: v.nullish(v.string()),
  distance: v.nullish(v.number()),
  duration: v.nullish(v.number()),
  movingDuration: v.nullish(v.number()),
  elapsedDuration: v.nullish(v.number()),
  elevationGain: v.nullish(v.number()),
  elevationLoss: v.nullish(v.number()),
  averageSpeed: v.nullish(v.number()),
  maxSpeed: v.nullish(v.number()),
  calories: v.nullish(v.number()),
  averageHR: v.nullish(v.number()),
  maxHR: v.nullish(v.number()),
  minHR: v.nullish(v.number()),
  steps: v.nullish(v.number()),
});

/** `GET /activity-service/activity/{id}` (`…DTO` keys). */
export const ActivityDetailSchema = v.looseObject({
  activityId: v.number(),
  activityName: v.nullish(v.string()),
  description: v.nullish(v.string()),
  userProfileId: v.nullish(v.number()),
  activityTypeDTO: v.nullish(ActivityTypeSchema),
  eventTypeDTO: v.nullish(v.looseObject({})),
  timeZoneUnitDTO: v.nullish(v.looseObject({ unitKey: v.nullish(v.string()), timeZone: v.nullish(v.string()) })),
  metadataDTO: v.nullish(v.looseObject({})),
  summaryDTO: v.nullish(ActivitySummarySchema),
  locationName: v.nullish(v.string()),
});
/** An activity detail, unknown keys preserved. */
export type ActivityDetail = v.InferOutput<typeof ActivityDetailSchema>;

/** `GET /activity-service/activity/{id}/splits`: laps (`lapDTOs`) and events. */
export const ActivitySplitsSchema = v.looseObject({
  activityId: v.nullish(v.number()),
  lapDTOs: v.nullish(
    v.array(
      v.looseObject({
        lapIndex: v.nullish(v.number()),
        startTimeGMT: v.nullish(v.string()),
        distance: v.nullish(v.number()),
        duration: v.nullish(v.number()),
        movingDuration: v.nullish(v.number()),
        elapsedDuration: v.nullish(v.number()),
        averageSpeed: v.nullish(v.number()),
        averageHR: v.nullish(v.number()),
        maxHR: v.nullish(v.number()),
        intensityType: v.nullish(v.string()),
      }),
    ),
  ),
  eventDTOs: v.nullish(v.array(v.looseObject({}))),
});
/** Activity splits, unknown keys preserved. */
export type ActivitySplits = v.InferOutput<typeof ActivitySplitsSchema>;
