/**
 * Reads an uploaded activity file (FIT, GPX or TCX) into the summary the emulator stores, the way
 * Garmin's upload service would accept or refuse it (protocol §3.5, §4 "Upload").
 * FIT is decoded with @garmin/fitsdk (integrity = header + CRC checks, plus decode errors); a file
 * with a sound CRC that the SDK cannot decode (compressed-timestamp records of older ANT devices)
 * is read with fit-file-parser, as Garmin's own service accepts such files;
 * GPX/TCX are read with saxes (DOCTYPE refused: no DTD/entity expansion).
 */
import { Decoder, Stream } from '@garmin/fitsdk';
import FitParser from 'fit-file-parser';
import { SaxesParser } from 'saxes';
import type { LapRecord } from './activities.js';
import { typeKeyForSport } from './activity-types.js';

/** Thrown when the file is malformed or not an activity; Garmin answers it with message code 415. */
export class UnsupportedFileError extends Error {}

/** What the emulator takes from an activity file. Units: unix ms, seconds, meters, bpm, kcal, degrees. */
export interface ParsedActivity {
  format: 'fit' | 'gpx' | 'tcx';
  typeKey: string;
  startGmtMs: number;
  durationSeconds: number;
  elapsedDurationSeconds: number;
  distanceMeters: number | null;
  averageHR: number | null;
  maxHR: number | null;
  calories: number | null;
  startLatitude: number | null;
  startLongitude: number | null;
  laps: LapRecord[];
}

const SEMICIRCLE_TO_DEGREES = 180 / 2 ** 31;

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function degrees(semicircles: unknown): number | null {
  const v = num(semicircles);
  return v === null ? null : v * SEMICIRCLE_TO_DEGREES;
}

/** Decodes a FIT activity; throws UnsupportedFileError when corrupt, truncated or not an activity. */
export function parseFit(bytes: Buffer): ParsedActivity {
  if (bytes.length < 12 || bytes.subarray(8, 12).toString('latin1') !== '.FIT') throw new UnsupportedFileError('not a FIT file');
  const decoder = new Decoder(Stream.fromBuffer(bytes));
  if (!decoder.checkIntegrity()) throw new UnsupportedFileError('FIT integrity check failed');
  let decoded: ReturnType<Decoder['read']>;
  try {
    decoded = new Decoder(Stream.fromBuffer(bytes)).read();
  } catch {
    return parseFitWithFitFileParser(bytes);
  }
  const { messages, errors } = decoded;
  if (errors.length > 0) return parseFitWithFitFileParser(bytes);
  if (messages.fileIdMesgs?.[0]?.type !== 'activity') throw new UnsupportedFileError('not an activity file');
  const session = messages.sessionMesgs?.[0];
  const start = session?.startTime;
  if (!session || !(start instanceof Date)) throw new UnsupportedFileError('no session');
  return activityFrom(session as unknown as Record<string, unknown>, (messages.lapMesgs ?? []) as unknown as Array<Record<string, unknown>>, start, SDK_FIELDS, degrees);
}

/** A FIT whose CRC is sound but which the SDK cannot decode, read with fit-file-parser (degrees, metres, seconds). */
function parseFitWithFitFileParser(bytes: Buffer): ParsedActivity {
  let parsed: Record<string, unknown> | undefined;
  try {
    new FitParser({ force: false, mode: 'list', lengthUnit: 'm', speedUnit: 'm/s' }).parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer, (error, data) => {
      if (error === undefined && data !== undefined) parsed = data as unknown as Record<string, unknown>;
    });
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) throw new UnsupportedFileError('FIT decode failed');
  type Mesg = Record<string, unknown>;
  const first = (key: string) => ((parsed![key] as Mesg[] | undefined) ?? [])[0];
  if (first('file_ids')?.type !== 'activity') throw new UnsupportedFileError('not an activity file');
  const session = first('sessions');
  const start = session?.start_time;
  if (!session || !(start instanceof Date)) throw new UnsupportedFileError('no session');
  return activityFrom(session, (parsed.laps as Mesg[] | undefined) ?? [], start, FIT_FILE_PARSER_FIELDS, num);
}

