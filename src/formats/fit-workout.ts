/**
 * FIT workout files (file_id type `workout`) ↔ Garmin workout JSON, with Garmin's FIT SDK
 * (@garmin/fitsdk `Encoder`/`Decoder`). Sources: FIT workout file type,
 * https://developer.garmin.com/fit/file-types/workout/ and the "Encoding FIT Workout Files"
 * cookbook: steps are a flat list, a repeat is a `repeat_until_steps_cmplt` step after its children
 * whose duration_value is the message index of its first child and target_value the iterations;
 * custom heart rate is bpm + 100, custom power W + 1000, speed in mm/s, time in ms, distance in cm.
 */
import { Encoder, Profile, type FileIdMesg, type WorkoutMesg, type WorkoutStepMesg } from '@garmin/fitsdk';
import { InputError } from '../errors.js';
import type { SwimEquipment, SwimStroke, WorkoutSport, WorkoutStepType } from './workout/document.js';
import { estimateWorkout } from './workout/estimate.js';
import {
  END_CONDITIONS, EQUIPMENT_TYPES, POOL_LENGTH_UNITS, SPORT_TYPES, STROKE_TYPES, TARGET_TYPES, garminStepType,
  type GarminExecutableStep, type GarminRepeatGroup, type GarminTargetType, type GarminWorkoutJson, type GarminWorkoutStep,
} from './workout/garmin-json.js';
import { SINGLE_PACE_BAND_SECONDS_PER_KM } from './workout/targets.js';
import { round } from './workout/units.js';

/** FIT `sport` (and `sub_sport`) of each Garmin sport. */
const FIT_SPORTS: Record<WorkoutSport, [string, string]> = {
  running: ['running', 'generic'], cycling: ['cycling', 'generic'], swimming: ['swimming', 'lapSwimming'],
  walking: ['walking', 'generic'], strength_training: ['training', 'strengthTraining'], other: ['generic', 'generic'],
};
/** FIT `intensity` of each step type (`interval` is written as `active`, which every device knows). */
const FIT_INTENSITY: Record<WorkoutStepType, string> = {
  warmup: 'warmup', cooldown: 'cooldown', interval: 'active', recovery: 'recovery', rest: 'rest', other: 'other',
};
const STEP_TYPE_OF_INTENSITY: Record<string, WorkoutStepType> = {
  warmup: 'warmup', cooldown: 'cooldown', active: 'interval', interval: 'interval', recovery: 'recovery', rest: 'rest', other: 'other',
};
/** FIT `swim_stroke` values of the strokes (FIT has no "any"). */
const FIT_STROKES: Partial<Record<SwimStroke, number>> = { free: 0, back: 1, breast: 2, fly: 3, drill: 4 };
/** FIT `workout_equipment` of the swim equipment. */
const FIT_EQUIPMENT: Record<SwimEquipment, string> = {
  fins: 'swimFins', kickboard: 'swimKickboard', paddles: 'swimPaddles', pull_buoy: 'swimPullBuoy', snorkel: 'swimSnorkel',
};
const HR_OFFSET_BPM = 100;
const POWER_OFFSET_W = 1000;

/** A FIT step as the SDK reads and writes it (camelCase fields, enums as strings). */
type FitStep = Record<string, unknown> & { messageIndex: number };

/**
 * The SDK's Encoder reuses a message definition for a message with the same fields, but writes
 * the values in the object's key order: every step is written with its keys in this order.
 */
const STEP_FIELD_ORDER = [
  'messageIndex', 'wktStepName', 'durationType', 'durationValue', 'targetType', 'targetValue', 'customTargetValueLow',
  'customTargetValueHigh', 'intensity', 'secondaryTargetType', 'secondaryTargetValue', 'secondaryCustomTargetValueLow',
  'secondaryCustomTargetValueHigh', 'equipment',
];

function inFieldOrder(step: FitStep): FitStep {
  const ordered: Record<string, unknown> = {};
  for (const key of STEP_FIELD_ORDER) if (step[key] !== undefined) ordered[key] = step[key];
  return ordered as FitStep;
}

