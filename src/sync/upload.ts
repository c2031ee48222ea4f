/**
 * Sends one activity file to Garmin and brings the result into the archive: upload (multipart
 * part `file`), poll the status URL until Garmin names the activityId (protocol §3.5), set the
 * name, description and activity type when asked, then fetch the activity (detail and splits) into the archive.
 */
import type { ActivityTypeRef } from '../formats/sport.js';
import type { GarminClient } from '../garmin/client.js';
import type { Archive } from '../archive/archive.js';
import { createHash } from 'node:crypto';
import { normalizeActivity } from './normalize.js';

/** Fields to set on the new activity after upload (`import --name`, `--description`, `--type`). */
export interface ActivityFields {
  activityName?: string;
  description?: string;
  /** Garmin's activity type, as `activityTypeRef` gives it for a typeKey. */
  activityTypeDTO?: ActivityTypeRef;
}

/** `uploaded`: Garmin created activityId; `duplicate`: Garmin already had it as activityId (409, code 202). */
export type UploadResult = { status: 'uploaded' | 'duplicate'; activityId: number };

/** SHA-256 of bytes, lowercase hex: the key of the archive's record of sent files. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Uploads and confirms one file, and records the SHA-256 of its bytes with the activity it
 * became (Archive.recordSentFile), so the same bytes are never sent again.
 * @throws GarminApiError (transient for network/5xx: the caller queues the file), RefusedError, AuthError.
 */
export async function uploadActivityFile(
  client: GarminClient,
  archive: Archive,
  file: { fileName: string; bytes: Uint8Array },
  fields: ActivityFields = {},
): Promise<UploadResult> {
  const outcome = await client.uploadActivity(file);
  if (outcome.status === 'duplicate') {
    await archive.recordSentFile(sha256Hex(file.bytes), [outcome.activityId], file.fileName);
    await fetchIntoArchive(client, archive, outcome.activityId);
    return { status: 'duplicate', activityId: outcome.activityId };
  }
  const activityId = await client.waitForUpload(outcome);
  await archive.recordSentFile(sha256Hex(file.bytes), [activityId], file.fileName);
  const update = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as ActivityFields;
  if (Object.keys(update).length > 0) await client.updateActivity(activityId, update);
  await fetchIntoArchive(client, archive, activityId);
  return { status: 'uploaded', activityId };
}

/** Archives one activity by id (detail + splits). */
async function fetchIntoArchive(client: GarminClient, archive: Archive, activityId: number): Promise<void> {
  const [detail, splits] = await Promise.all([client.activity(activityId), client.activitySplits(activityId)]);
  await archive.writeActivity(normalizeActivity({ detail, splits }));
}
