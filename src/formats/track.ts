/**
 * What the XML readers (GPX, TCX) share: adding up a recorded track point by point — distance,
 * times, heart rate — and the rule that decides whether its timestamps make it an activity.
 * Sources: xsd:dateTime, https://www.w3.org/TR/xmlschema-2/#dateTime (GPX 1.1 and TCX v2 both
 * use it); haversine distance, ./geo.ts.
 */
import { InputError, type TextPosition } from '../errors.js';
import type { LatLon } from './geo.js';
import { HeartRateTotals, PathLength, RecordingClock } from './running-totals.js';

/** ISO 8601 date-time as xsd:dateTime writes it; a missing zone is read as UTC. */
const XSD_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The timestamp rule (issue 5): a track is an activity when at least this share of its points
 * has a time…
 */
export const MIN_TIMED_SHARE = 0.5;
/** …and the untimed points before its first time and after its last time are at most this share. */
export const MAX_UNTIMED_EDGE_SHARE = 0.1;

/** Starts before this (ms since the epoch, 2000-01-01T00:00:00Z) are implausible: a device clock never set. */
export const PLAUSIBLE_START_MS = Date.UTC(2000, 0, 1);
/** Recordings longer than this (seconds) are implausible for one activity. */
export const MAX_PLAUSIBLE_DURATION_SECONDS = 48 * 3600;
/** Two tracks of one GPX file further apart than this (ms) are two recordings, not a pause. */
export const RECORDING_GAP_MS = 12 * 3600_000;

/** One track point as a reader found it. */
export interface TrackPoint {
  /** WGS84 position, or null when the point has none (indoor TCX). */
  position: LatLon | null;
  /** The point's time text as written, or null when it has none. */
  time: string | null;
  /** Heart rate in bpm, or null. */
  heartRate: number | null;
  /** Where the point opens in the file, for messages. */
  opensAt: TextPosition;
}

/** What a track adds up to. Units: ms since the epoch, meters, bpm. */
export interface TrackTotals {
  pointCount: number;
  timedPoints: number;
  /** The first timed point's time, in document (recording) order. */
  firstTimeMs: number;
  /** The last timed point's time that is not earlier than the one before it. */
  lastTimeMs: number;
  /** Timed points earlier than the point before them: ignored for the start and the end. */
  outOfOrderPoints: number;
  /** Sum of haversine distances between consecutive positioned points of each segment. */
  distanceMeters: number;
  /** Whether any point had a position. */
  positioned: boolean;
  averageHR: number | null;
  maxHR: number | null;
}

/**
 * Adds up track points in document order. `startSegment()` before each segment keeps the gap
 * between two segments out of the distance; `startRecording()` before each GPX `<trk>` / TCX
 * `<Activity>` counts recordings. `finish()` applies the timestamp rule and refuses a track that
 * spans no time or holds several recordings.
 */
export class TrackAccumulator {
  #count = 0;
  readonly #clock = new RecordingClock();
  /** Recordings with timed points, and whether the current one has had a timed point yet. */
  #recordings = 0;
  #recordingOpen = false;
  #recordingGapMs = RECORDING_GAP_MS;
  readonly #path = new PathLength();
  readonly #heartRate = new HeartRateTotals();
  /** Untimed points before the first timed one, and since the last timed one. */
  #leadingUntimed = 0;
  #trailingUntimed = 0;
  #firstUntimed: TextPosition | null = null;

  /** `fileName` and `timeElement` (`<time>`, `<Time>`) name things in messages. */
  constructor(
    private readonly fileName: string,
    private readonly timeElement: string,
  ) {}

  /** Call at the start of each track segment. */
  startSegment(): void {
    this.#path.breakSegment();
  }

  /**
   * Call at the start of each recording candidate (GPX `<trk>`, TCX `<Activity>`). It counts as
   * another recording when its first time comes more than `gapMs` after the track so far ended
   * (GPX: RECORDING_GAP_MS, tracks paused for a night; TCX: 0, every `<Activity>` is one).
   */
  startRecording(gapMs: number): void {
    this.startSegment();
    this.#recordingOpen = true;
    this.#recordingGapMs = gapMs;
  }

