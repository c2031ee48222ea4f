/**
 * Reads a TCX file (Garmin Training Center Database v2) as a stream of XML events (saxes, no
 * DOM) and summarises its activity. Source: TCX v2 schema,
 * https://www8.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd (Activity_t, ActivityLap_t,
 * Trackpoint_t, Course_t).
 */
import type { SaxesTagPlain } from 'saxes';
import { InputError } from '../errors.js';
import { tcxSportToTypeKey } from './sport.js';
import { TrackAccumulator, readHeartRate, type TrackPoint } from './track.js';
import type { ActivityFileSummary } from './types.js';
import { decodeUtf8 } from './utf8.js';
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
 * Summarises the activities of a TCX file (UTF-8, BOM allowed): pointCount = `<Trackpoint>`s of
 * every `<Activity>` (each `<Track>` a segment); startTime = earliest `<Time>`; durationSeconds =
 * latest − earliest time; distanceMeters = the laps' `<DistanceMeters>` summed when every lap
 * states one, else the haversine length of the positioned points, else null (indoor, no
 * distance); averageHR/maxHR (bpm) from the points' `<HeartRateBpm>`, else from the laps
 * (average weighted by `<TotalTimeSeconds>`); sport from the first `<Activity Sport>` (Running →
 * `running`, Biking → `cycling`, Other → `other`; several activities → `multi_sport`); device =
 * the first activity's `<Creator><Name>`.
 * Throws InputError, message starting with fileName, when: the bytes are not UTF-8; the XML is
 * not well-formed (line:column); it has a DOCTYPE (never expanded); the root is not
 * `<TrainingCenterDatabase>`; it holds only courses ("a course, not a recorded activity"); it
 * has no track points; a `<Time>` is invalid; the timestamps fail TrackAccumulator.finish's rule.
 */
export function readTcx(bytes: Uint8Array, fileName: string): ActivityFileSummary {
  const text = decodeUtf8(bytes);
  if (text === null) throw new InputError(fileName, 'not UTF-8 text');

  const parser = createXmlParser(fileName);
  const stack: string[] = [];
  const track = new TrackAccumulator(fileName, '<Time>');
  const laps: LapTotals[] = [];
  const sports: string[] = [];
  let sawCourse = false;
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
    else if (name === 'Activity' && parent === 'Activities') sports.push(String(tag.attributes.Sport ?? ''));
    else if (name === 'Lap' && parent === 'Activity') lap = { distanceMeters: null, totalTimeSeconds: null, averageHR: null, maxHR: null };
    else if (name === 'Track' && parent === 'Lap') track.startSegment();
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
      else if (name === 'Name') device = value.trim() || null;
    }
  });
  parser.write(text);
  parser.close();

  const totals = track.finish(sawCourse && sports.length === 0 ? 'a course, not a recorded activity' : 'no track points');
  const lapDistances = laps.map((l) => l.distanceMeters);
  const lapsHaveDistance = laps.length > 0 && lapDistances.every((d) => d !== null);
  return {
    format: 'tcx',
    sport: sports.length > 1 ? 'multi_sport' : tcxSportToTypeKey(sports[0] ?? null),
    startTime: new Date(totals.firstTimeMs),
    durationSeconds: (totals.lastTimeMs - totals.firstTimeMs) / 1000,
    distanceMeters: lapsHaveDistance ? sum(lapDistances as number[]) : totals.positioned ? totals.distanceMeters : null,
    averageHR: totals.averageHR ?? lapAverageHR(laps),
    maxHR: totals.maxHR ?? maxOf(laps.map((l) => l.maxHR)),
    pointCount: totals.pointCount,
    device,
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
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? Math.max(...present) : null;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
