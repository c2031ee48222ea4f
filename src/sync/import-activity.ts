/**
 * Imports one activity file already read and checked (FIT, GPX or TCX summary): dedup against the
 * archive, upload and confirm, or queue it in the outbox when Garmin cannot take it now.
 */
import type { ActivityRecord, Archive } from '../archive/archive.js';
import { GarminApiError, RefusedError } from '../errors.js';
import type { ActivityFileSummary } from '../formats/types.js';
import { findArchivedDuplicate } from './dedup.js';
import { failedSend, unreachable, type ImportDeps, type ImportOptions, type ImportResult } from './import-result.js';
import { sha256Hex, uploadActivityFile } from './upload.js';

/**
 * Imports one activity recording; see the module comment. `bytes` are the recording's own
 * (unzipped; a chained FIT file's part); `fileName` is its file's base name as found
 * (`1234.fit.gz`, `stdin`); `archived` is the batch's view of the archive for dedup; `recording`
 * numbers it when its file holds several. Under `strict`, a summary with warnings is refused.
 * @throws AuthError / RefusedError (non-429): the session is refused, the batch stops.
 */
export async function importActivity(
  path: string,
  fileName: string,
  bytes: Uint8Array,
  summary: ActivityFileSummary,
  options: ImportOptions,
  deps: ImportDeps,
  archived: ArchivedActivities,
  recording?: { index: number; count: number },
): Promise<ImportResult> {
  const base = { file: path, kind: 'activity' as const, summary, ...(recording ? { recording: recording.index } : {}) };
  const label = recording ? `${path} (recording ${recording.index} of ${recording.count})` : path;
  if (options.strict && summary.warnings.length > 0) {
    return { ...base, status: 'invalid', message: `${label}: ${summary.warnings.join('; ')} (refused under --strict)` };
  }
  if (!options.force) {
    const sent = recording ? await deps.archive.findSentFile(sha256Hex(bytes)) : null;
    if (sent !== null) {
      return { ...base, status: 'skipped', activityId: sent.activityIds[0], message: `${label}: these exact bytes were sent before, as activity ${sent.activityIds.join(', ')}; --force sends them again${notApplied(options)}` };
    }
    const match = findArchivedDuplicate(summary, await archived.list());
    if (match) {
      return {
        ...base,
        status: 'skipped',
        activityId: match.activityId,
        message: `${label}: already in the archive as activity ${match.activityId} ("${match.activityName ?? ''}"); --force sends it anyway${notApplied(options)}`,
      };
    }
  }
  if (options.dryRun) {
    return { ...base, status: 'dry-run', message: `${label}: ${summary.sport} activity would be uploaded` };
  }
  const client = await deps.client();
  const uploadName = uploadFileName(recording ? recordingFileName(fileName, recording.index) : fileName, summary.format);
  try {
    const sent = await uploadActivityFile(client, deps.archive, { fileName: uploadName, bytes }, options.fields);
    archived.forget();
    const message =
      sent.status === 'duplicate'
        ? `${label}: already on Garmin as activity ${sent.activityId}${notApplied(options)}`
        : `${label}: uploaded as activity ${sent.activityId}`;
    return { ...base, status: sent.status, activityId: sent.activityId, message };
  } catch (err) {
    if (isTransient(err)) {
      const item = await deps.archive.addToOutbox({
        fileName: uploadName,
        sourcePath: path,
        bytes,
        format: summary.format,
        reason: (err as Error).message,
        options: { ...options.fields },
      });
      return { ...base, status: 'queued', ...unreachable(err), message: `${label}: could not be sent (${(err as Error).message}); queued in the outbox as ${item.id}, \`garmin-sync sync\` sends it` };
    }
    return failedSend(base, label, err);
  }
}

/**
 * The archive's activities for dedup, read once per batch and read again only after an upload
 * added one (a batch of thousands of files does not read the archive thousands of times).
 */
export class ArchivedActivities {
  #list: Promise<ActivityRecord[]> | null = null;

  constructor(private readonly archive: Archive) {}

  /** Every archived activity (Archive.listActivities). */
  list(): Promise<ActivityRecord[]> {
    this.#list ??= this.archive.listActivities();
    return this.#list;
  }

  /** Call after the archive gained an activity. */
  forget(): void {
    this.#list = null;
  }
}

/** Network errors, 5xx and 429 on a data call: worth sending again later. */
function isTransient(err: unknown): boolean {
  return (err instanceof GarminApiError && err.transient) || (err instanceof RefusedError && err.status === 429);
}


/** `ride.fit` → `ride-2.fit`: the name of a chained FIT file's second recording (a `.gz` is dropped later). */
function recordingFileName(fileName: string, index: number): string {
  const match = /^(.*?)(\.fit)?(\.gz)?$/i.exec(fileName);
  return `${match?.[1] || 'activity'}-${index}${match?.[2] ?? ''}`;
}

/**
 * The name Garmin is told for an upload: the file's base name without a `.gz`, ending in the
 * extension of its format (`1234.fit.gz` → `1234.fit`, `stdin` → `stdin.fit`): the upload path
 * names no format, so the file name is what tells Garmin's upload service the format (protocol
 * §3.5 shows `filename="X.fit"` parts; reading the format from the name is inferred).
 */
export function uploadFileName(fileName: string, format: ActivityFileSummary['format']): string {
  const name = fileName.replace(/\.gz$/i, '') || 'activity';
  return name.toLowerCase().endsWith(`.${format}`) ? name : `${name}.${format}`;
}

/** `; --name and --type were not applied to it` when the import found the activity already there with such flags given, else ''. */
export function notApplied(options: ImportOptions): string {
  const flags = [
    options.fields.activityName !== undefined ? '--name' : null,
    options.fields.activityTypeDTO !== undefined ? '--type' : null,
    options.fields.description !== undefined ? '--description' : null,
  ].filter((f): f is string => f !== null);
  if (flags.length === 0) return '';
  const list = flags.length === 1 ? flags[0] : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)}`;
  return `; ${list} ${flags.length === 1 ? 'was' : 'were'} not applied to it (change it in Garmin Connect)`;
}
