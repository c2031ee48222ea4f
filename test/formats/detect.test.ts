import { gzipSync as nodeGzipSync } from 'node:zlib';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat, MAX_FILE_BYTES } from '../../src/formats/detect.js';
import { inspectFit } from '../../src/formats/fit.js';
import { readGpx } from '../../src/formats/gpx.js';
import { fixture, inputErrorOf, utf8 } from './helpers.js';

/** Deterministic pseudo-random bytes (a linear congruential generator), never gzip or FIT magic. */
function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes[0] = 0x00;
  return bytes;
}

describe('detectFormat', () => {
  it('recognises FIT files by their header, whatever their name', () => {
    const bytes = fixture('fit', 'garmin-fenix-5-run.fit');
    expect(detectFormat(bytes, 'run.txt')).toEqual({ format: 'fit', bytes });
    expect(detectFormat(fixture('fit', 'WorkoutRepeatSteps.fit'), 'w.gpx').format).toBe('fit');
  });

  it('recognises GPX by its root element, past a BOM and an XML declaration', () => {
    expect(detectFormat(fixture('gpx', 'cerknicko-jezero.gpx'), 'a.fit').format).toBe('gpx');
    expect(detectFormat(fixture('gpx', 'unicode_with_bom.gpx'), 'bom.gpx').format).toBe('gpx');
    expect(detectFormat(utf8('<!-- exported -->\n<gpx version="1.1"></gpx>'), 'c.gpx').format).toBe('gpx');
  });

  it('recognises TCX by its <TrainingCenterDatabase> root', () => {
    const tcx = '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities/></TrainingCenterDatabase>';
    expect(detectFormat(utf8(tcx), 'ride.tcx').format).toBe('tcx');
  });

  it('takes other UTF-8 text as a workout', () => {
    expect(detectFormat(fixture('workouts', 'intervals-5x1km.txt'), 'plan.txt').format).toBe('text');
  });

  it.each([
    ['plan.fit', 'plan.fit: not a FIT file (it holds plain text, not XML)'],
    ['notes.gpx', 'notes.gpx: not a GPX file (it holds plain text, not XML)'],
    ['export.zip:activities/9.tcx.gz', 'export.zip:activities/9.tcx.gz: not a TCX file (it holds plain text, not XML)'],
  ])('never reads a file named %s as workout text', (name, message) => {
    const bytes = name.endsWith('.gz') ? gzipSync(fixture('workouts', 'intervals-5x1km.txt')) : fixture('workouts', 'intervals-5x1km.txt');
    expect(inputErrorOf(() => detectFormat(bytes, name)).message).toBe(message);
  });

  it('refuses binary data named .fit as not a FIT file', () => {
    expect(inputErrorOf(() => detectFormat(new Uint8Array([0, 1, 2, 3, 255, 254, 7, 8, 9, 10, 11, 12, 13]), 'x.fit')).message)
      .toBe('x.fit: not a FIT file (binary data of another kind)');
  });

  it('goes by content when a file named .gpx holds TCX', () => {
    const tcx = '<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>';
    expect(detectFormat(utf8(tcx), 'ride.gpx').format).toBe('tcx');
  });

  it('reads UTF-16 XML (with its BOM) as GPX', () => {
    const text = '\ufeff<?xml version="1.0" encoding="UTF-16"?><gpx version="1.1" creator="x"></gpx>';
    const le = new Uint8Array(Buffer.from(text, 'utf16le'));
    expect(detectFormat(le, 'ride.gpx').format).toBe('gpx');
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
    expect(detectFormat(be, 'ride.gpx').format).toBe('gpx');
  });

  it('unzips a gzipped FIT and hands back the inner bytes', () => {
    const fit = fixture('fit', 'garmin-edge-820-bike.fit');
    const detected = detectFormat(gzipSync(fit), 'ride.fit.gz');
    expect(detected.format).toBe('fit');
    expect(detected.bytes).toEqual(fit);
    const result = inspectFit(detected.bytes, 'ride.fit.gz');
    expect(result.kind === 'activity' && result.recordings[0].summary.sport).toBe('cycling');
  });

  it('unzips a gzipped GPX', () => {
    const detected = detectFormat(gzipSync(fixture('gpx', 'cerknicko-jezero.gpx')), 'lake.gpx.gz');
    expect(detected.format).toBe('gpx');
    expect(readGpx(detected.bytes, 'lake.gpx.gz').pointCount).toBe(296);
  });

  it('refuses random bytes', () => {
    const err = inputErrorOf(() => detectFormat(randomBytes(4096, 42), 'noise.bin'));
    expect(err.message).toBe('noise.bin: not a FIT, GPX, TCX or workout text file');
  });

  it('text that is almost a workout is refused at the first line that cannot be read', () => {
    const nul = inputErrorOf(() => detectFormat(new TextEncoder().encode('sport: run\n- 10m Z2 HR\n- 5m\u0000 Z4 HR\n'), 'run.txt'));
    expect(nul.message).toBe('run.txt:3:5: not a FIT, GPX, TCX or workout text file: line 3 cannot be read (it has the control character U+0000 (NUL))');
    const latin1 = inputErrorOf(() => detectFormat(Buffer.from('sport: run\r\n- 10m Z2 HR\r\n- 5m Z4 HR caf\xe9\r\n', 'latin1'), 'cafe.txt'));
    expect(latin1.position).toEqual({ line: 3, column: 15 });
    expect(latin1.reason).toMatch(/line 3 cannot be read \(it has bytes that are not UTF-8 text\)$/);
  });

  it('refuses a corrupt gzip and a gzip inside a gzip', () => {
    const zipped = gzipSync(fixture('gpx', 'route.gpx'));
    expect(inputErrorOf(() => detectFormat(zipped.subarray(0, 100), 'cut.gz')).message).toMatch(/^cut\.gz: corrupt gzip file/);
    expect(inputErrorOf(() => detectFormat(gzipSync(zipped), 'twice.gz')).message).toBe('twice.gz: a gzip file inside a gzip file');
  });

  it('refuses a gzip bomb once it unzips past the limit', { timeout: 20_000 }, () => {
    const bomb = nodeGzipSync(Buffer.alloc(MAX_FILE_BYTES + 1), { level: 1 });
    expect(inputErrorOf(() => detectFormat(bomb, 'bomb.gz')).message).toBe('bomb.gz: gzip file unzips to more than 256 MiB');
  });

  it('refuses an empty file and XML that is neither GPX nor TCX', () => {
    expect(inputErrorOf(() => detectFormat(new Uint8Array(0), 'empty.fit')).message).toBe('empty.fit: empty file');
    expect(inputErrorOf(() => detectFormat(utf8('<?xml version="1.0"?>\n<kml/>'), 'map.kml')).message).toBe(
      'map.kml: XML whose root element is <kml>, not <gpx> or <TrainingCenterDatabase>',
    );
  });

  it('refuses XML with a DOCTYPE before it reaches the root, with its position', () => {
    const err = inputErrorOf(() => detectFormat(utf8('<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY a "b">]>\n<gpx/>'), 'd.gpx'));
    expect(err.position?.line).toBe(2);
    expect(err.reason).toMatch(/DOCTYPE/);
  });
});
