/**
 * Whole-file writes and JSON reads for the archive and the file token store. Writes go through
 * write-file-atomic (temp file in the same directory, fsync, rename), so a run killed at any
 * moment leaves either the old or the new file, never a torn one (design.md, "Local archive").
 * The archive, config and token files name the account, so they are private: files 0600 (also
 * when an existing file was looser) and the folders created for them 0700 (issue 10, point 9).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ExitCode, GarminSyncError } from '../errors.js';

/** Options of the atomic writes. */
export interface AtomicWriteOptions {
  /**
   * File mode of the written file (default `0o600`, private); `'inherit'` for a file the user
   * names outside the archive (an export): an existing file's mode is kept, a new one follows the umask.
   */
  mode?: number | 'inherit';
}

/** Mode of the files garmin-sync keeps for itself. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of the folders garmin-sync creates for them. */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Writes `value` as JSON (2-space indent, trailing newline) atomically, creating parent
 * directories. Throws GarminSyncError (exit 1) naming the file when the write fails; the previous
 * content then stays whole and no temp file is left behind.
 */
export async function writeJsonAtomic(path: string, value: unknown, opts: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`), opts);
}

/** Writes `bytes` atomically, creating parent directories; errors as writeJsonAtomic. */
export async function writeFileAtomic(path: string, bytes: Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  try {
    const mode = opts.mode ?? PRIVATE_FILE_MODE;
    await mkdir(dirname(path), { recursive: true, ...(mode === 'inherit' ? {} : { mode: PRIVATE_DIR_MODE }) });
    // Loaded on the first write: a command that only reads the archive starts without it.
    const { default: writeFileAtomicLib } = await import('write-file-atomic');
    await writeFileAtomicLib(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), mode === 'inherit' ? {} : { mode });
  } catch (err) {
    throw new GarminSyncError(`cannot write ${path}: ${describe(err)}`, ExitCode.unexpected, { cause: err });
  }
}

/** An fs error's code (`EACCES`) or message, for a one-line error. */
function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}
