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
  /** The entry is a symbolic link (Unix mode S_IFLNK in its external attributes, APPNOTE 4.4.2 and 4.4.15). */
  symlink?: boolean;
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
  const symlinks = symlinkIndexes(zip);
  for (const entry of entries) if (symlinks.has(entry.index)) entry.symlink = true;
  return entries;
}

/** Unix file type bits of a symbolic link (S_IFLNK) and the mask (S_IFMT). */
const S_IFLNK = 0o120000;
const S_IFMT = 0o170000;
/** "Version made by" host system 3: Unix, whose external attributes carry the mode in the high 16 bits (APPNOTE 4.4.2). */
const HOST_UNIX = 3;

/**
 * Indexes (in central directory order) of the entries that are symbolic links. fflate does not
 * expose external attributes, so this walks the central directory the way fflate does (end of
 * central directory record, APPNOTE 4.3.16, with its ZIP64 variant 4.3.14). Called only after
 * fflate has read the same directory; anything unexpected ends the walk (no more symlinks found).
 */
function symlinkIndexes(zip: Uint8Array): Set<number> {
  const found = new Set<number>();
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = zip.length - 22;
  while (end >= 0 && end >= zip.length - 22 - 65535 && u32(end) !== 0x06054b50) end--;
  if (end < 0 || u32(end) !== 0x06054b50) return found;
  let count = u16(end + 10);
  let offset = u32(end + 16);
  if (end >= 20 && u32(end - 20) === 0x07064b50) {
    const zip64End = Number(view.getBigUint64(end - 12, true));
    if (zip64End + 56 <= zip.length && u32(zip64End) === 0x06064b50) {
      count = Number(view.getBigUint64(zip64End + 32, true));
      offset = Number(view.getBigUint64(zip64End + 48, true));
    }
  }
  for (let index = 0; index < count; index++) {
    if (offset + 46 > zip.length || u32(offset) !== 0x02014b50) break;
    const host = zip[offset + 5];
    const mode = u32(offset + 38) >>> 16;
    if (host === HOST_UNIX && (mode & S_IFMT) === S_IFLNK) found.add(index);
    offset += 46 + u16(offset + 28) + u16(offset + 30) + u16(offset + 32);
  }
  return found;
}

/**
 * Why an entry is refused whatever it holds, or null: a name that would leave a directory if it
 * were extracted (absolute, a drive, or a `..` part), or a symbolic link. The importer lists such
 * entries with this reason even where it passes over files that are not activities.
 */
export function zipEntryPathRefusal(entry: ZipEntry): string | null {
  const parts = entry.name.split(/[\\/]/);
  if (/^([\\/]|[A-Za-z]:)/.test(entry.name) || parts.includes('..')) return `unsafe path in the ZIP: "${entry.name}"`;
  if (entry.symlink) return `a symbolic link in the ZIP: "${entry.name}" (links are never followed)`;
  return null;
}

/**
 * Why an entry cannot be read, or null when it can: {@link zipEntryPathRefusal}; a compression method fflate lacks; a
 * declared size over MAX_FILE_BYTES (a zip bomb cannot shrink that: the entry is inflated into a
 * buffer of its declared size and no further).
 */
export function zipEntryRefusal(entry: ZipEntry): string | null {
  const unsafe = zipEntryPathRefusal(entry);
  if (unsafe !== null) return unsafe;
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
