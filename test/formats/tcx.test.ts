import { describe, expect, it } from 'vitest';
import { readTcx } from '../../src/formats/tcx.js';
import { inputErrorOf, utf8 } from './helpers.js';

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"' +
  ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n';

function trackpoint(time: string | null, opts: { lat?: number; lon?: number; hr?: number; distance?: number } = {}): string {
  const t = time === null ? '' : `<Time>${time}</Time>`;
  const pos = opts.lat === undefined ? '' : `<Position><LatitudeDegrees>${opts.lat}</LatitudeDegrees><LongitudeDegrees>${opts.lon}</LongitudeDegrees></Position>`;
  const hr = opts.hr === undefined ? '' : `<HeartRateBpm><Value>${opts.hr}</Value></HeartRateBpm>`;
  const d = opts.distance === undefined ? '' : `<DistanceMeters>${opts.distance}</DistanceMeters>`;
  return `<Trackpoint>${t}${pos}<AltitudeMeters>300</AltitudeMeters>${d}${hr}</Trackpoint>\n`;
}

function activity(sport: string, laps: string, creator = 'Forerunner 945'): string {
  return `<Activity Sport="${sport}"><Id>2024-05-01T06:00:00Z</Id>${laps}` +
    `<Creator xsi:type="Device_t"><Name>${creator}</Name><UnitId>1</UnitId></Creator></Activity>`;
}

function lap(points: string, totals = ''): string {
  return `<Lap StartTime="2024-05-01T06:00:00Z">${totals}<Track>\n${points}</Track></Lap>`;
}

const at = (seconds: number) => new Date(Date.parse('2024-05-01T06:00:00Z') + seconds * 1000).toISOString();

describe('readTcx', () => {
  it('summarises a run: sport, start, duration, lap distance, heart rate from the points, device', () => {
    const points = [0, 30, 60].map((s, i) => trackpoint(at(s), { lat: 46 + i * 0.001, lon: 14, hr: 120 + i * 10, distance: i * 111 }));
    const tcx = `${HEAD}<Activities>${activity('Running', lap(points.join(''), '<TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>222.5</DistanceMeters>'))}</Activities></TrainingCenterDatabase>`;
    const s = readTcx(utf8(tcx), 'run.tcx');
    expect(s).toMatchObject({ format: 'tcx', sport: 'running', durationSeconds: 60, distanceMeters: 222.5, averageHR: 130, maxHR: 140, pointCount: 3, device: 'Forerunner 945' });
    expect(s.startTime.toISOString()).toBe('2024-05-01T06:00:00.000Z');
  });

  it('an indoor ride without positions or lap distance has no distance; heart rate falls back to the laps', () => {
    const points = [0, 600, 1200].map((s) => trackpoint(at(s))).join('');
    const laps =
      lap(points, '<TotalTimeSeconds>600</TotalTimeSeconds><AverageHeartRateBpm><Value>120</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm>') +
      lap(trackpoint(at(1800)), '<TotalTimeSeconds>1200</TotalTimeSeconds><AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>170</Value></MaximumHeartRateBpm>');
    const s = readTcx(utf8(`${HEAD}<Activities>${activity('Biking', laps)}</Activities></TrainingCenterDatabase>`), 'trainer.tcx');
    expect(s).toMatchObject({ sport: 'cycling', distanceMeters: null, averageHR: 140, maxHR: 170, pointCount: 4, durationSeconds: 1800 });
  });

  it('without lap distances, the distance is the length of the positioned track', () => {
    const points = [0, 60].map((s, i) => trackpoint(at(s), { lat: 46 + i * 0.002, lon: 14 })).join('');
    const s = readTcx(utf8(`${HEAD}<Activities>${activity('Other', lap(points))}</Activities></TrainingCenterDatabase>`), 'x.tcx');
    expect(s.sport).toBe('other');
    expect(s.distanceMeters).toBeCloseTo(222.4, 0);
  });

  it('a course is refused: not a recorded activity', () => {
    const course = `${HEAD}<Courses><Course><Name>Loop</Name><Track>${trackpoint(null, { lat: 46, lon: 14 })}</Track></Course></Courses></TrainingCenterDatabase>`;
    expect(inputErrorOf(() => readTcx(utf8(course), 'loop.tcx')).message).toBe('loop.tcx: a course, not a recorded activity');
  });

  it('an activity without track points is refused', () => {
    const empty = `${HEAD}<Activities>${activity('Running', lap(''))}</Activities></TrainingCenterDatabase>`;
    expect(inputErrorOf(() => readTcx(utf8(empty), 'empty.tcx')).message).toBe('empty.tcx: no track points');
  });

  it('track points without <Time> are refused with the line of the first', () => {
    const points = [trackpoint(null, { lat: 46, lon: 14 }), trackpoint(null, { lat: 46.1, lon: 14 })].join('');
    const err = inputErrorOf(() => readTcx(utf8(`${HEAD}<Activities>${activity('Running', lap(points))}</Activities></TrainingCenterDatabase>`), 'untimed.tcx'));
    expect(err.reason).toBe('no timestamps: a track without times cannot be an activity; 2 of 2 track points have no <Time>');
    expect(err.position?.line).toBe(4);
  });

  it('a DOCTYPE is refused without expanding anything, and bad XML names line and column', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n<TrainingCenterDatabase>&b;</TrainingCenterDatabase>';
    expect(inputErrorOf(() => readTcx(utf8(bomb), 'lol.tcx')).reason).toMatch(/DOCTYPE/);
    const cut = `${HEAD}<Activities>${activity('Running', lap(trackpoint(at(0))))}`.slice(0, -20);
    const err = inputErrorOf(() => readTcx(utf8(cut), 'cut.tcx'));
    expect(err.reason).toMatch(/^not well-formed XML/);
    expect(err.position?.line).toBeGreaterThan(1);
  });

  it('another root is refused', () => {
    expect(inputErrorOf(() => readTcx(utf8('<gpx></gpx>'), 'a.tcx')).reason).toBe('root element is <gpx>, not <TrainingCenterDatabase>');
  });
});

