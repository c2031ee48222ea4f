/**
 * Workout JSON of protocol §3.6 (`POST /workout-service/workout`, `POST /workout-service/schedule/{id}`).
 * Units: `endConditionValue` in seconds for time, meters for distance (see the §3.6 tables);
 * pace/speed targets in m/s. `stepOrder` is unique across the whole workout; children of a
 * repeat carry the repeat's `childStepId`.
 */
import * as v from 'valibot';

/** `{sportTypeId, sportTypeKey, displayOrder}`, e.g. `{1, "running", 1}`. */
export interface WorkoutSportType {
  sportTypeId: number;
  sportTypeKey: string;
  displayOrder?: number;
}

/** `{stepTypeId, stepTypeKey}`: 1 warmup, 2 cooldown, 3 interval, 4 recovery, 5 rest, 6 repeat, 7 other, 8 main. */
export interface WorkoutStepType {
  stepTypeId: number;
  stepTypeKey: string;
  displayOrder?: number;
}

/** `{conditionTypeId, conditionTypeKey}`: 1 lap.button, 2 time, 3 distance, 7 iterations, … */
export interface WorkoutEndCondition {
  conditionTypeId: number;
  conditionTypeKey: string;
  displayOrder?: number;
  displayable?: boolean;
}

/** `{workoutTargetTypeId, workoutTargetTypeKey}`: 1 no.target, 4 heart.rate.zone, 6 pace.zone, … */
export interface WorkoutTargetType {
  workoutTargetTypeId: number;
  workoutTargetTypeKey: string;
  displayOrder?: number;
}

/** One executable step (`type: "ExecutableStepDTO"`). */
export interface ExecutableStep {
  type: 'ExecutableStepDTO';
  stepId?: number;
  stepOrder: number;
  childStepId?: number | null;
  description?: string | null;
  stepType: WorkoutStepType;
  endCondition: WorkoutEndCondition;
  /** Seconds (time), meters (distance), count, … or null for lap.button. */
  endConditionValue: number | null;
  preferredEndConditionUnit?: { unitKey: string } | null;
  targetType: WorkoutTargetType;
  /** Lower/faster bound: m/s for pace/speed, bpm, W. */
  targetValueOne?: number | null;
  targetValueTwo?: number | null;
  zoneNumber?: number | null;
}

/** A repeat group (`type: "RepeatGroupDTO"`) holding nested steps. */
export interface RepeatGroupStep {
  type: 'RepeatGroupDTO';
  stepId?: number;
  stepOrder: number;
  childStepId?: number | null;
  stepType: WorkoutStepType;
  numberOfIterations: number;
  smartRepeat?: boolean;
  endCondition: WorkoutEndCondition;
  endConditionValue: number | null;
  workoutSteps: WorkoutStep[];
}

/** A step of a workout segment. */
export type WorkoutStep = ExecutableStep | RepeatGroupStep;

/** One segment (`segmentOrder` from 1). */
export interface WorkoutSegment {
  segmentOrder: number;
  sportType: WorkoutSportType;
  workoutSteps: WorkoutStep[];
}

/** A workout as sent to `POST /workout-service/workout` (no workoutId/ownerId/dates). */
export interface GarminWorkout {
  workoutName: string;
  description?: string | null;
  sportType: WorkoutSportType;
  estimatedDurationInSecs?: number | null;
  estimatedDistanceInMeters?: number | null;
  workoutSegments: WorkoutSegment[];
}

const StepSchema: v.GenericSchema<Record<string, unknown> & { type: string; stepOrder?: number | null }> = v.looseObject({
  type: v.string(),
  stepId: v.nullish(v.number()),
  stepOrder: v.nullish(v.number()),
  workoutSteps: v.nullish(v.array(v.lazy(() => StepSchema))),
});

/**
 * `GET /workout-service/workout/{id}` and the create answer: the workout as Garmin stored it,
 * with `workoutId`, `ownerId`, dates and `stepId`s. Steps are parsed loosely (Garmin adds many
 * display keys); unknown keys are kept.
 */
export const StoredWorkoutSchema = v.looseObject({
  workoutId: v.number(),
  ownerId: v.nullish(v.number()),
  workoutName: v.nullish(v.string()),
  description: v.nullish(v.string()),
  sportType: v.nullish(v.looseObject({ sportTypeId: v.nullish(v.number()), sportTypeKey: v.nullish(v.string()) })),
  estimatedDurationInSecs: v.nullish(v.number()),
  estimatedDistanceInMeters: v.nullish(v.number()),
  createdDate: v.nullish(v.string()),
  updatedDate: v.nullish(v.string()),
  workoutSegments: v.nullish(
    v.array(
      v.looseObject({
        segmentOrder: v.nullish(v.number()),
        sportType: v.nullish(v.looseObject({})),
        workoutSteps: v.nullish(v.array(StepSchema)),
      }),
    ),
  ),
});
/** A stored workout, unknown keys preserved. */
export type StoredWorkout = v.InferOutput<typeof StoredWorkoutSchema>;

/** `POST /workout-service/schedule/{workoutId}` answer: `{workoutScheduleId, workout, calendarDate?, …}`. */
export const WorkoutScheduleSchema = v.looseObject({
  workoutScheduleId: v.number(),
});
/** A schedule answer, unknown keys preserved. */
export type WorkoutSchedule = v.InferOutput<typeof WorkoutScheduleSchema>;

/** `GET /workout-service/workouts?start&limit`: workout summaries (no segments), unknown keys kept. */
export const WorkoutListSchema = v.array(
  v.looseObject({
    workoutId: v.number(),
    workoutName: v.nullish(v.string()),
    description: v.nullish(v.string()),
    sportType: v.nullish(v.looseObject({ sportTypeKey: v.nullish(v.string()) })),
    updatedDate: v.nullish(v.string()),
  }),
);
/** A workout summary of the list. */
export type WorkoutListItem = v.InferOutput<typeof WorkoutListSchema>[number];

/**
 * `GET /calendar-service/year/{y}/month/{m0}` (0-based month, protocol §3.6): `calendarItems`,
 * of which scheduled workouts have `itemType: "workout"`, `id` (the workoutScheduleId),
 * `workoutId` and `date` (`YYYY-MM-DD`).
 */
export const CalendarMonthSchema = v.looseObject({
  calendarItems: v.nullish(
    v.array(
      v.looseObject({
        id: v.number(),
        itemType: v.string(),
        workoutId: v.nullish(v.number()),
        date: v.nullish(v.string()),
        title: v.nullish(v.string()),
      }),
    ),
  ),
});
/** One calendar item. */
export type CalendarItem = NonNullable<v.InferOutput<typeof CalendarMonthSchema>['calendarItems']>[number];

/**
 * `GET /biometric-service/biometric/latestFunctionalThresholdPower/CYCLING` (workout-text.md
 * §4.7): `[{sport, functionalThresholdPower (W), calendarDate, …}]`, or one such object (both are
 * seen in public clients).
 */
const FtpRecordSchema = v.looseObject({ functionalThresholdPower: v.nullish(v.number()) });
export const LatestFtpSchema = v.union([v.array(FtpRecordSchema), FtpRecordSchema]);
