/**
 * Reads a GPX file as a stream of XML events (saxes, no DOM) and summarises its recorded track.
 * Sources: GPX 1.1 schema, https://www.topografix.com/GPX/1/1/ (GPX 1.0 reads the same way);
 * Garmin TrackPointExtension v1/v2, https://www8.garmin.com/xmlschemas/TrackPointExtensionv2.xsd.
 */
import type { SaxesTagPlain } from 'saxes';
import { InputError, type TextPosition } from '../errors.js';
import { haversineMeters, type LatLon } from './geo.js';
import { gpxTypeToTypeKey } from './sport.js';
import type { ActivityFileSummary } from './types.js';
import { decodeUtf8 } from './utf8.js';
import { createXmlParser, localName, parserPosition } from './xml.js';

/** ISO 8601 date-time as xsd:dateTime writes it; a missing zone means UTC, as GPX requires. */
const GPX_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** A track point being read: position, time text and heart rate (bpm) once their elements close. */
interface OpenPoint extends LatLon {
  /** Where its `<trkpt>` start tag ends in the file. */
  opensAt: TextPosition;
  time: string | null;
  heartRate: number | null;
}

/** What the whole track adds up to so far. */
interface TrackTotals {
  pointCount: number;
  distanceMeters: number;
  firstTimeMs: number;
  lastTimeMs: number;
  timedPoints: number;
  /** Where the first track point without a `<time>` opens, if any. */
  firstUntimed: TextPosition | null;
  heartRateSum: number;
  heartRateCount: number;
  maxHR: number | null;
}

/**
 * Summarises the recorded track of a GPX file (UTF-8, BOM allowed): pointCount = `<trkpt>`s in
 * all `<trk><trkseg>`s (empty segments ignored); startTime = earliest point `<time>` (UTC);
 * durationSeconds = latest − earliest point time; distanceMeters = sum of haversine distances
 * between consecutive points of each segment; averageHR/maxHR (bpm) from Garmin
 * TrackPointExtension `hr` (any prefix) when present; sport from the first track's `<type>`
 * (Garmin typeKey, else `other`); device = the root's `creator`.
 * Throws InputError, message starting with fileName, when: the bytes are not UTF-8; the XML is
 * not well-formed (with line:column from saxes); it has a DOCTYPE or entity declaration (never
 * expanded); the root is not `<gpx>`; a track point has an invalid lat/lon or `<time>` (with
 * line:column); it has only a route ("a route, not a recorded activity"); it has no track points
 * ("no track points"); a track point has no `<time>` ("no timestamps: …", at the first such point).
 */
