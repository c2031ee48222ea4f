/**
 * Reads a FIT file with Garmin's official SDK (@garmin/fitsdk) and tells what an upload would
 * send: the activity recordings it holds (one per chained FIT part), a workout (for the workout
 * importer), or a refusal. When the SDK cannot decode a part whose header and CRC are sound
 * (compressed-timestamp records of older ANT devices, accumulated fields it trips over), the part
 * is decoded again with fit-file-parser before it is refused.
 * Memory: records are never kept. Each is added to running totals as the SDK decodes it and then
 * emptied, so reading costs the file, a copy of the chained part being decoded (none for a file
 * of one part) and an empty object per record (see bench/fit.ts for the figures).
 * Sources: FIT protocol (file header, chained files, CRC) and file types,
 * https://developer.garmin.com/fit/protocol/ and https://developer.garmin.com/fit/file-types/;
 * SDK decoder, https://github.com/garmin/fit-javascript-sdk (README "Decoder", `mesgListener`);
 * fit-file-parser, https://github.com/jimmykane/fit-parser.
 */
import { Decoder, Profile, Stream, type FileIdMesg, type Mesg, type SessionMesg } from '@garmin/fitsdk';
import { InputError } from '../errors.js';
import { fitFileTypeInWords } from './fit-file-types.js';
import { decodeWithFitFileParser } from './fit-fallback.js';
import { FitRecordingTotals, type FitFileIdFields, type FitSessionFields } from './fit-totals.js';
import type { ActivityFileSummary } from './types.js';

/** One recording of a FIT file: the bytes to upload (its chained part) and what they hold. */
export interface FitRecording {
  bytes: Uint8Array;
  summary: ActivityFileSummary;
}

/** What `inspectFit` found: activity recordings to upload, or a workout for the workout importer. */
export type FitInspection =
  | { kind: 'activity'; recordings: FitRecording[] }
  | { kind: 'workout'; messages: Record<string, unknown[]> };

/** Size in bytes of the CRC that ends every FIT file. */
const FIT_CRC_SIZE = 2;
/** Smallest FIT file header (bytes 0–11; 14-byte headers add a header CRC). */
const FIT_MIN_HEADER_SIZE = 12;

/** Where one FIT file of a chain lies in the bytes: [start, end). */
interface FitPart {
  start: number;
  end: number;
}

/**
 * Decodes a FIT file and classifies it.
 * - Each chained FIT part (FIT protocol "chained FIT files": several complete FIT files back to
 *   back) is decoded on its own. Parts whose file_id type is `activity` become recordings, each
 *   uploaded as its own bytes (as Garmin would see them one by one); other parts of a chain
 *   (settings a device appends) are left out.
 * - An activity summary: sport (Garmin typeKey) from the session(s) (several: `multi_sport`);
 *   start from the first session's startTime, else the first record in recording order;
 *   duration from the sessions' totalElapsedTime, else last − first record (records earlier than
 *   the one before them ignored and counted in a warning); distance from the sessions'
 *   totalDistance, else the records' cumulative distance, else the haversine length of their
 *   positions; average/max HR from the sessions, else the records (0 = no reading); pointCount =
 *   records; device from file_id manufacturer and product.
 * - file_id type `workout` (a single part) → `{ kind: 'workout', messages }`: the SDK's decoded
 *   messages (`fileIdMesgs`, `workoutMesgs`, `workoutStepMesgs`, …).
 * Throws InputError(fileName, reason) when: it is not a FIT file; it is truncated (naming the
 * byte where reading stops when the SDK says); a header or file CRC does not match; a chained
 * FIT header is corrupt; neither the SDK nor fit-file-parser can decode a sound part (the SDK's
 * reason, never a raw JavaScript error); no part is an activity ("a settings file, not an
 * activity"); an activity has neither a session nor timed records, or its records span no time.
 */
