/**
 * Garmin workout JSON → workout text (the language of workout-text.md §5, with the extensions
 * `intensity=`, `"quoted cue"`, `description:` and decimal pace seconds). The text parses and
 * encodes back to the same JSON: every number is written with the fewest decimals that give the
 * same value after the encoder's rounding. Used for `workouts export --text` and by the
 * round-trip property test.
 */
import { InputError } from '../../errors.js';
import type { SwimEquipment, SwimStroke } from './document.js';
import { EQUIPMENT_TYPES, STROKE_TYPES, type GarminExecutableStep, type GarminWorkoutJson, type GarminWorkoutStep } from './garmin-json.js';
import { quoteCue } from './lex.js';
import { round } from './units.js';

const SPORT_WORDS: Record<string, string> = {
  running: 'run', cycling: 'ride', swimming: 'swim', walking: 'walk', strength_training: 'strength', other: 'other',
};
const DISTANCE_WORDS: Record<string, [string, number]> = {
  kilometer: ['km', 1000], meter: ['mtr', 1], mile: ['mi', 1609.344], yard: ['yds', 0.9144],
};
const STEP_TYPES = new Set(['warmup', 'cooldown', 'interval', 'recovery', 'rest', 'other']);

/**
 * The text of `workout` (ids, dates and unknown keys are ignored). `file` names the workout in
 * errors. Throws InputError for what the text language cannot say: more than one segment, end
 * conditions other than time, distance and lap button, or target types other than power, cadence,
 * heart rate, speed and pace.
 */
export function formatWorkoutText(workout: GarminWorkoutJson, file: string): string {
  const fail = (reason: string): never => {
    throw new InputError(file, reason);
  };
  if (workout.workoutSegments.length !== 1) fail(`${workout.workoutSegments.length} workout segments (the text form has one)`);
  const sport = workout.sportType.sportTypeKey;
  const swim = sport === 'swimming';
  const lines = [`sport: ${SPORT_WORDS[sport] ?? fail(`sport ${sport} has no text form`)}`, `name: ${oneLine(workout.workoutName)}`];
  if (workout.description) lines.push(`description: ${oneLine(workout.description)}`);
  if (swim && workout.poolLength) lines.push(`pool length: ${workout.poolLength}${workout.poolLengthUnit?.unitKey === 'yard' ? 'yd' : 'm'}`);
  lines.push('');

  const walk = (steps: readonly GarminWorkoutStep[], depth: number) => {
    const indent = '  '.repeat(depth);
    for (const step of steps) {
      if (step.type === 'RepeatGroupDTO') {
        lines.push(`${indent}- ${step.numberOfIterations}x`);
        walk(step.workoutSteps, depth + 1);
      } else {
        lines.push(`${indent}- ${stepText(step, swim, fail)}`);
      }
    }
  };
  walk(workout.workoutSegments[0].workoutSteps, 0);
  return `${lines.join('\n')}\n`;
}

function stepText(step: GarminExecutableStep, swim: boolean, fail: (reason: string) => never): string {
  const words: string[] = [];
  if (step.description) words.push(quoteCue(oneLine(step.description)));
  words.push(extentText(step, fail));
  const primary = targetText(step.targetType.workoutTargetTypeId, step.targetValueOne, step.targetValueTwo, step.zoneNumber, swim, fail);
  const secondary = step.secondaryTargetType
    ? targetText(step.secondaryTargetType.workoutTargetTypeId, step.secondaryTargetValueOne, step.secondaryTargetValueTwo, step.secondaryZoneNumber, swim, fail)
    : null;
  if (primary) words.push(primary);
  if (secondary) words.push(secondary);
  const stroke = step.strokeType && (Object.keys(STROKE_TYPES) as SwimStroke[]).find((k) => STROKE_TYPES[k].strokeTypeId === step.strokeType!.strokeTypeId);
  const equipment = step.equipmentType && (Object.keys(EQUIPMENT_TYPES) as SwimEquipment[]).find((k) => EQUIPMENT_TYPES[k].equipmentTypeId === step.equipmentType!.equipmentTypeId);
  if (stroke) words.push(`stroke=${stroke}`);
  if (equipment) words.push(`equipment=${equipment}`);
  const type = step.stepType.stepTypeKey;
  if (!STEP_TYPES.has(type)) fail(`step type ${type} has no text form`);
  words.push(`intensity=${type}`);
  return words.join(' ');
}

function extentText(step: GarminExecutableStep, fail: (reason: string) => never): string {
  const value = step.endConditionValue ?? 0;
  switch (step.endCondition.conditionTypeId) {
    case 1:
      return 'press lap';
    case 2:
      return durationText(value);
    case 3: {
      const [word, meters] = DISTANCE_WORDS[step.preferredEndConditionUnit?.unitKey ?? 'meter'] ?? DISTANCE_WORDS.meter;
      return `${shortest(value / meters, (n) => round(n * meters, 3), value)}${word}`;
    }
    default:
      return fail(`end condition ${step.endCondition.conditionTypeKey} has no text form`);
  }
}

/** `1h2m30s`, `45s`, `10m`. */
function durationText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

function targetText(
  id: number, one: number | null | undefined, two: number | null | undefined, zone: number | null | undefined,
  swim: boolean, fail: (reason: string) => never,
): string | null {
  const a = one ?? 0;
  const b = two ?? 0;
  switch (id) {
    case 1:
      return null;
    case 2:
      return zone ? `Z${zone} power` : `${a}-${b}w`;
    case 3:
      return `${a}-${b}rpm`;
    case 4:
      return zone ? `Z${zone} HR` : `${a}-${b}bpm`;
    case 5: {
      const kph = (v: number) => shortest(v * 3.6, (n) => round(n / 3.6, 6), v);
      return `${kph(a)}-${kph(b)}kph`;
    }
    case 6: {
      const per = swim ? 100 : 1000;
      return `${paceText(b, per)}-${paceText(a, per)}${swim ? '/100m' : '/km'} Pace`;
    }
    default:
      return fail(`target type ${id} has no text form`);
  }
}

/** A speed (m/s) as `m:ss[.fff]` per `per` metres that reads back to the same m/s (6 decimals). */
function paceText(metersPerSecond: number, per: number): string {
  const seconds = per / metersPerSecond;
  let text = '';
  for (let digits = 0; digits <= 9; digits++) {
    const total = round(seconds, digits);
    const minutes = Math.floor(total / 60);
    const [whole, fraction] = (total - minutes * 60).toFixed(digits).split('.');
    text = `${minutes}:${whole.padStart(2, '0')}${fraction && Number(fraction) > 0 ? `.${fraction.replace(/0+$/, '')}` : ''}`;
    if (round(per / (minutes * 60 + Number(`${whole}.${fraction ?? 0}`)), 6) === metersPerSecond) break;
  }
  return text;
}

/** `value` with the fewest decimals (0–9) whose `reads(…)` equals `target`, as a string without exponent. */
function shortest(value: number, reads: (n: number) => number, target: number): string {
  for (let digits = 0; digits <= 9; digits++) {
    const text = round(value, digits).toFixed(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
    if (reads(Number(text)) === target) return text;
  }
  return String(value);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
