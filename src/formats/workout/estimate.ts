/**
 * Garmin's display-only estimates of a workout (workout-text.md §4.5), computed from the workout
 * JSON itself so that every route to the same steps (text, FIT, zwo) gives the same numbers.
 */
import { TARGET_TYPES, type GarminExecutableStep, type GarminWorkoutStep } from './garmin-json.js';

/**
 * Pace used to estimate the duration of a distance step that has no pace or speed target,
 * seconds per km, by Garmin sportTypeKey (unknown sports: 360).
 */
export const DEFAULT_ESTIMATE_SECONDS_PER_KM: Record<string, number> = {
  running: 360, walking: 600, cycling: 144, swimming: 1200, strength_training: 360, other: 360,
};

/**
 * `estimatedDurationInSecs` (whole seconds): time steps, plus distance steps at the midpoint of
 * their pace/speed target (primary, else secondary; m/s), else at
 * {@link DEFAULT_ESTIMATE_SECONDS_PER_KM}; lap-button and other steps count 0 s.
 * `estimatedDistanceInMeters`: the distance steps (m) × iterations, null when there are none.
 */
export function estimateWorkout(
  steps: readonly GarminWorkoutStep[], sportTypeKey: string,
): { estimatedDurationInSecs: number; estimatedDistanceInMeters: number | null } {
  let seconds = 0;
  let meters = 0;
  let hasDistance = false;
  const walk = (list: readonly GarminWorkoutStep[], multiplier: number) => {
    for (const step of list) {
      if (step.type === 'RepeatGroupDTO') {
        walk(step.workoutSteps, multiplier * step.numberOfIterations);
        continue;
      }
      const value = step.endConditionValue ?? 0;
      if (step.endCondition.conditionTypeId === 2) seconds += value * multiplier;
      if (step.endCondition.conditionTypeId === 3) {
        hasDistance = true;
        meters += value * multiplier;
        seconds += value * secondsPerMeter(step, sportTypeKey) * multiplier;
      }
    }
  };
  walk(steps, 1);
  return { estimatedDurationInSecs: Math.round(seconds), estimatedDistanceInMeters: hasDistance ? Math.round(meters * 1000) / 1000 : null };
}

/** Seconds per metre of a distance step: the midpoint of its pace/speed target, or the sport's default. */
function secondsPerMeter(step: GarminExecutableStep, sportTypeKey: string): number {
  const candidates: Array<[number | undefined, number | null | undefined, number | null | undefined]> = [
    [step.targetType.workoutTargetTypeId, step.targetValueOne, step.targetValueTwo],
    [step.secondaryTargetType?.workoutTargetTypeId, step.secondaryTargetValueOne, step.secondaryTargetValueTwo],
  ];
  for (const [typeId, one, two] of candidates) {
    const isSpeed = typeId === TARGET_TYPES.pace.workoutTargetTypeId || typeId === TARGET_TYPES.speed.workoutTargetTypeId;
    if (isSpeed && one && two) return (1 / one + 1 / two) / 2;
  }
  return (DEFAULT_ESTIMATE_SECONDS_PER_KM[sportTypeKey] ?? 360) / 1000;
}
