/**
 * Tightens the folders garmin-sync keeps its files in (issue 10, point 9): the data and config
 * folders (one folder under GARMIN_SYNC_HOME) hold the account's state, history and maybe its
 * tokens, so they are 0700 and their files 0600. New files are written that way (atomic.ts); a
 * folder that already existed looser (a GARMIN_SYNC_HOME made by hand, an archive from an older
 * version) is tightened here, with its first level of files and folders. Deeper files keep their
 * mode until rewritten, but nobody else can reach them through a 0700 folder.
 */
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './atomic.js';
import type { GarminSyncPaths } from './paths.js';

/** One folder that was tightened. */
export interface Tightened {
  /** The folder (absolute). */
  dir: string;
  /** Its mode before, e.g. `0o755`. */
  previousMode: number;
  /** How many of its files and folders (first level) were tightened too. */
  entries: number;
}

/** Bits that let the group or others in. */
const OPEN_TO_OTHERS = 0o077;

/**
 * Sets dataDir and configDir (when they exist) to 0700 and their first-level files to 0600 and
 * folders to 0700, where group or others had any access. Does nothing on Windows (no POSIX modes)
 * or for a folder that does not exist yet (it is created 0700). Returns each folder changed.
 * @throws nothing: a folder that cannot be changed (owned by someone else) is left as it is.
 */
export function tightenPermissions(paths: GarminSyncPaths): Tightened[] {
  if (process.platform === 'win32') return [];
  const changed: Tightened[] = [];
  for (const dir of new Set([paths.dataDir, paths.configDir])) {
    try {
      const previousMode = statSync(dir).mode & 0o777;
      let entries = 0;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isFile() && !entry.isDirectory()) continue;
        const path = join(dir, entry.name);
        const mode = statSync(path).mode & 0o777;
        if (mode & OPEN_TO_OTHERS) {
          chmodSync(path, entry.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
          entries++;
        }
      }
      if (previousMode & OPEN_TO_OTHERS) chmodSync(dir, PRIVATE_DIR_MODE);
      if (previousMode & OPEN_TO_OTHERS || entries) changed.push({ dir, previousMode, entries });
    } catch {
      // Missing (created 0700 later) or not ours to change: nothing to do here.
    }
  }
  return changed;
}
