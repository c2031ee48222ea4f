/**
 * import over real and awkward activity files (issue 9): a batch never dies on one file, files
 * refused for what they are, chained FIT files split, and re-importing sends nothing — the
 * emulator's upload count does not move, ZIP entries included.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Encoder, Profile, type Mesg } from '@garmin/fitsdk';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, fixture, type World } from './harness.js';

const uploads = (w: World) => w.seen('/upload-service/upload', 'POST').length;
const extraFit = (name: string) => join(import.meta.dirname, '..', 'fixtures-extra', 'fit', name);

/**
 * An activity FIT made with the SDK's Encoder: one record a second for `seconds` from `start`,
 * then a running session that states no max heart rate (the file that used to crash import).
 */
function fitActivity(start: string, seconds: number): Uint8Array {
  const t0 = Date.parse(start);
  const encoder = new Encoder();
  encoder.onMesg(Profile.MesgNum.FILE_ID, { type: 'activity', manufacturer: 'garmin', product: 2697, timeCreated: new Date(t0) } as Mesg);
  for (let i = 0; i <= seconds; i++) {
    encoder.onMesg(Profile.MesgNum.RECORD, { timestamp: new Date(t0 + i * 1000), heartRate: 110 + (i % 60), distance: i * 2.5 } as Mesg);
  }
  encoder.onMesg(Profile.MesgNum.SESSION, {
    timestamp: new Date(t0 + seconds * 1000), startTime: new Date(t0), totalElapsedTime: seconds, totalTimerTime: seconds,
    totalDistance: seconds * 2.5, sport: 'running', subSport: 'generic',
  } as Mesg);
  return encoder.close();
}

/** A GPX run of 30 points, one every 10 s from `start`. */
function gpx(start: string): string {
  const t0 = Date.parse(start);
  const pts = Array.from({ length: 30 }, (_, i) =>
    `<trkpt lat="${(46 + i * 0.0003).toFixed(5)}" lon="14"><time>${new Date(t0 + i * 10_000).toISOString()}</time></trkpt>`).join('\n');
  return `<?xml version="1.0"?>\n<gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>9</type><trkseg>\n${pts}\n</trkseg></trk></gpx>\n`;
}