/**
 * Encodes `workout` as a FIT workout file (bytes, CRC included). Throws InputError (naming
 * `file`) for a step the FIT workout format cannot hold (more than one segment, target types
 * other than no target, power, cadence, heart rate, speed and pace).
 */
export function encodeFitWorkout(workout: GarminWorkoutJson, file: string): Uint8Array {
  if (workout.workoutSegments.length !== 1) throw new InputError(file, `${workout.workoutSegments.length} workout segments; a FIT workout holds one`);
  const sport = sportOf(workout.sportType.sportTypeKey);
  const steps: FitStep[] = [];
  const walk = (list: readonly GarminWorkoutStep[]) => {
    for (const step of list) {
      if (step.type === 'RepeatGroupDTO') {
        const first = steps.length;
        walk(step.workoutSteps);
        steps.push({ messageIndex: steps.length, durationType: 'repeatUntilStepsCmplt', durationValue: first, targetType: 'open', targetValue: step.numberOfIterations, intensity: 'active' });
      } else {
        steps.push({ messageIndex: steps.length, ...fitStepOf(step, file) });
      }
    }
  };
  walk(workout.workoutSegments[0].workoutSteps);

  const encoder = new Encoder();
  encoder.onMesg(Profile.MesgNum.FILE_ID, { type: 'workout', manufacturer: 'development', product: 0, serialNumber: 1, timeCreated: new Date() } as FileIdMesg);
  const [fitSport, subSport] = FIT_SPORTS[sport];
  const pool = workout.poolLength && workout.poolLengthUnit
    ? { poolLength: round(workout.poolLength * (workout.poolLengthUnit.unitKey === 'yard' ? 0.9144 : 1), 2), poolLengthUnit: workout.poolLengthUnit.unitKey === 'yard' ? 'statute' : 'metric' }
    : {};
  encoder.onMesg(Profile.MesgNum.WORKOUT, {
    wktName: workout.workoutName, ...(workout.description ? { wktDescription: workout.description } : {}),
    sport: fitSport, subSport, numValidSteps: steps.length, ...pool,
  } as WorkoutMesg);
  for (const step of steps) encoder.onMesg(Profile.MesgNum.WORKOUT_STEP, inFieldOrder(step) as unknown as WorkoutStepMesg);
  return encoder.close();
}

function sportOf(sportTypeKey: string): WorkoutSport {
  return (Object.keys(SPORT_TYPES) as WorkoutSport[]).find((s) => SPORT_TYPES[s].sportTypeKey === sportTypeKey) ?? 'other';
}

function fitStepOf(step: GarminExecutableStep, file: string): Record<string, unknown> {
  const type = step.stepType.stepTypeKey as WorkoutStepType;
  const fit: Record<string, unknown> = { intensity: FIT_INTENSITY[type] ?? 'active', ...durationOf(step, file) };
  if (step.description) fit.wktStepName = step.description;
  Object.assign(fit, targetOf(step.targetType, step.targetValueOne, step.targetValueTwo, step.zoneNumber, '', file));
  const stroke = step.strokeType && keyOf(STROKE_TYPES, (t) => t.strokeTypeId === step.strokeType!.strokeTypeId);
  const strokeValue = stroke ? FIT_STROKES[stroke] : undefined;
  if (strokeValue !== undefined && step.targetType.workoutTargetTypeId === TARGET_TYPES.noTarget.workoutTargetTypeId) {
    Object.assign(fit, { targetType: 'swimStroke', targetValue: strokeValue });
  }
  const equipment = step.equipmentType && keyOf(EQUIPMENT_TYPES, (t) => t.equipmentTypeId === step.equipmentType!.equipmentTypeId);
  if (equipment) fit.equipment = FIT_EQUIPMENT[equipment];
  if (step.secondaryTargetType && step.secondaryTargetType.workoutTargetTypeId !== TARGET_TYPES.noTarget.workoutTargetTypeId) {
    Object.assign(fit, targetOf(step.secondaryTargetType, step.secondaryTargetValueOne, step.secondaryTargetValueTwo, step.secondaryZoneNumber, 'secondary', file));
  }
  return fit;
}