export function readGpx(bytes: Uint8Array, fileName: string): ActivityFileSummary {
  const text = decodeUtf8(bytes);
  if (text === null) throw new InputError(fileName, 'not UTF-8 text');

  const parser = createXmlParser(fileName);
  const stack: string[] = [];
  const totals: TrackTotals = {
    pointCount: 0, distanceMeters: 0, firstTimeMs: Infinity, lastTimeMs: -Infinity,
    timedPoints: 0, firstUntimed: null, heartRateSum: 0, heartRateCount: 0, maxHR: null,
  };
  let creator: string | null = null;
  let trackType: string | null = null;
  let sawRoute = false;
  let point: OpenPoint | null = null;
  let previous: LatLon | null = null;
  let captured: string | null = null;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      if (name !== 'gpx') throw new InputError(fileName, `root element is <${tag.name}>, not <gpx>`, parserPosition(parser));
      creator = tag.attributes.creator?.trim() || null;
    } else if (name === 'rte' && parent === 'gpx') {
      sawRoute = true;
    } else if (name === 'trkseg' && parent === 'trk') {
      previous = null;
    } else if (name === 'trkpt' && parent === 'trkseg') {
      const opensAt = parserPosition(parser);
      point = { ...readLatLon(tag, fileName, opensAt), opensAt, time: null, heartRate: null };
    } else if (isCapturedText(name, parent, point !== null, trackType !== null)) {
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
    if (name === 'trkpt' && point !== null) {
      addPoint(totals, point, previous, fileName);
      previous = point;
      point = null;
    } else if (captured !== null) {
      if (name === 'time' && point !== null) point.time = captured;
      else if (name === 'hr' && point !== null) point.heartRate = readHeartRate(captured);
      else if (name === 'type') trackType = captured;
      captured = null;
    }
  });
  parser.write(text);
  parser.close();

  if (totals.pointCount === 0) {
    throw new InputError(fileName, sawRoute ? 'a route, not a recorded activity' : 'no track points');
  }
  if (totals.firstUntimed !== null) {
    const untimed = `${totals.pointCount - totals.timedPoints} of ${totals.pointCount} track points have no <time>`;
    throw new InputError(fileName, `no timestamps: a track without times cannot be an activity; ${untimed}`, totals.firstUntimed);
  }
  return {
    format: 'gpx',
    sport: gpxTypeToTypeKey(trackType),
    startTime: new Date(totals.firstTimeMs),
    durationSeconds: (totals.lastTimeMs - totals.firstTimeMs) / 1000,
    distanceMeters: totals.distanceMeters,
    averageHR: totals.heartRateCount > 0 ? Math.round(totals.heartRateSum / totals.heartRateCount) : null,
    maxHR: totals.maxHR,
    pointCount: totals.pointCount,
    device: creator,
  };
}

/** Elements whose text we keep: a point's `time`, its extension `hr`, the first track's `type`. */
function isCapturedText(name: string, parent: string, inPoint: boolean, haveTrackType: boolean): boolean {
  if (inPoint) return (name === 'time' && parent === 'trkpt') || (name === 'hr' && parent === 'TrackPointExtension');
  return name === 'type' && parent === 'trk' && !haveTrackType;
}

function readLatLon(tag: SaxesTagPlain, fileName: string, position: TextPosition): LatLon {
  const lat = Number(tag.attributes.lat);
  const lon = Number(tag.attributes.lon);
  const valid = tag.attributes.lat?.trim() && tag.attributes.lon?.trim() && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  if (!valid) {
    const shown = `lat="${tag.attributes.lat ?? ''}" lon="${tag.attributes.lon ?? ''}"`;
    throw new InputError(fileName, `track point with an invalid position (${shown})`, position);
  }
  return { lat, lon };
}

/** A heart rate in bpm, or null for an empty or non-numeric value (the point is kept). */
function readHeartRate(text: string): number | null {
  const bpm = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(bpm) && bpm > 0 ? bpm : null;
}

function addPoint(totals: TrackTotals, point: OpenPoint, previous: LatLon | null, fileName: string): void {
  totals.pointCount += 1;
  if (previous !== null) totals.distanceMeters += haversineMeters(previous, point);
  if (point.time === null) {
    totals.firstUntimed ??= point.opensAt;
  } else {
    const ms = parseGpxTime(point.time);
    if (ms === null) throw new InputError(fileName, `track point with an invalid <time> "${point.time.trim()}"`, point.opensAt);
    totals.timedPoints += 1;
    totals.firstTimeMs = Math.min(totals.firstTimeMs, ms);
    totals.lastTimeMs = Math.max(totals.lastTimeMs, ms);
  }
  if (point.heartRate !== null) {
    totals.heartRateSum += point.heartRate;
    totals.heartRateCount += 1;
    totals.maxHR = Math.max(totals.maxHR ?? 0, point.heartRate);
  }
}

/** Milliseconds since the epoch of a GPX `<time>`, or null when it is not an ISO 8601 date-time. */
function parseGpxTime(text: string): number | null {
  const trimmed = text.trim();
  const match = GPX_TIME.exec(trimmed);
  if (match === null) return null;
  const ms = Date.parse(match[2] === undefined ? `${trimmed}Z` : trimmed);
  return Number.isNaN(ms) ? null : ms;
}
