import { readdirSync } from 'node:fs';
import { CrcCalculator, Encoder, Profile, type Mesg } from '@garmin/fitsdk';
import { describe, expect, it } from 'vitest';
import { inspectFit } from '../../src/formats/fit.js';
import type { ActivityFileSummary } from '../../src/formats/types.js';
import { FIXTURES, fixture, inputErrorOf } from './helpers.js';

/** The summaries of the recordings of a FIT file. */
function recordingsOf(bytes: Uint8Array, name: string): ActivityFileSummary[] {
  const result = inspectFit(bytes, name);
  if (result.kind !== 'activity') throw new Error(`${name} came back as ${result.kind}`);
  return result.recordings.map((r) => r.summary);
}

/** The summary of a FIT file of one recording. */
function summaryOf(bytes: Uint8Array, name: string): ActivityFileSummary {
  const recordings = recordingsOf(bytes, name);
  expect(recordings).toHaveLength(1);
  return recordings[0];
}

function activity(name: string): ActivityFileSummary {
  return summaryOf(fixture('fit', name), name);
}

/** Encodes a FIT file with the SDK: file_id of the given type, then the given messages. */
function encodeFit(type: string, mesgs: [number, Mesg][]): Uint8Array {
  const encoder = new Encoder();
  encoder.onMesg(Profile.MesgNum.FILE_ID, { type, manufacturer: 'garmin', product: 2697, timeCreated: new Date() } as Mesg);
  for (const [num, mesg] of mesgs) encoder.onMesg(num, mesg);
  return encoder.close();
}

/** A FIT file with bytes added at the end of its data, its data size and both CRCs fixed up. */
function withExtraDataBytes(valid: Uint8Array, extra: number[]): Uint8Array {
  const dataEnd = valid.length - 2;
  const bytes = new Uint8Array(valid.length + extra.length);
  bytes.set(valid.subarray(0, dataEnd));
  bytes.set(extra, dataEnd);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, view.getUint32(4, true) + extra.length, true);
  view.setUint16(12, CrcCalculator.calculateCRC(bytes, 0, 12), true);
  view.setUint16(dataEnd + extra.length, CrcCalculator.calculateCRC(bytes, 0, dataEnd + extra.length), true);
  return bytes;
}

