import { readFileSync } from 'node:fs';
import { exampleIntervalRun, fixturePath } from '../shared.js';
import { describe, expect, it } from 'vitest';
import { parseWorkoutText, encodeGarminWorkout, describeWorkout } from '../../src/formats/workout/index.js';
import { asRepeat, asStep, inputErrorOf, shape } from './helpers.js';

const FIXTURES = fixturePath('workouts/');
const read = (name: string) => readFileSync(FIXTURES + name, 'utf8');
const parseFixture = (name: string) => parseWorkoutText(read(name), name);

describe('acceptance: intervals-5x1km.txt', () => {
  it('encodes to exactly the reference Garmin JSON', () => {
    const expected = exampleIntervalRun();
    const { workout, lints } = parseFixture('intervals-5x1km.txt');
    expect(encodeGarminWorkout(workout)).toStrictEqual(expected);
    expect(lints).toEqual([]);
  });

  it('describes the tree for --dry-run', () => {
    const lines = describeWorkout(parseFixture('intervals-5x1km.txt').workout).split('\n');
    expect(lines).toEqual([
      '5x1km @ 4:00-4:10/km (running)',
      'Warmup    10:00',
      'Repeat 5x  Main set',
      '  Interval  1 km @ 4:00-4:10/km',
      '  Recovery  2:00  "Jog"',
      'Cooldown  10:00',
    ]);
  });
});

describe('good fixtures', () => {
  it('hr-easy-strides.txt: HR zones, recovery by lower zone, no distance', () => {
    const { workout } = parseFixture('hr-easy-strides.txt');
    expect(workout.name).toBe('Easy run with strides');
    expect(shape(workout.steps)).toBe('INT R6[INT REC] INT');
    const json = encodeGarminWorkout(workout);
    const steps = json.workoutSegments[0].workoutSteps;
    expect(asStep(steps[0])).toMatchObject({
      description: 'Easy', endConditionValue: 2400, zoneNumber: 2, targetValueOne: null, targetValueTwo: null,
      targetType: { workoutTargetTypeId: 4, workoutTargetTypeKey: 'heart.rate.zone' },
    });
    const strides = asRepeat(steps[1]);
    expect(strides.numberOfIterations).toBe(6);
    expect(strides.workoutSteps.map((s) => asStep(s).zoneNumber)).toEqual([5, 1]);
    expect(json.estimatedDurationInSecs).toBe(2400 + 6 * 60 + 300);
    expect(json.estimatedDistanceInMeters).toBeNull();
  });

  it('lap-button-hills.txt: lap-button steps have a null end condition value', () => {
    const { workout } = parseFixture('lap-button-hills.txt');
    expect(shape(workout.steps)).toBe('WU WU R8[INT REC] CD');
    const steps = encodeGarminWorkout(workout).workoutSegments[0].workoutSteps;
    expect(asStep(steps[1])).toMatchObject({
      endCondition: { conditionTypeId: 1, conditionTypeKey: 'lap.button' }, endConditionValue: null, description: 'Warmup',
    });
    const hills = asRepeat(steps[2]);
    expect(hills.workoutSteps.map((s) => asStep(s).description)).toEqual(['Uphill hard', 'Jog down easy']);
    expect(hills.workoutSteps.map((s) => asStep(s).endCondition.conditionTypeKey)).toEqual(['lap.button', 'lap.button']);
  });

  it('sweet-spot-bike.txt: % FTP from the front matter → watts; ramp → range; cadence secondary', () => {
    const { workout } = parseFixture('sweet-spot-bike.txt');
    expect(workout.sport).toBe('cycling');
    expect(shape(workout.steps)).toBe('WU R3[INT REC] CD');
    const json = encodeGarminWorkout(workout, { thresholds: { ftpWatts: 999 } });
    expect(json.sportType).toEqual({ sportTypeId: 2, sportTypeKey: 'cycling', displayOrder: 2 });
    const [wu, main, cd] = json.workoutSegments[0].workoutSteps;
    expect(asStep(wu)).toMatchObject({
      targetType: { workoutTargetTypeId: 2, workoutTargetTypeKey: 'power.zone' }, targetValueOne: 125, targetValueTwo: 188, zoneNumber: null,
      secondaryTargetType: { workoutTargetTypeId: 3 }, secondaryTargetValueOne: 85, secondaryTargetValueTwo: 95,
    });
    expect(asRepeat(main).workoutSteps.map((s) => [asStep(s).targetValueOne, asStep(s).targetValueTwo])).toEqual([[220, 230], [133, 143]]);
    expect(asStep(cd)).toMatchObject({ targetValueOne: 120, targetValueTwo: 130 });
    expect(json.estimatedDurationInSecs).toBe(15 * 60 + 3 * 16 * 60 + 10 * 60);
  });

  it('swim-css.txt: pool length, swim pace as the secondary target, `0` → rest', () => {
    const { workout } = parseFixture('swim-css.txt');
    expect(shape(workout.steps)).toBe('WU R10[INT REST] CD');
    const json = encodeGarminWorkout(workout);
    expect(json.sportType).toEqual({ sportTypeId: 4, sportTypeKey: 'swimming', displayOrder: 3 });
    expect(json.poolLength).toBe(25);
    expect(json.poolLengthUnit).toEqual({ unitId: 1, unitKey: 'meter', factor: 100 });
    const main = asRepeat(json.workoutSegments[0].workoutSteps[1]);
    const [swim, rest] = main.workoutSteps.map(asStep);
    expect(swim).toMatchObject({
      endConditionValue: 100, preferredEndConditionUnit: { unitKey: 'meter' },
      targetType: { workoutTargetTypeId: 1, workoutTargetTypeKey: 'no.target' },
      secondaryTargetType: { workoutTargetTypeId: 6, workoutTargetTypeKey: 'pace.zone' },
      // 1:45/100m ± 5 s/km: 1/(1.05 - 0.005) and 1/(1.05 + 0.005) m/s, faster first.
      secondaryTargetValueOne: 0.956938, secondaryTargetValueTwo: 0.947867,
    });
    expect(swim.targetValueOne).toBeUndefined();
    expect(rest).toMatchObject({ stepType: { stepTypeId: 5, stepTypeKey: 'rest' }, endConditionValue: 15 });
    expect(json.estimatedDistanceInMeters).toBe(400 + 1000 + 200);
  });
});

