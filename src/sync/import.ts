/**
 * `import`: each path is read, recognised by its content (FIT, GPX, workout text), checked, and
 * then sent — a workout text becomes a Garmin workout (optionally scheduled), an activity file is
 * uploaded and confirmed. A batch goes on past a bad file; every file gets one ImportResult.
 * Nothing is sent for a file that fails its checks, and nothing at all under `dryRun`.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { detectFormat } from '../formats/detect.js';
import { inspectFit } from '../formats/fit.js';
import { readGpx } from '../formats/gpx.js';
import { importActivity } from './import-activity.js';
import type { ImportDeps, ImportOptions, ImportResult } from './import-result.js';
import { importWorkoutText } from './import-workout.js';

export type { ImportDeps, ImportOptions, ImportResult } from './import-result.js';


/**
 * Imports every path in order.
 * @throws AuthError / RefusedError when Garmin refuses the session itself: the batch stops, since
 * every later file would fail the same way (what was not sent is reported by the caller).
 */
export async function importFiles(paths: readonly string[], options: ImportOptions, deps: ImportDeps): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const path of paths) {
    const result = await importOne(path, options, deps);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

async function importOne(path: string, options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  const fileName = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`;
    return { file: path, kind: 'unknown', status: 'invalid', message: `${path}: ${reason}` };
  }
  try {
    const detected = options.format ? { format: options.format, bytes } : detectFormat(bytes, path);
    switch (detected.format) {
      case 'text':
        return await importWorkoutText(path, Buffer.from(detected.bytes).toString('utf8'), options, deps);
      case 'fit': {
        const inspected = inspectFit(detected.bytes, path);
        if (inspected.kind === 'workout') {
          throw new InputError(path, 'a FIT workout file: importing FIT workouts is not supported yet (write the workout as text)');
        }
        return await importActivity(path, fileName, detected.bytes, inspected.summary, options, deps);
      }
      case 'gpx':
        return await importActivity(path, fileName, detected.bytes, readGpx(detected.bytes, path), options, deps);
      case 'tcx':
        throw new InputError(path, 'TCX files are not supported yet: export the activity as FIT or GPX');
    }
  } catch (err) {
    if (err instanceof InputError || err instanceof UsageError) {
      return { file: path, kind: 'unknown', status: 'invalid', message: err.message };
    }
    throw err;
  }
}

