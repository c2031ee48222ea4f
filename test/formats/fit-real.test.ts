import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrcCalculator, Encoder, Profile, type Mesg } from '@garmin/fitsdk';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { inspectFit } from '../../src/formats/fit.js';
import type { ActivityFileSummary } from '../../src/formats/types.js';
import { FIXTURES, inputErrorOf } from './helpers.js';

/** Real files from python-fitparse's suite (see test/fixtures-extra/README.md). */
const EXTRA = join(import.meta.dirname, '..', 'fixtures-extra', 'fit');
const extra = (name: string) => new Uint8Array(readFileSync(join(EXTRA, name)));

function recordingsOf(bytes: Uint8Array, name: string): ActivityFileSummary[] {
  const result = inspectFit(bytes, name);
  if (result.kind !== 'activity') throw new Error(`${name} came back as ${result.kind}`);
  return result.recordings.map((r) => r.summary);
}

const t0 = new Date('2024-05-01T06:00:00Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

/** Encodes an activity FIT file with the SDK's Encoder: file_id, then the given messages. */
function encodeActivity(mesgs: Iterable<[number, Mesg]>): Uint8Array {
  const encoder = new Encoder();
  encoder.onMesg(Profile.MesgNum.FILE_ID, { type: 'activity', manufacturer: 'garmin', product: 2697, timeCreated: t0 } as Mesg);
  for (const [num, mesg] of mesgs) encoder.onMesg(num, mesg);
  return encoder.close();
}

const record = (seconds: number, fields: Record<string, unknown> = {}): [number, Mesg] => [Profile.MesgNum.RECORD, { timestamp: at(seconds), ...fields } as Mesg];

describe('every FIT file of ../shared/fixtures and test/fixtures-extra', () => {
  const files = [
    ...readdirSync(join(FIXTURES, 'fit')).filter((f) => f.endsWith('.fit')).map((f) => join(FIXTURES, 'fit', f)),
    ...readdirSync(EXTRA).filter((f) => f.endsWith('.fit')).map((f) => join(EXTRA, f)),
  ];
  it.each(files)('%s is read or refused with one line naming it, never a JavaScript error', (file) => {
    try {
      const result = inspectFit(new Uint8Array(readFileSync(file)), 'f.fit');
      if (result.kind === 'activity') {
        for (const { summary } of result.recordings) {
          expect(summary.durationSeconds).toBeGreaterThan(0);
          expect(Number.isNaN(summary.startTime.getTime())).toBe(false);
        }
      }
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/^f\.fit: [^\n]+$/);
      expect((err as Error).message).not.toMatch(/Cannot read|undefined|TypeError|RangeError/);
    }
  });
});

describe('real FIT files the SDK alone gets wrong', () => {
  it('compressed-timestamp records of an old ANT device are read (fit-file-parser): 10.2 km run, warned for its 1990 clock', () => {
    const [s] = recordingsOf(extra('compressed-speed-distance.fit'), 'old.fit');
    expect(s).toMatchObject({ sport: 'running', averageHR: 170, maxHR: 190, pointCount: 755 });
    expect(s.startTime.toISOString()).toBe('1990-07-18T06:44:24.000Z');
    expect(Math.round(s.distanceMeters ?? 0)).toBe(10249);
    expect(s.warnings).toEqual(['implausible start 1990-07-18T06:44:24.000Z (before 2000: was the device\'s clock ever set?)']);
  });

  it('an ANT-FS dump with compressed timestamps is read: 57 min run, avg HR 162', () => {
    const [s] = recordingsOf(extra('antfs-dump.63.fit'), 'dump.fit');
    expect(s).toMatchObject({ sport: 'running', averageHR: 162, maxHR: 195, pointCount: 686, distanceMeters: null });
    expect(s.durationSeconds).toBeCloseTo(3426.9, 1);
  });

  it('a Garmin triathlon the SDK throws on ("Cannot read properties of undefined") is read: one multi_sport activity', () => {
    const [s, ...rest] = recordingsOf(extra('triathlon_summary_first.fit'), 'tri.fit');
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ sport: 'multi_sport', averageHR: 152, maxHR: 178, pointCount: 4043, warnings: [] });
    expect(s.startTime.toISOString()).toBe('2023-09-02T13:15:24.000Z');
    expect(Math.round(s.distanceMeters ?? 0)).toBe(18726);
  });

  it('two chained activities whose second CRC is wrong are refused, naming that part', () => {
    const err = inputErrorOf(() => inspectFit(extra('activity-activity-filecrc.fit'), 'two.fit'));
    expect(err.message).toBe('two.fit: FIT file CRC mismatch in the chained FIT file ending at byte 1542');
  });

  it('an activity chained with a settings file is one recording: the activity part\'s bytes', () => {
    const result = inspectFit(extra('activity-settings.fit'), 'a.fit');
    if (result.kind !== 'activity') throw new Error('expected an activity');
    expect(result.recordings.map((r) => r.bytes.length)).toEqual([771]);
    expect(result.recordings[0].summary.sport).toBe('running');
  });

  it('a fenix 2 multisport file is one multi_sport activity of 6.8 h, not several', () => {
    const [s, ...rest] = recordingsOf(extra('activity-large-fenxi2-multisport.fit'), 'tri.fit');
    expect(rest).toEqual([]);
    expect(s.sport).toBe('multi_sport');
    expect(s.durationSeconds / 3600).toBeCloseTo(6.84, 2);
    expect(s.pointCount).toBe(24_239);
  });

  it.each([
    ['20170518-191602-1740899583.fit', 'indoor_rowing'],
    ['null_compressed_speed_dist.fit', 'virtual_ride'],
    ['event_timestamp.fit', 'lap_swimming'],
    ['sample_mulitple_header.fit', 'multi_sport'],
  ])('%s is filed as %s', (name, sport) => {
    expect(recordingsOf(extra(name), name).map((s) => s.sport)).toEqual([sport]);
  });

  it.each([
    ['MonitoringFile.fit', 'monitoring data, not an activity'],
    ['WeightScaleSingleUser.fit', 'weight scale data, not an activity'],
  ])('%s is refused naming its file type in words', (name, reason) => {
    expect(inputErrorOf(() => inspectFit(extra(name), name)).message).toBe(`${name}: ${reason}`);
  });
});

