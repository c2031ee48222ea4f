/**
 * The cross-process run lock, so two runs (say a cron `pull` and a manual `sync`) never write the
 * archive at the same time (design.md, exit code 6). proper-lockfile creates the directory
 * `paths.lockFile` and touches it while held; a lock not touched for 10 minutes (a crashed
 * process) is stale and taken over. The holder's pid goes to `<lockFile>.pid`, for the message.
 *
 * proper-lockfile keeps its in-process table keyed by the locked path, so the run lock locks the
 * path `paths.lockFile` itself, never the folder: under GARMIN_SYNC_HOME the data and config
 * folders are one, and the token refresh lock (keyed by its own file) must not share its entry.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { ExitCode, GarminSyncError, LockError } from '../errors.js';
import type { GarminSyncPaths } from './paths.js';

/** A lock not refreshed for this long belongs to a dead process. */
const STALE_MS = 10 * 60 * 1000;
/** How often the holder refreshes the lock. */
const UPDATE_MS = 30 * 1000;
/** With `wait`: try every WAIT_INTERVAL_MS, WAIT_RETRIES times (3 minutes), then give up. */
const WAIT_INTERVAL_MS = 2000;
const WAIT_RETRIES = 90;

/** The file beside the lock that names the holder's pid. */
function lockPidFile(paths: GarminSyncPaths): string {
  return `${paths.lockFile}.pid`;
}

/**
 * Takes the run lock. Returns the release function: idempotent, quiet for a lock another process
 * took over (stale after 10 minutes); any other failure to release throws GarminSyncError (exit 1)
 * naming the lock, so a lock left behind is never silent. A lock whose recorded holder process no longer exists (a
 * run killed with SIGKILL) is taken over at once.
 * @param opts.wait when true and another process holds the lock, retries every 2 s for up to
 *   3 minutes.
 * @throws LockError (exit 6) "another garmin-sync run holds the lock (pid N)" when the lock is
 *   held (after the wait, with `wait`); the same process asking twice is refused too.
 */
export async function acquireLock(paths: GarminSyncPaths, opts: { wait?: boolean } = {}): Promise<() => Promise<void>> {
  await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    release = await takeLock(paths, opts.wait);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw lockFailure(paths, err);
    const pid = await readHolderPid(paths);
    if (pid !== null && pid !== process.pid && !isProcessAlive(pid)) {
      // The holder was killed (SIGKILL, power loss): its lock is left behind, fresh for 10 more
      // minutes. Its pid is gone, so the lock is taken over at once instead of blocking cron.
      await rm(paths.lockFile, { recursive: true, force: true });
      await rm(lockPidFile(paths), { force: true });
      return acquireLock(paths, opts);
    }
    const waited = opts.wait ? ' after waiting 3 minutes' : '';
    const hint = opts.wait ? '' : '; try again later or pass --wait';
    throw new LockError(`another garmin-sync run holds the lock${pid ? ` (pid ${pid})` : ''}${waited}${hint}`);
  }
  await writeFile(lockPidFile(paths), `${process.pid}\n`, { mode: 0o600 });
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if ((await readHolderPid(paths)) === process.pid) await rm(lockPidFile(paths), { force: true });
    await release().catch((err: NodeJS.ErrnoException) => {
      // ERELEASED: the lock was compromised (taken over as stale) and is not ours to remove.
      if (err.code !== 'ERELEASED') throw releaseFailure(paths.lockFile, err);
    });
  };
}

/** proper-lockfile's lock, keyed by the lock's own path (see the module comment). */
async function takeLock(paths: GarminSyncPaths, wait: boolean | undefined): Promise<() => Promise<void>> {
  // Loaded here, not at the top: commands that never lock (status, --help) start without it.
  const { default: lockfile } = await import('proper-lockfile');
  return lockfile.lock(paths.lockFile, {
    lockfilePath: paths.lockFile,
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    retries: wait ? { retries: WAIT_RETRIES, factor: 1, minTimeout: WAIT_INTERVAL_MS, maxTimeout: WAIT_INTERVAL_MS } : 0,
    // Taken over after 10 minutes without refresh (a suspended machine): the run goes on; its
    // writes are atomic, and the release below then leaves the new holder's lock alone.
    onCompromised: () => {},
  });
}

/**
 * Exit 1 for a lock that could not be released (a programming error or a folder that changed
 * under us): names the lock so the user can remove it once no garmin-sync runs.
 */
export function releaseFailure(lockPath: string, err: unknown): GarminSyncError {
  return new GarminSyncError(`could not release the lock ${lockPath}: ${(err as Error).message}; remove it if no garmin-sync is running`, ExitCode.unexpected, { cause: err });
}

function lockFailure(paths: GarminSyncPaths, err: unknown): GarminSyncError {
  return new GarminSyncError(`cannot take the lock ${paths.lockFile}: ${(err as Error).message}`, ExitCode.unexpected, { cause: err });
}

/** Whether a process exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid recorded by the lock's holder, or null when unknown. */
async function readHolderPid(paths: GarminSyncPaths): Promise<number | null> {
  const text = await readFile(lockPidFile(paths), 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
