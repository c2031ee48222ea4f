/**
 * The cross-process lock around a token refresh (issue 3 "Tokens"): Garmin rotates refresh
 * tokens, so two processes (a cron `pull` and a manual `import`) must not both redeem one. The
 * holder reloads the stored bundle, refreshes only when no other process already did, and saves
 * before releasing. proper-lockfile creates `<configDir>/tokens.refresh.lock` while held; a lock
 * left by a crashed process is stale after 30 s. Separate from the archive's run lock, so a
 * refresh never waits for a long pull; keyed by its own path (not the folder, which under
 * GARMIN_SYNC_HOME is also the run lock's folder: proper-lockfile keys its table by that path).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { releaseFailure } from '../archive/lock.js';
import { ExitCode, GarminSyncError } from '../errors.js';

/** A refresh is a few requests; a lock older than this belongs to a dead process. */
const STALE_MS = 30_000;
/** Wait for the other process at most this long: ~60 tries, 250–1000 ms apart. */
const RETRIES = { retries: 60, factor: 1.2, minTimeout: 250, maxTimeout: 1000 };

/** Runs `work` while holding the lock; see the module comment. */
export type ExclusiveRunner = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * The refresh lock of one config directory.
 * @returns a runner that takes the lock (waiting for another holder up to about a minute), runs
 *   `work`, and releases. Throws GarminSyncError (exit 1) naming the lock when it cannot be taken.
 */
export function tokenRefreshLock(configDir: string): ExclusiveRunner {
  const lockPath = join(configDir, 'tokens.refresh.lock');
  return async (work) => {
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    let release: () => Promise<void>;
    try {
      // Loaded only when a refresh actually locks: commands that never refresh start without it.
      const { default: lockfile } = await import('proper-lockfile');
      release = await lockfile.lock(lockPath, { lockfilePath: lockPath, realpath: false, stale: STALE_MS, retries: RETRIES, onCompromised: () => {} });
    } catch (err) {
      throw new GarminSyncError(`cannot take the token refresh lock ${lockPath}: ${(err as Error).message}`, ExitCode.unexpected, { cause: err });
    }
    const result = await work().catch(async (err: unknown) => {
      await release().catch(() => {}); // the work's error is the one to report
      throw err;
    });
    await release().catch((err: NodeJS.ErrnoException) => {
      // ERELEASED: taken over as stale (a refresh slower than 30 s); not ours to remove.
      if (err.code !== 'ERELEASED') throw releaseFailure(lockPath, err);
    });
    return result;
  };
}