function durationOf(step: GarminExecutableStep, file: string): Record<string, unknown> {
  const value = step.endConditionValue ?? 0;
  switch (step.endCondition.conditionTypeId) {
    case END_CONDITIONS.lapButton.conditionTypeId:
      return { durationType: 'open', durationValue: 0 };
    case END_CONDITIONS.time.conditionTypeId:
      return { durationType: 'time', durationValue: Math.round(value * 1000) };
    case END_CONDITIONS.distance.conditionTypeId:
      return { durationType: 'distance', durationValue: Math.round(value * 100) };
    case END_CONDITIONS.calories.conditionTypeId:
      return { durationType: 'calories', durationValue: Math.round(value) };
    case END_CONDITIONS.heartRate.conditionTypeId:
      return { durationType: step.endConditionCompare === 'gt' ? 'hrGreaterThan' : 'hrLessThan', durationValue: Math.round(value) + HR_OFFSET_BPM };
    case END_CONDITIONS.power.conditionTypeId:
      return { durationType: step.endConditionCompare === 'gt' ? 'powerGreaterThan' : 'powerLessThan', durationValue: Math.round(value) + POWER_OFFSET_W };
    default:
      throw new InputError(file, `end condition ${step.endCondition.conditionTypeKey} has no FIT workout form`);
  }
}

/** FIT target fields; `prefix` is '' or 'secondary'. */
function targetOf(
  type: GarminTargetType, one: number | null | undefined, two: number | null | undefined, zone: number | null | undefined, prefix: '' | 'secondary', file: string,
): Record<string, unknown> {
  const key = (name: string) => (prefix ? `secondary${name}` : name[0].toLowerCase() + name.slice(1));
  const custom = (low: number, high: number) => ({ [key('TargetValue')]: 0, [key('CustomTargetValueLow')]: low, [key('CustomTargetValueHigh')]: high });
  const a = one ?? 0;
  const b = two ?? 0;
  switch (type.workoutTargetTypeId) {
    case TARGET_TYPES.noTarget.workoutTargetTypeId:
      return { [key('TargetType')]: 'open' };
    case TARGET_TYPES.power.workoutTargetTypeId:
      return { [key('TargetType')]: 'power', ...(zone ? { [key('TargetValue')]: zone } : custom(Math.round(a) + POWER_OFFSET_W, Math.round(b) + POWER_OFFSET_W)) };
    case TARGET_TYPES.heartRate.workoutTargetTypeId:
      return { [key('TargetType')]: 'heartRate', ...(zone ? { [key('TargetValue')]: zone } : custom(Math.round(a) + HR_OFFSET_BPM, Math.round(b) + HR_OFFSET_BPM)) };
    case TARGET_TYPES.cadence.workoutTargetTypeId:
      return { [key('TargetType')]: 'cadence', ...custom(Math.round(a), Math.round(b)) };
    case TARGET_TYPES.speed.workoutTargetTypeId:
      return { [key('TargetType')]: 'speed', ...custom(Math.round(a * 1000), Math.round(b * 1000)) };
    case TARGET_TYPES.pace.workoutTargetTypeId: // faster first in JSON; FIT wants low..high speed
      return { [key('TargetType')]: 'speed', ...custom(Math.round(b * 1000), Math.round(a * 1000)) };
    default:
      throw new InputError(file, `target ${type.workoutTargetTypeKey} has no FIT workout form`);
  }
}

/**
 * The Garmin workout JSON of a decoded FIT workout (`messages` as @garmin/fitsdk's Decoder gives
 * them: `workoutMesgs`, `workoutStepMesgs`). Speeds become pace targets (speed targets on
 * cycling), snapped by `snappedSpeed`; the description is `wkt_description` (else empty). Throws InputError naming `file` and the
 * step index for what Garmin's JSON cannot hold (duration or target types it has no id for, a
 * repeat pointing forward).
 */
