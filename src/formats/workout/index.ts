/**
 * The workout text language (workout-text.md §2, §5) and its encoding to Garmin's workout-service
 * JSON (§4): parse → lint → encode / describe.
 */
export type {
  Thresholds, WorkoutDocument, WorkoutLint, WorkoutNode, WorkoutRepeat, WorkoutStep, WorkoutStepType, WorkoutSport,
  WorkoutTarget, WorkoutExtent, CadenceTarget, PoolLength, PaceUnit,
} from './document.js';
export { parseWorkoutText, MAX_GARMIN_STEPS } from './parse.js';
export { parseWorkoutPlan, type PlanEntry } from './plan.js';
export { encodeGarminWorkout, type EncodeOptions } from './encode.js';
export { estimateWorkout, DEFAULT_ESTIMATE_SECONDS_PER_KM } from './estimate.js';
export { describeWorkout } from './describe.js';
export { excerptAt } from './excerpt.js';
export { formatWorkoutText } from './format-text.js';
export type {
  GarminWorkoutJson, GarminWorkoutStep, GarminExecutableStep, GarminRepeatGroup, GarminSportType, GarminStepType,
  GarminEndCondition, GarminTargetType, GarminUnit,
} from './garmin-json.js';