/** The session and lap field names of a FIT decoder: the SDK's camelCase or fit-file-parser's snake_case. */
interface FitFieldNames {
  startTime: string;
  totalTimerTime: string;
  totalElapsedTime: string;
  totalDistance: string;
  avgHeartRate: string;
  maxHeartRate: string;
  totalCalories: string;
  startPositionLat: string;
  startPositionLong: string;
  sport: string;
  subSport: string;
}

const SDK_FIELDS: FitFieldNames = {
  startTime: 'startTime', totalTimerTime: 'totalTimerTime', totalElapsedTime: 'totalElapsedTime', totalDistance: 'totalDistance',
  avgHeartRate: 'avgHeartRate', maxHeartRate: 'maxHeartRate', totalCalories: 'totalCalories',
  startPositionLat: 'startPositionLat', startPositionLong: 'startPositionLong', sport: 'sport', subSport: 'subSport',
};

const FIT_FILE_PARSER_FIELDS: FitFieldNames = {
  startTime: 'start_time', totalTimerTime: 'total_timer_time', totalElapsedTime: 'total_elapsed_time', totalDistance: 'total_distance',
  avgHeartRate: 'avg_heart_rate', maxHeartRate: 'max_heart_rate', totalCalories: 'total_calories',
  startPositionLat: 'start_position_lat', startPositionLong: 'start_position_long', sport: 'sport', subSport: 'sub_sport',
};

/**
 * The emulator's summary of a decoded FIT session and its laps, whichever decoder read them:
 * `names` gives its field names, `position` turns its positions into degrees (the SDK gives
 * semicircles, fit-file-parser degrees).
 */
function activityFrom(
  session: Record<string, unknown>,
  lapMesgs: ReadonlyArray<Record<string, unknown>>,
  start: Date,
  names: FitFieldNames,
  position: (value: unknown) => number | null,
): ParsedActivity {
  const laps: LapRecord[] = lapMesgs.map((lap) => {
    const lapStart = lap[names.startTime];
    return {
      startGmtMs: lapStart instanceof Date ? lapStart.getTime() : start.getTime(),
      durationSeconds: num(lap[names.totalTimerTime]) ?? 0,
      distanceMeters: num(lap[names.totalDistance]),
      averageHR: num(lap[names.avgHeartRate]),
      maxHR: num(lap[names.maxHeartRate]),
      calories: num(lap[names.totalCalories]) ?? 0,
      startLatitude: position(lap[names.startPositionLat]),
      startLongitude: position(lap[names.startPositionLong]),
    };
  });
  const timer = num(session[names.totalTimerTime]) ?? 0;
  const subSport = session[names.subSport];
  return {
    format: 'fit',
    typeKey: typeKeyForSport(String(session[names.sport] ?? ''), subSport === undefined ? undefined : String(subSport)),
    startGmtMs: start.getTime(),
    durationSeconds: timer,
    elapsedDurationSeconds: num(session[names.totalElapsedTime]) ?? timer,
    distanceMeters: num(session[names.totalDistance]),
    averageHR: num(session[names.avgHeartRate]),
    maxHR: num(session[names.maxHeartRate]),
    calories: num(session[names.totalCalories]),
    startLatitude: position(session[names.startPositionLat]),
    startLongitude: position(session[names.startPositionLong]),
    laps,
  };
}

interface TrackPoint {
  timeMs: number | null;
  lat: number | null;
  lon: number | null;
  hr: number | null;
  distance: number | null;
}

function haversineMeters(a: TrackPoint, b: TrackPoint): number {
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) return 0;
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