  /**
   * Adds one point.
   * @throws InputError (fileName, "track point with an invalid <time> …", the point's position).
   */
  add(point: TrackPoint): void {
    this.#count += 1;
    if (point.position !== null) this.#path.add(point.position);
    if (point.time === null) {
      this.#firstUntimed ??= point.opensAt;
      if (this.#clock.timed === 0) this.#leadingUntimed += 1;
      else this.#trailingUntimed += 1;
    } else {
      const ms = parseXsdDateTime(point.time);
      if (ms === null) {
        throw new InputError(this.fileName, `track point with an invalid ${this.timeElement} "${point.time.trim()}"`, point.opensAt);
      }
      this.#addTime(ms);
    }
    if (point.heartRate !== null) this.#heartRate.add(point.heartRate);
  }

  #addTime(ms: number): void {
    if (this.#recordingOpen) {
      if (this.#clock.timed === 0 || ms - this.#clock.lastMs > this.#recordingGapMs || this.#recordingGapMs === 0) this.#recordings += 1;
      this.#recordingOpen = false;
    } else if (this.#recordings === 0) {
      this.#recordings = 1;
    }
    this.#clock.add(ms);
    this.#trailingUntimed = 0;
  }

  /**
   * The totals, once the timestamp rule holds: at least MIN_TIMED_SHARE of the points have a
   * time, and at most MAX_UNTIMED_EDGE_SHARE lie before the first or after the last time (so the
   * times span the track and its duration is right). Untimed points in between are kept for the
   * distance.
   * @throws InputError (fileName, "no track points") when there are none (`emptyReason` replaces
   * that text); "no timestamps: …" at the first untimed point when too few points have a time;
   * "timestamps do not span the track: …" when too many untimed points lie at its ends; the
   * refusals of `recordingSpanRefusal` (one timed point, all at one time); "N recordings in one
   * file: …" when `startRecording` counted more than one (`splitHint` says how to split them).
   */
  finish(emptyReason = 'no track points', splitHint = 'import them one file each'): TrackTotals {
    if (this.#count === 0) throw new InputError(this.fileName, emptyReason);
    const clock = this.#clock;
    const untimed = this.#count - clock.timed;
    if (clock.timed === 0 || clock.timed < this.#count * MIN_TIMED_SHARE) {
      throw new InputError(
        this.fileName,
        `no timestamps: a track without times cannot be an activity; ${untimed} of ${this.#count} track points have no ${this.timeElement}`,
        this.#firstUntimed ?? undefined,
      );
    }
    const atEdges = this.#leadingUntimed + this.#trailingUntimed;
    if (atEdges > this.#count * MAX_UNTIMED_EDGE_SHARE) {
      throw new InputError(
        this.fileName,
        `timestamps do not span the track: ${atEdges} of ${this.#count} track points lie before its first or after its last ${this.timeElement}`,
        this.#firstUntimed ?? undefined,
      );
    }
    const spanRefusal = recordingSpanRefusal(clock, 'track points');
    if (spanRefusal !== null) throw new InputError(this.fileName, spanRefusal);
    if (this.#recordings > 1) {
      throw new InputError(this.fileName, `${this.#recordings} recordings in one file: ${splitHint}`);
    }
    return {
      pointCount: this.#count,
      timedPoints: clock.timed,
      firstTimeMs: clock.firstMs,
      lastTimeMs: clock.lastMs,
      outOfOrderPoints: clock.outOfOrder,
      distanceMeters: this.#path.meters,
      positioned: this.#path.positioned,
      averageHR: this.#heartRate.average,
      maxHR: this.#heartRate.max,
    };
  }
}

/** Milliseconds since the epoch of an xsd:dateTime (no zone = UTC), or null when it is not one. */
export function parseXsdDateTime(text: string): number | null {
  const trimmed = text.trim();
  const match = XSD_DATE_TIME.exec(trimmed);
  if (match === null) return null;
  const ms = Date.parse(match[2] === undefined ? `${trimmed}Z` : trimmed);
  return Number.isNaN(ms) ? null : ms;
}

/** A heart rate in bpm from element text, or null for an empty, non-numeric or non-positive value. */
export function readHeartRate(text: string): number | null {
  const bpm = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(bpm) && bpm > 0 ? bpm : null;
}

/**
 * Why timed points cannot be a recording, or null when they can: one timed point ("a single
 * timed point: …"), or first and last time equal ("all N … have the same time …"), as `clock`
 * read them. `what` names the points in the message (`track points`, `records`).
 */
export function recordingSpanRefusal(clock: RecordingClock, what: string): string | null {
  if (clock.timed === 1) return `a single timed point (${new Date(clock.firstMs).toISOString()}): a recording must span some time`;
  if (clock.timed > 1 && clock.lastMs <= clock.firstMs) {
    return `all ${clock.timed} timed ${what} are at ${new Date(clock.firstMs).toISOString()}: the recording spans no time`;
  }
  return null;
}

/**
 * What looks wrong in a readable recording, one line each: a start before 2000 (PLAUSIBLE_START_MS,
 * a device clock never set), a duration over 48 h, points out of time order (ignored for the
 * start and end). Inputs: start in ms since the epoch, duration in seconds, a count of points.
 */
export function recordingWarnings(startMs: number, durationSeconds: number, outOfOrderPoints: number): string[] {
  const warnings: string[] = [];
  if (startMs < PLAUSIBLE_START_MS) {
    warnings.push(`implausible start ${new Date(startMs).toISOString()} (before 2000: was the device's clock ever set?)`);
  }
  if (durationSeconds > MAX_PLAUSIBLE_DURATION_SECONDS) {
    warnings.push(`lasts ${(durationSeconds / 3600).toFixed(1)} h, longer than ${MAX_PLAUSIBLE_DURATION_SECONDS / 3600} h for one activity`);
  }
  if (outOfOrderPoints > 0) {
    warnings.push(`${outOfOrderPoints} point(s) out of time order, ignored for the start and the end`);
  }
  return warnings;
}
