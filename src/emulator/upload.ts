/**
 * Upload service (protocol §3.5, §4 "Upload"): `POST /upload-service/upload[/.fit|/fit|…]` with a
 * multipart part `file` (or `userfile`), and the status URL
 * `GET /activity-service/activity/status/{ms}/{uuid-nodash}` that answers 202 `uploadPollsBeforeDone`
 * times, then 200 with `successes:[{internalId}]`. Multipart is parsed by the web-standard Request.
 */
import { createHash, randomUUID } from 'node:crypto';
import { PROFILE_ID } from './account.js';
import type { ActivityRecord } from './activities.js';
import { UnsupportedFileError, parseActivityFile } from './activity-file.js';
import { type Ctx, type Reply, badRequest, json, notFoundPage } from './http.js';
import { FIT_EPOCH_OFFSET_SECONDS, uploadCreationFormat } from './time-format.js';

/** Two activities starting within this many ms are the same activity (protocol §4 "Duplicate"). */
const DUPLICATE_START_WINDOW_MS = 60_000;

interface ImportResultFields {
  uploadId: number | string;
  uploadUuid: { uuid: string } | null;
  fileSize: number;
  creationMs: number;
  fileName: string;
  successes: unknown[];
  failures: unknown[];
}

/** The `detailedImportResult` body of §3.5. */
function importResult(f: ImportResultFields): Record<string, unknown> {
  return {
    detailedImportResult: {
      uploadId: f.uploadId,
      uploadUuid: f.uploadUuid,
      owner: PROFILE_ID,
      fileSize: f.fileSize,
      processingTime: 36,
      creationDate: uploadCreationFormat(f.creationMs),
      ipAddress: null,
      fileName: f.fileName,
      report: null,
      successes: f.successes,
      failures: f.failures,
    },
  };
}

