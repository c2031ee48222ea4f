import { describe, expect, it } from 'vitest';
import { encodeGarminWorkout, parseWorkoutText } from '../../src/formats/workout/index.js';
import { inputErrorOf, parse, shape } from './helpers.js';

describe('errors name the file, line and column of the offending token', () => {
  const cases: Array<[string, string[], { line: number; column: number }, string]> = [
    ['unknown unit glued to a number', ['sport: run', '- 12parsecs'], { line: 2, column: 3 }, 'unknown unit `parsecs`'],
    ['a number without a unit', ['sport: run', '- 10m', '- Easy 250'], { line: 3, column: 8 }, 'has no unit'],
    ['a zone out of range', ['- 10m Z8'], { line: 1, column: 7 }, 'Z8 is out of range: power zones are Z1–Z7'],
    ['a step with neither extent nor press lap', ['- Easy Z2 HR'], { line: 1, column: 3 }, 'no duration or distance'],
    ['an unknown front-matter key', ['sport: run', 'coach: Bob', '- 10m'], { line: 2, column: 1 }, 'unknown front-matter key `coach`'],
    ['a bad front-matter value', ['ftp: lots', '- 10m'], { line: 1, column: 6 }, 'bad `ftp:` value'],
    ['front matter after the first step', ['- 10m', 'ftp: 250'], { line: 2, column: 1 }, 'must be at the top'],
    ['a zero repeat', ['0x', '- 10m'], { line: 1, column: 1 }, 'at least 1 iteration'],
    ['seconds of 60 or more in a pace', ['- 1km 4:75/km'], { line: 1, column: 7 }, 'seconds must be below 60'],
    ['an unknown pace unit', ['- 1km 4:00/furlong'], { line: 1, column: 7 }, 'unknown pace unit'],
    ['a typo making a step longer than a day', ['- 25h'], { line: 1, column: 3 }, 'longer than 24 hours'],
    ['an impossible pace', ['- 1km 0:05/km'], { line: 1, column: 7 }, 'faster than 0:20/km'],
    ['a zero speed', ['- 10m 0kph'], { line: 1, column: 7 }, 'must be above 0'],
  ];
  for (const [what, lines, position, reason] of cases) {
    it(what, () => {
      const error = inputErrorOf(() => parse(lines));
      expect(error.file).toBe('plan.txt');
      expect(error.position).toEqual(position);
      expect(error.reason).toContain(reason);
      expect(error.exitCode).toBe(2);
    });
  }

  it('an empty file, or one with only headers, has nothing to send', () => {
    for (const text of ['', '\n\n', 'sport: run\n', 'Warmup\nCooldown']) {
      const error = inputErrorOf(() => parseWorkoutText(text, 'empty.txt'));
      expect(error.position).toEqual({ line: 1, column: 1 });
      expect(error.reason).toContain('no steps');
    }
  });

  it('more than 50 Garmin steps fails at the 51st', () => {
    const lines = Array.from({ length: 51 }, (_, i) => `- ${i + 1}m`);
    const error = inputErrorOf(() => parse(lines));
    expect(error.position).toEqual({ line: 51, column: 3 });
    expect(error.reason).toContain('at most 50');
    expect(() => parse(lines.slice(0, 50))).not.toThrow();
  });

  it('a % target without its threshold names the value and where to set it', () => {
    const { workout } = parse(['sport: ride', 'Main set 3x', '- 12m 88-92%']);
    const error = inputErrorOf(() => encodeGarminWorkout(workout));
    expect(error.position).toEqual({ line: 3, column: 7 });
    expect(error.reason).toContain('FTP');
    expect(error.reason).toContain('`ftp: 250`');
    const hr = inputErrorOf(() => encodeGarminWorkout(parse(['- 10m 95% LTHR']).workout));
    expect(hr.reason).toContain('`lthr: 170`');
    const pace = inputErrorOf(() => encodeGarminWorkout(parse(['sport: run', '- 10m 85% Pace']).workout));
    expect(pace.reason).toContain('`threshold pace: 4:10/km`');
    const css = inputErrorOf(() => encodeGarminWorkout(parse(['sport: swim', '- 400mtr 90% Pace']).workout));
    expect(css.reason).toContain('`css: 1:45/100m`');
  });

  it('thresholds passed by the caller resolve % targets; front matter wins over them', () => {
    const fromCaller = encodeGarminWorkout(parse(['sport: ride', '- 10m 90-100%']).workout, { thresholds: { ftpWatts: 200 } });
    expect(fromCaller.workoutSegments[0].workoutSteps[0]).toMatchObject({ targetValueOne: 180, targetValueTwo: 200 });
    const fromText = encodeGarminWorkout(parse(['sport: ride', 'ftp: 300', '- 10m 90-100%']).workout, { thresholds: { ftpWatts: 200 } });
    expect(fromText.workoutSegments[0].workoutSteps[0]).toMatchObject({ targetValueOne: 270, targetValueTwo: 300 });
  });

  it('a zone range cannot be sent to Garmin', () => {
    const error = inputErrorOf(() => encodeGarminWorkout(parse(['sport: run', '- 10m Z2-Z3 HR']).workout));
    expect(error.position).toEqual({ line: 2, column: 7 });
    expect(error.reason).toContain('one zone per step');
  });
});

