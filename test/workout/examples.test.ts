/** The worked examples of workout-text.md §6, each asserting the structure stated there. */
import { describe, expect, it } from 'vitest';
import { parseMrc } from '../../src/formats/mrc.js';
import { encodeGarminWorkout } from '../../src/formats/workout/index.js';
import { asRepeat, asStep, inputErrorOf, parse, shape } from './helpers.js';

const stepsOf = (json: ReturnType<typeof encodeGarminWorkout>) => json.workoutSegments[0].workoutSteps;

describe('workout-text.md §6 worked examples', () => {
  it('1 (E1): bike at FTP 250: watts, cadence secondary, cues, 5 Garmin steps, ≈ 94 min', () => {
    const { workout } = parse([
      'sport: bike', 'ftp: 250', 'Warmup', '- 20m 60% 90-100rpm', '',
      'Main set 6x', '- 4m 100% 40-50 rpm, power is less important than getting the torque', '- 5m recovery at 40%', '',
      'Cooldown', '- 20m 60% 90-100rpm',
    ]);
    expect(shape(workout.steps)).toBe('WU R6[INT REC] CD');
    const json = encodeGarminWorkout(workout);
    const [wu, main, cd] = stepsOf(json);
    expect(asStep(wu)).toMatchObject({ targetValueOne: 145, targetValueTwo: 155, secondaryTargetValueOne: 90, secondaryTargetValueTwo: 100 });
    const [work, rec] = asRepeat(main).workoutSteps.map(asStep);
    expect(work).toMatchObject({
      description: 'power is less important than getting the torque', targetValueOne: 245, targetValueTwo: 255,
      secondaryTargetType: { workoutTargetTypeId: 3 }, secondaryTargetValueOne: 40, secondaryTargetValueTwo: 50,
    });
    expect(rec).toMatchObject({ description: 'recovery at', targetValueOne: 95, targetValueTwo: 105, endConditionValue: 300 });
    expect(asStep(cd).stepOrder).toBe(5);
    expect(json.estimatedDurationInSecs).toBe(94 * 60);
  });

  it('2 (E2): the second step is REC because its target is lower', () => {
    expect(shape(parse(['Main Set 4x', '- 2m 95%', '- 2m 55%']).workout.steps)).toBe('R4[INT REC]');
  });

  it('3 (E3): without a blank line the 5m step is the third child of the repeat', () => {
    expect(shape(parse(['5x', '- 30s 120%', '- 30s 50%', '- 5m 50%']).workout.steps)).toBe('R5[INT REC REC]');
    expect(shape(parse(['5x', '- 30s 120%', '- 30s 50%', '', '- 5m 50%']).workout.steps)).toBe('R5[INT REC] INT');
  });

  it('4 (E4): a top-level `Warmup` cue makes a warmup step; `Recovery` cue → REC', () => {
    const { workout } = parse(['- Warmup 10m 60%', 'Main Set 6x', '- 4m 100%', '- 5m 50%', '- Recovery 3m 50%']);
    expect(shape(workout.steps)).toBe('WU R6[INT REC REC]');
    expect(workout.sport).toBe('cycling');
  });

  it('5 (E5): three single lines with power+cadence, % max HR and absolute pace', () => {
    const { workout } = parse(['- 5m30s 60% 90rpm', '- 1km 70% HR', '- 500mtr 5:00/km Pace']);
    const [a, b, c] = stepsOf(encodeGarminWorkout(workout, { thresholds: { ftpWatts: 250, maxHrBpm: 200 } })).map(asStep);
    expect(a).toMatchObject({ endConditionValue: 330, targetValueOne: 145, targetValueTwo: 155, secondaryTargetValueOne: 88, secondaryTargetValueTwo: 92 });
    expect(b).toMatchObject({ endConditionValue: 1000, targetType: { workoutTargetTypeId: 4 }, targetValueOne: 137, targetValueTwo: 143 });
    // 5:00/km = 3.333 m/s, widened by ±5 s/km.
    expect(c).toMatchObject({ endConditionValue: 500, targetType: { workoutTargetTypeId: 6 }, targetValueOne: 3.389831, targetValueTwo: 3.278689 });
  });

  it('6 (E6): power run with lap button, watts range with spaces, Z2 lint', () => {
    const { workout, lints } = parse([
      'sport: run', 'Warm up', '- 9m Z2 press lap', 'Main set 6x',
      '- RPE9 - not quite all out 2m 315w - 330w press lap', '- recover 2m Z2 press lap', 'Cooldown', '- 9m Z2',
    ]);
    expect(shape(workout.steps)).toBe('WU R6[INT REC] CD');
    const [wu, main] = stepsOf(encodeGarminWorkout(workout));
    expect(asStep(wu)).toMatchObject({ zoneNumber: 2, targetType: { workoutTargetTypeId: 2 }, endConditionValue: 540, description: 'Warm up, press lap' });
    const [hard, easy] = asRepeat(main).workoutSteps.map(asStep);
    expect(hard).toMatchObject({ description: 'RPE9 - not quite all out, press lap', targetValueOne: 315, targetValueTwo: 330, zoneNumber: null });
    expect(easy).toMatchObject({ description: 'recover, press lap', zoneNumber: 2 });
    expect(lints.filter((l) => l.message.includes('power zone')).map((l) => l.line)).toEqual([3, 6, 8]);
  });

  it('7 (E7): `4x` followed by lines without `-` is an empty repeat', () => {
    const error = inputErrorOf(() => parse(['- 10m ramp 45%-75%', '- 2m 60%', '4x', '10m 70%', '8m 84%', '8m 60%']));
    expect(error.position).toEqual({ line: 3, column: 1 });
    expect(error.reason).toContain('repeat `4x` has no steps; did you forget the `-`?');
  });

  it('8 (E8): the MRC export of `- 60m 80%` is one step of 60 min at 80 % FTP', () => {
    const workout = parseMrc(['FILE NAME = Test.mrc', '0.00\t80.0', '60.00\t80.0'].join('\n'), 'Test.mrc');
    expect([workout.name, workout.sport, shape(workout.steps)]).toEqual(['Test', 'cycling', 'INT']);
    const [step] = stepsOf(encodeGarminWorkout(workout, { thresholds: { ftpWatts: 250 } })).map(asStep);
    // 80 % of 250 W = 200 W, widened by ±5 W like every single % target.
    expect(step).toMatchObject({ endConditionValue: 3600, targetType: { workoutTargetTypeId: 2 }, targetValueOne: 195, targetValueTwo: 205 });
  });

  it('9 (E9): WU range + cadence, R5[INT 120%; REC Z1], CD ramp down as a 40-50% range', () => {
    const { workout } = parse([
      'Warmup', '- 10m 50%-65% 90rpm', 'Main Set 5x', '- 3m 120% 100rpm', '- 2m Z1 85rpm', 'Cooldown', '- 8m ramp 50%-40% 80rpm',
    ]);
    expect(shape(workout.steps)).toBe('WU R5[INT REC] CD');
    const cd = asStep(stepsOf(encodeGarminWorkout(workout, { thresholds: { ftpWatts: 200 } }))[2]);
    expect(cd).toMatchObject({ targetValueOne: 80, targetValueTwo: 100, secondaryTargetValueOne: 78, secondaryTargetValueTwo: 82 });
  });

  it('10 (E10): R3 with 4 children is 5 Garmin steps', () => {
    const { workout } = parse([
      'Warmup', '- 15m 50%-70% 85rpm', 'Main Set 3x', '- 5m ramp 95%-105% 95rpm', '- 2m 70% 85rpm', '- 3m 120% 100rpm',
      '- 3m Z1 85rpm', 'Cooldown', '- 12m ramp 65%-40% 80rpm',
    ]);
    expect(shape(workout.steps)).toBe('WU R3[INT REC INT REC] CD');
    const steps = stepsOf(encodeGarminWorkout(workout, { thresholds: { ftpWatts: 250 } }));
    expect(asRepeat(steps[1]).workoutSteps.map((s) => s.stepOrder)).toEqual([3, 4, 5, 6]);
    expect(steps[2].stepOrder).toBe(7);
  });

  it('11 (E11): pace ranges stored faster first, 6:00 → recovery', () => {
    const { workout } = parse([
      'Warmup', '- 10m 6:00-5:30/km Pace', '', 'Main Set 6x', '- 1km 4:15/km Pace', '- 2m 6:00/km Pace', '', 'Cooldown', '- 10m 5:45-6:15/km Pace',
    ]);
    expect(workout.sport).toBe('running');
    expect(shape(workout.steps)).toBe('WU R6[INT REC] CD');
    const [wu, main, cd] = stepsOf(encodeGarminWorkout(workout));
    expect(asStep(wu)).toMatchObject({ targetValueOne: 3.030303, targetValueTwo: 2.777778 });
    expect(asStep(asRepeat(main).workoutSteps[0])).toMatchObject({ targetValueOne: 4, targetValueTwo: 3.846154, description: '1 km @ 4:15/km' });
    expect(asStep(cd)).toMatchObject({ targetValueOne: 2.898551, targetValueTwo: 2.666667 });
  });

  it('12 (E12): `100m` on a run is linted as 100 minutes', () => {
    const { workout, lints } = parse([
      'Warmup', '- 2km 5:45/km Pace', '', 'Strides 4x', '- 100m 3:30/km Pace', '- 100m 6:00/km Pace', '',
      'Main Set 5x', '- 0.8km 3:20/km Pace', '- 0.4km 5:30/km Pace', '', 'Cooldown', '- 2km 6:15/km Pace',
    ]);
    expect(shape(workout.steps)).toBe('WU R4[INT REC] R5[INT REC] CD');
    const minutes = lints.filter((l) => l.message.includes('100 minutes'));
    expect(minutes.map((l) => [l.line, l.column])).toEqual([[5, 3], [6, 3]]);
    expect(minutes[0].message).toContain('100mtr');
  });

  it('13 (E13): one 10 min step with a 4:30-5:00/km ramp as a range; the timed prompt joins the cue, with a warning', () => {
    const { workout, lints } = parse(['- First prompt 33^Second prompt at 33s <!> 10m ramp 4:30-5:00/km pace']);
    expect(lints).toContainEqual(expect.objectContaining({ line: 1, column: 16, message: expect.stringContaining('no timed prompts') }));
    const [step] = stepsOf(encodeGarminWorkout(workout)).map(asStep);
    expect(step).toMatchObject({ description: 'First prompt (at 33s: Second prompt at 33s)', endConditionValue: 600, targetValueOne: 3.703704, targetValueTwo: 3.333333 });
    const error = inputErrorOf(() => parse(['- 33^No end 10m']));
    expect([error.position, error.reason]).toEqual([{ line: 1, column: 3 }, 'the timed prompt `33^No` needs `<!>` after its text']);
  });

  it('14 (E14): the first line is the name; `Z2 HR` after `85-90% pace` is REC (a lower intensity across domains)', () => {
    const { workout } = parse([
      'Tempo Run', '', 'Warm Up', '- 10m Z2 HR', '', 'Main Set 3x', '- 10m 85-90% pace', '- 5m Z2 HR', '', 'Cool Down', '- 10m Z1 HR',
    ]);
    expect(workout.name).toBe('Tempo Run');
    expect(shape(workout.steps)).toBe('WU R3[INT REC] CD');
    expect(workout.sport).toBe('running');
    const main = asRepeat(stepsOf(encodeGarminWorkout(workout, { thresholds: { thresholdPaceSecondsPerKm: 240 } }))[1]);
    expect(asStep(main.workoutSteps[0])).toMatchObject({ targetValueOne: 3.75, targetValueTwo: 3.541667 });
    expect(asStep(main.workoutSteps[1])).toMatchObject({ zoneNumber: 2, targetValueOne: null });
  });

  it('15 (E15): swim with `pool length:` at the end; pace zones resolved from CSS', () => {
    const text = ['Warmup', '- 400mtr Z1 Pace', '', 'Main set 10x', '- 200mtr 1:48-1:52/100m Pace', '- 20s 0', '', 'Cooldown', '- 200mtr Z2 Pace', '', 'pool length: 25m'];
    const { workout } = parse(text);
    expect(workout.sport).toBe('swimming');
    expect(workout.poolLength).toEqual({ value: 25, unit: 'meter' });
    expect(shape(workout.steps)).toBe('WU R10[INT REST] CD');
    const error = inputErrorOf(() => encodeGarminWorkout(workout));
    expect(error.position).toEqual({ line: 2, column: 10 });
    expect(error.reason).toContain('`css: 1:45/100m`');
    const zoned = encodeGarminWorkout(workout, { thresholds: { cssSecondsPer100m: 100 } });
    // Z1 = 60–77.5 % of CSS speed (1 m/s): 0.775 m/s faster bound first, 0.6 m/s slower; swim pace is secondary.
    expect(asStep(stepsOf(zoned)[0])).toMatchObject({ targetType: { workoutTargetTypeId: 1 }, secondaryTargetValueOne: 0.775, secondaryTargetValueTwo: 0.6 });
    expect(asStep(stepsOf(zoned)[2])).toMatchObject({ secondaryTargetValueOne: 0.877, secondaryTargetValueTwo: 0.775 });
    const absolute = parse(text.map((l) => l.replace(/Z\d Pace/, '2:00/100m'))).workout;
    const main = asRepeat(stepsOf(encodeGarminWorkout(absolute))[1]);
    expect(asStep(main.workoutSteps[0])).toMatchObject({ secondaryTargetValueOne: 0.925926, secondaryTargetValueTwo: 0.892857 });
  });

  it('16 (E16): indented `- 3x` repeat (ext, linted)', () => {
    const { workout, lints } = parse(['- Warmup 10m 55%', '- 3x', '  - Work 6m 88% 85-95rpm', '  - Recovery 4m 55%', '- 5m 55%', '- Cooldown 5m 50%']);
    expect(shape(workout.steps)).toBe('WU R3[INT REC] INT CD');
    expect(lints.some((l) => l.line === 2 && l.message.includes('intervals.icu cannot read'))).toBe(true);
  });

  it('18 (nested repeats + HR): stepOrder 1–7, childStepId outer 1, inner 2', () => {
    const { workout } = parse([
      'sport: run', 'Warmup', '- 15m Z1 HR press lap', '', '2x', '  - 4x', '    - 1m Z5 HR', '    - Recovery 2m Z2 HR',
      '  - Set break 4m Z1 HR', '', 'Cooldown', '- press lap',
    ]);
    expect(shape(workout.steps)).toBe('WU R2[R4[INT REC] REC] CD');
    const [wu, outer, cd] = stepsOf(encodeGarminWorkout(workout));
    const outerGroup = asRepeat(outer);
    const inner = asRepeat(outerGroup.workoutSteps[0]);
    expect([wu.stepOrder, outer.stepOrder, inner.stepOrder, ...inner.workoutSteps.map((s) => s.stepOrder), outerGroup.workoutSteps[1].stepOrder, cd.stepOrder])
      .toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([outerGroup.childStepId, inner.childStepId]).toEqual([1, 2]);
    expect(inner.workoutSteps.map((s) => s.childStepId)).toEqual([2, 2]);
    expect(asStep(outerGroup.workoutSteps[1])).toMatchObject({ childStepId: 1, description: 'Set break' });
    expect(asStep(cd)).toMatchObject({ endCondition: { conditionTypeKey: 'lap.button' }, description: 'Cooldown' });
  });

  it('19 (bike, watts + cadence + ramp): 8 Garmin steps; deleting the blank line moves `5m 120w` into the repeat', () => {
    const lines = [
      'sport: ride', 'ftp: 260', 'Warmup', '- 12m ramp 50-75% 85-95rpm', '', 'Over-unders 3x', '- 2m 95%', '- 1m 105%', '- 2m 95%', '- 1m 105%',
      '', '- 5m 120w', 'Cooldown', '- 10m 50%',
    ];
    const { workout } = parse(lines);
    expect(shape(workout.steps)).toBe('WU R3[INT INT INT INT] INT CD');
    const steps = stepsOf(encodeGarminWorkout(workout));
    expect(asStep(steps[0])).toMatchObject({ targetValueOne: 130, targetValueTwo: 195, secondaryTargetValueOne: 85, secondaryTargetValueTwo: 95 });
    expect(asRepeat(steps[1]).workoutSteps.map((s) => asStep(s).targetValueOne)).toEqual([242, 268, 242, 268]);
    expect(asStep(steps[2])).toMatchObject({ targetValueOne: 115, targetValueTwo: 125 });
    expect(steps[3].stepOrder).toBe(8);
    const joined = parse(lines.filter((_, i) => i !== 10)).workout;
    expect(shape(joined.steps)).toBe('WU R3[INT INT INT INT INT] CD');
  });

  it('20 (swim in yards): inline `- 4x 50yds drill`, /100y pace, yard pool unit', () => {
    const { workout, lints } = parse([
      'sport: swim', 'pool length: 25yd', 'Warmup', '- 300yds easy stroke=free', '- 4x 50yds drill stroke=drill', '',
      'Main set 6x', '- 100yds 1:30/100y Pace', '- 15s 0', '', 'Cooldown', '- 200yds easy',
    ]);
    expect(shape(workout.steps)).toBe('WU R4[WU] R6[INT REST] CD');
    expect(lints.some((l) => l.line === 4)).toBe(false); // stroke= is sent, not ignored
    const json = encodeGarminWorkout(workout);
    expect(asStep(stepsOf(json)[0]).strokeType).toEqual({ strokeTypeId: 6, strokeTypeKey: 'free', displayOrder: 6 });
    expect(json.poolLength).toBe(25);
    expect(json.poolLengthUnit).toEqual({ unitId: 230, unitKey: 'yard', factor: 91.44 });
    const [, drills, main] = stepsOf(json);
    expect(asStep(asRepeat(drills).workoutSteps[0])).toMatchObject({ description: 'drill', endConditionValue: 45.72, preferredEndConditionUnit: { unitKey: 'yard' }, strokeType: { strokeTypeKey: 'drill' } });
    // 1:30/100y = 91.44 m / 90 s = 1.016 m/s, widened by ±5 s/km.
    expect(asStep(asRepeat(main).workoutSteps[0])).toMatchObject({ secondaryTargetValueOne: 1.021188, secondaryTargetValueTwo: 1.010865 });
    expect(json.estimatedDistanceInMeters).toBeCloseTo((300 + 200 + 600 + 200) * 0.9144, 6);
  });

  it('21 (HR-only run, `min` alias): INT 45 min 135-145 bpm (linted) → R6[INT Z5; REC Z1]', () => {
    const { workout, lints } = parse(['- Easy 45min 135-145bpm', '- Strides 6x', '  - 20s Z5 HR', '  - 40s Z1 HR']);
    expect(shape(workout.steps)).toBe('INT R6[INT REC]');
    expect(lints.some((l) => l.line === 1 && l.column === 8 && l.message.includes('`45m`'))).toBe(true);
    const [easy] = stepsOf(encodeGarminWorkout(workout));
    expect(asStep(easy)).toMatchObject({ endConditionValue: 2700, targetValueOne: 135, targetValueTwo: 145, description: 'Easy' });
  });
});
