/**
 * Workouts end to end against the emulator: create and schedule, re-import without any change on
 * Garmin, edit → one PUT, plans with `day:` and `--start`, `--replace`, thresholds from Garmin and
 * config, FIT export and import back, Zwift and MRC/ERG import, list/unschedule/delete.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, fixture, type World } from './harness.js';

/** Requests that change something on Garmin's side (anything but GET). */
const writes = (w: World, from: number) => w.emulator.requests.slice(from).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const calendarOn = (w: World, date: string) =>
  [...w.emulator.state.schedules.values()].filter((s) => s.calendarDate === date).map((s) => w.emulator.state.workouts.get(s.workoutId)?.workoutName);
const withoutMarker = (description: string) => description.replace(/\n?\[garmin-sync [0-9a-f]{12}\]$/, '');

describe('garmin-sync workouts', () => {
  let world: World;
  let dir: string;
  beforeAll(async () => {
    world = await createWorld();
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-workouts-'));
    expect((await world.login()).code).toBe(0);
  });
  afterAll(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates and schedules; the same file again changes nothing on Garmin; an edit is one PUT', async () => {
    const file = join(dir, 'intervals.txt');
    const text = await readFile(fixture('workouts/intervals-5x1km.txt'), 'utf8');
    await writeFile(file, text);
    const first = await world.cli(['import', file, '--schedule', '2026-12-01']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/created as (\d+), scheduled on 2026-12-01/);
    const workoutId = Number(/created as (\d+)/.exec(first.stdout)![1]);
    const stored = world.emulator.state.workouts.get(workoutId)!;
    expect(String(stored.description)).toMatch(/\n\[garmin-sync [0-9a-f]{12}\]$/);
    const record = await world.json(`workouts/${workoutId}.json`);
    expect(record.provenance).toMatch(/^[0-9a-f]{12}$/);
    expect(record.differences).toEqual([]);

    const before = world.emulator.requests.length;
    const again = await world.cli(['import', file, '--schedule', '2026-12-01']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/unchanged \(\d+\), already on 2026-12-01/);
    expect(writes(world, before)).toEqual([]);
    expect(world.seen(`/workout-service/workout/${workoutId}`, 'GET').length).toBeGreaterThan(0); // verified, read only

    const edited = join(dir, 'intervals.txt');
    await writeFile(edited, text.replace('Main set 5x', 'Main set 6x'));
    const afterEdit = world.emulator.requests.length;
    const update = await world.cli(['import', edited, '--schedule', '2026-12-01']);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toContain(`updated in place (${workoutId})`);
    expect(writes(world, afterEdit)).toEqual([`PUT /workout-service/workout/${workoutId}`]);
    const steps = world.emulator.state.workouts.get(workoutId)!.workoutSegments as any[];
    expect(steps[0].workoutSteps[1].numberOfIterations).toBe(6);
    expect(calendarOn(world, '2026-12-01')).toEqual(['5x1km @ 4:00-4:10/km']);
  });

  it('a plan with day: 1 / day: 3 and --start schedules each workout on its day; --replace clears the date first', async () => {
    const plan = join(dir, 'week.txt');
    await writeFile(plan, [
      'sport: run', 'name: Easy', 'day: 1', '- 40m Z2 HR', '---',
      'sport: run', 'name: Tempo', 'day: 3', 'Warmup', '- 10m', '', 'Main set 2x', '- 10m 4:20-4:30/km Pace', '- 2m', '',
    ].join('\n'));
    const run = await world.cli(['import', plan, '--start', '2026-11-30']);
    expect(run.code, run.stderr).toBe(0);
    expect(calendarOn(world, '2026-11-30')).toEqual(['Easy']);
    expect(calendarOn(world, '2026-12-02')).toEqual(['Tempo']);

    const noStart = await world.cli(['import', plan]);
    expect(noStart.code).toBe(2);
    expect(noStart.stderr).toMatch(/week\.txt:1:1: `day: 1` needs --start/);

    // Put Easy on 2026-12-01 with --replace: the intervals workout this tool put there goes.
    const move = join(dir, 'easy.txt');
    await writeFile(move, ['sport: run', 'name: Easy', 'date: 2026-12-01', '- 40m Z2 HR'].join('\n'));
    const before = world.emulator.requests.length;
    const replaced = await world.cli(['import', move, '--replace']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(calendarOn(world, '2026-12-01')).toEqual(['Easy']);
    expect(writes(world, before).filter((w) => w.startsWith('DELETE /workout-service/schedule/'))).toHaveLength(1);
  });

  it('% targets take FTP from Garmin, and from `config` when it is set there; the dry run agrees and says which', async () => {
    const ride = join(dir, 'ride.txt');
    await writeFile(ride, ['sport: ride', 'name: FTP test', '- 10m 90%'].join('\n'));
    // Signed in, a dry run reads the same FTP the import will use (from Garmin), and says so.
    const dry = await world.cli(['import', '--dry-run', '--json', ride]);
    expect(dry.code, dry.stderr).toBe(0);
    const dryDoc = JSON.parse(dry.stdout).results[0];
    expect(dryDoc.message).toContain('% targets use FTP 250 W from Garmin');
    const dryStep = dryDoc.workoutJson.workoutSegments[0].workoutSteps[0];
    expect([dryStep.targetValueOne, dryStep.targetValueTwo]).toEqual([220, 230]);

    const sent = await world.cli(['import', ride]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('% targets use FTP 250 W from Garmin');
    expect(world.seen('/biometric-service/biometric/latestFunctionalThresholdPower/CYCLING', 'GET')).toHaveLength(2);
    const step = (world.seen('/workout-service/workout', 'POST').at(-1)!.json as any).workoutSegments[0].workoutSteps[0];
    expect([step.targetValueOne, step.targetValueTwo]).toEqual([220, 230]); // 90 % of 250 W ± 5 W

    // Not signed in: the dry run cannot ask Garmin, and says that is why the threshold is missing.
    const anonymous = await world.cli(['import', '--dry-run', ride], { env: { GARMIN_SYNC_HOME: dir } });
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('run `garmin-sync config set ftp 250`');

    expect((await world.cli(['config', 'set', 'ftp', '200'])).code).toBe(0);
    const fromConfig = await world.cli(['import', '--dry-run', '--json', ride]);
    expect(JSON.parse(fromConfig.stdout).results[0].message).toContain('% targets use FTP 200 W from config');
    const configured = JSON.parse(fromConfig.stdout).results[0].workoutJson.workoutSegments[0].workoutSteps[0];
    expect([configured.targetValueOne, configured.targetValueTwo]).toEqual([175, 185]);
  });

  it('exports a workout as FIT (by id and from a text) and imports it back to the same JSON', async () => {
    const source = world.seen('/workout-service/workout', 'POST')[0].json as any;
    const id = [...world.emulator.state.workouts.values()].find((w) => w.workoutName === source.workoutName)!.workoutId;
    const byId = join(dir, 'by-id.fit');
    const exported = await world.cli(['workouts', 'export', String(id), '--fit', byId]);
    expect(exported.code, exported.stderr).toBe(0);
    const fromText = join(dir, 'from-text.fit');
    expect((await world.cli(['workouts', 'export', fixture('workouts/swim-css.txt'), '--fit', fromText])).code).toBe(0);

    const dry = await world.cli(['import', '--dry-run', '--json', byId, fromText]);
    expect(dry.code, dry.stderr).toBe(0);
    const [back, swim] = JSON.parse(dry.stdout).results.map((r: any) => r.workoutJson);
    const stored = world.emulator.state.workouts.get(id) as any;
    expect({ ...back, description: withoutMarker(back.description) }).toEqual({
      workoutName: stored.workoutName, description: withoutMarker(stored.description), sportType: stored.sportType,
      estimatedDurationInSecs: stored.estimatedDurationInSecs, estimatedDistanceInMeters: stored.estimatedDistanceInMeters,
      workoutSegments: JSON.parse(JSON.stringify(stored.workoutSegments, (k, v) => (k === 'stepId' ? undefined : v))),
    });
    expect(swim.poolLength).toBe(25);
    expect(swim.workoutSegments[0].workoutSteps[1].workoutSteps[0].secondaryTargetType.workoutTargetTypeKey).toBe('pace.zone');
  });

  it('imports a Zwift workout: % FTP from config, IntervalsT as a repeat, textevent as the cue', async () => {
    const zwo = join(dir, 'over-unders.zwo');
    await writeFile(zwo, `<?xml version="1.0"?>
<workout_file><name>Over-unders</name><sportType>bike</sportType><workout>
  <Warmup Duration="600" PowerLow="0.5" PowerHigh="0.75"/>
  <IntervalsT Repeat="3" OnDuration="120" OffDuration="60" OnPower="1.05" OffPower="0.9" Cadence="95">
    <textevent timeoffset="0" message="Over!"/>
  </IntervalsT>
  <Cooldown Duration="300" PowerLow="0.6" PowerHigh="0.4"/>
</workout></workout_file>`);
    const run = await world.cli(['import', '--dry-run', '--json', zwo]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout).results[0].workoutJson;
    expect(json.workoutName).toBe('Over-unders');
    const [warmup, repeat, cooldown] = json.workoutSegments[0].workoutSteps;
    expect([warmup.targetValueOne, warmup.targetValueTwo]).toEqual([100, 150]); // 50-75 % of 200 W
    expect(repeat.numberOfIterations).toBe(3);
    expect(repeat.workoutSteps[0]).toMatchObject({ description: 'Over!', targetValueOne: 205, targetValueTwo: 215, secondaryTargetValueOne: 93 });
    expect(cooldown.stepType.stepTypeKey).toBe('cooldown');
  });

  it('imports an MRC file (E8) and an ERG file; a bad row is refused at its line and column', async () => {
    const mrc = join(dir, 'Test.mrc');
    await writeFile(mrc, 'FILE NAME = Test.mrc\r\n0.00\t80.0\r\n60.00\t80.0\r\n');
    const erg = join(dir, 'ramp.erg');
    await writeFile(erg, ['[COURSE HEADER]', 'FILE NAME = Ramp', 'MINUTES WATTS', '[END COURSE HEADER]', '[COURSE DATA]', '0 100', '10 200', '[END COURSE DATA]'].join('\n'));
    const before = world.emulator.requests.length;
    const run = await world.cli(['import', '--dry-run', '--json', mrc, erg]);
    expect(run.code, run.stderr).toBe(0);
    expect(writes(world, before)).toEqual([]);
    const [fromMrc, fromErg] = JSON.parse(run.stdout).results.map((r: any) => r.workoutJson);
    expect([fromMrc.workoutName, fromMrc.sportType.sportTypeKey, fromMrc.estimatedDurationInSecs]).toEqual(['Test', 'cycling', 3600]);
    expect(fromMrc.workoutSegments[0].workoutSteps).toHaveLength(1);
    const [step] = fromMrc.workoutSegments[0].workoutSteps;
    expect([step.endConditionValue, step.targetValueOne, step.targetValueTwo]).toEqual([3600, 155, 165]); // 80 % of 200 W (config) ± 5 W
    const [ramp] = fromErg.workoutSegments[0].workoutSteps;
    expect([fromErg.workoutName, ramp.endConditionValue, ramp.targetValueOne, ramp.targetValueTwo]).toEqual(['Ramp', 600, 100, 200]);

    await writeFile(mrc, 'FILE NAME = Test.mrc\n0.00\t80.0\n60.00\t8O.0\n');
    const bad = await world.cli(['import', '--dry-run', mrc]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Test\.mrc:3:7: `8O\.0` is not a number/);
    expect(bad.stderr).toMatch(/\n {4}60\.00 8O\.0\n {10}\^/); // the tab is shown as a space
  });

  it('what Garmin does not store as sent is reported after the read-back', async () => {
    world.emulator.switches.workoutDropsPoolLength = true;
    try {
      const run = await world.cli(['import', fixture('workouts/swim-css.txt')]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Garmin stored it differently: poolLength: sent 25, Garmin has nothing (dropped)');
      const id = Number(/created as (\d+)/.exec(run.stdout)![1]);
      expect((await world.json(`workouts/${id}.json`)).differences).toContain('poolLength: sent 25, Garmin has nothing (dropped)');
    } finally {
      world.emulator.switches.workoutDropsPoolLength = false;
    }
  });

  it('an error shows the file, line and column, the offending line and a caret', async () => {
    const run = await world.cli(['import', fixture('workouts/bad-empty-repeat.txt')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad-empty-repeat\.txt:2:1: repeat `4x` has no steps/);
    expect(run.stderr).toMatch(/\n {4}4x\n {4}\^/);
  });

  it('list, unschedule and delete', async () => {
    const list = await world.cli(['workouts', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/ Easy {2}on 2026-11-30\n/);
    expect(list.stdout).toMatch(/ Tempo {2}on 2026-12-02\n/);

    const unscheduled = await world.cli(['workouts', 'unschedule', '2026-12-02']);
    expect(unscheduled.code, unscheduled.stderr).toBe(0);
    expect(unscheduled.stdout).toContain('unscheduled "Tempo"');
    expect(calendarOn(world, '2026-12-02')).toEqual([]);

    const tempoId = [...world.emulator.state.workouts.values()].find((w) => w.workoutName === 'Tempo')!.workoutId;
    const deleted = await world.cli(['workouts', 'delete', 'tempo']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(world.emulator.state.workouts.has(tempoId)).toBe(false);
    expect((await world.cli(['workouts', 'list', '--json'])).stdout).not.toContain('"Tempo"');
    expect((await world.cli(['workouts', 'delete', 'no such workout'])).code).toBe(2);
  });
});