describe('durations, distances and targets', () => {
  const seconds = (written: string) => {
    const step = parse([`- ${written}`]).workout.steps[0];
    return step.kind === 'step' && step.extent.kind === 'time' ? step.extent.seconds : NaN;
  };
  it.each([
    ['30s', 30], ['10m', 600], ['1h', 3600], ['1h2m30s', 3750], ['5m30s', 330], ['1m30', 90], ["5'", 300], ['30"', 30], [`1'30"`, 90],
    ['45min', 2700], ['20sec', 20], ['1.5h', 5400],
  ])('%s is %i seconds', (written, expected) => {
    expect(seconds(written)).toBe(expected);
  });

  it('distances keep their unit for display; `m` is minutes', () => {
    const json = encodeGarminWorkout(parse(['sport: run', '- 400mtr', '- 2km', '- 1mi', '- 100yd', '- 100m']).workout);
    expect(json.workoutSegments[0].workoutSteps.map((s) => [s.endConditionValue, 'preferredEndConditionUnit' in s ? s.preferredEndConditionUnit?.unitKey : 'time']))
      .toEqual([[400, 'meter'], [2000, 'kilometer'], [1609.344, 'mile'], [91.44, 'yard'], [6000, 'time']]);
  });

  it('cadence alone is the primary target; speed in km/h is m/s', () => {
    const json = encodeGarminWorkout(parse(['sport: ride', '- 10m 85-95rpm', '- 10m 30-36kph']).workout);
    const [cadence, speed] = json.workoutSegments[0].workoutSteps;
    expect(cadence).toMatchObject({ targetType: { workoutTargetTypeId: 3, workoutTargetTypeKey: 'cadence' }, targetValueOne: 85, targetValueTwo: 95 });
    expect(speed).toMatchObject({ targetType: { workoutTargetTypeId: 5 }, targetValueOne: 8.333333, targetValueTwo: 10 });
  });

  it('`rest` cue → rest step; recovery words only inside a repeat', () => {
    expect(shape(parse(['- Easy 10m', '3x', '- 1m 120%', '- Float 1m 120%', '- Rest 1m']).workout.steps)).toBe('INT R3[INT REC REST]');
  });
});

describe('lints (returned, never thrown)', () => {
  it('a repeat block ended by a header instead of a blank line', () => {
    const { lints } = parse(['Main set 3x', '- 1m 120%', '- 1m 50%', 'Cooldown', '- 5m 50%']);
    expect(lints.filter((l) => l.message.includes('no blank line')).map((l) => [l.line, l.column])).toEqual([[4, 1]]);
  });

  it('`100m` at top level on a swim, but not `90m` outside a repeat', () => {
    const { lints } = parse(['sport: swim', '- 100m', '- 90m']);
    expect(lints.filter((l) => l.message.includes('minutes')).map((l) => l.line)).toEqual([2]);
  });

  it('no lint for `100m` on a ride', () => {
    expect(parse(['sport: ride', '- 100m']).lints).toEqual([]);
  });

  it('a guessed sport is said', () => {
    const { workout, lints } = parse(['- 10m 4:00/km']);
    expect(workout.sportSource).toBe('inferred');
    expect(lints[0]).toMatchObject({ file: 'plan.txt', line: 1, column: 1 });
    expect(lints[0].message).toContain('guessed running');
  });

  it('targets and options that do not fit the sport', () => {
    const messages = (lines: string[]) => parse(lines).lints.map((l) => `${l.line}:${l.column} ${l.message}`);
    expect(messages(['sport: swim', '- 100mtr 200w'])).toContainEqual(expect.stringMatching(/^2:10 a power target .* does not fit a swim/));
    expect(messages(['sport: ride', '- 10m 2:00/km Pace'])).toContainEqual(expect.stringMatching(/^2:7 a pace target does not fit a ride/));
    expect(messages(['sport: run', '- 10m stroke=free'])).toContainEqual(expect.stringMatching(/^2:3 `stroke=` and `equipment=` apply to swims only/));
    expect(inputErrorOf(() => parse(['sport: swim', '- 100mtr stroke=dog'])).reason).toContain('unknown stroke `dog`');
  });

  it('a second primary target is ignored with a lint', () => {
    const { workout, lints } = parse(['sport: ride', '- 10m 200w 150bpm']);
    expect(lints.map((l) => [l.line, l.column])).toEqual([[2, 12]]);
    const step = workout.steps[0];
    expect(step.kind === 'step' && step.target?.domain).toBe('power');
  });
});
