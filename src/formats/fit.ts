/**
 * Reads a FIT file with Garmin's official SDK (@garmin/fitsdk) and tells what an upload would
 * send: an activity summary, a workout (for the workout importer), or a refusal.
 * Sources: FIT protocol and file types, https://developer.garmin.com/fit/protocol/ and
 * https://developer.garmin.com/fit/file-types/; SDK decoder,
 * https://github.com/garmin/fit-javascript-sdk (README "Decoder").
 */
import { Decoder, Stream, type FileIdMesg, type RecordMesg, type SessionMesg } from '@garmin/fitsdk';
import { InputError } from '../errors.js';
import { fitSportToTypeKey } from './sport.js';
import type { ActivityFileSummary } from './types.js';

/** What `inspectFit` found: an activity to upload, or a workout for the workout importer. */
export type FitInspection =
  | { kind: 'activity'; summary: ActivityFileSummary }
  | { kind: 'workout'; messages: Record<string, unknown[]> };

/** Size in bytes of the CRC that ends every FIT file. */
const FIT_CRC_SIZE = 2;

/**
 * Decodes a FIT file and classifies it.
 * - file_id type `activity` → `{ kind: 'activity', summary }`: sport (Garmin typeKey) from the
 *   session, start from session.startTime (or the first record), duration from
 *   session.totalElapsedTime (or last − first record timestamp, seconds), distance from
 *   session.totalDistance (meters), average/max HR from the session or else from the records
 *   (bpm), pointCount = records, device from file_id manufacturer and product name.
 *   Several sessions (multisport) are summed, with sport `multi_sport`.
 * - file_id type `workout` → `{ kind: 'workout', messages }`: the SDK's decoded messages
 *   (`fileIdMesgs`, `workoutMesgs`, `workoutStepMesgs`, … camelCase fields, enums as strings).
 * Throws InputError(fileName, reason) when: it is not a FIT file; it is truncated (the header
 * promises more bytes than the file holds, naming the byte where reading stops when the SDK says);
 * the CRC does not match; a chained FIT header is corrupt; the SDK reports any other decode error;
 * the file type is not an activity ("not an activity (settings)"); an activity has neither a
 * session nor timed records.
 */
export function inspectFit(bytes: Uint8Array, fileName: string): FitInspection {
  const stream = Stream.fromByteArray(bytes);
  if (!Decoder.isFIT(stream)) throw new InputError(fileName, 'not a FIT file (no valid FIT file header)');
  const decoder = new Decoder(stream);
  const intact = decoder.checkIntegrity();
  const { messages, errors } = decoder.read();
  const stopByte = errors.length > 0 ? sdkErrorByte(errors[0]) : null;
  if (!intact) throw new InputError(fileName, integrityFailure(bytes, stopByte));
  if (errors.length > 0) throw new InputError(fileName, decodeFailure(errors[0], stopByte), undefined, { cause: errors[0] });

  const fileId = messages.fileIdMesgs?.[0];
  const fileType = fileId?.type;
  if (fileType === 'workout') return { kind: 'workout', messages: messages as Record<string, unknown[]> };
  if (fileType !== 'activity') {
    throw new InputError(fileName, `not an activity (${fileType === undefined ? 'no file type' : String(fileType)})`);
  }
  return {
    kind: 'activity',
    summary: summarizeActivity(messages.sessionMesgs ?? [], messages.recordMesgs ?? [], fileId, fileName),
  };
}

/** The byte offset an SDK error names ("FIT Runtime Error at byte 771 CRC error"), if any. */
function sdkErrorByte(error: Error): number | null {
  const match = /at byte (\d+)/.exec(error.message);
  return match ? Number(match[1]) : null;
}

/**
 * Why `checkIntegrity()` failed: the header's size fields (byte 0 header size, bytes 4–7 data
 * size, little endian) promise more bytes than the file holds → truncated; otherwise the header
 * or file CRC does not match.
 */
function integrityFailure(bytes: Uint8Array, stopByte: number | null): string {
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const promised = header.getUint8(0) + header.getUint32(4, true) + FIT_CRC_SIZE;
  if (bytes.length < promised) {
    const stop = stopByte === null ? '' : `; reading stops at byte ${stopByte}`;
    return `truncated FIT file: the header promises ${promised} bytes, the file holds ${bytes.length}${stop}`;
  }
  return 'FIT file CRC mismatch (the file is damaged)';
}

/** A one-line reason for an SDK decode error on a file whose first FIT part is intact. */
function decodeFailure(error: Error, stopByte: number | null): string {
  if (/input is not a FIT file/.test(error.message)) {
    return `corrupt FIT file: the chained FIT file at byte ${stopByte ?? '?'} has an invalid header`;
  }
  if (/CRC error/.test(error.message)) {
    return `FIT file CRC mismatch in the chained FIT file ending at byte ${stopByte ?? '?'}`;
  }
  const detail = error.message.replace(/^FIT Runtime Error\s*/, '').replace(/^at byte \d+\s*/, '');
  const where = stopByte === null ? '' : ` at byte ${stopByte}`;
  return `FIT decode error${where}: ${detail || 'unreadable data'}`;
}

function summarizeActivity(
  sessions: SessionMesg[],
  records: RecordMesg[],
  fileId: FileIdMesg | undefined,
  fileName: string,
): ActivityFileSummary {
  const times = records.map((r) => r.timestamp).filter((t): t is Date => t instanceof Date);
  const heartRates = records.map((r) => r.heartRate).filter((hr): hr is number => typeof hr === 'number');
  const first = sessions[0];
  const startTime = first?.startTime instanceof Date ? first.startTime : times[0];
  if (startTime === undefined) throw new InputError(fileName, 'activity without a session or timed records');

  const elapsed = sessions.map((s) => s.totalElapsedTime).filter((t): t is number => typeof t === 'number');
  const distances = sessions.map((s) => s.totalDistance).filter((d): d is number => typeof d === 'number');
  const maxes = sessions.map((s) => s.maxHeartRate).filter((hr): hr is number => typeof hr === 'number');
  const recordSpanSeconds = times.length > 0 ? (times[times.length - 1].getTime() - times[0].getTime()) / 1000 : 0;
  const sessionAverageHR = sessions.length === 1 ? first.avgHeartRate : undefined;

  return {
    format: 'fit',
    sport: sessions.length > 1 ? 'multi_sport' : fitSportToTypeKey(first?.sport, first?.subSport),
    startTime,
    durationSeconds: elapsed.length > 0 ? sum(elapsed) : recordSpanSeconds,
    distanceMeters: distances.length > 0 ? sum(distances) : null,
    averageHR: sessionAverageHR ?? (heartRates.length > 0 ? Math.round(sum(heartRates) / heartRates.length) : null),
    maxHR: maxes.length > 0 ? Math.max(...maxes) : heartRates.length > 0 ? Math.max(...heartRates) : null,
    pointCount: records.length,
    device: deviceName(fileId),
  };
}

/** `garmin fenix5`, `wahooFitness 28`: file_id manufacturer and product name (or number). */
function deviceName(fileId: FileIdMesg | undefined): string | null {
  if (fileId?.manufacturer === undefined) return null;
  const product = fileId.productName ?? fileId.garminProduct ?? fileId.product;
  return product === undefined ? String(fileId.manufacturer) : `${String(fileId.manufacturer)} ${String(product)}`;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
