/**
 * The workout text language (workout-text.md §2, §5) and its encoding to Garmin's workout-service
 * JSON (§4): parse → lint → encode / describe.
 */
export type {
  Thresholds, WorkoutDocument, WorkoutLint, WorkoutNode, WorkoutRepeat, WorkoutStep, WorkoutStepType, WorkoutSport,
  WorkoutTarget, WorkoutExtent, CadenceTarget, PoolLength, PaceUnit,
} from './document.js';
export { parseWorkoutText, type ParsedWorkout } from './parse.js';
export { MAX_GARMIN_STEPS, MAX_REPEAT_DEPTH, MAX_REPEAT_ITERATIONS, MAX_WORKOUT_TEXT_BYTES, MAX_LINE_CHARS } from './limits.js';
export { parseWorkoutPlan, type PlanEntry } from './plan.js';
export { encodeGarminWorkout, type EncodeOptions } from './encode.js';
export { estimateWorkout, DEFAULT_ESTIMATE_SECONDS_PER_KM } from './estimate.js';
export { describeWorkout } from './describe.js';
export { excerptAt, excerptsOf } from './excerpt.js';
export { formatWorkoutText } from './format-text.js';
export type {
  GarminWorkoutJson, GarminWorkoutStep, GarminExecutableStep, GarminRepeatGroup, GarminSportType, GarminStepType,
  GarminEndCondition, GarminTargetType, GarminUnit,
} from './garmin-json.js';