export function decodeFitWorkout(messages: Record<string, unknown[]>, file: string): GarminWorkoutJson {
  const header = (messages.workoutMesgs?.[0] ?? {}) as Record<string, unknown>;
  const fitSteps = ((messages.workoutStepMesgs ?? []) as FitStep[]).slice().sort((a, b) => a.messageIndex - b.messageIndex);
  if (fitSteps.length === 0) throw new InputError(file, 'a FIT workout without steps');
  const sport = sportOfFit(String(header.sport ?? 'generic'), String(header.subSport ?? 'generic'));
  const fail = (index: number, reason: string): never => {
    throw new InputError(file, `FIT workout step ${index}: ${reason}`);
  };
  const yards = header.poolLengthUnit === 'statute';
  // The distances paces are written per in this sport (m): 100 yd in a yard pool, 100 m or 1 km in a metre pool, else km or mile.
  const paceDistances = sport === 'swimming' ? (yards ? [91.44] : [100, 1000]) : [1000, 1609.344];

  // Rebuild the tree: a repeat step takes every node since its first child's index.
  type Pending = { start: number; node: GarminWorkoutStep };
  const pending: Pending[] = [];
  fitSteps.forEach((fit, index) => {
    if (fit.durationType === 'repeatUntilStepsCmplt') {
      const first = Number(fit.durationValue);
      if (!(first <= index - 1)) fail(index, `a repeat must point back to an earlier step, not to ${first}`);
      const at = pending.findIndex((p) => p.start >= first);
      const children = pending.splice(at).map((p) => p.node);
      const iterations = Number(fit.targetValue);
      if (!(iterations >= 1)) fail(index, `a repeat needs at least 1 iteration, not ${iterations}`);
      pending.push({ start: first, node: repeatGroup(iterations, children) });
      return;
    }
    pending.push({ start: index, node: executableStep(fit, sport, paceDistances, (reason) => fail(index, reason)) });
  });
  const workoutSteps = pending.map((p) => p.node);
  numberSteps(workoutSteps);

  const sportType = SPORT_TYPES[sport];
  const poolLength = typeof header.poolLength === 'number' && sport === 'swimming' ? header.poolLength : null;
  return {
    workoutName: String(header.wktName ?? file),
    description: String(header.wktDescription ?? ''),
    sportType: { ...sportType },
    ...estimateWorkout(workoutSteps, sportType.sportTypeKey),
    ...(poolLength ? { poolLength: round(yards ? poolLength / 0.9144 : poolLength, 2), poolLengthUnit: { ...POOL_LENGTH_UNITS[yards ? 'yard' : 'meter'] } } : {}),
    workoutSegments: [{ segmentOrder: 1, sportType: { ...sportType }, workoutSteps }],
  };
}

function sportOfFit(sport: string, subSport: string): WorkoutSport {
  if (sport === 'training' && subSport === 'strengthTraining') return 'strength_training';
  return (Object.keys(FIT_SPORTS) as WorkoutSport[]).find((s) => FIT_SPORTS[s][0] === sport && s !== 'strength_training') ?? 'other';
}

function repeatGroup(iterations: number, children: GarminWorkoutStep[]): GarminRepeatGroup {
  return {
    type: 'RepeatGroupDTO', stepOrder: 0, stepType: garminStepType('repeat'), childStepId: 0, numberOfIterations: iterations,
    endCondition: { ...END_CONDITIONS.iterations }, endConditionValue: iterations, smartRepeat: false, skipLastRestStep: false, workoutSteps: children,
  };
}

