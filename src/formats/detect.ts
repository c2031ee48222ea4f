/**
 * Tells what an input file is by its content, never by its name: FIT, GPX, TCX, Zwift, MRC/ERG or
 * workout text, unwrapping gzip first. Sources: FIT file header, https://developer.garmin.com/fit/protocol/;
 * gzip, RFC 1952 §2.3.1; GPX 1.1, https://www.topografix.com/GPX/1/1/; TCX v2,
 * https://www8.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd.
 */
import { Gunzip } from 'fflate';
import { InputError } from '../errors.js';
import { isMrcText } from './mrc.js';
import { decodeUtf8, decodeXmlBytes, hasUtf16Bom } from './utf8.js';
import { xmlRootName } from './xml.js';

/**
 * What `detectFormat` found: an activity container (`fit`, `gpx`, `tcx`), workout `text`, a Zwift
 * workout (`zwo`), or a TrainerRoad-style MRC/ERG workout (`mrc`, both units).
 */
export type DetectedFormat = 'fit' | 'gpx' | 'tcx' | 'text' | 'zwo' | 'mrc';

/**
 * The largest activity file or workout text read (bytes), as given or once unzipped; beyond it a
 * file is refused, and a gzip or ZIP entry that would unzip to more is refused as a bomb.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Deflate's largest expansion: 258 bytes from about 2 bits (RFC 1951), i.e. about 1032 to 1. */
const DEFLATE_MAX_RATIO = 1032;

/** How many compressed bytes are inflated at a time, which bounds memory before the size check. */
const GUNZIP_CHUNK_BYTES = 16 * 1024;

const NOT_RECOGNISED = 'not a FIT, GPX, TCX or workout text file';

/**
 * Detects the format of a file's bytes:
 * - FIT: bytes 8–11 are ".FIT" (the FIT file header's data type);
 * - gzip (magic 1f 8b): unzipped with fflate, then the inner bytes are detected (once; a gzip
 *   inside a gzip is refused) and returned in `bytes`;
 * - XML (UTF-8, or UTF-16 with its BOM) whose root element (after a BOM, XML declaration and comments) is
 *   `<gpx>` → `gpx`, `<TrainingCenterDatabase>` → `tcx`, `<workout_file>` → `zwo` (Zwift workout);
 * - UTF-8 text that {@link isMrcText} accepts (a `[COURSE DATA]` section, a `MINUTES PERCENT|WATTS`
 *   line, or a `FILE NAME =` line followed by rows of two numbers) → `mrc` (MRC or ERG);
 * - any other UTF-8 text → `text` (a workout).
 * `bytes` is the input itself unless it was unzipped. A file whose name ends in `.fit`, `.gpx` or
 * `.tcx` (also `.gz`) must hold one of the three (any of them: content decides), else it is
 * refused as "not a GPX file (…)", never read as workout text.
 * Throws InputError (message `<fileName>: <reason>`): empty file; binary that is none of these
 * ("not a FIT, GPX, TCX or workout text file"); corrupt gzip; gzip that unzips to more than
 * MAX_FILE_BYTES; XML with another root; XML that is not well-formed before its root or
 * that has a DOCTYPE (with line and column).
 */
export function detectFormat(bytes: Uint8Array, fileName: string): { format: DetectedFormat; bytes: Uint8Array } {
  const inner = unwrapGzip(bytes, fileName);
  const claimed = claimedActivityFormat(fileName);
  if (claimed === null) return { format: detectUnzipped(inner, fileName), bytes: inner };
  let format: DetectedFormat;
  try {
    format = detectUnzipped(inner, fileName);
  } catch (err) {
    if (err instanceof InputError && err.reason.startsWith(NOT_RECOGNISED)) throw new InputError(fileName, `not a ${claimed.toUpperCase()} file (binary data of another kind)`);
    throw err;
  }
  if (format === 'fit' || format === 'gpx' || format === 'tcx') return { format, bytes: inner };
  throw new InputError(fileName, `not a ${claimed.toUpperCase()} file (${CONTENT_IN_WORDS[format]})`);
}

/** What a file holds, in words, when its name says it is an activity file but it is not. */
const CONTENT_IN_WORDS: Record<Exclude<DetectedFormat, 'fit' | 'gpx' | 'tcx'>, string> = {
  text: 'it holds plain text, not XML',
  zwo: 'it is a Zwift workout',
  mrc: 'it is an MRC/ERG workout',
};

/**
 * The activity format a file's name claims (`ride.gpx`, `run.FIT.gz` → `fit`), or null. A file
 * so named is never read as workout text: a workout has no reason to carry that extension.
 */
function claimedActivityFormat(fileName: string): 'fit' | 'gpx' | 'tcx' | null {
  const match = /\.(fit|gpx|tcx)(\.gz)?$/i.exec(fileName);
  return match ? (match[1].toLowerCase() as 'fit' | 'gpx' | 'tcx') : null;
}

/**
 * The bytes inside a gzip file (RFC 1952), or the bytes themselves when they are not gzip.
 * Throws InputError(fileName, …): corrupt gzip; more than MAX_FILE_BYTES unzipped; a gzip inside.
 */
export function unwrapGzip(bytes: Uint8Array, fileName: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const inner = gunzip(bytes, fileName);
  if (isGzip(inner)) throw new InputError(fileName, 'a gzip file inside a gzip file');
  return inner;
}

/**
 * Whether bytes may be an activity file, judged cheaply from their first bytes: a FIT header,
 * gzip, or text whose first non-blank character (after a UTF-8 BOM) is `<`. Used to pass over
 * the other files of a directory or ZIP (photos, CSV, JSON) without a word.
 */