const t0 = new Date('2024-05-01T06:00:00Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

describe('inspectFit on the fixtures (outcomes of ../shared/fixtures/README.md)', () => {
  it('covers every FIT fixture in this file', () => {
    const covered = [
      'garmin-fenix-5-run.fit', 'garmin-fenix-5-walk.fit', 'garmin-edge-820-bike.fit',
      'activity-small-fenix2-run.fit', '2019-02-17-062644-ELEMNT-297E-195-0.fit',
      'strava-android-app-201.10-b1218918.fit', 'activity-filecrc.fit', 'activity-unexpected-eof.fit',
      'activity-settings-corruptheader.fit', 'Settings.fit', 'WorkoutIndividualSteps.fit', 'WorkoutRepeatSteps.fit',
    ];
    const present = readdirSync(`${FIXTURES}/fit`).filter((f) => f.endsWith('.fit'));
    expect(present.sort()).toEqual(covered.sort());
  });

  it('fenix 5 run: running, 158 m, avg HR 90, started 2017-06-11', () => {
    const s = activity('garmin-fenix-5-run.fit');
    expect(s).toMatchObject({ format: 'fit', sport: 'running', averageHR: 90, maxHR: 112, pointCount: 21, device: 'garmin fenix5' });
    expect(s.distanceMeters).toBeCloseTo(157.56, 1);
    expect(s.durationSeconds).toBeCloseTo(56.887, 2);
    expect(s.startTime.toISOString()).toBe('2017-06-11T14:34:09.000Z');
  });

  it('fenix 5 walk: walking, 68 m', () => {
    const s = activity('garmin-fenix-5-walk.fit');
    expect(s.sport).toBe('walking');
    expect(Math.round(s.distanceMeters ?? 0)).toBe(68);
    expect(s.averageHR).toBe(75);
  });

  it('Edge 820 commute: cycling, 457 m, avg HR 116', () => {
    const s = activity('garmin-edge-820-bike.fit');
    expect(s).toMatchObject({ sport: 'cycling', averageHR: 116, device: 'garmin edge820' });
    expect(Math.round(s.distanceMeters ?? 0)).toBe(457);
  });

  it('fenix 2 run: running, 9.0 km; no HR in the session, so HR comes from its records', () => {
    const s = activity('activity-small-fenix2-run.fit');
    expect(s).toMatchObject({ sport: 'running', pointCount: 2809, device: 'garmin fenix2', durationSeconds: 2832 });
    expect((s.distanceMeters ?? 0) / 1000).toBeCloseTo(9.0, 1);
    expect(s.averageHR).toBe(154);
    expect(s.maxHR).toBe(178);
  });

  it('Wahoo ELEMNT ride with a workout message: an activity, cycling, 78.9 km, avg HR 124', () => {
    const s = activity('2019-02-17-062644-ELEMNT-297E-195-0.fit');
    expect(s).toMatchObject({ sport: 'cycling', averageHR: 124, maxHR: 170, durationSeconds: 23595 });
    expect((s.distanceMeters ?? 0) / 1000).toBeCloseTo(78.9, 1);
    expect(s.device).toMatch(/^wahooFitness/);
  });

  it('Strava file whose header promises more than it holds: refused as truncated, at byte 7472', () => {
    const err = inputErrorOf(() => inspectFit(fixture('fit', 'strava-android-app-201.10-b1218918.fit'), 'strava.fit'));
    expect(err.message).toBe(
      'strava.fit: truncated FIT file: the header promises 78252 bytes, the file holds 78233; reading stops at byte 7472',
    );
    expect(err.exitCode).toBe(2);
  });

  it('wrong file CRC: refused as a CRC mismatch', () => {
    const err = inputErrorOf(() => inspectFit(fixture('fit', 'activity-filecrc.fit'), 'activity-filecrc.fit'));
    expect(err.message).toMatch(/^activity-filecrc\.fit: FIT file CRC mismatch/);
  });

  it('cut short: refused as truncated, at byte 768', () => {
    const err = inputErrorOf(() => inspectFit(fixture('fit', 'activity-unexpected-eof.fit'), 'eof.fit'));
    expect(err.message).toMatch(/^eof\.fit: truncated FIT file: .*reading stops at byte 768$/);
  });

  it('chained file with a corrupt second header: refused, naming byte 771', () => {
    const err = inputErrorOf(() => inspectFit(fixture('fit', 'activity-settings-corruptheader.fit'), 'chained.fit'));
    expect(err.message).toBe('chained.fit: corrupt FIT file: the chained FIT file at byte 771 has an invalid header');
  });

  it('Settings.fit: refused as not an activity (settings)', () => {
    const err = inputErrorOf(() => inspectFit(fixture('fit', 'Settings.fit'), 'Settings.fit'));
    expect(err.message).toBe('Settings.fit: a settings file, not an activity');
  });

  it.each(['WorkoutIndividualSteps.fit', 'WorkoutRepeatSteps.fit'])('%s comes back as a workout with its steps', (name) => {
    const result = inspectFit(fixture('fit', name), name);
    if (result.kind !== 'workout') throw new Error('expected a workout');
    expect(result.messages.workoutMesgs).toHaveLength(1);
    expect(result.messages.workoutStepMesgs?.length).toBeGreaterThan(1);
  });
});

describe('inspectFit on generated files', () => {
  it('an activity without a session falls back to its records for time, duration and HR', () => {
    const bytes = encodeFit('activity', [
      [Profile.MesgNum.RECORD, { timestamp: at(0), heartRate: 100 } as Mesg],
      [Profile.MesgNum.RECORD, { timestamp: at(30), heartRate: 120 } as Mesg],
      [Profile.MesgNum.RECORD, { timestamp: at(60), heartRate: 141 } as Mesg],
    ]);
    const result = inspectFit(bytes, 'nosession.fit');
    expect(result).toEqual({
      kind: 'activity',
      recordings: [{
        bytes,
        summary: {
          format: 'fit', sport: 'other', startTime: t0, durationSeconds: 60, distanceMeters: null,
          averageHR: 120, maxHR: 141, pointCount: 3, device: 'garmin fenix5', warnings: [],
        },
      }],
    });
  });

  it('training + strength training sub sport is strength_training', () => {
    const bytes = encodeFit('activity', [
      [Profile.MesgNum.SESSION, { startTime: t0, timestamp: at(1800), totalElapsedTime: 1800, sport: 'training', subSport: 'strengthTraining' } as Mesg],
    ]);
    expect(summaryOf(bytes, 'gym.fit').sport).toBe('strength_training');
  });

  it('several sessions add up as multi_sport', () => {
    const bytes = encodeFit('activity', [
      [Profile.MesgNum.SESSION, { startTime: t0, timestamp: at(600), totalElapsedTime: 600, totalDistance: 2000, sport: 'running', maxHeartRate: 150 } as Mesg],
      [Profile.MesgNum.SESSION, { startTime: at(600), timestamp: at(1800), totalElapsedTime: 1200, totalDistance: 10000, sport: 'cycling', maxHeartRate: 160 } as Mesg],
    ]);
    expect(summaryOf(bytes, 'tri.fit')).toMatchObject({ sport: 'multi_sport', startTime: t0, durationSeconds: 1800, distanceMeters: 12000, maxHR: 160 });
  });

  it('a chained file whose second part has a bad CRC is refused, naming where that part ends', () => {
    const first = encodeFit('activity', [[Profile.MesgNum.RECORD, { timestamp: at(0), heartRate: 100 } as Mesg]]);
    const second = encodeFit('activity', [[Profile.MesgNum.RECORD, { timestamp: at(5), heartRate: 110 } as Mesg]]);
    const chained = new Uint8Array([...first, ...second]);
    chained[chained.length - 1] ^= 0xff;
    const err = inputErrorOf(() => inspectFit(chained, 'chained.fit'));
    expect(err.message).toBe(`chained.fit: FIT file CRC mismatch in the chained FIT file ending at byte ${chained.length}`);
  });

  it('an intact file the SDK cannot decode is read with the second decoder (fit-file-parser)', () => {
    // A valid activity plus one compressed-timestamp record (header byte 0x80 + 4 s), which the SDK
    // does not decode; sizes and both CRCs are fixed up so that only the SDK's decoding fails.
    const valid = encodeFit('activity', [
      [Profile.MesgNum.RECORD, { timestamp: at(0), heartRate: 100 } as Mesg],
      [Profile.MesgNum.RECORD, { timestamp: at(10), heartRate: 120 } as Mesg],
    ]);
    const bytes = withExtraDataBytes(valid, [0x84]);
    const s = summaryOf(bytes, 'odd.fit');
    expect(s).toMatchObject({ startTime: t0, durationSeconds: 10, averageHR: 110, maxHR: 120 });
  });

  it('an intact file neither decoder can read is refused with the SDK\'s reason, never a JavaScript error', () => {
    // A data message (header 0x05) for a local message type that was never defined.
    const valid = encodeFit('activity', [[Profile.MesgNum.RECORD, { timestamp: at(0), heartRate: 100 } as Mesg]]);
    const bytes = withExtraDataBytes(valid, [0x05, 0x00, 0x00]);
    const err = inputErrorOf(() => inspectFit(bytes, 'odd.fit'));
    expect(err.message).toMatch(/^odd\.fit: FIT decode error at byte \d+: /);
    expect(err.message).not.toMatch(/undefined|TypeError|Cannot read/);
  });

  it('a monitoring file is refused, naming its type', () => {
    const err = inputErrorOf(() => inspectFit(encodeFit('monitoringB', []), 'monitor.fit'));
    expect(err.message).toBe('monitor.fit: monitoring data, not an activity');
  });

  it('an activity with neither a session nor timed records is refused', () => {
    const err = inputErrorOf(() => inspectFit(encodeFit('activity', []), 'empty.fit'));
    expect(err.message).toBe('empty.fit: activity without a session or timed records');
  });

  it('bytes that are not FIT are refused', () => {
    const err = inputErrorOf(() => inspectFit(new TextEncoder().encode('definitely not a FIT file'), 'x.fit'));
    expect(err.message).toBe('x.fit: not a FIT file (no valid FIT file header)');
  });
});
