/**
 * Upload answers (protocol §3.5): 202 accepted with a status URL to poll, 409 duplicate
 * (`failures[0].internalId` = the existing activity, message code 202), failure code 415 for a
 * file Garmin does not read. Unknown keys are kept.
 */
import * as v from 'valibot';

/** Message code Garmin uses for "Duplicate Activity." (independent of the HTTP status). */
export const DUPLICATE_ACTIVITY_CODE = 202;

const ImportMessageSchema = v.looseObject({
  code: v.nullish(v.number()),
  content: v.nullish(v.string()),
});

const ImportItemSchema = v.looseObject({
  internalId: v.nullish(v.number()),
  externalId: v.nullish(v.union([v.string(), v.number()])),
  messages: v.nullish(v.array(ImportMessageSchema)),
});

/** `detailedImportResult` of an upload or status answer. `uploadId` is a number, or `""` on failures. */
export const DetailedImportResultSchema = v.looseObject({
  uploadId: v.nullish(v.union([v.number(), v.string()])),
  uploadUuid: v.nullish(v.looseObject({ uuid: v.nullish(v.string()) })),
  owner: v.nullish(v.number()),
  fileSize: v.nullish(v.number()),
  processingTime: v.nullish(v.number()),
  creationDate: v.nullish(v.string()),
  fileName: v.nullish(v.string()),
  successes: v.nullish(v.array(ImportItemSchema)),
  failures: v.nullish(v.array(ImportItemSchema)),
});
/** A parsed detailedImportResult. */
export type DetailedImportResult = v.InferOutput<typeof DetailedImportResultSchema>;

/**
 * Body of `POST /upload-service/upload` answers and of the status URL's 200 answer. The
 * status answer's wrapping is not recorded (protocol §3.5 "[issue]"), so a bare result parses too.
 */
export const UploadAnswerSchema = v.union([
  v.pipe(
    v.looseObject({ detailedImportResult: DetailedImportResultSchema }),
    v.transform((o) => o.detailedImportResult),
  ),
  DetailedImportResultSchema,
]);

/** The upload was taken; Garmin processes it and names the activity at `statusUrl` later. */
export interface UploadAccepted {
  status: 'accepted';
  /** Absolute URL to poll (`…/activity-service/activity/status/{ms}/{uuid}`), rebased on the configured API host. */
  statusUrl: string;
  /** Garmin's hint (`location-in-milliseconds`) for the first poll, in ms. */
  pollDelayMs: number;
  /** Garmin's upload id. */
  uploadId: number | string;
}

/** What an upload did: accepted for processing, or a duplicate of an existing activity. */
export type UploadOutcome = UploadAccepted | { status: 'duplicate'; activityId: number };

/** The existing activity id a duplicate failure names, or null when the result is not a duplicate. */
export function duplicateActivityId(result: DetailedImportResult): number | null {
  for (const failure of result.failures ?? []) {
    if (failure.internalId != null && failure.messages?.some((m) => m.code === DUPLICATE_ACTIVITY_CODE)) {
      return failure.internalId;
    }
  }
  return null;
}

/** Garmin's failure messages joined for a user (`The file is of a type we do not support. (code 415)`), or null. */
export function failureText(result: DetailedImportResult): string | null {
  const texts = (result.failures ?? []).flatMap((f) => f.messages ?? []).map((m) => `${m.content ?? 'no message'} (code ${m.code ?? '?'})`);
  return texts.length > 0 ? texts.join('; ') : null;
}
