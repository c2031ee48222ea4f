/** FIT workout files: the SDK's example workouts import; every fixture text survives JSON → FIT → JSON unchanged. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFitWorkout, encodeFitWorkout } from '../../src/formats/fit-workout.js';
import { inspectFit } from '../../src/formats/fit.js';
import { encodeGarminWorkout, parseWorkoutText } from '../../src/formats/workout/index.js';
import { fixturePath, readFixture } from '../shared.js';
import { asRepeat, asStep } from './helpers.js';

function decodeFixture(name: string) {
  const inspected = inspectFit(readFixture(`fit/${name}`), name);
  if (inspected.kind !== 'workout') throw new Error(`${name} is not a workout`);
  return decodeFitWorkout(inspected.messages, name);
}

function roundTrip(json: ReturnType<typeof encodeGarminWorkout>) {
  const inspected = inspectFit(encodeFitWorkout(json, 'out.fit'), 'out.fit');
  if (inspected.kind !== 'workout') throw new Error('the encoded file is not a FIT workout');
  return decodeFitWorkout(inspected.messages, 'out.fit');
}

describe('FIT workout fixtures (FIT SDK examples)', () => {
  it('WorkoutIndividualSteps.fit: HR zone warmup, power-zone distance steps, cooldown until HR < 125 bpm', () => {
    const json = decodeFixture('WorkoutIndividualSteps.fit');
    expect(json.workoutName).toBe('Example 1');
    const steps = json.workoutSegments[0].workoutSteps.map(asStep);
    expect(steps.map((s) => [s.stepOrder, s.stepType.stepTypeKey, s.endCondition.conditionTypeKey, s.endConditionValue])).toEqual([
      [1, 'warmup', 'time', 60], [2, 'interval', 'distance', 500], [3, 'interval', 'distance', 500], [4, 'cooldown', 'heart.rate', 125],
    ]);
    expect(steps[3].endConditionCompare).toBe('lt');
    expect([steps[0].targetType.workoutTargetTypeKey, steps[0].zoneNumber]).toEqual(['heart.rate.zone', 2]);
    expect([steps[1].targetType.workoutTargetTypeKey, steps[1].zoneNumber]).toEqual(['power.zone', 5]);
    expect(steps[0].description).toBe('_A_');
  });

  it('WorkoutRepeatSteps.fit: the repeat step becomes a group of the two steps before it, 3 iterations', () => {
    const json = decodeFixture('WorkoutRepeatSteps.fit');
    const [warmup, group, cooldown] = json.workoutSegments[0].workoutSteps;
    const repeat = asRepeat(group);
    expect(repeat.numberOfIterations).toBe(3);
    expect(repeat.endCondition.conditionTypeId).toBe(7);
    expect(repeat.workoutSteps.map((s) => [s.stepOrder, s.childStepId])).toEqual([[3, 1], [4, 1]]);
    expect([asStep(warmup).stepOrder, repeat.stepOrder, asStep(cooldown).stepOrder]).toEqual([1, 2, 5]);
    expect(json.estimatedDistanceInMeters).toBe(3000);
  });

  it('each fixture survives FIT → JSON → FIT → JSON', () => {
    for (const name of ['WorkoutIndividualSteps.fit', 'WorkoutRepeatSteps.fit']) {
      const json = decodeFixture(name);
      expect(roundTrip(json), name).toEqual(json);
    }
  });
});

describe('workout texts → FIT → the same Garmin JSON', () => {
  for (const name of ['intervals-5x1km.txt', 'hr-easy-strides.txt', 'lap-button-hills.txt', 'sweet-spot-bike.txt', 'swim-css.txt']) {
    it(name, () => {
      const { workout } = parseWorkoutText(readFileSync(fixturePath(`workouts/${name}`), 'utf8'), name);
      const json = encodeGarminWorkout(workout);
      expect(roundTrip(json)).toEqual(json);
    });
  }

  it('pool length in yards, nested repeats, strokes and equipment survive', () => {
    const text = ['sport: swim', 'pool length: 25yd', '- 2x', '  - 3x', '    - 50yds 1:30/100y Pace stroke=fly', '    - 15s 0', '  - 100yds easy stroke=back equipment=fins'].join('\n');
    const json = encodeGarminWorkout(parseWorkoutText(text, 'yards.txt').workout);
    const back = roundTrip(json);
    expect(back).toEqual(json);
    expect(back.poolLengthUnit?.unitKey).toBe('yard');
    const group = asRepeat(back.workoutSegments[0].workoutSteps[0]);
    expect(asStep(asRepeat(group.workoutSteps[0]).workoutSteps[0]).strokeType?.strokeTypeKey).toBe('fly');
    expect(asStep(group.workoutSteps[1])).toMatchObject({ strokeType: { strokeTypeKey: 'backstroke' }, equipmentType: { equipmentTypeKey: 'fins' } });
  });
});
