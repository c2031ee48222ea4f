/**
 * `import`: each path is read, recognised by its content (FIT, GPX, TCX, workout text, Zwift, MRC/ERG), checked, and
 * then sent — a workout text becomes a Garmin workout (optionally scheduled), an activity file is
 * uploaded and confirmed. A batch goes on past a bad file; every file gets one ImportResult.
 * Nothing is sent for a file that fails its checks, and nothing at all under `dryRun`.
 */
import { GarminSyncError, InputError, UsageError } from '../errors.js';
import { detectFormat, looksLikeActivityFile, unwrapGzip } from '../formats/detect.js';
import { inspectFit } from '../formats/fit.js';
import type { ActivityFileSummary } from '../formats/types.js';
import { readGpx } from '../formats/gpx.js';
import { readTcx } from '../formats/tcx.js';
import { ArchivedActivities, importActivity, notApplied } from './import-activity.js';
import type { ImportDeps, ImportOptions, ImportResult } from './import-result.js';
import { importSources, type ImportSource } from './import-sources.js';
import { importFitWorkout, importMrcWorkout, importWorkoutText, importZwoWorkout } from './import-workout.js';
import { sha256Hex } from './upload.js';

export type { ImportDeps, ImportOptions, ImportResult } from './import-result.js';

/**
 * Imports every path in order (files, `-` for stdin, directories and ZIPs, see
 * import-sources.ts). Files inside a directory or ZIP that are not activity files by content
 * (nor named `.fit`, `.gpx`, `.tcx`) are passed over without a result. A file whose bytes the
 * archive already knows (Archive.findSentFile, by SHA-256) is skipped before it is even parsed,
 * unless `force`; once every recording of a file went through, its SHA-256 is recorded with the
 * activities it became. A chained FIT file gives one result per recording.
 * @throws AuthError / RefusedError when Garmin refuses the session itself: the batch stops, since
 * every later file would fail the same way (what was not sent is reported by the caller).
 */
export async function importFiles(paths: readonly string[], options: ImportOptions, deps: ImportDeps): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  const archived = new ArchivedActivities(deps.archive);
  for await (const source of importSources(paths, deps.readStdin)) {
    options.onStart?.(source.label);
    for (const result of await importOne(source, options, deps, archived)) {
      results.push(result);
      options.onResult?.(result);
    }
  }
  return results;
}

/** A source's results: none for a file of a directory or ZIP that is not an activity file. */
async function importOne(source: ImportSource, options: ImportOptions, deps: ImportDeps, archived: ArchivedActivities): Promise<ImportResult[]> {
  const path = source.label;
  let bytes: Uint8Array;
  try {
    bytes = await source.read();
  } catch (err) {
    return [refusal(path, err)];
  }
  if (source.inContainer && !looksLikeActivityFile(bytes) && !NAMED_AS_ACTIVITY.test(source.fileName)) return [];
  const sha256 = sha256Hex(bytes);
  if (!options.force) {
    const known = await deps.archive.findSentFile(sha256);
    if (known !== null) return [knownFile(path, known.activityIds, options)];
  }
  let read: ReadFile;
  try {
    read = readFile(source, bytes, options);
  } catch (err) {
    return [refusal(path, err)];
  }
  try {
    if (read.kind === 'workout') return [await read.send(deps)];
    const results: ImportResult[] = [];
    for (const [index, recording] of read.recordings.entries()) {
      const numbered = read.recordings.length > 1 ? { index: index + 1, count: read.recordings.length } : undefined;
      results.push(await importActivity(path, source.fileName, recording.bytes, recording.summary, options, deps, archived, numbered));
    }
    const ids = results.map((r) => r.activityId);
    const through = results.length > 0 && results.every((r) => ['uploaded', 'duplicate', 'skipped'].includes(r.status) && r.activityId !== undefined);
    if (through && !options.dryRun) await deps.archive.recordSentFile(sha256, ids as number[], source.fileName);
    return results;
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) return [refusal(path, err)];
    if (err instanceof GarminSyncError) throw err;
    // A bug while sending one file must not hide what the batch did with the others.
    const name = err instanceof Error ? err.name : 'error';
    return [{ file: path, kind: 'unknown', status: 'failed', message: `${path}: an unexpected ${name} in garmin-sync while sending it; \`garmin-sync doctor\` and --verbose help to report it` }];
  }
}