export function inspectFit(bytes: Uint8Array, fileName: string): FitInspection {
  if (!hasFitHeader(bytes, 0)) {
    throw new InputError(fileName, 'not a FIT file (no valid FIT file header)');
  }
  const parts = fitParts(bytes, fileName);
  const decoded = parts.map((part, index) => ({ part, ...decodePart(bytes.subarray(part.start, part.end), part, index, fileName) }));
  const only = decoded[0];
  if (decoded.length === 1 && only.kind === 'workout') return { kind: 'workout', messages: only.messages };
  const recordings: FitRecording[] = [];
  for (const each of decoded) {
    if (each.kind === 'activity') recordings.push({ bytes: bytes.subarray(each.part.start, each.part.end), summary: each.totals.summary(fileName) });
  }
  if (recordings.length === 0) {
    throw new InputError(fileName, `${fitFileTypeInWords(only.kind === 'other' ? only.fileType : 'workout')}, not an activity`);
  }
  return { kind: 'activity', recordings };
}

/**
 * The chained FIT parts of a file, from each header's size fields (byte 0 header size, bytes
 * 4–7 data size, little endian) plus the CRC.
 * @throws InputError: "truncated FIT file: …" when a header promises more than the file holds
 * (with the SDK's stop byte for the first part); "corrupt FIT file: the chained FIT file at byte
 * N has an invalid header".
 */
function fitParts(bytes: Uint8Array, fileName: string): FitPart[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: FitPart[] = [];
  let start = 0;
  while (start < bytes.length) {
    if (start > 0 && !hasFitHeader(bytes, start)) {
      throw new InputError(fileName, `corrupt FIT file: the chained FIT file at byte ${start} has an invalid header`);
    }
    const end = start + view.getUint8(start) + view.getUint32(start + 4, true) + FIT_CRC_SIZE;
    if (end > bytes.length) {
      if (start > 0) {
        throw new InputError(fileName, `truncated FIT file: the chained FIT file at byte ${start} promises ${end - start} bytes, the file holds ${bytes.length - start}`);
      }
      const stopByte = sdkStopByte(bytes);
      const stop = stopByte === null ? '' : `; reading stops at byte ${stopByte}`;
      throw new InputError(fileName, `truncated FIT file: the header promises ${end} bytes, the file holds ${bytes.length}${stop}`);
    }
    parts.push({ start, end });
    start = end;
  }
  return parts;
}

/** A FIT file header at `offset`: a header size of 12 or more and ".FIT" at bytes 8–11. */
function hasFitHeader(bytes: Uint8Array, offset: number): boolean {
  if (bytes.length - offset < FIT_MIN_HEADER_SIZE || bytes[offset] < FIT_MIN_HEADER_SIZE) return false;
  return String.fromCharCode(bytes[offset + 8], bytes[offset + 9], bytes[offset + 10], bytes[offset + 11]) === '.FIT';
}

/** Where the SDK stops reading a damaged file ("FIT Runtime Error at byte 7472 …"), if it says. */
function sdkStopByte(bytes: Uint8Array): number | null {
  const { errors } = new Decoder(Stream.fromByteArray(bytes)).read({ mergeHeartRates: false, mesgListener: emptyRecords });
  return errors.length > 0 ? sdkErrorByte(errors[0]) : null;
}

/** What one chained part holds. */
type DecodedPart =
  | { kind: 'activity'; totals: FitRecordingTotals }
  | { kind: 'workout'; messages: Record<string, unknown[]> }
  | { kind: 'other'; fileType: string | number | undefined };

/**
 * Decodes one part: integrity first (header and file CRC), then the SDK with records added to
 * running totals; fit-file-parser when the SDK fails on a sound part.
 * @throws InputError (CRC mismatch; decode error both decoders give up on).
 */