function executableStep(fitStep: FitStep, sport: WorkoutSport, paceDistances: readonly number[], fail: (reason: string) => never): GarminExecutableStep {
  let fit = fitStep;
  const type = STEP_TYPE_OF_INTENSITY[String(fit.intensity ?? 'active')] ?? 'interval';
  const step: GarminExecutableStep = {
    type: 'ExecutableStepDTO',
    stepOrder: 0,
    stepType: garminStepType(type),
    ...(typeof fit.wktStepName === 'string' && fit.wktStepName !== '' ? { description: fit.wktStepName } : {}),
    ...endConditionOfFit(fit, fail),
    targetType: { ...TARGET_TYPES.noTarget },
  };
  if (fit.targetType === 'swimStroke') {
    const stroke = keyOf(FIT_STROKES as Record<SwimStroke, number>, (v) => v === Number(fit.targetValue));
    if (stroke) step.strokeType = { ...STROKE_TYPES[stroke] };
    fit = { ...fit, targetType: 'open' };
  }
  const equipment = keyOf(FIT_EQUIPMENT, (v) => v === fit.equipment);
  if (equipment) step.equipmentType = { ...EQUIPMENT_TYPES[equipment] };
  const primary = targetOfFit(fit, '', sport, paceDistances, fail);
  const secondary = targetOfFit(fit, 'secondary', sport, paceDistances, fail);
  const swimPace = sport === 'swimming' && primary?.targetType.workoutTargetTypeId === TARGET_TYPES.pace.workoutTargetTypeId;
  const main = swimPace ? null : primary;
  const second = swimPace ? primary : secondary;
  if (main) Object.assign(step, { targetType: main.targetType, targetValueOne: main.one, targetValueTwo: main.two, zoneNumber: main.zone });
  if (second) {
    Object.assign(step, {
      secondaryTargetType: second.targetType, secondaryTargetValueOne: second.one, secondaryTargetValueTwo: second.two, secondaryZoneNumber: second.zone,
    });
  }
  return step;
}

/**
 * FIT has no display unit for a distance: whole kilometres show as km, whole miles as mi, whole
 * yards that are not whole metres as yd, the rest as m (so `1000mtr` comes back as `1 km`).
 */
function distanceUnitOf(centimeters: number): 'kilometer' | 'mile' | 'yard' | 'meter' {
  if (centimeters % 100_000 === 0) return 'kilometer';
  const whole = (meters: number) => Number.isInteger(round(centimeters / (meters * 100), 6));
  if (whole(1609.344)) return 'mile';
  if (whole(0.9144) && centimeters % 100 !== 0) return 'yard';
  return 'meter';
}

type FitEndCondition = Pick<GarminExecutableStep, 'endCondition' | 'endConditionValue' | 'endConditionCompare' | 'preferredEndConditionUnit'>;

function endConditionOfFit(fit: FitStep, fail: (reason: string) => never): FitEndCondition {
  const value = Number(fit.durationValue ?? 0);
  switch (fit.durationType) {
    case 'open':
      return { endCondition: { ...END_CONDITIONS.lapButton }, endConditionValue: null };
    case 'time':
      return { endCondition: { ...END_CONDITIONS.time }, endConditionValue: value / 1000 };
    case 'distance':
      return { endCondition: { ...END_CONDITIONS.distance }, endConditionValue: value / 100, preferredEndConditionUnit: { unitKey: distanceUnitOf(value) } };
    case 'calories':
      return { endCondition: { ...END_CONDITIONS.calories }, endConditionValue: value };
    case 'hrLessThan':
    case 'hrGreaterThan':
      if (value <= HR_OFFSET_BPM) fail('heart-rate zones as an end condition are not supported (only bpm)');
      return { endCondition: { ...END_CONDITIONS.heartRate }, endConditionValue: value - HR_OFFSET_BPM, endConditionCompare: fit.durationType === 'hrLessThan' ? 'lt' : 'gt' };
    case 'powerLessThan':
    case 'powerGreaterThan':
      if (value <= POWER_OFFSET_W) fail('%-FTP power end conditions are not supported (only watts)');
      return { endCondition: { ...END_CONDITIONS.power }, endConditionValue: value - POWER_OFFSET_W, endConditionCompare: fit.durationType === 'powerLessThan' ? 'lt' : 'gt' };
    default:
      return fail(`duration type ${String(fit.durationType)} has no Garmin workout form`);
  }
}

