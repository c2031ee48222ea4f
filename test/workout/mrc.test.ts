/** MRC (% FTP) and ERG (watts) files: steps, ramps, jumps, units, names, errors with positions, detection. */
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/detect.js';
import { parseMrc } from '../../src/formats/mrc.js';
import { encodeGarminWorkout, type WorkoutStep } from '../../src/formats/workout/index.js';
import { asStep, inputErrorOf } from './helpers.js';

const text = (lines: string[]) => lines.join('\r\n');
const stepsOf = (lines: string[], file = 'ride.mrc') => parseMrc(text(lines), file).steps as WorkoutStep[];
const summary = (s: WorkoutStep) => [s.extent.kind === 'time' ? s.extent.seconds : null, s.target?.low, s.target?.high, s.target && 'ramp' in s.target ? s.target.ramp : null];

const sweetSpot = [
  '[COURSE HEADER]', 'VERSION = 2', 'UNITS = ENGLISH', 'DESCRIPTION = Warm up, then 2x10 at sweet spot', 'FILE NAME = C:\\Workouts\\Sweet spot.mrc',
  'MINUTES PERCENT', '[END COURSE HEADER]', '[COURSE DATA]',
  '0.00\t50', '5.00\t75', '5.00\t90', '15.00\t90', '15.00\t50', '20.00\t50', '20.00\t90', '30.00\t90', '30.00  50', '32.50  50',
  '[END COURSE DATA]', '[COURSE TEXT]', '0\tWarm up\t10', '[END COURSE TEXT]',
];

describe('MRC / ERG files', () => {
  it('a sloped segment is a ramp, rows at one minute are a jump, a flat segment a steady step', () => {
    const workout = parseMrc(text(sweetSpot), 'sweet.mrc');
    expect([workout.name, workout.description, workout.sport]).toEqual(['Sweet spot', 'Warm up, then 2x10 at sweet spot', 'cycling']);
    expect(workout.steps.map((s) => summary(s as WorkoutStep))).toEqual([
      [300, 50, 75, true], [600, 90, 90, false], [300, 50, 50, false], [600, 90, 90, false], [150, 50, 50, false],
    ]);
    const [ramp, work] = encodeGarminWorkout(workout, { thresholds: { ftpWatts: 200 } }).workoutSegments[0].workoutSteps.map(asStep);
    expect(ramp).toMatchObject({ endConditionValue: 300, targetValueOne: 100, targetValueTwo: 150 }); // 50→75 % of 200 W as a range
    expect(work).toMatchObject({ targetValueOne: 175, targetValueTwo: 185 });
  });

  it('rows along one flat line are one step; an ERG file is in watts', () => {
    expect(stepsOf(['0 80', '30 80', '60 80']).map(summary)).toEqual([[3600, 80, 80, false]]);
    const erg = parseMrc(text(['[COURSE HEADER]', 'FTP = 250', 'MINUTES WATTS', '[END COURSE HEADER]', '[COURSE DATA]', '0 150', '10 150', '10 250', '12.5 250', '[END COURSE DATA]']), 'over.erg');
    const json = encodeGarminWorkout(erg);
    expect(json.workoutSegments[0].workoutSteps.map(asStep).map((s) => [s.endConditionValue, s.targetValueOne, s.targetValueTwo])).toEqual([[600, 145, 155], [150, 245, 255]]);
  });

  it('without a MINUTES line, .erg means watts and anything else % FTP', () => {
    expect(stepsOf(['FILE NAME = x.erg', '0 200', '1 200'])[0].target).toMatchObject({ unit: 'watts', low: 200 });
    expect(stepsOf(['0 200', '1 200'], 'x.erg')[0].target).toMatchObject({ unit: 'watts' });
    expect(stepsOf(['0 80', '1 80'], 'x.mrc')[0].target).toMatchObject({ unit: 'percentFtp' });
  });

  it('a bad row names its line and column', () => {
    const bad = inputErrorOf(() => parseMrc(text(['FILE NAME = Test.mrc', '0.00\t80.0', '60.00\t8O.0']), 'Test.mrc'));
    expect([bad.position, bad.reason]).toEqual([{ line: 3, column: 7 }, '`8O.0` is not a number ≥ 0 (the value of this row)']);
    expect(bad.message).toMatch(/^Test\.mrc:3:7: /);
    expect(inputErrorOf(() => parseMrc(text(['0 80', '10 80 90']), 'a.mrc')).position).toEqual({ line: 2, column: 7 });
    expect(inputErrorOf(() => parseMrc(text(['0 80', '10 80', '5 80']), 'a.mrc')).reason).toContain('minutes go back from 10 (line 2) to 5');
    expect(inputErrorOf(() => parseMrc(text(['MINUTES KCAL', '0 80', '10 80']), 'a.mrc')).position).toEqual({ line: 1, column: 9 });
    expect(inputErrorOf(() => parseMrc(text(['[COURSE STUFF]', '0 80']), 'a.mrc')).position).toEqual({ line: 1, column: 1 });
    expect(inputErrorOf(() => parseMrc(text(['FILE NAME = a.mrc', '0 80', '0 90']), 'a.mrc')).reason).toMatch(/^no steps/);
  });

  it('more than 50 steps is refused at the row of the 51st', () => {
    const rows = Array.from({ length: 52 }, (_, i) => `${i} ${i % 2 ? 60 : 90}`);
    expect(inputErrorOf(() => parseMrc(text(rows), 'long.mrc')).position).toEqual({ line: 51, column: 1 });
  });

  it('is detected by its content: sections, a MINUTES line, or E8\'s FILE NAME + rows; workout texts stay text', () => {
    const detect = (lines: string[]) => detectFormat(new TextEncoder().encode(text(lines)), 'any.txt').format;
    expect(detect(sweetSpot)).toBe('mrc');
    expect(detect(['MINUTES WATTS', '0 100', '10 100'])).toBe('mrc');
    expect(detect(['FILE NAME = Test.mrc', '0.00\t80.0', '60.00\t80.0'])).toBe('mrc');
    expect(detect(['sport: ride', 'name: Test', '- 60m 80%'])).toBe('text');
    expect(detect(['FILE NAME = notes', 'just words'])).toBe('text');
  });
});
