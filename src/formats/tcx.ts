/**
 * Reads a TCX file (Garmin Training Center Database v2) as a stream of XML events (saxes, no
 * DOM) and summarises its activity. Source: TCX v2 schema,
 * https://www8.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd (Activity_t, ActivityLap_t,
 * Trackpoint_t, Course_t).
 */
import type { SaxesTagPlain } from 'saxes';
import { InputError } from '../errors.js';
import { tcxSportToTypeKey } from './sport.js';
import { TrackAccumulator, parseXsdDateTime, readHeartRate, recordingWarnings, type TrackPoint } from './track.js';
import type { ActivityFileSummary } from './types.js';
import { decodeXmlBytes } from './utf8.js';
import { createXmlParser, localName, parserPosition } from './xml.js';

/** A track point being read; its position is filled from `<Position>` once both degrees are read. */
interface OpenPoint extends TrackPoint {
  lat: number | null;
  lon: number | null;
}

/** Lap totals as TCX states them (meters, seconds, bpm); null where a lap leaves one out. */
interface LapTotals {
  distanceMeters: number | null;
  totalTimeSeconds: number | null;
  averageHR: number | null;
  maxHR: number | null;
}

/** Elements of a `<Lap>` whose text is kept (its `<AverageHeartRateBpm><Value>` etc. by parent). */
const LAP_NUMBERS = new Set(['DistanceMeters', 'TotalTimeSeconds']);
const LAP_HR_PARENTS = new Set(['AverageHeartRateBpm', 'MaximumHeartRateBpm']);
const POINT_TEXT = new Set(['Time', 'LatitudeDegrees', 'LongitudeDegrees', 'Value']);

/**
 * Summarises the activity of a TCX file (UTF-8, BOM allowed, or UTF-16 with its BOM): pointCount
 * = `<Trackpoint>`s (each `<Track>` a segment); startTime = the activity's `<Id>` (an
 * xsd:dateTime), else its first `<Lap StartTime>`, else its first `<Time>`; durationSeconds = the
 * last point's time (in document order; points earlier than the one before them are ignored and
 * counted in a warning) − startTime; distanceMeters = the laps' `<DistanceMeters>` summed when
 * every lap states one, else the haversine length of the positioned points, else null (indoor);
 * averageHR (bpm) from the laps' `<AverageHeartRateBpm>` weighted by `<TotalTimeSeconds>` when
 * they state it, else from the points' `<HeartRateBpm>`; maxHR the largest of the laps'
 * `<MaximumHeartRateBpm>` and the points'; sport from `<Activity Sport>` (Running → `running`,
 * Biking → `cycling`, Other → `other`); device = `<Creator><Name>`; warnings from recordingWarnings.
 * Throws InputError, message starting with fileName, when: the bytes are not UTF-8/UTF-16; the
 * XML is not well-formed (line:column); it has a DOCTYPE (never expanded); the root is not
 * `<TrainingCenterDatabase>`; it holds only courses ("a course, not a recorded activity") or
 * only workouts ("a TCX workout, not a recorded activity"); it has no track points; a `<Time>` is
 * invalid; the timestamps fail TrackAccumulator.finish's rules; it holds several `<Activity>`
 * elements ("N recordings in one file: …").
 */
