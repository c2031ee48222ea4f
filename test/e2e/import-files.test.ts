/**
 * import of activity files as users bring them: TCX, gzip, ZIP (a Strava bulk export), whole
 * directories, standard input, --type/--name/--description, Garmin's 409, size limits, exit codes.
 */
import { mkdir, mkdtemp, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, exists, fixture, type World } from './harness.js';

const uploads = (w: World) => w.seen('/upload-service/upload', 'POST');

/** A GPX run of `points` points, one every 10 s from `start`, heading north. */
function gpx(start: string, points = 30): string {
  const t0 = Date.parse(start);
  const pts = Array.from({ length: points }, (_, i) =>
    `<trkpt lat="${(46 + i * 0.0003).toFixed(5)}" lon="14"><time>${new Date(t0 + i * 10_000).toISOString()}</time></trkpt>`).join('\n');
  return `<?xml version="1.0"?>\n<gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>\n${pts}\n</trkseg></trk></gpx>\n`;
}

/** A TCX ride of `points` points, one every 10 s from `start`, with heart rate. */
function tcx(start: string, points = 30): string {
  const t0 = Date.parse(start);
  const pts = Array.from({ length: points }, (_, i) =>
    `<Trackpoint><Time>${new Date(t0 + i * 10_000).toISOString()}</Time><Position><LatitudeDegrees>${(47 + i * 0.0008).toFixed(5)}</LatitudeDegrees>` +
    `<LongitudeDegrees>15</LongitudeDegrees></Position><HeartRateBpm><Value>${130 + (i % 10)}</Value></HeartRateBpm></Trackpoint>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">` +
    `<Activities><Activity Sport="Biking"><Id>${start}</Id><Lap StartTime="${start}"><Track>\n${pts}\n</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n`;
}

describe('garmin-sync import: TCX, gzip, ZIP, directories, stdin', () => {
  let world: World;
  let dir: string;
  beforeAll(async () => {
    world = await createWorld();
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-import-files-'));
    expect((await world.login()).code).toBe(0);
  });
  afterAll(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('--dry-run shows the summary of a TCX and sends nothing', async () => {
    const file = join(dir, 'ride.tcx');
    await writeFile(file, tcx('2015-03-01T07:00:00Z'));
    const before = world.emulator.requests.length;
    // Times are shown in the machine's time zone: 07:00 UTC is 08:00 in Berlin in winter.
    const run = await world.cli(['import', '--dry-run', file], { env: { TZ: 'Europe/Berlin' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/cycling, started 2015-03-01 08:00, 4:50, .*avg HR 135, max HR 139, 30 points/);
    expect(world.emulator.requests.length).toBe(before);
  });

  it('uploads a TCX and sets --type, --name and --description on the new activity', async () => {
    const file = join(dir, 'ride.tcx');
    const run = await world.cli(['import', '--json', '--type', 'road_biking', '--name', 'Morning ride', '--description', 'from my old Edge', file]);
    expect(run.code, run.stderr).toBe(0);
    const [result] = JSON.parse(run.stdout).results;
    expect(result).toMatchObject({ status: 'uploaded', summary: { format: 'tcx', sport: 'cycling' } });
    const put = world.seen(`/activity-service/activity/${result.activityId}`, 'PUT').at(-1)!;
    expect(put.json).toEqual({
      activityId: result.activityId,
      activityName: 'Morning ride',
      description: 'from my old Edge',
      activityTypeDTO: { typeId: 10, typeKey: 'road_biking', parentTypeId: 2 },
    });
    const archived = await world.json(`activities/2015/${result.activityId}.json`);
    expect(archived).toMatchObject({ activityType: 'road_biking', activityName: 'Morning ride' });
  });

  it('an unknown --type is a usage error before anything is read or sent', async () => {
    const before = uploads(world).length;
    const run = await world.cli(['import', '--type', 'quidditch', fixture('fit/garmin-fenix-5-walk.fit')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--type takes one of running, cycling, .*not "quidditch"/);
    expect(uploads(world)).toHaveLength(before);
  });

  it('a Strava bulk export ZIP: every activity (.fit.gz, .gpx, .tcx) is uploaded under its unzipped name; CSV and photos are passed over', async () => {
    const zip = join(dir, 'export_123.zip');
    await writeFile(zip, zipSync({
      'activities.csv': new TextEncoder().encode('Activity ID,Activity Date\n1,2019\n'),
      'activities/2001.fit.gz': gzipSync(await readFile(fixture('fit/garmin-edge-820-bike.fit'))),
      'activities/2002.gpx': new TextEncoder().encode(gpx('2015-04-01T06:00:00Z')),
      'activities/2003.tcx.gz': gzipSync(new TextEncoder().encode(tcx('2015-04-02T06:00:00Z'))),
      'media/photo.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
    }));
    const before = uploads(world).length;
    const run = await world.cli(['import', '--json', zip]);
    expect(run.code, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout);
    expect(results.map((r: any) => [r.file.slice(dir.length + 1), r.status])).toEqual([
      ['export_123.zip:activities/2001.fit.gz', 'uploaded'],
      ['export_123.zip:activities/2002.gpx', 'uploaded'],
      ['export_123.zip:activities/2003.tcx.gz', 'uploaded'],
    ]);
    expect(uploads(world).slice(before).map((r) => /file=(\S+)/.exec(r.body ?? '')?.[1])).toEqual(['2001.fit', '2002.gpx', '2003.tcx']);
  });

  it('a directory: every activity file in it and below is imported; a bad one is named, the batch exits 5 with a table', async () => {
    const folder = join(dir, 'folder');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await writeFile(join(folder, 'a-walk.fit'), await readFile(fixture('fit/garmin-fenix-5-walk.fit')));
    await writeFile(join(folder, 'sub', 'b-settings.fit'), await readFile(fixture('fit/Settings.fit')));
    await writeFile(join(folder, 'sub', 'c.gpx'), gpx('2015-05-01T06:00:00Z'));
    await writeFile(join(folder, 'notes.txt'), 'bought new shoes\n');
    const run = await world.cli(['import', folder]);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/b-settings\.fit: a settings file, not an activity/);
    const table = run.stdout.slice(run.stdout.indexOf('status '));
    expect(table).toMatch(/^uploaded +walking .*a-walk\.fit$/m);
    expect(table).toMatch(/^invalid .*b-settings\.fit$/m);
    expect(table).toMatch(/^uploaded +running +2015-05-01 06:00 .*c\.gpx$/m);
    expect(table).toMatch(/3 files: 2 uploaded, 1 invalid/);
    expect(run.stdout + run.stderr).not.toContain('notes.txt');
  });

  it('- reads the file from standard input (with --format, or by content)', async () => {
    const run = await world.cli(['import', '--json', '--format', 'gpx', '-'], { input: gpx('2015-06-01T06:00:00Z') });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).results[0]).toMatchObject({ file: '-', status: 'uploaded' });
    expect(uploads(world).at(-1)!.body).toMatch(/file=stdin\.gpx /);
    const sniffed = await world.cli(['import', '--dry-run', '-'], { input: tcx('2015-06-02T06:00:00Z') });
    expect(sniffed.stdout).toMatch(/-: cycling activity would be uploaded/);
  });

  it('Garmin\'s 409 is "already on Garmin as activity N", not an error, and the archive learns the activity again', async () => {
    const file = join(dir, 'again.gpx');
    await writeFile(file, gpx('2015-07-01T06:00:00Z'));
    const first = JSON.parse((await world.cli(['import', '--json', file])).stdout).results[0];
    const archived = join(world.home, 'activities', '2015', `${first.activityId}.json`);
    await unlink(archived); // the archive forgot it (and the files it sent); Garmin did not
    await rm(join(world.home, 'sent'), { recursive: true, force: true });
    const again = await world.cli(['import', file]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`already on Garmin as activity ${first.activityId}`);
    expect(uploads(world).at(-1)!.status).toBe(409);
    expect(await exists(archived)).toBe(true);
  });

  it('files over the size limit are refused unread (exit 2)', async () => {
    const huge = join(dir, 'huge.gpx');
    const handle = await open(huge, 'w');
    await handle.truncate(300 * 1024 * 1024); // sparse: nothing written
    await handle.close();
    const run = await world.cli(['import', huge]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/huge\.gpx: larger than 256 MiB/);
  });

  it('every file refused: exit 2; good, skipped and refused files together: exit 5, a JSON result each', async () => {
    const bad = await world.cli(['import', fixture('gpx/route.gpx'), fixture('gpx/cerknicko-without-times.gpx')]);
    expect(bad.code).toBe(2);
    const mixed = await world.cli(['import', '--json', fixture('fit/garmin-fenix-5-walk.fit'), fixture('fit/activity-unexpected-eof.fit')]);
    expect(mixed.code).toBe(5);
    expect(JSON.parse(mixed.stdout).results.map((r: any) => r.status)).toEqual(['skipped', 'invalid']);
  });
});
