/** Plans (`---`), the JSON → text formatter, ramp expansion, Zwift files and the read-back check. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeGarminWorkout, formatWorkoutText, parseWorkoutPlan, parseWorkoutText } from '../../src/formats/workout/index.js';
import { parseZwo } from '../../src/formats/zwo.js';
import { workoutDifferences } from '../../src/sync/workout-verify.js';
import { withMarker, withoutMarker } from '../../src/sync/workouts-send.js';
import { exampleIntervalRun, fixturePath } from '../shared.js';
import { asRepeat, asStep, inputErrorOf, shape } from './helpers.js';

const fixture = (name: string) => readFileSync(fixturePath(`workouts/${name}`), 'utf8');

describe('plans: several workouts separated by ---', () => {
  const plan = ['sport: run', 'day: 1', '- 40m Z2 HR', '---', 'sport: run', 'name: Long run', 'day: 3', '- 90m Z2 HR', '---', '', '# rest of the week'].join('\n');

  it('each workout keeps its front matter; unnamed ones are numbered after the file', () => {
    const entries = parseWorkoutPlan(plan, 'week.txt');
    expect(entries.map((e) => [e.workout.name, e.workout.day, e.line])).toEqual([['week 1', 1, 1], ['Long run', 3, 5]]);
  });

  it('errors and lints carry the line of the whole file', () => {
    const error = inputErrorOf(() => parseWorkoutPlan(plan.replace('- 90m Z2 HR', '- 90m Z2 HR 3parsecs'), 'week.txt'));
    expect(error.position).toEqual({ line: 8, column: 13 });
    const lints = parseWorkoutPlan(plan.replace('sport: run\nname: Long', 'name: Long'), 'week.txt').flatMap((e) => e.lints);
    expect(lints.some((l) => l.line === 8 && l.message.includes('90 minutes'))).toBe(false); // 90m outside a repeat on a run is fine
    const bad = parseWorkoutPlan(plan.replace('- 90m Z2 HR', '- 100m Z2 HR'), 'week.txt').flatMap((e) => e.lints);
    expect(bad.find((l) => l.message.includes('100 minutes'))).toMatchObject({ line: 8, column: 3 });
  });

  it('a file without --- is a plan of one, named by its front matter', () => {
    expect(parseWorkoutPlan(fixture('intervals-5x1km.txt'), 'intervals.txt').map((e) => e.workout.name)).toEqual(['5x1km @ 4:00-4:10/km']);
  });
});

describe('Garmin JSON → text → the same JSON', () => {
  for (const name of ['intervals-5x1km.txt', 'hr-easy-strides.txt', 'lap-button-hills.txt', 'sweet-spot-bike.txt', 'swim-css.txt']) {
    it(name, () => {
      const json = encodeGarminWorkout(parseWorkoutText(fixture(name), name).workout);
      const text = formatWorkoutText(json, name);
      expect(encodeGarminWorkout(parseWorkoutText(text, name).workout)).toEqual(json);
    });
  }

  it('the reference example reads as text a person can follow', () => {
    const text = formatWorkoutText(exampleIntervalRun() as never, 'example.json');
    expect(text).toContain('- 5x\n  - "1 km @ 4:00-4:10/km" 1km 4:10-4:00/km Pace intensity=interval\n  - "Jog" 2m intensity=recovery\n');
  });

  it('a quoted cue is cue text even when it looks like a step, with \\" escapes', () => {
    const { workout } = parseWorkoutText('- "5x 1 km @ 4:00 \\"hard\\"" 10m', 'cue.txt');
    expect(shape(workout.steps)).toBe('INT');
    expect(workout.steps[0]).toMatchObject({ cue: '5x 1 km @ 4:00 "hard"', extent: { seconds: 600 } });
  });
});

describe('--expand-ramps', () => {
  it('a 12-minute ramp becomes six 2-minute steps climbing from 50 % to 75 % of FTP', () => {
    const { workout } = parseWorkoutText(['sport: ride', 'ftp: 200', 'Warmup', '- 12m ramp 50-75%', '', '- 5m 60%'].join('\n'), 'ramp.txt');
    const steps = encodeGarminWorkout(workout, { expandRampsSeconds: 120 }).workoutSegments[0].workoutSteps.map(asStep);
    expect(steps).toHaveLength(7);
    expect(steps.slice(0, 6).map((s) => [s.stepType.stepTypeKey, s.endConditionValue, ((s.targetValueOne ?? 0) + (s.targetValueTwo ?? 0)) / 2])).toEqual([
      ['warmup', 120, 104], ['warmup', 120, 113], ['warmup', 120, 121], ['warmup', 120, 129], ['warmup', 120, 138], ['warmup', 120, 146],
    ]);
    expect(steps.map((s) => s.stepOrder)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('an expansion past 50 steps fails at the ramp', () => {
    const { workout } = parseWorkoutText(['sport: ride', 'ftp: 200', '- 60m ramp 50-75%'].join('\n'), 'ramp.txt');
    const error = inputErrorOf(() => encodeGarminWorkout(workout, { expandRampsSeconds: 30 }));
    expect(error.position).toEqual({ line: 3, column: 12 }); // the ramp's range
    expect(error.reason).toContain('limit of 50 steps');
  });
});

describe('Zwift .zwo', () => {
  const zwo = (body: string, sport = 'bike') => `<?xml version="1.0"?>\n<workout_file><name>Z</name><sportType>${sport}</sportType><workout>\n${body}\n</workout></workout_file>`;

  it('steps, ramps, IntervalsT repeats and cues become the same tree a text would', () => {
    const doc = parseZwo(zwo('<Warmup Duration="600" PowerLow="0.5" PowerHigh="0.75"/>\n<IntervalsT Repeat="4" OnDuration="60" OffDuration="120" OnPower="1.2" OffPower="0.5"/>\n<SteadyState Duration="300" Power="0.88"><textevent timeoffset="0" message="Hold it"/></SteadyState>\n<FreeRide Duration="300"/>'), 'z.zwo');
    expect(shape(doc.steps)).toBe('WU R4[INT REC] INT OTHER');
    const json = encodeGarminWorkout(doc, { thresholds: { ftpWatts: 200 } });
    const [warmup, repeat, steady] = json.workoutSegments[0].workoutSteps;
    expect([asStep(warmup).targetValueOne, asStep(warmup).targetValueTwo]).toEqual([100, 150]);
    expect(asStep(asRepeat(repeat).workoutSteps[0])).toMatchObject({ targetValueOne: 235, targetValueTwo: 245 });
    expect(asStep(steady).description).toBe('Hold it');
  });

  it('a run uses % of threshold pace', () => {
    const doc = parseZwo(zwo('<SteadyState Duration="600" Power="1.0"/>', 'run'), 'r.zwo');
    expect(doc.sport).toBe('running');
    const step = asStep(encodeGarminWorkout(doc, { thresholds: { thresholdPaceSecondsPerKm: 250 } }).workoutSegments[0].workoutSteps[0]);
    expect(step.targetType.workoutTargetTypeKey).toBe('pace.zone');
  });

  it('a step without a duration fails at its element; bad XML fails with its position', () => {
    const error = inputErrorOf(() => parseZwo(zwo('<SteadyState Power="0.8"/>'), 'bad.zwo'));
    expect(error.reason).toContain('SteadyState needs a Duration');
    expect(error.position?.line).toBe(3);
    expect(inputErrorOf(() => parseZwo('<workout_file><workout></workout_file>', 'x.zwo')).position).toBeDefined();
  });
});

describe('provenance marker and read-back check', () => {
  it('the marker is the last line of the description and comes off again', () => {
    const json = encodeGarminWorkout(parseWorkoutText(fixture('intervals-5x1km.txt'), 'i.txt').workout);
    const marked = withMarker(json, 'abcdef012345');
    expect(marked.description).toBe(`${json.description}\n[garmin-sync abcdef012345]`);
    expect(withoutMarker(marked.description)).toBe(json.description);
    const long = withMarker({ ...json, description: 'x'.repeat(600) }, 'abcdef012345');
    expect(long.description.length).toBe(512);
  });

  it('reports what Garmin dropped or changed, ignoring what it added and tiny float noise', () => {
    const sent = { poolLength: 25, workoutSegments: [{ workoutSteps: [{ targetValueOne: 4.166667, description: 'x' }] }] };
    const stored = { workoutId: 1, workoutSegments: [{ workoutSteps: [{ targetValueOne: 4.1666671, description: 'y', stepId: 9 }] }] };
    expect(workoutDifferences(sent, stored)).toEqual([
      'poolLength: sent 25, Garmin has nothing (dropped)',
      'workoutSegments[0].workoutSteps[0].description: sent "x", Garmin has "y"',
    ]);
    expect(workoutDifferences(sent, { ...sent, workoutId: 5 })).toEqual([]);
  });
});
