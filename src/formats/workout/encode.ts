/**
 * Encodes a {@link WorkoutDocument} to Garmin's workout-service JSON (workout-text.md §4;
 * garmin-protocol.md §3.6): `stepOrder` depth-first from 1 across the whole tree, each repeat group
 * numbered `childStepId` 1, 2, … with its direct children carrying it, absolute target values.
 */
import { InputError } from '../../errors.js';
import type { Thresholds, WorkoutDocument, WorkoutNode, WorkoutRepeat, WorkoutStep } from './document.js';
import { estimateWorkout } from './estimate.js';
import { MAX_GARMIN_STEPS } from './limits.js';
import {
  END_CONDITIONS, EQUIPMENT_TYPES, POOL_LENGTH_UNITS, SPORT_TYPES, STROKE_TYPES, TARGET_TYPES, garminStepType,
  type GarminExecutableStep, type GarminRepeatGroup, type GarminWorkoutJson, type GarminWorkoutStep,
} from './garmin-json.js';
import { summarizeWorkout } from './summary.js';
import { resolveCadence, resolveTarget, type ResolvedTarget } from './targets.js';
import { formatExtent, formatTarget, round } from './units.js';

/** Options of {@link encodeGarminWorkout}. */
export interface EncodeOptions {
  /** Thresholds from config or the Garmin profile; the front matter's win over them. */
  thresholds?: Thresholds;
  /**
   * `--expand-ramps`: a timed ramp becomes sub-steps of this many seconds, each at one value on
   * the line from the ramp's start to its end (workout-text.md §2.9); unset: one step with the range.
   */
  expandRampsSeconds?: number;
}

/**
 * Encodes `doc` to the JSON sent on create (no ids). Thresholds of the front matter win over
 * `opts.thresholds`. Throws InputError at the step's target when a % target needs a missing
 * threshold, for zone ranges (Garmin takes one zone), and at a ramp whose expansion passes
 * Garmin's 50-step limit. `description` is the front matter's, else the generated summary;
 * estimates come from {@link estimateWorkout}.
 */
export function encodeGarminWorkout(doc: WorkoutDocument, opts: EncodeOptions = {}): GarminWorkoutJson {
  const thresholds: Thresholds = { ...opts.thresholds, ...doc.thresholds };
  const sportType = SPORT_TYPES[doc.sport];
  const steps = opts.expandRampsSeconds ? expandRamps(doc, opts.expandRampsSeconds) : doc.steps;
  let stepOrder = 0;
  let childStepId = 0;

  const encodeNodes = (nodes: WorkoutNode[], parentId: number | null): GarminWorkoutStep[] =>
    nodes.map((node) => (node.kind === 'repeat' ? encodeRepeat(node) : encodeStep(node, parentId)));

  // A nested group carries its own childStepId, not its parent's (workout-text.md §6 example 18).
  const encodeRepeat = (node: WorkoutRepeat): GarminRepeatGroup => {
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
    group.workoutSteps = encodeNodes(node.children, group.childStepId);
    return group;
  };

  const encodeStep = (step: WorkoutStep, parentId: number | null): GarminExecutableStep => {
    stepOrder++;
    return {
      type: 'ExecutableStepDTO',
      stepOrder,
      ...(parentId !== null ? { childStepId: parentId } : {}),
      stepType: garminStepType(step.stepType),
      ...descriptionOf(step),
      ...endConditionOf(step),
      ...targetsOf(step, doc, thresholds),
      ...(doc.sport === 'swimming' && step.stroke ? { strokeType: { ...STROKE_TYPES[step.stroke] } } : {}),
      ...(doc.sport === 'swimming' && step.equipment ? { equipmentType: { ...EQUIPMENT_TYPES[step.equipment] } } : {}),
    };
  };

  const workoutSteps = encodeNodes(steps, null);
  return {
    workoutName: doc.name,
    description: doc.description ?? summarizeWorkout(doc),
    sportType: { ...sportType },
    ...estimateWorkout(workoutSteps, sportType.sportTypeKey),
    ...(doc.sport === 'swimming' && doc.poolLength
      ? { poolLength: doc.poolLength.value, poolLengthUnit: { ...POOL_LENGTH_UNITS[doc.poolLength.unit] } }
      : {}),
    workoutSegments: [{ segmentOrder: 1, sportType: { ...sportType }, workoutSteps }],
  };
}

/**
 * The steps of `doc` with every timed ramp split into sub-steps of `chunkSeconds` (the last one
 * shorter), each at the value interpolated at its middle. Throws InputError at the first ramp
 * that makes the workout pass {@link MAX_GARMIN_STEPS}.
 */
function expandRamps(doc: WorkoutDocument, chunkSeconds: number): WorkoutNode[] {
  let count = 0;
  const walk = (nodes: WorkoutNode[]): WorkoutNode[] => nodes.flatMap((node): WorkoutNode[] => {
    if (node.kind === 'repeat') {
      count++;
      return [{ ...node, children: walk(node.children) }];
    }
    const target = node.target;
    if (!target || !('ramp' in target) || !target.ramp || node.extent.kind !== 'time') {
      count++;
      return [node];
    }
    const total = node.extent.seconds;
    const parts = Math.max(1, Math.ceil(total / chunkSeconds));
    count += parts;
    if (count > MAX_GARMIN_STEPS) {
      throw new InputError(doc.file, `expanding this ramp into ${parts} steps passes Garmin's limit of ${MAX_GARMIN_STEPS} steps; use a longer --expand-ramps step`, target.position);
    }
    return Array.from({ length: parts }, (_, i) => {
      const start = i * chunkSeconds;
      const seconds = Math.min(chunkSeconds, total - start);
      const at = (start + seconds / 2) / total;
      const value = round(target.low + (target.high - target.low) * at, 2);
      return {
        ...node,
        extent: { ...node.extent, seconds, written: `${seconds}s` },
        target: { ...target, low: value, high: value, ramp: false },
      } as WorkoutStep;
    });
  });
  return walk(doc.steps);
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
