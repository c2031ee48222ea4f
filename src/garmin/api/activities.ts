/**
 * Activity schemas (protocol §3.2 list, §3.3 detail and splits; corrections §7.6: absent fields
 * are left out and which exist depends on the sport, so every field but the id is optional).
 * Units are Garmin's: distance m, durations s, speeds m/s, elevation m, heart rate bpm.
 * Unknown keys are kept so the archive can store Garmin's raw answer.
 */
import { z } from 'zod';

/** `{typeId, typeKey, parentTypeId, …}` of `activityType` / `activityTypeDTO`. */
const ActivityTypeSchema = z.looseObject({
  typeId: z.number().nullish(),
  typeKey: z.string().nullish(),
  parentTypeId: z.number().nullish(),
});

/** One item of `GET /activitylist-service/activities/search/activities` (flat keys; times `YYYY-MM-DD hh:mm:ss`). */
export const ActivityListItemSchema = z.looseObject({
  activityId: z.number(),
  activityName: z.string().nullish(),
  description: z.string().nullish(),
  startTimeLocal: z.string().nullish(),
  startTimeGMT: z.string().nullish(),
  activityType: ActivityTypeSchema.nullish(),
  eventType: z.looseObject({}).nullish(),
  distance: z.number().nullish(),
  duration: z.number().nullish(),
  elapsedDuration: z.number().nullish(),
  movingDuration: z.number().nullish(),
  elevationGain: z.number().nullish(),
  elevationLoss: z.number().nullish(),
  averageSpeed: z.number().nullish(),
  maxSpeed: z.number().nullish(),
  averageHR: z.number().nullish(),
  maxHR: z.number().nullish(),
  calories: z.number().nullish(),
  steps: z.number().nullish(),
  sportTypeId: z.number().nullish(),
  deviceId: z.number().nullish(),
  manufacturer: z.string().nullish(),
  locationName: z.string().nullish(),
  beginTimestamp: z.number().nullish(),
  hasSplits: z.boolean().nullish(),
  ownerId: z.number().nullish(),
  ownerDisplayName: z.string().nullish(),
});
/** An activity list item, unknown keys preserved. */
export type ActivityListItem = z.infer<typeof ActivityListItemSchema>;

/**
 * The search answer: a JSON array; python-garminconnect also tolerates `{"activityList": […]}`
 * (protocol §3.2), so both parse to the array.
 */
export const ActivityListSchema = z.union([
  z.array(ActivityListItemSchema),
  z.looseObject({ activityList: z.array(ActivityListItemSchema) }).transform((o) => o.activityList),
]);

/** `summaryDTO` of the activity detail (times `YYYY-MM-DDThh:mm:ss.0`). */
const ActivitySummarySchema = z.looseObject({
  startTimeLocal: z.string().nullish(),
  startTimeGMT: z.string().nullish(),
  distance: z.number().nullish(),
  duration: z.number().nullish(),
  movingDuration: z.number().nullish(),
  elapsedDuration: z.number().nullish(),
  elevationGain: z.number().nullish(),
  elevationLoss: z.number().nullish(),
  averageSpeed: z.number().nullish(),
  maxSpeed: z.number().nullish(),
  calories: z.number().nullish(),
  averageHR: z.number().nullish(),
  maxHR: z.number().nullish(),
  minHR: z.number().nullish(),
  steps: z.number().nullish(),
});

/** `GET /activity-service/activity/{id}` (`…DTO` keys). */
export const ActivityDetailSchema = z.looseObject({
  activityId: z.number(),
  activityName: z.string().nullish(),
  description: z.string().nullish(),
  userProfileId: z.number().nullish(),
  activityTypeDTO: ActivityTypeSchema.nullish(),
  eventTypeDTO: z.looseObject({}).nullish(),
  timeZoneUnitDTO: z.looseObject({ unitKey: z.string().nullish(), timeZone: z.string().nullish() }).nullish(),
  metadataDTO: z.looseObject({}).nullish(),
  summaryDTO: ActivitySummarySchema.nullish(),
  locationName: z.string().nullish(),
});
/** An activity detail, unknown keys preserved. */
export type ActivityDetail = z.infer<typeof ActivityDetailSchema>;

/** `GET /activity-service/activity/{id}/splits`: laps (`lapDTOs`) and events. */
export const ActivitySplitsSchema = z.looseObject({
  activityId: z.number().nullish(),
  lapDTOs: z
    .array(
      z.looseObject({
        lapIndex: z.number().nullish(),
        startTimeGMT: z.string().nullish(),
        distance: z.number().nullish(),
        duration: z.number().nullish(),
        movingDuration: z.number().nullish(),
        elapsedDuration: z.number().nullish(),
        averageSpeed: z.number().nullish(),
        averageHR: z.number().nullish(),
        maxHR: z.number().nullish(),
        intensityType: z.string().nullish(),
      }),
    )
    .nullish(),
  eventDTOs: z.array(z.looseObject({})).nullish(),
});
/** Activity splits, unknown keys preserved. */
export type ActivitySplits = z.infer<typeof ActivitySplitsSchema>;
