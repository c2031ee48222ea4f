/**
 * The second FIT decoder: fit-file-parser (jimmykane/fit-parser), for parts whose header and CRC
 * are sound but which @garmin/fitsdk cannot decode (compressed-timestamp records of older
 * Garmin/ANT devices; accumulated fields the SDK throws on). It keeps every message in memory,
 * which is acceptable for the rare files that need it.
 * Source: https://github.com/jimmykane/fit-parser (README "Parser options", list mode).
 */
import FitParser from 'fit-file-parser';
import { FitRecordingTotals } from './fit-totals.js';

/** What fit-file-parser read: the file type (as it names it: `activity`, `monitoring_b`) and, for an activity, its totals. */
export interface FallbackDecoding {
  fileType: string | number | undefined;
  totals: FitRecordingTotals;
}

interface ParsedMessage {
  [field: string]: unknown;
}

/**
 * Decodes one FIT part with fit-file-parser (CRC checked, no best-effort recovery), or null when
 * it refuses the part too (its errors are strings; any exception inside it counts the same).
 */
export function decodeWithFitFileParser(part: Uint8Array): FallbackDecoding | null {
  let parsed: Record<string, unknown> | undefined;
  let failed = false;
  try {
    // parse() calls back synchronously (it does no I/O); parseAsync only wraps it in a Promise.
    new FitParser({ force: false, mode: 'list', lengthUnit: 'm', speedUnit: 'm/s' }).parse(part.slice().buffer, (error, data) => {
      if (error !== undefined || data === undefined) failed = true;
      else parsed = data as unknown as Record<string, unknown>;
    });
  } catch {
    return null;
  }
  if (failed || parsed === undefined) return null;
  const fileIds = (parsed.file_ids as ParsedMessage[] | undefined) ?? [];
  const totals = new FitRecordingTotals();
  const fileId = fileIds[0];
  if (fileId !== undefined) totals.setFileId({ manufacturer: fileId.manufacturer, product: fileId.garmin_product ?? fileId.product });
  for (const record of (parsed.records as ParsedMessage[] | undefined) ?? []) {
    totals.addRecord(record.timestamp, record.heart_rate, record.distance, record.position_lat, record.position_long);
  }
  for (const session of (parsed.sessions as ParsedMessage[] | undefined) ?? []) {
    totals.addSession({
      startTime: session.start_time,
      totalElapsedTime: session.total_elapsed_time,
      totalDistance: session.total_distance,
      avgHeartRate: session.avg_heart_rate,
      maxHeartRate: session.max_heart_rate,
      sport: session.sport,
      subSport: session.sub_sport,
    });
  }
  return { fileType: fileId?.type as string | number | undefined, totals };
}
