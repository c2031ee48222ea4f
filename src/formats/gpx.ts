/**
 * Reads a GPX file as a stream of XML events (saxes, no DOM) and summarises its recorded track.
 * Sources: GPX 1.1 schema, https://www.topografix.com/GPX/1/1/ (GPX 1.0 reads the same way);
 * Garmin TrackPointExtension v1/v2, https://www8.garmin.com/xmlschemas/TrackPointExtensionv2.xsd.
 */
import type { SaxesTagPlain } from 'saxes';
import { InputError, type TextPosition } from '../errors.js';
import type { LatLon } from './geo.js';
import { gpxTypeToTypeKey } from './sport.js';
import { RECORDING_GAP_MS, TrackAccumulator, readHeartRate, recordingWarnings, type TrackPoint } from './track.js';
import type { ActivityFileSummary } from './types.js';
import { decodeXmlBytes } from './utf8.js';
import { createXmlParser, localName, parserPosition } from './xml.js';

/**
 * Summarises the recorded track of a GPX file (UTF-8, BOM allowed, or UTF-16 with its BOM):
 * pointCount = `<trkpt>`s in all `<trk><trkseg>`s (empty segments ignored); startTime = the first
 * point's `<time>` in document order (UTC); durationSeconds = last − first point time, points
 * earlier than the one before them being ignored (and counted in a warning); distanceMeters = sum of haversine distances
 * between consecutive points of each segment; averageHR/maxHR (bpm) from Garmin
 * TrackPointExtension `hr` (any prefix) when present; sport from the first track's `<type>`
 * (Garmin typeKey, Strava's numbers too, else `other`); device = the root's `creator`; warnings
 * from recordingWarnings (start before 2000, over 48 h, points out of order).
 * Throws InputError, message starting with fileName, when: the bytes are not UTF-8; the XML is
 * not well-formed (with line:column from saxes); it has a DOCTYPE or entity declaration (never
 * expanded); the root is not `<gpx>`; a track point has an invalid lat/lon or `<time>` (with
 * line:column); it has only a route ("a route, not a recorded activity"); it has no track points
 * ("no track points"); its timestamps fail the rule of TrackAccumulator.finish (fewer than half
 * of the points have a `<time>`: "no timestamps: …"; more than a tenth of them lie before the
 * first or after the last time: "timestamps do not span the track: …"); it has a single timed
 * point or all at one time; its `<trk>`s are more than 12 h apart (several recordings: "N
 * recordings in one file: …").
 */
export function readGpx(bytes: Uint8Array, fileName: string): ActivityFileSummary {
  const text = decodeXmlBytes(bytes);
  if (text === null) throw new InputError(fileName, 'not UTF-8 or UTF-16 text');

  const parser = createXmlParser(fileName);
  const stack: string[] = [];
  const track = new TrackAccumulator(fileName, '<time>');
  let creator: string | null = null;
  let trackType: string | null = null;
  let sawRoute = false;
  let point: TrackPoint | null = null;
  let captured: string | null = null;

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      if (name !== 'gpx') throw new InputError(fileName, `root element is <${tag.name}>, not <gpx>`, parserPosition(parser));
      creator = tag.attributes.creator?.trim() || null;
    } else if (name === 'rte' && parent === 'gpx') {
      sawRoute = true;
    } else if (name === 'trk' && parent === 'gpx') {
      track.startRecording(RECORDING_GAP_MS);
    } else if (name === 'trkseg' && parent === 'trk') {
      track.startSegment();
    } else if (name === 'trkpt' && parent === 'trkseg') {
      const opensAt = parserPosition(parser);
      point = { position: readLatLon(tag, fileName, opensAt), opensAt, time: null, heartRate: null };
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
      track.add(point);
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

  const totals = track.finish(
    sawRoute ? 'a route, not a recorded activity' : 'no track points',
    `its <trk> tracks lie more than ${RECORDING_GAP_MS / 3600_000} h apart; save each <trk> as its own GPX file and import those`,
  );
  const durationSeconds = (totals.lastTimeMs - totals.firstTimeMs) / 1000;
  return {
    format: 'gpx',
    sport: gpxTypeToTypeKey(trackType),
    startTime: new Date(totals.firstTimeMs),
    durationSeconds,
    distanceMeters: totals.distanceMeters,
    averageHR: totals.averageHR,
    maxHR: totals.maxHR,
    pointCount: totals.pointCount,
    device: creator,
    warnings: recordingWarnings(totals.firstTimeMs, durationSeconds, totals.outOfOrderPoints),
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
