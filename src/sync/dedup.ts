/**
 * Dedup before upload: the rule of the Garmin integration this project grew from (issue 5).
 * An archived activity matches a file when the start dates are within 24 h, the start times
 * within 1 h, the distances within 5 %, and the average heart rates within 5 bpm when both have one.
 */
import type { ActivityRecord } from '../archive/archive.js';
import type { ActivityFileSummary } from '../formats/types.js';

const HOUR_MS = 3600_000;

/** The thresholds of the rule, exported so tests and docs name the same numbers. */
export const DEDUP_RULE = {
  startWithinMs: HOUR_MS,
  distanceWithinFraction: 0.05,
  averageHrWithinBpm: 5,
} as const;

/**
 * The first archived activity that the file duplicates, or null.
 * Activities without a start time never match; a distance is compared only when both have one.
 */
export function findArchivedDuplicate(file: ActivityFileSummary, archived: readonly ActivityRecord[]): ActivityRecord | null {
  const fileStart = file.startTime.getTime();
  for (const activity of archived) {
    if (!activity.startTimeGMT) continue;
    const start = Date.parse(activity.startTimeGMT);
    if (!Number.isFinite(start) || Math.abs(start - fileStart) > DEDUP_RULE.startWithinMs) continue;
    if (file.distanceMeters != null && activity.distanceMeters != null) {
      const larger = Math.max(file.distanceMeters, activity.distanceMeters, 1);
      if (Math.abs(file.distanceMeters - activity.distanceMeters) / larger > DEDUP_RULE.distanceWithinFraction) continue;
    }
    if (file.averageHR != null && activity.averageHR != null && Math.abs(file.averageHR - activity.averageHR) > DEDUP_RULE.averageHrWithinBpm) continue;
    return activity;
  }
  return null;
}
