/**
 * Running totals of one FIT activity recording, fed message by message while a decoder reads it
 * (no record is kept: a 36-hour file at 1 Hz is 130,000 records), and the summary they make.
 * Used for both decoders (fit.ts: @garmin/fitsdk; fit-fallback.ts: fit-file-parser).
 * Source: FIT profile messages `record`, `session`, `file_id`, https://developer.garmin.com/fit/protocol/.
 */
import { InputError } from '../errors.js';
import { HeartRateTotals, PathLength, RecordingClock } from './running-totals.js';
import { fitSportToTypeKey } from './sport.js';
import { recordingSpanRefusal, recordingWarnings } from './track.js';
import type { ActivityFileSummary } from './types.js';

/** The session fields a summary uses (FIT names; seconds, meters, bpm; sport as the SDK names it). */
export interface FitSessionFields {
  startTime?: unknown;
  totalElapsedTime?: unknown;
  totalDistance?: unknown;
  avgHeartRate?: unknown;
  maxHeartRate?: unknown;
  sport?: unknown;
  subSport?: unknown;
}

/** The file_id fields a summary uses. */
export interface FitFileIdFields {
  manufacturer?: unknown;
  product?: unknown;
}

/** Adds up one recording's records and sessions; see `summary` for the rules. */
export class FitRecordingTotals {
  #records = 0;
  readonly #clock = new RecordingClock();
  readonly #heartRate = new HeartRateTotals();
  #maxDistance: number | null = null;
  readonly #path = new PathLength();
  #sessions: FitSessionFields[] = [];
  #fileId: FitFileIdFields | null = null;

  /**
   * Adds one record: timestamp (Date), heart rate (bpm; 0 = no reading), cumulative distance
   * (meters), position (degrees). Anything of another type counts as absent.
   */
  addRecord(timestamp: unknown, heartRate: unknown, distance: unknown, lat: unknown, lon: unknown): void {
    this.#records += 1;
    if (timestamp instanceof Date && !Number.isNaN(timestamp.getTime())) this.#clock.add(timestamp.getTime());
    if (isPositive(heartRate)) this.#heartRate.add(heartRate);
    if (typeof distance === 'number' && Number.isFinite(distance) && (this.#maxDistance === null || distance > this.#maxDistance)) {
      this.#maxDistance = distance;
    }
    if (typeof lat === 'number' && typeof lon === 'number' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) this.#path.add({ lat, lon });
  }

  /** Adds one session message. */
  addSession(session: FitSessionFields): void {
    this.#sessions.push(session);
  }

  /** The recording's file_id (the first one counts). */
  setFileId(fileId: FitFileIdFields): void {
    this.#fileId ??= fileId;
  }

  /**
   * The summary (see inspectFit for the rules).
   * @throws InputError(fileName, "activity without a session or timed records"), or a
   * recordingSpanRefusal (one timed record, all at one time) when no session states a duration.
   */
  summary(fileName: string): ActivityFileSummary {
    const sessions = this.#sessions;
    const first = sessions[0];
    const sessionStart = first?.startTime instanceof Date ? first.startTime.getTime() : null;
    const clock = this.#clock;
    if (sessionStart === null && clock.timed === 0) throw new InputError(fileName, 'activity without a session or timed records');
    const startMs = sessionStart ?? clock.firstMs;
    const elapsed = sumOf(sessions.map((s) => s.totalElapsedTime));
    const durationSeconds = elapsed !== null && elapsed > 0 ? elapsed : clock.spanSeconds;
    if (durationSeconds <= 0) {
      const refusal = recordingSpanRefusal(clock, 'records');
      throw new InputError(fileName, refusal ?? 'the activity spans no time: its session states no elapsed time and no record has a time');
    }
    const sessionDistance = sumOf(sessions.map((s) => s.totalDistance));
    const recordDistance = this.#maxDistance ?? (this.#path.positioned ? this.#path.meters : null);
    return {
      format: 'fit',
      sport: sessions.length > 1 ? 'multi_sport' : fitSportToTypeKey(sportName(first?.sport), sportName(first?.subSport)),
      startTime: new Date(startMs),
      durationSeconds,
      distanceMeters: sessionDistance ?? recordDistance,
      averageHR: sessionAverageHR(sessions) ?? this.#heartRate.average,
      maxHR: maxOf(sessions.map((s) => s.maxHeartRate)) ?? this.#heartRate.max,
      pointCount: this.#records,
      device: this.#deviceName(),
      warnings: recordingWarnings(startMs, durationSeconds, clock.outOfOrder),
    };
  }

  /** `garmin fenix5`, `wahooFitness 28`: file_id manufacturer and product name (or number). */
  #deviceName(): string | null {
    const { manufacturer, product } = this.#fileId ?? {};
    if (manufacturer === undefined || manufacturer === null) return null;
    return product === undefined || product === null ? String(manufacturer) : `${String(manufacturer)} ${String(product)}`;
  }
}

/** The sessions' average HR: the only session's, or the sessions' weighted by elapsed time; null when none states one. */
function sessionAverageHR(sessions: FitSessionFields[]): number | null {
  if (sessions.length === 1) return isPositive(sessions[0].avgHeartRate) ? sessions[0].avgHeartRate : null;
  let weighted = 0;
  let seconds = 0;
  for (const s of sessions) {
    if (isPositive(s.avgHeartRate) && isPositive(s.totalElapsedTime)) {
      weighted += s.avgHeartRate * s.totalElapsedTime;
      seconds += s.totalElapsedTime;
    }
  }
  return seconds > 0 ? Math.round(weighted / seconds) : null;
}

/** A sport name as the SDK writes it (`standUpPaddleboarding`) from either decoder (fit-file-parser: `stand_up_paddleboarding`). */
function sportName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Sum of the numbers among values, or null when there are none. */
function sumOf(values: unknown[]): number | null {
  let total: number | null = null;
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) total = (total ?? 0) + v;
  return total;
}

/** Largest positive number among values, or null. */
function maxOf(values: unknown[]): number | null {
  let max: number | null = null;
  for (const v of values) if (isPositive(v) && (max === null || v > max)) max = v;
  return max;
}