function decodePart(partBytes: Uint8Array, part: FitPart, index: number, fileName: string): DecodedPart {
  const decoder = new Decoder(Stream.fromArrayBuffer(bufferOf(partBytes)));
  if (!decoder.checkIntegrity()) {
    throw new InputError(fileName, index === 0 ? 'FIT file CRC mismatch (the file is damaged)' : `FIT file CRC mismatch in the chained FIT file ending at byte ${part.end}`);
  }
  const totals = new FitRecordingTotals();
  let fileType: string | number | undefined;
  const { messages, errors } = decoder.read({
    mergeHeartRates: false,
    mesgListener: (mesgNum: number, mesg: Mesg) => {
      const message = mesg as Record<string, unknown>;
      if (mesgNum === Profile.MesgNum.RECORD) {
        totals.addRecord(message.timestamp, message.heartRate, message.distance, degrees(message.positionLat), degrees(message.positionLong));
        emptyMessage(message);
      } else if (mesgNum === Profile.MesgNum.SESSION) {
        totals.addSession(sdkSession(message as SessionMesg));
      } else if (mesgNum === Profile.MesgNum.FILE_ID) {
        fileType ??= (message as FileIdMesg).type;
        totals.setFileId(sdkFileId(message as FileIdMesg));
      }
    },
  });
  if (errors.length === 0) {
    if (fileType === 'workout') return { kind: 'workout', messages: messages as Record<string, unknown[]> };
    return fileType === 'activity' ? { kind: 'activity', totals } : { kind: 'other', fileType };
  }
  const fallback = decodeWithFitFileParser(partBytes);
  if (fallback !== null) {
    if (fallback.fileType === 'activity') return { kind: 'activity', totals: fallback.totals };
    if (fallback.fileType !== 'workout') return { kind: 'other', fileType: fallback.fileType };
  }
  throw new InputError(fileName, decodeFailure(errors[0], part.start), undefined, { cause: errors[0] });
}

/** Degrees of a FIT position in semicircles (FIT profile: 2^31 semicircles = 180°), or undefined. */
function degrees(semicircles: unknown): number | undefined {
  return typeof semicircles === 'number' ? semicircles * (180 / 2 ** 31) : undefined;
}

/** A mesgListener that only empties record messages (see emptyMessage). */
function emptyRecords(mesgNum: number, message: Mesg): void {
  if (mesgNum === Profile.MesgNum.RECORD) emptyMessage(message as Record<string, unknown>);
}

/**
 * Deletes a decoded message's fields, newest first (so V8 keeps the object small and fast): the
 * SDK keeps every message it decodes, and a 1 Hz day-long file has 100,000s of records.
 */
function emptyMessage(message: Record<string, unknown>): void {
  const keys = Object.keys(message);
  for (let i = keys.length - 1; i >= 0; i--) delete message[keys[i]];
}

/**
 * An ArrayBuffer holding exactly the part (the SDK's stream reads a whole ArrayBuffer and never
 * writes to it): the bytes' own buffer when they are all of it, else a copy of the part.
 */
function bufferOf(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function sdkSession(session: SessionMesg): FitSessionFields {
  return {
    startTime: session.startTime,
    totalElapsedTime: session.totalElapsedTime,
    totalDistance: session.totalDistance,
    avgHeartRate: session.avgHeartRate,
    maxHeartRate: session.maxHeartRate,
    sport: session.sport,
    subSport: session.subSport,
  };
}

function sdkFileId(fileId: FileIdMesg): FitFileIdFields {
  return { manufacturer: fileId.manufacturer, product: fileId.productName ?? fileId.garminProduct ?? fileId.product };
}

/** The byte offset an SDK error names ("FIT Runtime Error at byte 771 CRC error"), if any. */
function sdkErrorByte(error: Error): number | null {
  const match = /at byte (\d+)/.exec(error.message);
  return match ? Number(match[1]) : null;
}

/**
 * A one-line reason for an SDK decode error on a part whose header and CRC are sound and which
 * fit-file-parser could not read either. The SDK's own FIT Runtime Errors are kept ("compressed
 * timestamp messages are not currently supported"); a JavaScript error inside the SDK
 * (TypeError, RangeError) is never shown as such.
 */
function decodeFailure(error: Error, partStart: number): string {
  const partByte = sdkErrorByte(error);
  const where = partByte === null ? '' : ` at byte ${partStart + partByte}`;
  if (!/^FIT Runtime Error/.test(error.message)) return `FIT decode error${where}: neither the FIT SDK nor fit-file-parser can read its data`;
  const detail = error.message.replace(/^FIT Runtime Error\s*/, '').replace(/^at byte \d+\s*/, '');
  return `FIT decode error${where}: ${detail || 'unreadable data'}`;
}
