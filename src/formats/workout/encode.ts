/**
 * Encodes a {@link WorkoutDocument} to Garmin's workout-service JSON (workout-text.md §4;
 * garmin-protocol.md §3.6): `stepOrder` depth-first from 1 across the whole tree, each repeat group
 * numbered `childStepId` 1, 2, … with its direct children carrying it, absolute target values.
 */
import { InputError } from '../../errors.js';
import type { Thresholds, WorkoutDocument, WorkoutNode, WorkoutRepeat, WorkoutSport, WorkoutStep } from './document.js';
import {
  END_CONDITIONS, POOL_LENGTH_UNITS, SPORT_TYPES, TARGET_TYPES, garminStepType,
  type GarminExecutableStep, type GarminRepeatGroup, type GarminWorkoutJson, type GarminWorkoutStep,
} from './garmin-json.js';
import { summarizeWorkout } from './summary.js';
import { resolveCadence, resolveTarget, type ResolvedTarget } from './targets.js';
import { formatExtent, formatTarget, round } from './units.js';

/**
 * Pace used to estimate the duration of a distance step that has no pace or speed target,
 * seconds per km (display only: Garmin shows `estimatedDurationInSecs` in the workout list).
 */
export const DEFAULT_ESTIMATE_SECONDS_PER_KM: Record<WorkoutSport, number> = {
  running: 360, walking: 600, cycling: 144, swimming: 1200, strength_training: 360, other: 360,
};

/**
 * Encodes `doc` to the JSON sent on create (no ids). Thresholds of the front matter win over
 * `opts.thresholds`. Throws InputError at the step's target when a % target needs a missing
 * threshold, for pace zones (no local zone table yet) and zone ranges (Garmin takes one zone).
 *
 * Estimates: `estimatedDurationInSecs` sums time steps, and distance steps at the midpoint of their
 * pace/speed target (else {@link DEFAULT_ESTIMATE_SECONDS_PER_KM}); lap-button steps count 0 s.
 * `estimatedDistanceInMeters` sums the distance steps × iterations, null when there are none.
 */
export function encodeGarminWorkout(doc: WorkoutDocument, opts: { thresholds?: Thresholds } = {}): GarminWorkoutJson {
  const thresholds: Thresholds = { ...opts.thresholds, ...doc.thresholds };
  const sportType = SPORT_TYPES[doc.sport];
  let stepOrder = 0;
  let childStepId = 0;
  let durationSeconds = 0;
  let distanceMeters = 0;
  let hasDistance = false;

  const encodeNodes = (nodes: WorkoutNode[], parentId: number | null, multiplier: number): GarminWorkoutStep[] =>
    nodes.map((node) => (node.kind === 'repeat' ? encodeRepeat(node, multiplier) : encodeStep(node, parentId, multiplier)));

  // A nested group carries its own childStepId, not its parent's (workout-text.md §6 example 18).
  const encodeRepeat = (node: WorkoutRepeat, multiplier: number): GarminRepeatGroup => {
    stepOrder++;
    childStepId++;
    const group: GarminRepeatGroup = {
      type: 'RepeatGroupDTO',
      stepOrder,
      stepType: garminStepType('repeat'),
      childStepId,
      numberOfIterations: node.iterations,
      endCondition: { ...END_CONDITIONS.iterations },
      endConditionValue: node.iterations,
      smartRepeat: false,
      skipLastRestStep: false,
      workoutSteps: [],
    };
    group.workoutSteps = encodeNodes(node.children, group.childStepId, multiplier * node.iterations);
    return group;
  };

  const encodeStep = (step: WorkoutStep, parentId: number | null, multiplier: number): GarminExecutableStep => {
    stepOrder++;
    const encoded: GarminExecutableStep = {
      type: 'ExecutableStepDTO',
      stepOrder,
      ...(parentId !== null ? { childStepId: parentId } : {}),
      stepType: garminStepType(step.stepType),
      ...descriptionOf(step),
      ...endConditionOf(step),
      ...targetsOf(step, doc, thresholds),
    };
    const secondsPerMeter = estimateSecondsPerMeter(encoded, doc.sport);
    if (step.extent.kind === 'time') durationSeconds += step.extent.seconds * multiplier;
    if (step.extent.kind === 'distance') {
      hasDistance = true;
      distanceMeters += step.extent.meters * multiplier;
      durationSeconds += step.extent.meters * secondsPerMeter * multiplier;
    }
    return encoded;
  };

  const workoutSteps = encodeNodes(doc.steps, null, 1);
  return {
    workoutName: doc.name,
    description: summarizeWorkout(doc),
    sportType: { ...sportType },
    estimatedDurationInSecs: Math.round(durationSeconds),
    estimatedDistanceInMeters: hasDistance ? distanceMeters : null,
    ...(doc.sport === 'swimming' && doc.poolLength
      ? { poolLength: doc.poolLength.value, poolLengthUnit: { ...POOL_LENGTH_UNITS[doc.poolLength.unit] } }
      : {}),
    workoutSegments: [{ segmentOrder: 1, sportType: { ...sportType }, workoutSteps }],
  };
}

