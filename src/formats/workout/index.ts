/**
 * The workout text language (workout-text.md §2, §5) and its encoding to Garmin's workout-service
 * JSON (§4): parse → lint → encode / describe.
 */
export type {
  Thresholds, WorkoutDocument, WorkoutLint, WorkoutNode, WorkoutRepeat, WorkoutStep, WorkoutStepType, WorkoutSport,
  WorkoutTarget, WorkoutExtent, CadenceTarget, PoolLength, PaceUnit,
} from './document.js';
export { parseWorkoutText, MAX_GARMIN_STEPS } from './parse.js';
export { encodeGarminWorkout, DEFAULT_ESTIMATE_SECONDS_PER_KM } from './encode.js';
export { describeWorkout } from './describe.js';
export type {
  GarminWorkoutJson, GarminWorkoutStep, GarminExecutableStep, GarminRepeatGroup, GarminSportType, GarminStepType,
  GarminEndCondition, GarminTargetType, GarminUnit,
} from './garmin-json.js';