describe('bad fixtures', () => {
  it('bad-empty-repeat.txt: the `4x` at line 2, column 1 has no steps', () => {
    const error = inputErrorOf(() => parseFixture('bad-empty-repeat.txt'));
    expect(error.file).toBe('bad-empty-repeat.txt');
    expect(error.position).toEqual({ line: 2, column: 1 });
    expect(error.reason).toContain('repeat `4x` has no steps; did you forget the `-`?');
    expect(error.message).toMatch(/^bad-empty-repeat\.txt:2:1: /);
  });

  it('bad-units.txt: the first wrong line is 2 (`- 10x` owns no indented steps)', () => {
    const error = inputErrorOf(() => parseFixture('bad-units.txt'));
    expect(error.file).toBe('bad-units.txt');
    expect(error.position).toEqual({ line: 2, column: 3 });
    expect(error.reason).toContain('repeat `10x` has no steps');
  });

  it('bad-units.txt: each later wrong line fails on its own, at the offending token', () => {
    const lines = read('bad-units.txt').split('\n');
    const line3 = inputErrorOf(() => parseWorkoutText([lines[0], lines[2]].join('\n'), 'bad-units.txt'));
    expect(line3.position).toEqual({ line: 2, column: 3 });
    expect(line3.reason).toContain('no duration or distance');
    const line4 = inputErrorOf(() => parseWorkoutText([lines[0], lines[3]].join('\n'), 'bad-units.txt'));
    expect(line4.position).toEqual({ line: 2, column: 6 });
    expect(line4.reason).toContain('unknown unit `parsecs`');
    const zone = inputErrorOf(() => parseWorkoutText('sport: run\n- 12km at Z9 HR', 'bad-units.txt'));
    expect(zone.position).toEqual({ line: 2, column: 11 });
    expect(zone.reason).toContain('Z9 is out of range');
  });
});
