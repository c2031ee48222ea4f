import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createWorld, exists, fixture, type World } from './harness.js';

const uploads = (w: World) => w.seen('/upload-service/upload', 'POST');

describe('garmin-sync import: workout texts', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
  });
  afterAll(async () => world.close());

  it('sends intervals-5x1km.txt as a repeat group with pace in m/s, faster bound first, stepOrder depth-first, and schedules it', async () => {
    const run = await world.cli(['import', fixture('workouts/intervals-5x1km.txt'), '--schedule', '2026-12-01']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/created as \d+, scheduled on 2026-12-01/);
    const [create] = world.seen('/workout-service/workout', 'POST');
    const sent = create.json as any;
    expect(sent.workoutName).toBe('5x1km @ 4:00-4:10/km');
    expect(sent.sportType.sportTypeId).toBe(1);
    const steps = sent.workoutSegments[0].workoutSteps;
    expect(steps.map((s: any) => [s.type, s.stepOrder, s.stepType.stepTypeKey])).toEqual([
      ['ExecutableStepDTO', 1, 'warmup'],
      ['RepeatGroupDTO', 2, 'repeat'],
      ['ExecutableStepDTO', 5, 'cooldown'],
    ]);
    const repeat = steps[1];
    expect(repeat.numberOfIterations).toBe(5);
    expect(repeat.endCondition.conditionTypeId).toBe(7);
    const [work, jog] = repeat.workoutSteps;
    expect([work.stepOrder, jog.stepOrder]).toEqual([3, 4]);
    expect([work.childStepId, jog.childStepId]).toEqual([1, 1]);
    expect(work.endCondition.conditionTypeKey).toBe('distance');
    expect(work.endConditionValue).toBe(1000);
    expect(work.targetType.workoutTargetTypeId).toBe(6);
    expect(work.targetValueOne).toBeCloseTo(1000 / 240, 5); // 4:00/km, the faster bound, first
    expect(work.targetValueTwo).toBeCloseTo(1000 / 250, 5); // 4:10/km
    expect(jog.stepType.stepTypeKey).toBe('recovery');
    expect(jog.endConditionValue).toBe(120);
    const [schedule] = world.seen('/workout-service/schedule/', 'POST');
    expect(schedule.json).toEqual({ date: '2026-12-01' });
    const workouts = await readdir(join(world.home, 'workouts'));
    expect(workouts).toHaveLength(1);
    const record = await world.json(`workouts/${workouts[0]}`);
    expect(record.scheduled[0].date).toBe('2026-12-01');
    expect(record.sent.workoutName).toBe('5x1km @ 4:00-4:10/km');
  });

  it('a workout text with an error exits 2 naming the file and line, and sends nothing', async () => {
    const before = world.seen('/workout-service/workout', 'POST').length;
    const run = await world.cli(['import', fixture('workouts/bad-empty-repeat.txt')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad-empty-repeat\.txt:\d+:\d+: /);
    expect(run.stderr).not.toMatch(/\(line \d+, column \d+\)/); // the place is named once
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(world.seen('/workout-service/workout', 'POST').length).toBe(before);
  });

  it('--dry-run shows the tree and sends nothing; --json prints the exact JSON', async () => {
    const before = world.emulator.requests.length;
    const run = await world.cli(['import', '--dry-run', fixture('workouts/hr-easy-strides.txt')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/would be created/);
    const json = await world.cli(['import', '--dry-run', '--json', fixture('workouts/intervals-5x1km.txt')]);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.results[0].workoutJson.workoutSegments[0].workoutSteps).toHaveLength(3);
    expect(world.emulator.requests.length).toBe(before);
  });
});