export function readTcx(bytes: Uint8Array, fileName: string): ActivityFileSummary {
  const text = decodeXmlBytes(bytes);
  if (text === null) throw new InputError(fileName, 'not UTF-8 or UTF-16 text');

  const parser = createXmlParser(fileName);
  const stack: string[] = [];
  const track = new TrackAccumulator(fileName, '<Time>');
  const laps: LapTotals[] = [];
  const sports: string[] = [];
  let sawCourse = false;
  let sawWorkout = false;
  let activityId: string | null = null;
  let firstLapStart: string | null = null;
  let device: string | null = null;
  let lap: LapTotals | null = null;
  let point: OpenPoint | null = null;
  let captured: string | null = null;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    const parent = stack[stack.length - 1];
    if (parent === undefined && name !== 'TrainingCenterDatabase') {
      throw new InputError(fileName, `root element is <${tag.name}>, not <TrainingCenterDatabase>`, parserPosition(parser));
    }
    if (name === 'Course' && parent === 'Courses') sawCourse = true;
    else if (name === 'Workout' && parent === 'Workouts') sawWorkout = true;
    else if (name === 'Activity' && parent === 'Activities') {
      sports.push(String(tag.attributes.Sport ?? ''));
      track.startRecording(0);
    } else if (name === 'Lap' && parent === 'Activity') {
      lap = { distanceMeters: null, totalTimeSeconds: null, averageHR: null, maxHR: null };
      if (sports.length === 1) firstLapStart ??= String(tag.attributes.StartTime ?? '') || null;
    } else if (name === 'Id' && parent === 'Activity' && sports.length === 1) {
      captured = '';
    } else if (name === 'Track' && parent === 'Lap') track.startSegment();
    else if (name === 'Trackpoint' && parent === 'Track' && stack[stack.length - 2] === 'Lap') {
      point = { opensAt: parserPosition(parser), time: null, heartRate: null, position: null, lat: null, lon: null };
    } else if (isCapturedText(name, parent, stack, point !== null, lap !== null, device === null)) {
      captured = '';
    }
    stack.push(name);
  });
  const onText = (chunk: string): void => {
    if (captured !== null) captured += chunk;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const name = stack.pop();
    const parent = stack[stack.length - 1];
    if (name === 'Trackpoint' && point !== null) {
      if (point.lat !== null && point.lon !== null) point.position = { lat: point.lat, lon: point.lon };
      track.add(point);
      point = null;
    } else if (name === 'Lap' && lap !== null) {
      laps.push(lap);
      lap = null;
    } else if (captured !== null) {
      const value = captured;
      captured = null;
      if (point !== null) readPointText(point, name, parent, value);
      else if (lap !== null) readLapText(lap, name, parent, value);
      else if (name === 'Id') activityId = value;
      else if (name === 'Name') device = value.trim() || null;
    }
  });
  parser.write(text);
  parser.close();

  const emptyReason = sports.length > 0 ? 'no track points'
    : sawCourse ? 'a course, not a recorded activity'
    : sawWorkout ? 'a TCX workout, not a recorded activity'
    : 'no track points';
  const totals = track.finish(
    emptyReason,
    `the file holds ${sports.length} <Activity> elements; save each <Activity> in its own TCX file and import those`,
  );
  const lapDistances = laps.map((l) => l.distanceMeters);
  const lapsHaveDistance = laps.length > 0 && lapDistances.every((d) => d !== null);
  const startMs = statedStartMs(activityId, firstLapStart, totals.firstTimeMs);
  const durationSeconds = Math.max(0, (totals.lastTimeMs - startMs) / 1000);
  return {
    format: 'tcx',
    sport: tcxSportToTypeKey(sports[0] ?? null),
    startTime: new Date(startMs),
    durationSeconds,
    distanceMeters: lapsHaveDistance ? sum(lapDistances as number[]) : totals.positioned ? totals.distanceMeters : null,
    averageHR: lapAverageHR(laps) ?? totals.averageHR,
    maxHR: maxOf([totals.maxHR, ...laps.map((l) => l.maxHR)]),
    pointCount: totals.pointCount,
    device,
    warnings: recordingWarnings(startMs, durationSeconds, totals.outOfOrderPoints),
  };
}

/**
 * Elements whose text we keep: a point's Time, position degrees and `HeartRateBpm/Value`; a
 * lap's DistanceMeters, TotalTimeSeconds and heart-rate Values; the first activity's
 * `Creator/Name`.
 */
function isCapturedText(name: string, parent: string, stack: string[], inPoint: boolean, inLap: boolean, wantDevice: boolean): boolean {
  if (inPoint) return POINT_TEXT.has(name) && (name !== 'Value' || parent === 'HeartRateBpm');
  if (inLap) return (LAP_NUMBERS.has(name) && parent === 'Lap') || (name === 'Value' && LAP_HR_PARENTS.has(parent));
  return wantDevice && name === 'Name' && parent === 'Creator' && stack[stack.length - 2] === 'Activity';
}

function readPointText(point: OpenPoint, name: string | undefined, parent: string | undefined, value: string): void {
  if (name === 'Time') point.time = value;
  else if (name === 'LatitudeDegrees') point.lat = degrees(value, 90);
  else if (name === 'LongitudeDegrees') point.lon = degrees(value, 180);
  else if (name === 'Value' && parent === 'HeartRateBpm') point.heartRate = readHeartRate(value);
}

function readLapText(lap: LapTotals, name: string | undefined, parent: string | undefined, value: string): void {
  const number = Number(value.trim());
  const valid = value.trim() !== '' && Number.isFinite(number) && number >= 0 ? number : null;
  if (name === 'DistanceMeters') lap.distanceMeters = valid;
  else if (name === 'TotalTimeSeconds') lap.totalTimeSeconds = valid;
  else if (parent === 'AverageHeartRateBpm') lap.averageHR = readHeartRate(value);
  else if (parent === 'MaximumHeartRateBpm') lap.maxHR = readHeartRate(value);
}

/**
 * The start the file states: the activity's `<Id>`, else its first `<Lap StartTime>` (both
 * xsd:dateTime), as ms since the epoch; the first point's time when neither is a time or when
 * the stated one comes after that point (then the points tell the truth).
 */
function statedStartMs(activityId: string | null, firstLapStart: string | null, firstPointMs: number): number {
  for (const text of [activityId, firstLapStart]) {
    const ms = text === null ? null : parseXsdDateTime(text);
    if (ms !== null) return ms <= firstPointMs ? ms : firstPointMs;
  }
  return firstPointMs;
}

/** Decimal degrees within ±limit, or null (the point then counts as unpositioned). */
function degrees(text: string, limit: number): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** The laps' average heart rate weighted by their duration (bpm, rounded), or null. */
function lapAverageHR(laps: LapTotals[]): number | null {
  const timed = laps.filter((l) => l.averageHR !== null && l.totalTimeSeconds !== null && l.totalTimeSeconds > 0);
  const seconds = sum(timed.map((l) => l.totalTimeSeconds as number));
  if (seconds === 0) return null;
  return Math.round(sum(timed.map((l) => (l.averageHR as number) * (l.totalTimeSeconds as number))) / seconds);
}

function maxOf(values: Array<number | null>): number | null {
  let max: number | null = null;
  for (const value of values) if (value !== null && (max === null || value > max)) max = value;
  return max;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
