/**
 * What the XML readers (GPX, TCX) share: adding up a recorded track point by point — distance,
 * times, heart rate — and the rule that decides whether its timestamps make it an activity.
 * Sources: xsd:dateTime, https://www.w3.org/TR/xmlschema-2/#dateTime (GPX 1.1 and TCX v2 both
 * use it); haversine distance, ./geo.ts.
 */
import { InputError, type TextPosition } from '../errors.js';
import { haversineMeters, type LatLon } from './geo.js';

/** ISO 8601 date-time as xsd:dateTime writes it; a missing zone is read as UTC. */
const XSD_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The timestamp rule (issue 5): a track is an activity when at least this share of its points
 * has a time…
 */
export const MIN_TIMED_SHARE = 0.5;
/** …and the untimed points before its first time and after its last time are at most this share. */
export const MAX_UNTIMED_EDGE_SHARE = 0.1;

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
  firstTimeMs: number;
  lastTimeMs: number;
  /** Sum of haversine distances between consecutive positioned points of each segment. */
  distanceMeters: number;
  /** Whether any point had a position. */
  positioned: boolean;
  averageHR: number | null;
  maxHR: number | null;
}

/**
 * Adds up track points in document order. `startSegment()` before each segment keeps the gap
 * between two segments out of the distance. `finish()` applies the timestamp rule.
 */
export class TrackAccumulator {
  #count = 0;
  #timed = 0;
  #firstMs = Infinity;
  #lastMs = -Infinity;
  #distance = 0;
  #positioned = false;
  #previous: LatLon | null = null;
  #hrSum = 0;
  #hrCount = 0;
  #maxHR: number | null = null;
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
    this.#previous = null;
  }

  /**
   * Adds one point.
   * @throws InputError (fileName, "track point with an invalid <time> …", the point's position).
   */
  add(point: TrackPoint): void {
    this.#count += 1;
    if (point.position !== null) {
      if (this.#previous !== null) this.#distance += haversineMeters(this.#previous, point.position);
      this.#previous = point.position;
      this.#positioned = true;
    }
    if (point.time === null) {
      this.#firstUntimed ??= point.opensAt;
      if (this.#timed === 0) this.#leadingUntimed += 1;
      else this.#trailingUntimed += 1;
    } else {
      const ms = parseXsdDateTime(point.time);
      if (ms === null) {
        throw new InputError(this.fileName, `track point with an invalid ${this.timeElement} "${point.time.trim()}"`, point.opensAt);
      }
      this.#timed += 1;
      this.#trailingUntimed = 0;
      this.#firstMs = Math.min(this.#firstMs, ms);
      this.#lastMs = Math.max(this.#lastMs, ms);
    }
    if (point.heartRate !== null) {
      this.#hrSum += point.heartRate;
      this.#hrCount += 1;
      this.#maxHR = Math.max(this.#maxHR ?? 0, point.heartRate);
    }
  }

  /**
   * The totals, once the timestamp rule holds: at least MIN_TIMED_SHARE of the points have a
   * time, and at most MAX_UNTIMED_EDGE_SHARE lie before the first or after the last time (so the
   * times span the track and its duration is right). Untimed points in between are kept for the
   * distance.
   * @throws InputError (fileName, "no track points") when there are none (`emptyReason` replaces
   * that text); "no timestamps: …" at the first untimed point when too few points have a time;
   * "timestamps do not span the track: …" when too many untimed points lie at its ends.
   */
  finish(emptyReason = 'no track points'): TrackTotals {
    if (this.#count === 0) throw new InputError(this.fileName, emptyReason);
    const untimed = this.#count - this.#timed;
    if (this.#timed === 0 || this.#timed < this.#count * MIN_TIMED_SHARE) {
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
    return {
      pointCount: this.#count,
      timedPoints: this.#timed,
      firstTimeMs: this.#firstMs,
      lastTimeMs: this.#lastMs,
      distanceMeters: this.#distance,
      positioned: this.#positioned,
      averageHR: this.#hrCount > 0 ? Math.round(this.#hrSum / this.#hrCount) : null,
      maxHR: this.#maxHR,
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
