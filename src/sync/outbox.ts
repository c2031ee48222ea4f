/**
 * The outbox: imports that could not be sent for a transient reason wait in `<data>/outbox/`
 * until `garmin-sync sync` sends them. Each item is sent once; it leaves the outbox only when
 * Garmin has it (uploaded, or already there as a duplicate), so a run killed at any moment
 * leaves it to the next run.
 */
import type { GarminClient } from '../garmin/client.js';
import type { Archive, OutboxItem } from '../archive/archive.js';
import { AuthError, RefusedError } from '../errors.js';
import { uploadActivityFile, type ActivityFields } from './upload.js';

/** What happened to one outbox item. */
export interface OutboxSendResult {
  id: string;
  fileName: string;
  status: 'uploaded' | 'duplicate' | 'failed';
  activityId?: number;
  message: string;
}

/**
 * Sends every waiting item, oldest first; a failed send is recorded on the item (attempts, time,
 * reason) and the item stays queued.
 * @throws AuthError / RefusedError(non-429): the session itself is refused; what was not sent stays queued.
 */
export async function sendOutbox(client: GarminClient, archive: Archive): Promise<OutboxSendResult[]> {
  const results: OutboxSendResult[] = [];
  for (const item of await archive.listOutbox()) {
    results.push(await sendItem(client, archive, item));
  }
  return results;
}

async function sendItem(client: GarminClient, archive: Archive, item: OutboxItem): Promise<OutboxSendResult> {
  const bytes = await archive.readOutboxFile(item);
  try {
    const sent = await uploadActivityFile(client, archive, { fileName: item.fileName, bytes }, (item.options ?? {}) as ActivityFields);
    await archive.removeFromOutbox(item.id);
    const message =
      sent.status === 'duplicate'
        ? `${item.fileName}: already on Garmin as activity ${sent.activityId}`
        : `${item.fileName}: uploaded as activity ${sent.activityId}`;
    return { id: item.id, fileName: item.fileName, status: sent.status, activityId: sent.activityId, message };
  } catch (err) {
    if (err instanceof AuthError || (err instanceof RefusedError && err.status !== 429)) throw err;
    const reason = (err as Error).message;
    const { attempts } = await archive.recordOutboxAttempt(item.id, reason);
    return { id: item.id, fileName: item.fileName, status: 'failed', message: `${item.fileName}: still queued after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} (${reason})` };
  }
}