/** Reads GPX `trkpt`s or TCX `Trackpoint`s with saxes; throws UnsupportedFileError on bad XML, DOCTYPE or no timed points. */
export function parseXmlTrack(text: string): ParsedActivity {
  const parser = new SaxesParser();
  const stack: string[] = [];
  const points: TrackPoint[] = [];
  let root: string | null = null;
  let sport: string | undefined;
  let point: TrackPoint | null = null;
  let textBuf = '';
  const local = (name: string): string => name.slice(name.indexOf(':') + 1);
  parser.on('doctype', () => {
    throw new UnsupportedFileError('DOCTYPE not allowed');
  });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (root === null) root = name;
    stack.push(name);
    textBuf = '';
    const attr = (key: string): string | undefined => {
      const v = tag.attributes[key];
      return typeof v === 'string' ? v : undefined;
    };
    if ((root === 'gpx' && name === 'trkpt') || (root === 'TrainingCenterDatabase' && name === 'Trackpoint')) {
      point = { timeMs: null, lat: num(Number(attr('lat'))), lon: num(Number(attr('lon'))), hr: null, distance: null };
    }
    if (root === 'TrainingCenterDatabase' && name === 'Activity') sport = attr('Sport');
  });
  parser.on('text', (t) => {
    textBuf += t;
  });
  parser.on('closetag', () => {
    const name = stack.pop() ?? '';
    const parent = stack[stack.length - 1];
    const value = textBuf.trim();
    textBuf = '';
    if (point) {
      if (name === 'time' || name === 'Time') point.timeMs = Number.isNaN(Date.parse(value)) ? null : Date.parse(value);
      else if (name === 'hr' || (name === 'Value' && parent === 'HeartRateBpm')) point.hr = num(Number(value));
      else if (name === 'LatitudeDegrees') point.lat = num(Number(value));
      else if (name === 'LongitudeDegrees') point.lon = num(Number(value));
      else if (name === 'DistanceMeters' && parent === 'Trackpoint') point.distance = num(Number(value));
      else if (name === 'trkpt' || name === 'Trackpoint') {
        points.push(point);
        point = null;
      }
    } else if (name === 'type' && parent === 'trk') {
      sport = value;
    }
  });
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (err) {
    throw err instanceof UnsupportedFileError ? err : new UnsupportedFileError('malformed XML');
  }
  if (root !== 'gpx' && root !== 'TrainingCenterDatabase') throw new UnsupportedFileError('not GPX or TCX');
  const timed = points.filter((p) => p.timeMs !== null);
  // Garmin's rule for partly timed tracks is unrecorded; conservatively, a track whose points mostly
  // lack a time is not a recorded activity.
  if (timed.length < 2 || timed.length * 2 < points.length) throw new UnsupportedFileError('no timed track points');
  const first = timed[0];
  const last = timed[timed.length - 1];
  let distance = 0;
  for (let i = 1; i < timed.length; i++) distance += haversineMeters(timed[i - 1], timed[i]);
  if (last.distance !== null) distance = last.distance;
  const hrs = timed.map((p) => p.hr).filter((v): v is number => v !== null);
  const startGmtMs = first.timeMs as number;
  const durationSeconds = ((last.timeMs as number) - startGmtMs) / 1000;
  const averageHR = hrs.length ? Math.round(hrs.reduce((a, b) => a + b, 0) / hrs.length) : null;
  const maxHR = hrs.length ? Math.max(...hrs) : null;
  const hasPosition = first.lat !== null && first.lon !== null;
  return {
    format: root === 'gpx' ? 'gpx' : 'tcx',
    typeKey: typeKeyForSport(sport),
    startGmtMs,
    durationSeconds,
    elapsedDurationSeconds: durationSeconds,
    distanceMeters: hasPosition || last.distance !== null ? distance : null,
    averageHR,
    maxHR,
    calories: null,
    startLatitude: first.lat,
    startLongitude: first.lon,
    laps: [{ startGmtMs, durationSeconds, distanceMeters: distance, averageHR, maxHR, calories: 0, startLatitude: first.lat, startLongitude: first.lon }],
  };
}

/** Sniffs the format (FIT header bytes 8–11 `.FIT`, else XML root) and parses; throws UnsupportedFileError. */
export function parseActivityFile(bytes: Buffer): ParsedActivity {
  if (bytes.length >= 12 && bytes.subarray(8, 12).toString('latin1') === '.FIT') return parseFit(bytes);
  const text = bytes.toString('utf8');
  if (/^\uFEFF?\s*</.test(text)) return parseXmlTrack(text);
  throw new UnsupportedFileError('unknown file type');
}
