/**
 * A reader that fails in a way it should not (a bug: RangeError, TypeError) costs that one file,
 * never the batch (issue 9): the file gets a `failed` result without the JavaScript error's text,
 * the files after it are read, and the batch exits 5.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Archive } from '../../src/archive/archive.js';
import { resolvePaths } from '../../src/archive/paths.js';
import { importExitCode } from '../../src/cli/commands/import.js';
import { importFiles } from '../../src/sync/import.js';

vi.mock('../../src/formats/tcx.js', () => ({
  readTcx: () => {
    throw new RangeError('Maximum call stack size exceeded');
  },
}));

const gpx = (start: string) => `<gpx version="1.1" creator="t"><trk><trkseg>` +
  `<trkpt lat="46" lon="14"><time>${start}</time></trkpt><trkpt lat="46.001" lon="14"><time>${new Date(Date.parse(start) + 60_000).toISOString()}</time></trkpt>` +
  `</trkseg></trk></gpx>`;

describe('a reader that crashes on one file of a batch', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-crash-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reports that file as failed, in words, and goes on to the next (exit 5)', async () => {
    await writeFile(join(dir, 'a.gpx'), gpx('2024-05-01T06:00:00Z'));
    await writeFile(join(dir, 'b.tcx'), '<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>');
    await writeFile(join(dir, 'c.gpx'), gpx('2024-05-02T06:00:00Z'));
    const archive = new Archive(resolvePaths({ GARMIN_SYNC_HOME: join(dir, 'home') }));
    const results = await importFiles([dir], { dryRun: true, force: false, strict: false, fields: {} }, {
      archive,
      client: () => Promise.reject(new Error('a dry run opens no client')),
      readStdin: () => Promise.reject(new Error('no stdin')),
    });
    expect(results.map((r) => [r.file.slice(dir.length + 1), r.status])).toEqual([['a.gpx', 'dry-run'], ['b.tcx', 'failed'], ['c.gpx', 'dry-run']]);
    expect(results[1].message).toBe(
      `${join(dir, 'b.tcx')}: could not be read (an unexpected RangeError in garmin-sync's reader; nothing was sent for it; please report it, \`garmin-sync doctor\` helps)`,
    );
    expect(results[1].message).not.toContain('Maximum call stack');
    expect(importExitCode(results)).toBe(5);
  });
});