type ResolvedFitTarget = { targetType: GarminTargetType; one: number | null; two: number | null; zone: number | null };

function targetOfFit(fit: FitStep, prefix: '' | 'secondary', sport: WorkoutSport, paceDistances: readonly number[], fail: (reason: string) => never): ResolvedFitTarget | null {
  const get = (name: string) => fit[prefix ? `secondary${name}` : name[0].toLowerCase() + name.slice(1)];
  const targetType = get('TargetType');
  if (targetType === undefined || targetType === 'open') return null;
  const zone = Number(get('TargetValue') ?? 0);
  const low = Number(get('CustomTargetValueLow') ?? 0);
  const high = Number(get('CustomTargetValueHigh') ?? 0);
  const zoneOr = (type: GarminTargetType, offset: number, what: string): ResolvedFitTarget => {
    if (zone > 0) return { targetType: { ...type }, one: null, two: null, zone };
    if (low < offset || high < offset) fail(`% ${what} targets are not supported (only absolute values and zones)`);
    return { targetType: { ...type }, one: low - offset, two: high - offset, zone: null };
  };
  switch (targetType) {
    case 'heartRate':
      return zoneOr(TARGET_TYPES.heartRate, HR_OFFSET_BPM, 'max HR');
    case 'power':
      return zoneOr(TARGET_TYPES.power, POWER_OFFSET_W, 'FTP');
    case 'cadence':
      return { targetType: { ...TARGET_TYPES.cadence }, one: low, two: high, zone: null };
    case 'speed':
      if (zone > 0) fail('speed zones are not supported (only speed ranges)');
      if (sport === 'cycling') return { targetType: { ...TARGET_TYPES.speed }, one: low / 1000, two: high / 1000, zone: null };
      return { targetType: { ...TARGET_TYPES.pace }, one: snappedSpeed(high, paceDistances), two: snappedSpeed(low, paceDistances), zone: null };
    default:
      return fail(`target type ${String(targetType)} has no Garmin workout form`);
  }
}

/**
 * The m/s (6 decimals) of a FIT speed in mm/s: the whole-second pace per one of `perMeters`
 * (exact, or widened by the ±{@link SINGLE_PACE_BAND_SECONDS_PER_KM} s/km band the text encoder
 * gives a single pace) that FIT rounds to the same mm/s, when there is one; else mm/s ÷ 1000.
 * FIT's resolution is 1 mm/s (≈ 1 s/km at 4:00/km), so other paces come back rounded.
 */
function snappedSpeed(millimetersPerSecond: number, perMeters: readonly number[]): number {
  const band = SINGLE_PACE_BAND_SECONDS_PER_KM / 1000;
  for (const k of [0, -1, 1]) {
    for (const meters of perMeters) {
      const seconds = Math.round((1000 / millimetersPerSecond - k * band) * meters);
      const speed = round(1 / (seconds / meters + k * band), 6);
      if (Math.round(speed * 1000) === millimetersPerSecond) return speed;
    }
  }
  return millimetersPerSecond / 1000;
}

/** The key of `table` whose value passes `test`, or undefined. */
function keyOf<K extends string, V>(table: Partial<Record<K, V>>, test: (value: V) => boolean): K | undefined {
  return (Object.keys(table) as K[]).find((k) => test(table[k] as V));
}

/** Gives `stepOrder` depth-first from 1 and `childStepId` per repeat group, as the text encoder does. */
function numberSteps(steps: GarminWorkoutStep[]): void {
  let order = 0;
  let groups = 0;
  const walk = (list: GarminWorkoutStep[], parent: number | null) => {
    for (const step of list) {
      step.stepOrder = ++order;
      if (step.type === 'RepeatGroupDTO') {
        step.childStepId = ++groups;
        walk(step.workoutSteps, step.childStepId);
      } else if (parent !== null) {
        step.childStepId = parent;
      }
    }
  };
  walk(steps, null);
}
