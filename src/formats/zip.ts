/**
 * ZIP archives of activity files (a Strava bulk export, a folder zipped by hand), read in memory
 * with fflate's `unzipSync`: nothing is ever written to disk, so an entry's name is only a label.
 * Entries are inflated one at a time into a buffer of their declared size, so a "zip bomb"
 * cannot take more memory than MAX_FILE_BYTES per entry.
 * Sources: PKWARE APPNOTE.TXT (local header 4.3.7, end of central directory 4.3.16,
 * compression methods 4.4.5); fflate, https://github.com/101arrowz/fflate (`unzipSync`, `filter`).
 */
import { unzipSync } from 'fflate';
import { InputError } from '../errors.js';
import { MAX_FILE_BYTES } from './detect.js';

/** The most entries a ZIP may list; more is refused as a malformed or hostile archive. */
export const MAX_ZIP_ENTRIES = 100_000;

/** ZIP compression methods fflate inflates: 0 stored, 8 deflate (APPNOTE 4.4.5). */
const SUPPORTED_METHODS = new Set([0, 8]);

/** One file entry of a ZIP's central directory. */
export interface ZipEntry {
  /** The entry's name in the archive, e.g. `activities/123.fit.gz`. */
  name: string;
  /** Position among the central directory's entries (names may repeat). */
  index: number;
  /** Declared size once unzipped, bytes. */
  originalSize: number;
  /** Compressed size, bytes. */
  size: number;
  /** Compression method number (APPNOTE 4.4.5). */
  compression: number;
}

/** Whether bytes start like a ZIP: a local file header (PK\3\4) or an empty archive's end record (PK\5\6). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * The file entries of a ZIP (directories left out), in the central directory's order.
 * @throws InputError(fileName, "corrupt ZIP file: …") when fflate cannot read the central
 * directory; "ZIP with more than 100000 entries" beyond MAX_ZIP_ENTRIES.
 */
export function listZipEntries(zip: Uint8Array, fileName: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let index = -1;
  try {
    unzipSync(zip, {
      filter: (file) => {
        index += 1;
        if (index >= MAX_ZIP_ENTRIES) throw new InputError(fileName, `ZIP with more than ${MAX_ZIP_ENTRIES} entries`);
        if (!file.name.endsWith('/')) entries.push({ ...file, index });
        return false;
      },
    });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(fileName, `corrupt ZIP file: ${(err as Error).message}`, undefined, { cause: err });
  }
  return entries;
}

/**
 * Why an entry cannot be read, or null when it can: a name that would leave a directory if it
 * were extracted (absolute, a drive, or a `..` part); a compression method fflate lacks; a
 * declared size over MAX_FILE_BYTES (a zip bomb cannot shrink that: the entry is inflated into a
 * buffer of its declared size and no further).
 */
export function zipEntryRefusal(entry: ZipEntry): string | null {
  const parts = entry.name.split(/[\\/]/);
  if (/^([\\/]|[A-Za-z]:)/.test(entry.name) || parts.includes('..')) return `unsafe path in the ZIP: "${entry.name}"`;
  if (!SUPPORTED_METHODS.has(entry.compression)) return `ZIP compression method ${entry.compression} is not supported (only stored and deflate)`;
  if (Math.max(entry.originalSize, entry.size) > MAX_FILE_BYTES) return `unzips to more than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;
  return null;
}

/**
 * The bytes of one entry (at most its declared size).
 * @throws InputError(entryLabel, reason) when zipEntryRefusal refuses it or its data is corrupt.
 */
export function readZipEntry(zip: Uint8Array, entry: ZipEntry, entryLabel: string): Uint8Array {
  const refusal = zipEntryRefusal(entry);
  if (refusal !== null) throw new InputError(entryLabel, refusal);
  let index = -1;
  try {
    const files = unzipSync(zip, { filter: () => ++index === entry.index });
    const bytes = files[entry.name];
    if (bytes === undefined) throw new Error('entry not found');
    return bytes;
  } catch (err) {
    throw new InputError(entryLabel, `corrupt ZIP entry: ${(err as Error).message}`, undefined, { cause: err });
  }
}
