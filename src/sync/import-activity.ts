/**
 * Imports one activity file already read and checked (FIT or GPX summary): dedup against the
 * archive, upload and confirm, or queue it in the outbox when Garmin cannot take it now.
 */
import { GarminApiError, RefusedError } from '../errors.js';
import type { ActivityFileSummary } from '../formats/types.js';
import { findArchivedDuplicate } from './dedup.js';
import { failedSend, type ImportDeps, type ImportOptions, type ImportResult } from './import-result.js';
import { uploadActivityFile } from './upload.js';

/** Imports one activity file; see the module comment. */
export async function importActivity(
  path: string,
  fileName: string,
  bytes: Uint8Array,
  summary: ActivityFileSummary,
  options: ImportOptions,
  deps: ImportDeps,
): Promise<ImportResult> {
  const base = { file: path, kind: 'activity' as const, summary };
  if (!options.force) {
    const match = findArchivedDuplicate(summary, await deps.archive.listActivities());
    if (match) {
      return {
        ...base,
        status: 'skipped',
        activityId: match.activityId,
        message: `${path}: already in the archive as activity ${match.activityId} ("${match.activityName ?? ''}"); --force sends it anyway`,
      };
    }
  }
  if (options.dryRun) {
    return { ...base, status: 'dry-run', message: `${path}: ${summary.sport} activity would be uploaded` };
  }
  const client = await deps.client();
  try {
    const sent = await uploadActivityFile(client, deps.archive, { fileName, bytes }, options.fields);
    const message =
      sent.status === 'duplicate'
        ? `${path}: already on Garmin as activity ${sent.activityId}`
        : `${path}: uploaded as activity ${sent.activityId}`;
    return { ...base, status: sent.status, activityId: sent.activityId, message };
  } catch (err) {
    if (isTransient(err)) {
      const item = await deps.archive.addToOutbox({
        fileName,
        sourcePath: path,
        bytes,
        format: summary.format,
        reason: (err as Error).message,
        options: { ...options.fields },
      });
      return { ...base, status: 'queued', message: `${path}: could not be sent (${(err as Error).message}); queued in the outbox as ${item.id}, \`garmin-sync sync\` sends it` };
    }
    return failedSend(base, path, err);
  }
}

/** Network errors, 5xx and 429 on a data call: worth sending again later. */
function isTransient(err: unknown): boolean {
  return (err instanceof GarminApiError && err.transient) || (err instanceof RefusedError && err.status === 429);
}

