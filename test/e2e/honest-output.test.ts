/**
 * Honest output (issue 10, point 8): re-imports say updated/unchanged, a duplicate import says
 * --name/--type/--description were not applied, `sync --json` carries the outbox deliveries with
 * their activity ids, `workouts export` reads a FIT workout by its content and gives exit 2 for an
 * unknown id, times are local with a relative hint (UTC only in --json), counts are pluralised.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, fixture, type World } from './harness.js';

describe('honest output', () => {
  let world: World;
  let dir: string;
  beforeAll(async () => {
    world = await createWorld();
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-honest-'));
    expect((await world.login()).code).toBe(0);
    expect((await world.cli(['config', 'set', 'requestsPerSecond', '100'])).code).toBe(0);
  });
  afterAll(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a plan imported again says unchanged, and after an edit updated — never created', async () => {
    const plan = join(dir, 'week.txt');
    const week = ['sport: run', 'name: Easy', 'date: 2026-06-20', '- 40m Z2 HR', '---', 'sport: run', 'name: Long', 'date: 2026-06-21', '- 90m Z2 HR'];
    await writeFile(plan, week.join('\n'));
    const first = JSON.parse((await world.cli(['import', '--json', plan])).stdout).results[0];
    expect(first.status).toBe('created');

    const again = await world.cli(['import', plan]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^unchanged \S*week\.txt: workout "Easy" unchanged \(\d+\), already on 2026-06-20\n {10}workout "Long" unchanged/);
    expect(again.stdout).not.toContain('created');

    await writeFile(plan, week.join('\n').replace('90m Z2', '100m Z2'));
    const edited = JSON.parse((await world.cli(['import', '--json', plan])).stdout).results[0];
    expect(edited.status).toBe('updated');
    expect(edited.workouts.map((w: any) => w.action)).toEqual(['unchanged', 'updated']);
  });

  it('a duplicate import with --name and --type says they were not applied', async () => {
    const ride = fixture('fit/garmin-edge-820-bike.fit');
    expect((await world.cli(['import', ride])).code).toBe(0);
    const skipped = await world.cli(['import', ride, '--name', 'Renamed', '--type', 'road_biking']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain('these exact bytes were sent before, as activity');
    expect(skipped.stdout).toContain('--name and --type were not applied to it');
    // A copy with other bytes (gzipped) is found by its summary: the same note.
    const copy = join(world.home, 'ride-copy.fit.gz');
    await writeFile(copy, gzipSync(await readFile(ride)));
    const matched = await world.cli(['import', copy, '--name', 'Renamed']);
    expect(matched.code, matched.stderr).toBe(0);
    expect(matched.stdout).toContain('already in the archive as activity');
    expect(matched.stdout).toContain('--name was not applied to it');

    const forced = await world.cli(['import', ride, '--force', '--description', 'a note']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/already on Garmin as activity \d+; --description was not applied to it/);
    expect(world.seen('/activity-service/activity/', 'PUT')).toHaveLength(0);
  });

  it('sync --json lists the outbox deliveries with their activity ids', async () => {
    world.emulator.switches.uploadFailCount = 1;
    const queued = await world.cli(['import', fixture('gpx/cerknicko-jezero.gpx')]);
    expect(queued.code).toBe(5);
    world.emulator.switches.uploadFailCount = 0;
    const run = await world.cli(['sync', '--days', '1', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.outbox).toHaveLength(1);
    expect(doc.outbox[0]).toMatchObject({ fileName: 'cerknicko-jezero.gpx', status: 'uploaded' });
    expect(world.emulator.state.activities.has(doc.outbox[0].activityId)).toBe(true);
    expect(doc.counts).toBeDefined(); // the pull's document, with the deliveries added
  });

  it('workouts export reads a FIT workout by its content whatever its name; an unknown id is exit 2', async () => {
    const disguised = join(dir, 'repeats.txt');
    await writeFile(disguised, await readFile(fixture('fit/WorkoutRepeatSteps.fit')));
    const out = join(dir, 'out.fit');
    const run = await world.cli(['workouts', 'export', disguised, '--fit', out]);
    expect(run.code, run.stderr).toBe(0);
    expect((await readFile(out)).subarray(8, 12).toString('latin1')).toBe('.FIT');

    const unknown = await world.cli(['workouts', 'export', '987654321', '--fit', join(dir, 'none.fit')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no workout 987654321');
    expect(unknown.stderr).not.toMatch(/bug/i);
  });

  it('status shows times in local time with how far away they are; --json keeps UTC', async () => {
    const env = { TZ: 'Asia/Kolkata' }; // UTC+5:30, no summer time
    const doc = JSON.parse((await world.cli(['status', '--json'], { env })).stdout);
    expect(doc.tokens.accessExpiresAt).toMatch(/Z$/);
    const text = (await world.cli(['status'], { env })).stdout;
    const local = new Date(Date.parse(doc.tokens.accessExpiresAt) + 330 * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(text).toMatch(new RegExp(`access until ${local} \\(in (2[34] h|1 day)\\)`)); // the emulator's tokens last a day
    expect(text).toMatch(/Last sync: {3}\d{4}-\d\d-\d\d \d\d:\d\d \((just now|\d+ min ago)\)/);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(text).toMatch(/\b1 workout\b|\b\d+ workouts\b/);
    expect(text).toMatch(/\d+ activities|1 activity/);
  });

  it('an import batch ends with a padded table and a pluralised count', async () => {
    const files = [fixture('fit/garmin-edge-820-bike.fit'), fixture('gpx/cerknicko-jezero.gpx')];
    const run = await world.cli(['import', ...files]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    // Both were sent before by earlier tests (the track through the outbox): their bytes are known.
    expect(lines.at(-1)).toBe('2 files: 2 skipped');
    const table = lines.slice(-4, -1);
    const fileColumn = table[0].indexOf('file');
    for (const row of table.slice(1)) expect(row.slice(fileColumn)).toMatch(/^\/\S+\.(fit|gpx)$/);
  });
});
