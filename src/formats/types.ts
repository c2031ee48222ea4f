/**
 * What an activity file reader (FIT, GPX, TCX) tells about a file before it is sent: used by
 * `import --dry-run`, by dedup, and by the emulator to file an uploaded activity.
 */
export interface ActivityFileSummary {
  /** Detected container format. */
  format: 'fit' | 'gpx' | 'tcx';
  /** Sport as a Garmin activity typeKey where known (`running`, `cycling`, `walking`, …), else `other`. */
  sport: string;
  /** Start of the activity (UTC): the session's start, else the first point in recording order. */
  startTime: Date;
  /** Elapsed time in seconds: as the file's session states it, else from the first to the last point in recording order. */
  durationSeconds: number;
  /** Total distance in meters, or null when the file has none. */
  distanceMeters: number | null;
  /** Average heart rate in bpm, or null when the file has none. */
  averageHR: number | null;
  /** Max heart rate in bpm, or null when the file has none. */
  maxHR: number | null;
  /** Number of track points / records. */
  pointCount: number;
  /** Device or creator, e.g. `garmin fenix5` or `Wahoo ELEMNT`, when the file says. */
  device: string | null;
  /**
   * What looks wrong but does not stop the upload (an implausible start, over 48 h, points out of
   * time order; see track.ts `recordingWarnings`). `import --strict` refuses a file with any.
   */
  warnings: string[];
}