describe('readTcx: recordings as the file states them (issue 9)', () => {
  it('several <Activity> elements are refused, saying how many and how to split them', () => {
    const one = activity('Running', lap([0, 60].map((s) => trackpoint(at(s))).join('')));
    const two = activity('Biking', lap([86_400, 90_000].map((s) => trackpoint(at(s))).join('')));
    const err = inputErrorOf(() => readTcx(utf8(`${HEAD}<Activities>${one}${two}</Activities></TrainingCenterDatabase>`), 'two.tcx'));
    expect(err.message).toBe('two.tcx: 2 recordings in one file: the file holds 2 <Activity> elements; save each <Activity> in its own TCX file and import those');
  });

  it('the start is the Activity Id, the end the last point; laps\' average HR (time-weighted) wins over the points', () => {
    const points = [60, 600, 1200].map((s) => trackpoint(at(s), { hr: 100 })).join('');
    const laps =
      lap(points, '<TotalTimeSeconds>1200</TotalTimeSeconds><AverageHeartRateBpm><Value>130</Value></AverageHeartRateBpm>') +
      lap(trackpoint(at(1800), { hr: 100 }), '<TotalTimeSeconds>600</TotalTimeSeconds><AverageHeartRateBpm><Value>160</Value></AverageHeartRateBpm>');
    const s = readTcx(utf8(`${HEAD}<Activities>${activity('Running', laps)}</Activities></TrainingCenterDatabase>`), 'run.tcx');
    expect(s.startTime.toISOString()).toBe(at(0));
    expect(s).toMatchObject({ durationSeconds: 1800, averageHR: 140 });
  });

  it('points out of order are ignored for the end and counted in a warning', () => {
    const points = [0, 60, 30, 120].map((s) => trackpoint(at(s))).join('');
    const s = readTcx(utf8(`${HEAD}<Activities>${activity('Running', lap(points))}</Activities></TrainingCenterDatabase>`), 'run.tcx');
    expect(s.durationSeconds).toBe(120);
    expect(s.warnings).toEqual(['1 point(s) out of time order, ignored for the start and the end']);
  });

  it('a TCX workout says so', () => {
    const workout = `${HEAD}<Workouts><Workout Sport="Running"><Name>Intervals</Name><Step xsi:type="Step_t"><StepId>1</StepId></Step></Workout></Workouts></TrainingCenterDatabase>`;
    expect(inputErrorOf(() => readTcx(utf8(workout), 'w.tcx')).message).toBe('w.tcx: a TCX workout, not a recorded activity');
  });

  it('UTF-16 with its BOM is read', () => {
    const text = `\ufeff${HEAD.replace('UTF-8', 'UTF-16')}<Activities>${activity('Running', lap([0, 60].map((s) => trackpoint(at(s))).join('')))}</Activities></TrainingCenterDatabase>`;
    const s = readTcx(new Uint8Array(Buffer.from(text, 'utf16le')), 'u16.tcx');
    expect(s).toMatchObject({ sport: 'running', durationSeconds: 60, device: 'Forerunner 945' });
  });

  it('all points at one time are refused: the recording spans no time', () => {
    const points = [0, 0, 0].map((s) => trackpoint(at(s))).join('');
    const err = inputErrorOf(() => readTcx(utf8(`${HEAD}<Activities>${activity('Running', lap(points))}</Activities></TrainingCenterDatabase>`), 'z.tcx'));
    expect(err.message).toBe(`z.tcx: all 3 timed track points are at ${new Date(at(0)).toISOString()}: the recording spans no time`);
  });
});
