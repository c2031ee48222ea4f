/**
 * Workout JSON of protocol §3.6 (`POST /workout-service/workout`, `POST /workout-service/schedule/{id}`).
 * Units: `endConditionValue` in seconds for time, meters for distance (see the §3.6 tables);
 * pace/speed targets in m/s. `stepOrder` is unique across the whole workout; children of a
 * repeat carry the repeat's `childStepId`.
 */
import { z } from 'zod';

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

const StepSchema: z.ZodType<Record<string, unknown> & { type: string; stepOrder?: number | null }> = z.looseObject({
  type: z.string(),
  stepId: z.number().nullish(),
  stepOrder: z.number().nullish(),
  get workoutSteps() {
    return z.array(StepSchema).nullish();
  },
});

/**
 * `GET /workout-service/workout/{id}` and the create answer: the workout as Garmin stored it,
 * with `workoutId`, `ownerId`, dates and `stepId`s. Steps are parsed loosely (Garmin adds many
 * display keys); unknown keys are kept.
 */
export const StoredWorkoutSchema = z.looseObject({
  workoutId: z.number(),
  ownerId: z.number().nullish(),
  workoutName: z.string().nullish(),
  description: z.string().nullish(),
  sportType: z.looseObject({ sportTypeId: z.number().nullish(), sportTypeKey: z.string().nullish() }).nullish(),
  estimatedDurationInSecs: z.number().nullish(),
  estimatedDistanceInMeters: z.number().nullish(),
  createdDate: z.string().nullish(),
  updatedDate: z.string().nullish(),
  workoutSegments: z
    .array(
      z.looseObject({
        segmentOrder: z.number().nullish(),
        sportType: z.looseObject({}).nullish(),
        workoutSteps: z.array(StepSchema).nullish(),
      }),
    )
    .nullish(),
});
/** A stored workout, unknown keys preserved. */
export type StoredWorkout = z.infer<typeof StoredWorkoutSchema>;

/** `POST /workout-service/schedule/{workoutId}` answer: `{workoutScheduleId, workout, calendarDate?, …}`. */
export const WorkoutScheduleSchema = z.looseObject({
  workoutScheduleId: z.number(),
});
/** A schedule answer, unknown keys preserved. */
export type WorkoutSchedule = z.infer<typeof WorkoutScheduleSchema>;

/** `GET /workout-service/workouts?start&limit`: workout summaries (no segments), unknown keys kept. */
export const WorkoutListSchema = z.array(
  z.looseObject({
    workoutId: z.number(),
    workoutName: z.string().nullish(),
    description: z.string().nullish(),
    sportType: z.looseObject({ sportTypeKey: z.string().nullish() }).nullish(),
    updatedDate: z.string().nullish(),
  }),
);
/** A workout summary of the list. */
export type WorkoutListItem = z.infer<typeof WorkoutListSchema>[number];

/**
 * `GET /calendar-service/year/{y}/month/{m0}` (0-based month, protocol §3.6): `calendarItems`,
 * of which scheduled workouts have `itemType: "workout"`, `id` (the workoutScheduleId),
 * `workoutId` and `date` (`YYYY-MM-DD`).
 */
export const CalendarMonthSchema = z.looseObject({
  calendarItems: z
    .array(
      z.looseObject({
        id: z.number(),
        itemType: z.string(),
        workoutId: z.number().nullish(),
        date: z.string().nullish(),
        title: z.string().nullish(),
      }),
    )
    .nullish(),
});
/** One calendar item. */
export type CalendarItem = NonNullable<z.infer<typeof CalendarMonthSchema>['calendarItems']>[number];

/**
 * `GET /biometric-service/biometric/latestFunctionalThresholdPower/CYCLING` (workout-text.md
 * §4.7): `[{sport, functionalThresholdPower (W), calendarDate, …}]`, or one such object (both are
 * seen in public clients).
 */
const FtpRecordSchema = z.looseObject({ functionalThresholdPower: z.number().nullish() });
export const LatestFtpSchema = z.union([z.array(FtpRecordSchema), FtpRecordSchema]);
