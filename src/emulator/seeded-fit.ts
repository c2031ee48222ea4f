/**
 * A small but real FIT activity file for a seeded activity (which has no uploaded original), so
 * `/download-service/files/activity/{id}` can serve every activity (protocol §3.4). Encoded with
 * @garmin/fitsdk's Encoder: file_id, one record per lap start, one lap per lap, session, activity.
 * Deterministic: the same activity always gives the same bytes.
 */
import { Encoder, Profile, type Mesg } from '@garmin/fitsdk';
import type { ActivityRecord } from './activities.js';
import { LOCAL_OFFSET_MS } from './time-format.js';

/** FIT sport names of the seeded sports. */
const SPORT: Record<string, string> = { running: 'running', cycling: 'cycling', lap_swimming: 'swimming', walking: 'walking', strength_training: 'training' };

/** The FIT bytes of a seeded activity. */
export function seededFit(a: ActivityRecord): Uint8Array {
  const start = new Date(a.startGmtMs);
  const end = new Date(a.startGmtMs + a.durationSeconds * 1000);
  const sport = SPORT[a.typeKey] ?? 'generic';
  const encoder = new Encoder();
  const put = (mesgNum: number, fields: Record<string, unknown>) => encoder.onMesg(mesgNum, fields as Mesg);
  put(Profile.MesgNum.FILE_ID, { type: 'activity', manufacturer: 'garmin', product: 3113, serialNumber: 3_469_703_076, timeCreated: start });
  for (const lap of a.laps) {
    put(Profile.MesgNum.RECORD, { timestamp: new Date(lap.startGmtMs), heartRate: lap.averageHR ?? undefined, distance: undefined });
  }
  for (const lap of a.laps) {
    put(Profile.MesgNum.LAP, {
      timestamp: new Date(lap.startGmtMs + lap.durationSeconds * 1000),
      startTime: new Date(lap.startGmtMs),
      totalElapsedTime: lap.durationSeconds,
      totalTimerTime: lap.durationSeconds,
      totalDistance: lap.distanceMeters ?? undefined,
      avgHeartRate: lap.averageHR ?? undefined,
      maxHeartRate: lap.maxHR ?? undefined,
      sport,
    });
  }
  put(Profile.MesgNum.SESSION, {
    timestamp: end,
    startTime: start,
    totalElapsedTime: a.elapsedDurationSeconds,
    totalTimerTime: a.durationSeconds,
    totalDistance: a.distanceMeters ?? undefined,
    avgHeartRate: a.averageHR ?? undefined,
    maxHeartRate: a.maxHR ?? undefined,
    sport,
    numLaps: a.laps.length,
  });
  put(Profile.MesgNum.ACTIVITY, {
    timestamp: end,
    totalTimerTime: a.durationSeconds,
    numSessions: 1,
    type: 'manual',
    localTimestamp: Math.round((end.getTime() + LOCAL_OFFSET_MS) / 1000) - 631_065_600,
  });
  return encoder.close();
}
