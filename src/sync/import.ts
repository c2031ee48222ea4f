/**
 * `import`: each path is read, recognised by its content (FIT, GPX, TCX, workout text, Zwift, MRC/ERG), checked, and
 * then sent — a workout text becomes a Garmin workout (optionally scheduled), an activity file is
 * uploaded and confirmed. A batch goes on past a bad file; every file gets one ImportResult.
 * Nothing is sent for a file that fails its checks, and nothing at all under `dryRun`.
 */
import { InputError, UsageError } from '../errors.js';
import { detectFormat, looksLikeActivityFile, unwrapGzip } from '../formats/detect.js';
import { inspectFit } from '../formats/fit.js';
import { readGpx } from '../formats/gpx.js';
import { readTcx } from '../formats/tcx.js';
import { ArchivedActivities, importActivity } from './import-activity.js';
import type { ImportDeps, ImportOptions, ImportResult } from './import-result.js';
import { importSources, type ImportSource } from './import-sources.js';
import { importFitWorkout, importMrcWorkout, importWorkoutText, importZwoWorkout } from './import-workout.js';

export type { ImportDeps, ImportOptions, ImportResult } from './import-result.js';

/**
 * Imports every path in order (files, `-` for stdin, directories and ZIPs, see
 * import-sources.ts). Files inside a directory or ZIP that are not activity files by content are
 * passed over without a result.
 * @throws AuthError / RefusedError when Garmin refuses the session itself: the batch stops, since
 * every later file would fail the same way (what was not sent is reported by the caller).
 */
export async function importFiles(paths: readonly string[], options: ImportOptions, deps: ImportDeps): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  const archived = new ArchivedActivities(deps.archive);
  for await (const source of importSources(paths, deps.readStdin)) {
    options.onStart?.(source.label);
    const result = await importOne(source, options, deps, archived);
    if (result === null) continue;
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/** One source's result, or null for a file of a directory or ZIP that is not an activity file. */
async function importOne(source: ImportSource, options: ImportOptions, deps: ImportDeps, archived: ArchivedActivities): Promise<ImportResult | null> {
  const path = source.label;
  try {
    const bytes = await source.read();
    if (source.inContainer && !looksLikeActivityFile(bytes)) return null;
    const detected = options.format && !source.inContainer ? { format: options.format, bytes: unwrapGzip(bytes, path) } : detectFormat(bytes, path);
    switch (detected.format) {
      case 'text':
        if (source.inContainer) return null;
        return await importWorkoutText(path, Buffer.from(detected.bytes).toString('utf8'), options, deps);
      case 'zwo':
        if (source.inContainer) return null;
        return await importZwoWorkout(path, Buffer.from(detected.bytes).toString('utf8'), options, deps);
      case 'mrc':
        if (source.inContainer) return null;
        return await importMrcWorkout(path, Buffer.from(detected.bytes).toString('utf8'), options, deps);
      case 'fit': {
        const inspected = inspectFit(detected.bytes, path);
        if (inspected.kind === 'workout') return await importFitWorkout(path, detected.bytes, inspected.messages, options, deps);
        return await importActivity(path, source.fileName, detected.bytes, inspected.summary, options, deps, archived);
      }
      case 'gpx':
        return await importActivity(path, source.fileName, detected.bytes, readGpx(detected.bytes, path), options, deps, archived);
      case 'tcx':
        return await importActivity(path, source.fileName, detected.bytes, readTcx(detected.bytes, path), options, deps, archived);
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) {
      return { file: path, kind: 'unknown', status: 'invalid', message: err.message };
    }
    throw err;
  }
}