/** Reads the `file` (or `userfile`) part of a multipart body; null when there is none or the body is not multipart. */
async function readFilePart(ctx: Ctx): Promise<{ name: string; bytes: Buffer } | null> {
  const type = ctx.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) return null;
  try {
    const form = await new Request(`${ctx.baseUrl}${ctx.path}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: ctx.body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' }).formData();
    const part = form.get('file') ?? form.get('userfile');
    if (!part || typeof part === 'string') return null;
    return { name: part.name, bytes: Buffer.from(await part.arrayBuffer()) };
  } catch {
    return null;
  }
}

/** The activity id an upload duplicates (same SHA-256, or a start within a minute), or null. */
function findDuplicate(ctx: Ctx, sha256: string, startGmtMs: number): ActivityRecord | null {
  for (const a of ctx.state.activities.values()) {
    if (a.fileSha256 === sha256 || Math.abs(a.startGmtMs - startGmtMs) < DUPLICATE_START_WINDOW_MS) return a;
  }
  return null;
}

/**
 * `POST /upload-service/upload…`. New file → 202 + `location`; duplicate → 409 with the existing id
 * (message code 202); malformed or not an activity → 400 with message code 415 (the HTTP status of
 * that answer was never captured, §3.5: 400 is invented); missing file part → 400 (invented body);
 * `uploadFailCount` → 503 (a transient failure).
 */
export async function upload(ctx: Ctx): Promise<Reply> {
  const part = await readFilePart(ctx);
  ctx.logBody = part ? `<multipart file=${part.name} ${part.bytes.length} bytes>` : ctx.logBody;
  if (ctx.switches.uploadFailCount > 0) {
    ctx.switches.uploadFailCount--;
    return { status: 503, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' };
  }
  if (!part) return badRequest("Required request part 'file' is not present");
  const now = ctx.state.now();
  let parsed;
  try {
    parsed = parseActivityFile(part.bytes);
  } catch (err) {
    if (!(err instanceof UnsupportedFileError)) throw err;
    return json(
      400,
      importResult({
        uploadId: '', uploadUuid: null, fileSize: 0, creationMs: now, fileName: part.name, successes: [],
        failures: [{ internalId: null, externalId: null, messages: [{ code: 415, content: 'The file is of a type we do not support.' }] }],
      }),
    );
  }
  const sha256 = createHash('sha256').update(part.bytes).digest('hex');
  const externalId = String(Math.floor(parsed.startGmtMs / 1000) - FIT_EPOCH_OFFSET_SECONDS);
  const duplicate = findDuplicate(ctx, sha256, parsed.startGmtMs);
  if (duplicate) {
    // Garmin names only a filed activity as the duplicate: by now its processing is over, even
    // when the first uploader stopped polling (the real processing time is unrecorded, §3.5).
    duplicate.visible = true;
    return json(
      409,
      importResult({
        uploadId: '', uploadUuid: null, fileSize: part.bytes.length, creationMs: now, fileName: part.name, successes: [],
        failures: [{ internalId: duplicate.activityId, externalId, messages: [{ code: 202, content: 'Duplicate Activity.' }] }],
      }),
    );
  }
  const uuid = randomUUID();
  const activityId = ctx.state.nextIds.activity++;
  const activity: ActivityRecord = {
    activityId,
    activityUuid: randomUUID(),
    activityName: part.name.replace(/\.[^.]*$/, '') || 'Activity',
    typeKey: parsed.typeKey,
    startGmtMs: parsed.startGmtMs,
    durationSeconds: parsed.durationSeconds,
    elapsedDurationSeconds: parsed.elapsedDurationSeconds,
    movingDurationSeconds: Math.floor(parsed.durationSeconds),
    distanceMeters: parsed.distanceMeters,
    averageHR: parsed.averageHR,
    maxHR: parsed.maxHR,
    minHR: null,
    calories: parsed.calories ?? 0,
    elevationGainMeters: null,
    elevationLossMeters: null,
    startLatitude: parsed.startLatitude,
    startLongitude: parsed.startLongitude,
    endLatitude: null,
    endLongitude: null,
    averageRunCadence: null,
    aerobicTrainingEffect: 0,
    activityTrainingLoad: 0,
    vo2MaxValue: null,
    laps: parsed.laps,
    fileFormat: parsed.format,
    uploadedGmtMs: now,
    fileSha256: sha256,
    originalFile: part.bytes,
    visible: false,
  };
  ctx.state.activities.set(activityId, activity);
  const body = importResult({
    uploadId: ctx.state.nextIds.upload++, uploadUuid: { uuid }, fileSize: part.bytes.length, creationMs: now,
    fileName: part.name, successes: [], failures: [],
  });
  const key = `${now}/${uuid.replace(/-/g, '')}`;
  ctx.state.uploads.set(key, { activityId, polls: 0, body });
  return json(202, body, {
    location: `${ctx.baseUrl}/activity-service/activity/status/${key}`,
    'location-in-milliseconds': '1000',
  });
}

/**
 * `GET /activity-service/activity/status/{ms}/{uuid}`: 202 while "processing", then 200 with
 * `successes:[{internalId, externalId:null, messages:null}]` ([issue] shape, §3.5). The activity
 * becomes visible in search/detail once the final 200 has been answered: a client that never
 * polls does not learn the id (the conservative reading; real processing time is unrecorded).
 */
export function uploadStatus(ctx: Ctx): Reply {
  const record = ctx.state.uploads.get(`${ctx.params[0]}/${ctx.params[1]}`);
  if (!record) return notFoundPage();
  const activity = ctx.state.activities.get(record.activityId);
  if (record.polls < ctx.switches.uploadPollsBeforeDone && activity && !activity.visible) {
    record.polls++;
    return json(202, record.body);
  }
  if (activity) activity.visible = true;
  const inner = record.body.detailedImportResult as Record<string, unknown>;
  return json(200, {
    detailedImportResult: { ...inner, successes: [{ internalId: record.activityId, externalId: null, messages: null }] },
  });
}