describe('generated FIT files', () => {
  it('a 36 h, 130,000-record file without session max HR: read, max HR from the records, no crash', { timeout: 120_000 }, () => {
    function* records(): Generator<[number, Mesg]> {
      for (let i = 0; i < 130_000; i++) yield record(i, { heartRate: i === 77_777 ? 201 : 100 + (i % 50), distance: i * 2 });
    }
    const bytes = encodeActivity(records());
    const s = recordingsOf(bytes, 'ultra.fit')[0];
    expect(s).toMatchObject({ pointCount: 130_000, maxHR: 201, durationSeconds: 129_999, distanceMeters: 259_998, warnings: [] });
    expect(s.startTime).toEqual(t0);
  });

  it('two activities chained back to back are two recordings, each with its own bytes', () => {
    const first = encodeActivity([record(0, { heartRate: 100 }), record(600, { heartRate: 110 })]);
    const second = new Encoder();
    second.onMesg(Profile.MesgNum.FILE_ID, { type: 'activity', manufacturer: 'garmin', product: 2697, timeCreated: at(7200) } as Mesg);
    second.onMesg(Profile.MesgNum.RECORD, { timestamp: at(7200), heartRate: 150 } as Mesg);
    second.onMesg(Profile.MesgNum.RECORD, { timestamp: at(9000), heartRate: 160 } as Mesg);
    const secondBytes = second.close();
    const result = inspectFit(new Uint8Array([...first, ...secondBytes]), 'chained.fit');
    if (result.kind !== 'activity') throw new Error('expected an activity');
    expect(result.recordings.map((r) => [r.bytes, r.summary.startTime, r.summary.durationSeconds])).toEqual([
      [first, t0, 600],
      [secondBytes, at(7200), 1800],
    ]);
  });

  it('records out of time order are ignored for the start and end, and counted in a warning', () => {
    const bytes = encodeActivity([record(0), record(60), record(-3600 * 24 * 730), record(120), record(90), record(180)]);
    const [s] = recordingsOf(bytes, 'odd.fit');
    expect(s.startTime).toEqual(t0);
    expect(s.durationSeconds).toBe(180);
    expect(s.warnings).toEqual(['2 point(s) out of time order, ignored for the start and the end']);
  });

  it('records that span no time are refused: one record, or all at one time', () => {
    expect(inputErrorOf(() => inspectFit(encodeActivity([record(0)]), 'one.fit')).message)
      .toBe('one.fit: a single timed point (2024-05-01T06:00:00.000Z): a recording must span some time');
    expect(inputErrorOf(() => inspectFit(encodeActivity([record(5), record(5), record(5)]), 'same.fit')).message)
      .toBe('same.fit: all 3 timed records are at 2024-05-01T06:00:05.000Z: the recording spans no time');
  });

  it('over 48 h is a warning', () => {
    const [s] = recordingsOf(encodeActivity([record(0), record(50 * 3600)]), 'long.fit');
    expect(s.warnings).toEqual(['lasts 50.0 h, longer than 48 h for one activity']);
  });

  it('heart rate 0 is no reading; distance comes from the records when there is no session', () => {
    const bytes = encodeActivity([record(0, { heartRate: 0, distance: 0 }), record(30, { heartRate: 120, distance: 100 }), record(60, { heartRate: 0, distance: 250 })]);
    expect(recordingsOf(bytes, 'r.fit')[0]).toMatchObject({ averageHR: 120, maxHR: 120, distanceMeters: 250 });
  });

  it('without distance fields, the distance is the length of the positions', () => {
    const semicircles = (deg: number) => Math.round((deg * 2 ** 31) / 180);
    const bytes = encodeActivity([
      record(0, { positionLat: semicircles(46), positionLong: semicircles(14) }),
      record(60, { positionLat: semicircles(46.01), positionLong: semicircles(14) }),
    ]);
    expect(recordingsOf(bytes, 'r.fit')[0].distanceMeters).toBeCloseTo(1112, -1);
  });

  it.each([
    ['standUpPaddleboarding', undefined, 'stand_up_paddleboarding_v2'],
    ['rowing', undefined, 'rowing_v2'],
    ['cycling', 'virtualActivity', 'virtual_ride'],
    ['kayaking', undefined, 'kayaking_v2'],
  ])('FIT sport %s / %s is Garmin\'s %s', (sport, subSport, typeKey) => {
    const bytes = encodeActivity([[Profile.MesgNum.SESSION, { startTime: t0, timestamp: at(600), totalElapsedTime: 600, sport, subSport } as Mesg]]);
    expect(recordingsOf(bytes, 's.fit')[0].sport).toBe(typeKey);
  });

  it('a header CRC that does not match is refused', () => {
    const bytes = encodeActivity([record(0), record(10)]);
    bytes[12] ^= 0xff;
    expect(CrcCalculator.calculateCRC(bytes, 0, 12)).not.toBe(bytes[12] | (bytes[13] << 8));
    expect(inputErrorOf(() => inspectFit(bytes, 'h.fit')).message).toBe('h.fit: FIT file CRC mismatch (the file is damaged)');
  });
});