/** A name that says FIT, GPX or TCX: such a file in a directory or ZIP is never passed over unread. */
const NAMED_AS_ACTIVITY = /\.(fit|gpx|tcx)(\.gz)?$/i;

/** What a file turned out to be once read: a workout ready to send, or activity recordings. */
type ReadFile =
  | { kind: 'workout'; send: (deps: ImportDeps) => Promise<ImportResult> }
  | { kind: 'activity'; recordings: Array<{ bytes: Uint8Array; summary: ActivityFileSummary }> };

/**
 * Detects and reads a file (nothing is sent). A programming error inside a reader becomes an
 * UnreadableFileError, so one file cannot end the batch.
 * @throws InputError / UsageError (the file is refused), UnreadableFileError.
 */
function readFile(source: ImportSource, bytes: Uint8Array, options: ImportOptions): ReadFile {
  const path = source.label;
  try {
    const detected = options.format && !source.inContainer ? { format: options.format, bytes: unwrapGzip(bytes, path) } : detectFormat(bytes, path);
    const text = () => Buffer.from(detected.bytes).toString('utf8');
    switch (detected.format) {
      case 'text':
        return workout(source, (deps) => importWorkoutText(path, text(), options, deps));
      case 'zwo':
        return workout(source, (deps) => importZwoWorkout(path, text(), options, deps));
      case 'mrc':
        return workout(source, (deps) => importMrcWorkout(path, text(), options, deps));
      case 'fit': {
        const inspected = inspectFit(detected.bytes, path);
        if (inspected.kind === 'workout') return { kind: 'workout', send: (deps) => importFitWorkout(path, detected.bytes, inspected.messages, options, deps) };
        return { kind: 'activity', recordings: inspected.recordings };
      }
      case 'gpx':
        return { kind: 'activity', recordings: [{ bytes: detected.bytes, summary: readGpx(detected.bytes, path) }] };
      case 'tcx':
        return { kind: 'activity', recordings: [{ bytes: detected.bytes, summary: readTcx(detected.bytes, path) }] };
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) throw err;
    throw new UnreadableFileError(path, err);
  }
}

/** A workout format: sent by its importer, but passed over inside a directory or ZIP. */
function workout(source: ImportSource, send: (deps: ImportDeps) => Promise<ImportResult>): ReadFile {
  return source.inContainer ? { kind: 'activity', recordings: [] } : { kind: 'workout', send };
}

/**
 * A file a reader failed on in a way it should not (a bug in garmin-sync or a library it uses):
 * reported as `failed` for that file, without the JavaScript error's text, and the batch goes on.
 */
class UnreadableFileError extends Error {
  constructor(readonly path: string, cause: unknown) {
    super(`${path}: could not be read (an unexpected ${cause instanceof Error ? cause.name : 'error'} in garmin-sync's reader; nothing was sent for it; please report it, \`garmin-sync doctor\` helps)`, { cause });
  }
}

/** The result for a file refused before sending (InputError, UsageError) or one no reader could read. */
function refusal(path: string, err: unknown): ImportResult {
  if (err instanceof InputError || err instanceof UsageError) return { file: path, kind: 'unknown', status: 'invalid', message: err.message };
  if (err instanceof UnreadableFileError) return { file: path, kind: 'unknown', status: 'failed', message: err.message };
  throw err;
}

/** The result for a file whose bytes were sent before. */
function knownFile(path: string, activityIds: number[], options: ImportOptions): ImportResult {
  const ids = activityIds.join(', ');
  return {
    file: path,
    kind: 'activity',
    status: 'skipped',
    activityId: activityIds[0],
    message: `${path}: these exact bytes were sent before, as activity ${ids}; --force sends them again${notApplied(options)}`,
  };
}
