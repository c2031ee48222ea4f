/**
 * The running totals every activity reader keeps while it streams a recording point by point
 * (FIT records in fit-totals.ts, GPX/TCX track points in track.ts): the recording's clock, its
 * heart rate and the length of its path. Nothing is kept per point. Units: ms since the epoch,
 * bpm, meters.
 */
import { haversineMeters, type LatLon } from './geo.js';

/**
 * The first and last time of a recording in recording order (issue 9: start and end come from
 * the order the device wrote, not from the smallest and largest time). A time earlier than the
 * last one is counted as out of order and changes neither.
 */
export class RecordingClock {
  /** Times added. */
  timed = 0;
  /** The first time added (0 until one is). */
  firstMs = 0;
  /** The last time that was not earlier than the one before it (0 until one is added). */
  lastMs = 0;
  /** Times earlier than the last one: ignored for the start and the end. */
  outOfOrder = 0;

  /** Adds one time (ms since the epoch). */
  add(ms: number): void {
    this.timed += 1;
    if (this.timed === 1) {
      this.firstMs = ms;
      this.lastMs = ms;
    } else if (ms < this.lastMs) {
      this.outOfOrder += 1;
    } else {
      this.lastMs = ms;
    }
  }

  /** From the first to the last time, in seconds (0 with fewer than two times). */
  get spanSeconds(): number {
    return this.timed > 0 ? (this.lastMs - this.firstMs) / 1000 : 0;
  }
}

/** Average and maximum of the heart-rate readings of a recording (bpm; readings must be > 0). */
export class HeartRateTotals {
  #sum = 0;
  #count = 0;
  /** The highest reading, or null before the first. */
  max: number | null = null;

  /** Adds one reading (bpm, > 0). */
  add(bpm: number): void {
    this.#sum += bpm;
    this.#count += 1;
    if (this.max === null || bpm > this.max) this.max = bpm;
  }

  /** The rounded average (bpm), or null without readings. */
  get average(): number | null {
    return this.#count > 0 ? Math.round(this.#sum / this.#count) : null;
  }
}

/** The length of a recorded path: haversine distance between consecutive positions of each segment. */
export class PathLength {
  /** Meters so far. */
  meters = 0;
  /** Whether any position was added. */
  positioned = false;
  #previous: LatLon | null = null;

  /** Adds the next position (degrees). */
  add(position: LatLon): void {
    if (this.#previous !== null) this.meters += haversineMeters(this.#previous, position);
    this.#previous = position;
    this.positioned = true;
  }

  /** Starts a new segment: no distance is counted from the last position to the next. */
  breakSegment(): void {
    this.#previous = null;
  }
}
