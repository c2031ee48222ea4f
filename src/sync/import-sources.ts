/**
 * What `import` reads: the paths a user gives, expanded into single files. A path may be a file,
 * `-` (standard input), a directory (every file in it and in its subdirectories, by name order;
 * hidden entries and symbolic links are passed over), or a ZIP (every entry, read in memory).
 * Files found inside a directory or ZIP are marked `inContainer`: the importer then takes only
 * activity files from them and passes over the rest (photos, CSV) without a word; a ZIP entry
 * refused for its name or as a symlink (zipEntryPathRefusal) is a source whose `read()` throws
 * the reason, so it is listed like any refused file.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import { MAX_FILE_BYTES, looksLikeActivityFile } from '../formats/detect.js';
import { isZip, listZipEntries, readZipEntry, zipEntryPathRefusal } from '../formats/zip.js';

/** The largest ZIP read (bytes): Node reads no single file over 2 GiB; unzip bigger ones first. */
export const MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/** One file to import. */
export interface ImportSource {
  /** What the user sees: the path, `-` for stdin, `export.zip:activities/1.fit.gz` for a ZIP entry. */
  label: string;
  /** Base name of the file (`1.fit.gz`, `stdin`). */
  fileName: string;
  /** Found inside a directory or ZIP rather than named by the user. */
  inContainer: boolean;
  /**
   * Its bytes (at most MAX_FILE_BYTES).
   * @throws InputError(label, reason): no such file, unreadable, too large, unsafe or corrupt ZIP entry.
   */
  read(): Promise<Uint8Array>;
}

/**
 * The files to import for `paths`, in order. Nothing is read until a source's `read()`, except a
 * ZIP's central directory (the ZIP itself is read once, when reached). A path that cannot be
 * read yields one source whose `read()` throws the reason, so the batch goes on.
 * `readStdin` supplies the bytes of `-`.
 */
export async function* importSources(paths: readonly string[], readStdin: () => Promise<Uint8Array>): AsyncGenerator<ImportSource> {
  for (const path of paths) {
    if (path === '-') {
      yield { label: '-', fileName: 'stdin', inContainer: false, read: readStdin };
      continue;
    }
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) {
      const reason = info.code === 'ENOENT' ? 'no such file' : `cannot read: ${info.message}`;
      yield failing(path, reason);
    } else if (info.isDirectory()) {
      yield* directorySources(path);
    } else {
      yield* fileSources(path, info.size, false);
    }
  }
}

/**
 * Reads a stream (standard input) to its end, refusing more than MAX_FILE_BYTES.
 * @throws InputError(label, "more than 256 MiB") past the limit.
 */
export async function readStreamLimited(stream: AsyncIterable<Uint8Array | string>, label: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    total += buffer.length;
    if (total > MAX_FILE_BYTES) throw new InputError(label, tooLarge(MAX_FILE_BYTES));
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Every regular file under `dir`, recursively, in name order; dot entries and symlinks are passed over. */
async function* directorySources(dir: string): AsyncGenerator<ImportSource> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: Error) => err);
  if (entries instanceof Error) {
    yield failing(dir, `cannot read the directory: ${entries.message}`);
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* directorySources(path);
    else if (entry.isFile()) {
      const info = await stat(path).catch(() => null);
      if (info) yield* fileSources(path, info.size, true);
    }
  }
}

/** One file: a ZIP expands into its entries; anything else is one source, refused when too large. */
async function* fileSources(path: string, size: number, inContainer: boolean): AsyncGenerator<ImportSource> {
  const head = await readHead(path);
  if (!isZip(head)) {
    if (size <= MAX_FILE_BYTES) yield { label: path, fileName: basename(path), inContainer, read: () => readPath(path) };
    else if (!inContainer || looksLikeActivityFile(head)) yield failing(path, tooLarge(MAX_FILE_BYTES), inContainer);
    return;
  }
  if (size > MAX_ZIP_BYTES) {
    yield failing(path, `${tooLarge(MAX_ZIP_BYTES)}: unzip it and import the folder`, inContainer);
    return;
  }
  let zip: Uint8Array;
  let entries;
  try {
    zip = await readPath(path);
    entries = listZipEntries(zip, path);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    yield failing(path, err.reason, inContainer);
    return;
  }
  for (const entry of entries) {
    const label = `${path}:${entry.name}`;
    // An unsafe name or a symlink is listed with its reason, never passed over as hidden (`..`).
    const unsafe = zipEntryPathRefusal(entry);
    if (unsafe !== null) {
      yield failing(label, unsafe, true);
      continue;
    }
    if (entry.name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX')) continue;
    yield { label, fileName: basename(entry.name), inContainer: true, read: async () => readZipEntry(zip, entry, label) };
  }
}

/** The first 4 KiB of a file (fewer when it is shorter; none when it cannot be opened). */
async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return new Uint8Array(0);
  try {
    const head = new Uint8Array(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readPath(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw new InputError(path, `cannot read: ${(err as Error).message}`, undefined, { cause: err });
  }
}

function failing(label: string, reason: string, inContainer = false): ImportSource {
  return {
    label,
    fileName: basename(label),
    inContainer,
    read: () => Promise.reject(new InputError(label, reason)),
  };
}

function tooLarge(limit: number): string {
  return `larger than ${Math.round(limit / 1024 / 1024)} MiB`;
}
