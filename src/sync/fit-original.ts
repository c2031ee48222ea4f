/**
 * The original FIT of an activity from Garmin's download ZIP (protocol §3.4: one entry
 * `{activityId}_ACTIVITY.fit`), unzipped with fflate.
 */
import { unzipSync } from 'fflate';
import { GarminApiError } from '../errors.js';

/**
 * The bytes of `{activityId}_ACTIVITY.fit` (or the ZIP's only `.fit` entry).
 * @throws GarminApiError (non-transient) when the answer is not a ZIP or holds no FIT file.
 */
export function fitFromZip(zip: Uint8Array, activityId: number): Uint8Array {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    throw new GarminApiError(`Garmin's original of activity ${activityId} is not a ZIP file`, { status: 200, transient: false, cause: error });
  }
  const names = Object.keys(entries);
  const name = names.find((n) => n === `${activityId}_ACTIVITY.fit`) ?? names.find((n) => n.toLowerCase().endsWith('.fit'));
  if (!name) throw new GarminApiError(`Garmin's original of activity ${activityId} holds no FIT file (${names.join(', ') || 'empty'})`, { status: 200, transient: false });
  return entries[name];
}