export function looksLikeActivityFile(bytes: Uint8Array): boolean {
  if (hasFitSignature(bytes) || isGzip(bytes)) return true;
  if (hasUtf16Bom(bytes)) return true; // UTF-16 XML (GPX/TCX), read by decodeXmlBytes
  const head = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  for (let i = head; i < bytes.length && i < head + 4096; i++) {
    const byte = bytes[i];
    if (byte === 0x3c) return true;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return false;
}

/** gzip member header magic, RFC 1952 §2.3.1. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** FIT file header: bytes 8–11 hold the ASCII data type ".FIT". */
function hasFitSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && String.fromCharCode(bytes[8], bytes[9], bytes[10], bytes[11]) === '.FIT';
}

/** Control characters that never occur in a text file (tab, line feed, VT, FF, CR are allowed). */
const BINARY_CONTROL_CHARS = /[\u0000-\u0008\u000E-\u001F\u007F]/;

function detectUnzipped(bytes: Uint8Array, fileName: string): DetectedFormat {
  if (bytes.length === 0) throw new InputError(fileName, 'empty file');
  if (hasFitSignature(bytes)) return 'fit';
  const text = hasUtf16Bom(bytes) ? decodeXmlBytes(bytes) : decodeUtf8(bytes);
  if (text === null || BINARY_CONTROL_CHARS.test(text)) throw notText(bytes, fileName);
  if (!text.trimStart().startsWith('<')) return isMrcText(text) ? 'mrc' : 'text';
  const root = xmlRootName(text, fileName);
  if (root === 'gpx') return 'gpx';
  if (root === 'TrainingCenterDatabase') return 'tcx';
  if (root === 'workout_file') return 'zwo';
  throw new InputError(fileName, `XML whose root element is <${root}>, not <gpx> or <TrainingCenterDatabase>`);
}

/** How much of a file's start is sampled to tell text with a stray byte from binary (characters). */
const TEXT_SAMPLE_CHARS = 4096;
/** At most this many, or this share of, unreadable characters in the sample and a file is "almost text". */
const ALMOST_TEXT_BAD_COUNT = 8;
const ALMOST_TEXT_BAD_SHARE = 0.02;

/**
 * The refusal of bytes that are neither a known format nor text. For text that is almost a workout
 * (a stray NUL, a byte that is not UTF-8, in otherwise readable lines), it names the first line
 * and column that cannot be read; for binary, just NOT_RECOGNISED.
 */
function notText(bytes: Uint8Array, fileName: string): InputError {
  const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  const unreadable = /[\u0000-\u0008\u000E-\u001F\u007F\uFFFD]/g;
  const first = unreadable.exec(lossy);
  if (!first) return new InputError(fileName, NOT_RECOGNISED);
  const sample = lossy.slice(0, TEXT_SAMPLE_CHARS);
  const bad = sample.match(/[\u0000-\u0008\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  if (bad > Math.max(ALMOST_TEXT_BAD_COUNT, sample.length * ALMOST_TEXT_BAD_SHARE)) return new InputError(fileName, NOT_RECOGNISED);
  const before = lossy.slice(0, first.index);
  const lineStarts = before.match(/\r\n|\r|\n/g)?.length ?? 0;
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  const position = { line: lineStarts + 1, column: first.index - lastBreak };
  const what = first[0] === '\uFFFD'
    ? 'bytes that are not UTF-8 text'
    : `the control character U+${first[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}${first[0] === '\u0000' ? ' (NUL)' : ''}`;
  return new InputError(fileName, `${NOT_RECOGNISED}: line ${position.line} cannot be read (it has ${what})`, position);
}

/**
 * Unzips with fflate's streaming Gunzip straight into one buffer, refusing corrupt data and output
 * over MAX_FILE_BYTES. The gzip trailer's ISIZE (RFC 1952 §2.3.1: the last member's size mod 2^32)
 * sizes the buffer, within what deflate can produce from the input (at most DEFLATE_MAX_RATIO
 * times) and the limit; a trailer that lies (a truncated file) only makes the buffer grow
 * (doubling, never past the limit). Memory stays at about the output's size: at most the limit
 * plus one chunk, where collecting chunks and joining them took twice that.
 */
function gunzip(bytes: Uint8Array, fileName: string): Uint8Array {
  const limitMiB = MAX_FILE_BYTES / 1024 / 1024;
  const tooLarge = () => new InputError(fileName, `gzip file unzips to more than ${limitMiB} MiB`);
  const declared = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : 0;
  let out = new Uint8Array(Math.max(GUNZIP_CHUNK_BYTES, Math.min(declared, MAX_FILE_BYTES, bytes.length * DEFLATE_MAX_RATIO)));
  let total = 0;
  const stream = new Gunzip((chunk) => {
    if (total + chunk.length > MAX_FILE_BYTES) throw tooLarge();
    if (total + chunk.length > out.length) {
      const grown = new Uint8Array(Math.min(MAX_FILE_BYTES, Math.max(out.length * 2, total + chunk.length)));
      grown.set(out.subarray(0, total));
      out = grown;
    }
    out.set(chunk, total);
    total += chunk.length;
  });
  try {
    for (let start = 0; start < bytes.length; start += GUNZIP_CHUNK_BYTES) {
      const end = start + GUNZIP_CHUNK_BYTES;
      stream.push(bytes.subarray(start, end), end >= bytes.length);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(fileName, `corrupt gzip file: ${(err as Error).message}`, undefined, { cause: err });
  }
  return out.length === total ? out : out.subarray(0, total);
}