describe('garmin-sync import: real activity files, read right (issue 9)', () => {
  let world: World;
  let dir: string;
  beforeAll(async () => {
    world = await createWorld();
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-issue9-'));
    expect((await world.login()).code).toBe(0);
  });
  afterAll(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a batch with a 36 h / 130,000-record FIT and bad files: a JSON result per file, exit 5, never 1', { timeout: 180_000 }, async () => {
    const batch = join(dir, 'batch');
    await rm(batch, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(batch));
    await writeFile(join(batch, 'a-ultra.fit'), fitActivity('2021-06-05T04:00:00Z', 130_000));
    await writeFile(join(batch, 'b-run.gpx'), gpx('2021-06-10T06:00:00Z'));
    await writeFile(join(batch, 'c-notes.gpx'), 'packing list: shoes, gels\n');
    await writeFile(join(batch, 'd-sentinel.gpx'), gpx('2021-06-11T06:00:00Z').replace(/<time>[^<]*<\/time>/g, '<time>1901-12-13T20:45:52Z</time>'));
    const run = await world.cli(['import', '--json', batch]);
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).not.toMatch(/RangeError|Maximum call stack|at .*\.js:\d+/);
    const results = JSON.parse(run.stdout).results as Array<{ file: string; status: string; message: string; summary?: { pointCount: number; sport: string; maxHR: number } }>;
    expect(results.map((r) => [r.file.replace(`${batch}/`, ''), r.status])).toEqual([
      ['a-ultra.fit', 'uploaded'],
      ['b-run.gpx', 'uploaded'],
      ['c-notes.gpx', 'invalid'],
      ['d-sentinel.gpx', 'invalid'],
    ]);
    expect(results[0].summary).toMatchObject({ pointCount: 130_001, maxHR: 169, sport: 'running' });
    expect(results[1].summary?.sport).toBe('running');
    expect(results[2].message).toBe(`${batch}/c-notes.gpx: not a GPX file (it holds plain text, not XML)`);
    expect(results[3].message).toMatch(/d-sentinel\.gpx: all 30 timed track points are at 1901-12-13T20:45:52\.000Z: the recording spans no time$/);
  });

  it('importing the same directory (loose files and a ZIP) twice sends nothing the second time', { timeout: 60_000 }, async () => {
    const export_ = join(dir, 'export');
    await import('node:fs/promises').then((fs) => fs.mkdir(export_, { recursive: true }));
    await writeFile(join(export_, 'fenix-run.fit'), await readFile(fixture('fit/garmin-fenix-5-run.fit')));
    await writeFile(join(export_, 'morning.gpx'), gpx('2022-03-01T06:00:00Z'));
    await writeFile(join(export_, 'strava.zip'), zipSync({
      'activities/1.gpx': new TextEncoder().encode(gpx('2022-03-02T06:00:00Z')),
      'activities/2.fit': await readFile(fixture('fit/garmin-edge-820-bike.fit')),
    }));
    const sentDir = join(world.home, 'sent'); // GARMIN_SYNC_HOME is the data directory
    const sentBefore = await readdir(sentDir).catch(() => []);
    const first = await world.cli(['import', '--json', export_]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).results.map((r: { status: string }) => r.status)).toEqual(['uploaded', 'uploaded', 'uploaded', 'uploaded']);
    // One sent/<sha256>.json per file and ZIP entry sent.
    const sent = (await readdir(sentDir)).filter((name) => !sentBefore.includes(name));
    expect(sent).toHaveLength(4);
    expect(sent.every((name) => /^[0-9a-f]{64}\.json$/.test(name))).toBe(true);

    const before = uploads(world);
    const second = await world.cli(['import', '--json', export_]);
    expect(second.code, second.stderr).toBe(0);
    expect(uploads(world)).toBe(before);
    const results = JSON.parse(second.stdout).results as Array<{ file: string; status: string; message: string }>;
    expect(results).toHaveLength(4);
    for (const r of results) {
      expect(r.status).toBe('skipped');
      expect(r.message).toMatch(/these exact bytes were sent before, as activity \d+; --force sends them again$/);
    }
    expect(results.map((r) => r.file.replace(`${export_}/`, ''))).toEqual(['fenix-run.fit', 'morning.gpx', 'strava.zip:activities/1.gpx', 'strava.zip:activities/2.fit']);
  });

  it('a chained FIT of two activities becomes two uploads, one per recording', { timeout: 60_000 }, async () => {
    const first = fitActivity('2023-01-07T08:00:00Z', 600);
    const second = fitActivity('2023-01-08T09:00:00Z', 900);
    const file = join(dir, 'chained.fit');
    await writeFile(file, new Uint8Array([...first, ...second]));
    const before = uploads(world);
    const run = await world.cli(['import', '--json', file]);
    expect(run.code, run.stdout).toBe(0);
    const results = JSON.parse(run.stdout).results as Array<{ status: string; recording: number; activityId: number; summary: { startTime: string; durationSeconds: number } }>;
    expect(results.map((r) => [r.status, r.recording, r.summary.startTime, r.summary.durationSeconds])).toEqual([
      ['uploaded', 1, '2023-01-07T08:00:00.000Z', 600],
      ['uploaded', 2, '2023-01-08T09:00:00.000Z', 900],
    ]);
    expect(uploads(world)).toBe(before + 2);
    expect(new Set(results.map((r) => r.activityId)).size).toBe(2);
    const again = await world.cli(['import', '--json', file]);
    expect(again.code).toBe(0);
    expect(uploads(world)).toBe(before + 2);
  });

  it('an old ANT file with compressed timestamps is read; its 1990 start is a warning, an error under --strict', async () => {
    const file = extraFit('compressed-speed-distance.fit');
    const dry = await world.cli(['import', '--dry-run', file]);
    expect(dry.code, dry.stderr).toBe(0);
    // Local time on a terminal (1990-07-18T06:44:24Z, so the 17th or 18th by the zone); UTC in --json.
    expect(dry.stdout).toMatch(/running, started 1990-07-1[78] \d\d:\d\d, 1:04:43, 10\.25 km, avg HR 170, max HR 190, 755 points/);
    expect(dry.stderr).toMatch(/compressed-speed-distance\.fit: warning: implausible start 1990-07-18T06:44:24\.000Z \(before 2000/);
    const strict = await world.cli(['import', '--dry-run', '--strict', file]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/compressed-speed-distance\.fit: implausible start .* \(refused under --strict\)/);
    // Sent for real: Garmin (and the emulator) accept it, with its 1990 start.
    const sent = await world.cli(['import', file]);
    expect(sent.code, sent.stderr).toBe(0);
    const id = Number(/uploaded as activity (\d+)/.exec(sent.stdout)?.[1]);
    expect(new Date(world.emulator.state.activities.get(id)!.startGmtMs).toISOString()).toBe('1990-07-18T06:44:24.000Z');
  });

  it('a TCX with several activities is refused, with the count and how to split it; a TCX workout says what it is', async () => {
    const act = (start: string) => `<Activity Sport="Running"><Id>${start}</Id><Lap StartTime="${start}"><Track>` +
      `<Trackpoint><Time>${start}</Time></Trackpoint><Trackpoint><Time>${new Date(Date.parse(start) + 60_000).toISOString()}</Time></Trackpoint></Track></Lap></Activity>`;
    const multi = join(dir, 'multi.tcx');
    await writeFile(multi, `<TrainingCenterDatabase><Activities>${act('2020-01-01T06:00:00Z')}${act('2020-01-03T06:00:00Z')}${act('2020-01-05T06:00:00Z')}</Activities></TrainingCenterDatabase>`);
    const workout = join(dir, 'intervals.tcx');
    await writeFile(workout, '<TrainingCenterDatabase><Workouts><Workout Sport="Running"><Name>5x1k</Name></Workout></Workouts></TrainingCenterDatabase>');
    const before = uploads(world);
    const run = await world.cli(['import', multi, workout]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${multi}: 3 recordings in one file: the file holds 3 <Activity> elements; save each <Activity> in its own TCX file and import those`);
    expect(run.stderr).toContain(`${workout}: a TCX workout, not a recorded activity`);
    expect(uploads(world)).toBe(before);
  });
});