/**
 * The step `description`: the cue; else for warmup/cooldown the section header (`Warmup`); else for
 * a step with a pace target a generated `1 km @ 4:00-4:10/km`. `press lap` with an extent is noted.
 */
function descriptionOf(step: WorkoutStep): { description?: string } {
  let description: string | null = step.cue;
  if (!description && (step.stepType === 'warmup' || step.stepType === 'cooldown')) {
    description = step.section ?? (step.stepType === 'warmup' ? 'Warmup' : 'Cooldown');
  }
  if (!description && step.target?.domain === 'pace') {
    description = `${formatExtent(step.extent, 'apostrophe')} @ ${formatTarget(step.target)}`;
  }
  if (step.pressLap && step.extent.kind !== 'lap.button') description = description ? `${description}, press lap` : 'press lap';
  return description ? { description } : {};
}

function endConditionOf(step: WorkoutStep): Pick<GarminExecutableStep, 'endCondition' | 'endConditionValue' | 'preferredEndConditionUnit'> {
  switch (step.extent.kind) {
    case 'time':
      return { endCondition: { ...END_CONDITIONS.time }, endConditionValue: step.extent.seconds };
    case 'distance':
      return {
        endCondition: { ...END_CONDITIONS.distance },
        endConditionValue: round(step.extent.meters, 3),
        preferredEndConditionUnit: { unitKey: step.extent.unit },
      };
    case 'lap.button':
      return { endCondition: { ...END_CONDITIONS.lapButton }, endConditionValue: null };
  }
}

/**
 * Primary and secondary targets. Swim pace goes in `secondaryTarget*` with `targetType` no.target
 * (workout-text.md §4.3); cadence is the secondary target next to a primary, else the primary.
 */
function targetsOf(step: WorkoutStep, doc: WorkoutDocument, thresholds: Thresholds): Partial<GarminExecutableStep> & Pick<GarminExecutableStep, 'targetType'> {
  const primary = step.target ? resolveTarget(step.target, doc.sport, thresholds, doc.file) : null;
  const cadence = step.cadence ? resolveCadence(step.cadence) : null;
  const swimPace = doc.sport === 'swimming' && step.target?.domain === 'pace';
  if (swimPace && cadence) {
    throw new InputError(doc.file, 'a swim step takes a pace or a cadence target, not both', step.cadence!.position);
  }
  if (swimPace) return { targetType: { ...TARGET_TYPES.noTarget }, ...secondary(primary!) };
  if (primary && cadence) return { ...main(primary), ...secondary(cadence) };
  if (primary ?? cadence) return main((primary ?? cadence)!);
  return { targetType: { ...TARGET_TYPES.noTarget } };
}

function main(target: ResolvedTarget): Pick<GarminExecutableStep, 'targetType' | 'targetValueOne' | 'targetValueTwo' | 'zoneNumber'> {
  return { targetType: { ...target.targetType }, targetValueOne: target.valueOne, targetValueTwo: target.valueTwo, zoneNumber: target.zoneNumber };
}

function secondary(target: ResolvedTarget): Partial<GarminExecutableStep> {
  return {
    secondaryTargetType: { ...target.targetType },
    secondaryTargetValueOne: target.valueOne,
    secondaryTargetValueTwo: target.valueTwo,
    secondaryZoneNumber: target.zoneNumber,
  };
}

/** Seconds per metre for a distance step's estimate: the midpoint of its pace/speed target, or the sport's default. */
function estimateSecondsPerMeter(step: GarminExecutableStep, sport: WorkoutSport): number {
  const candidates: Array<[number | undefined, number | null | undefined, number | null | undefined]> = [
    [step.targetType.workoutTargetTypeId, step.targetValueOne, step.targetValueTwo],
    [step.secondaryTargetType?.workoutTargetTypeId, step.secondaryTargetValueOne, step.secondaryTargetValueTwo],
  ];
  for (const [typeId, one, two] of candidates) {
    const isSpeed = typeId === TARGET_TYPES.pace.workoutTargetTypeId || typeId === TARGET_TYPES.speed.workoutTargetTypeId;
    if (isSpeed && one && two) return (1 / one + 1 / two) / 2;
  }
  return DEFAULT_ESTIMATE_SECONDS_PER_KM[sport] / 1000;
}