describe('garmin-sync import: activity files', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
  });
  afterAll(async () => world.close());

  it('uploads real device FIT files and a GPX track, confirms each, and archives them', async () => {
    const files = [
      'fit/garmin-fenix-5-run.fit',
      'fit/garmin-edge-820-bike.fit',
      'fit/2019-02-17-062644-ELEMNT-297E-195-0.fit',
      'fit/activity-small-fenix2-run.fit',
      'gpx/cerknicko-jezero.gpx',
    ];
    const run = await world.cli(['import', '--json', ...files.map(fixture)]);
    expect(run.code, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout);
    expect(results.map((r: any) => r.status)).toEqual(files.map(() => 'uploaded'));
    expect(uploads(world)).toHaveLength(files.length);
    // Each upload was confirmed by polling the status URL, and is now in the archive.
    expect(world.seen('/activity-service/activity/status/', 'GET').length).toBeGreaterThanOrEqual(files.length);
    for (const r of results) {
      const year = r.summary.startTime.slice(0, 4);
      expect(await exists(join(world.home, 'activities', year, `${r.activityId}.json`)), r.file).toBe(true);
    }
    const bike = await world.json(`activities/${results[1].summary.startTime.slice(0, 4)}/${results[1].activityId}.json`);
    expect(bike.activityType).toBe('cycling');
    expect(bike.distanceMeters).toBeGreaterThan(400);
  });

  it('the same FIT again is skipped by its bytes, gzipped by its summary; --force gets Garmin\'s 409 duplicate', async () => {
    const first = uploads(world).length;
    const again = await world.cli(['import', fixture('fit/garmin-fenix-5-run.fit')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/skipped .*garmin-fenix-5-run\.fit: these exact bytes were sent before, as activity \d+/);
    const gzipped = join(await mkdtemp(join(tmpdir(), 'garmin-sync-gz-')), 'run.fit.gz');
    await writeFile(gzipped, gzipSync(await readFile(fixture('fit/garmin-fenix-5-run.fit'))));
    const other = await world.cli(['import', gzipped]);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toMatch(/skipped .*run\.fit\.gz: already in the archive as activity \d+/);
    expect(uploads(world)).toHaveLength(first);
    const forced = await world.cli(['import', '--force', fixture('fit/garmin-fenix-5-run.fit')]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/duplicate .*already on Garmin as activity \d+/);
    expect(uploads(world)).toHaveLength(first + 1);
    const last = uploads(world).at(-1)!;
    expect(last.status).toBe(409);
  });

  it.each([
    ['fit/activity-filecrc.fit', /CRC/i],
    ['fit/activity-unexpected-eof.fit', /truncated|end of/i],
    ['fit/strava-android-app-201.10-b1218918.fit', /truncated|more data|end of/i],
    ['fit/Settings.fit', /not an activity/i],
    ['gpx/cerknicko-without-times.gpx', /timestamps/i],
    ['gpx/route.gpx', /route/i],
    ['fit/activity-settings-corruptheader.fit', /corrupt FIT file: the chained FIT file at byte 771/],
    ['gpx/gpx_with_garmin_extension.gpx', /no track points/],
    ['gpx/unicode_with_bom.gpx', /no track points/],
  ])('refuses %s before sending (exit 2, file named)', async (file, reason) => {
    const before = uploads(world).length;
    const run = await world.cli(['import', fixture(file)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file.split('/')[1]);
    expect(run.stderr).toMatch(reason);
    expect(uploads(world)).toHaveLength(before);
  });

  it('a batch of good and bad files goes on past the bad one and exits 5', async () => {
    const run = await world.cli(['import', '--json', fixture('fit/activity-filecrc.fit'), fixture('gpx/track-with-empty-segment.gpx')]);
    expect(run.code).toBe(5);
    const { results } = JSON.parse(run.stdout);
    expect(results.map((r: any) => r.status)).toEqual(['invalid', 'uploaded']);
  });
});

describe('garmin-sync import: nothing lost when Garmin fails', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
  });
  afterAll(async () => world.close());

  it('a transient upload failure queues the file; sync then delivers it exactly once', async () => {
    world.emulator.switches.uploadFailCount = 1;
    const run = await world.cli(['import', fixture('fit/garmin-fenix-5-walk.fit')]);
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(/queued in the outbox/);
    const status = JSON.parse((await world.cli(['status', '--json'])).stdout);
    expect(status.counts.outbox).toBe(1);
    const listed = await world.cli(['outbox', 'list']);
    expect(listed.stdout).toContain('garmin-fenix-5-walk.fit');

    const sync = await world.cli(['sync', '--days', '1']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/garmin-fenix-5-walk\.fit: uploaded as activity \d+/);
    const accepted = uploads(world).filter((r) => r.status === 202);
    expect(accepted).toHaveLength(1);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).counts.outbox).toBe(0);

    // A second sync sends nothing more.
    const again = await world.cli(['sync', '--days', '1']);
    expect(again.code).toBe(0);
    expect(uploads(world).filter((r) => r.status === 202)).toHaveLength(1);
  });
});
