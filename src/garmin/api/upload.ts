/**
 * Upload answers (protocol §3.5): 202 accepted with a status URL to poll, 409 duplicate
 * (`failures[0].internalId` = the existing activity, message code 202), failure code 415 for a
 * file Garmin does not read. Unknown keys are kept.
 */
import { z } from 'zod';

/** Message code Garmin uses for "Duplicate Activity." (independent of the HTTP status). */
export const DUPLICATE_ACTIVITY_CODE = 202;

const ImportMessageSchema = z.looseObject({
  code: z.number().nullish(),
  content: z.string().nullish(),
});

const ImportItemSchema = z.looseObject({
  internalId: z.number().nullish(),
  externalId: z.union([z.string(), z.number()]).nullish(),
  messages: z.array(ImportMessageSchema).nullish(),
});

/** `detailedImportResult` of an upload or status answer. `uploadId` is a number, or `""` on failures. */
export const DetailedImportResultSchema = z.looseObject({
  uploadId: z.union([z.number(), z.string()]).nullish(),
  uploadUuid: z.looseObject({ uuid: z.string().nullish() }).nullish(),
  owner: z.number().nullish(),
  fileSize: z.number().nullish(),
  processingTime: z.number().nullish(),
  creationDate: z.string().nullish(),
  fileName: z.string().nullish(),
  successes: z.array(ImportItemSchema).nullish(),
  failures: z.array(ImportItemSchema).nullish(),
});
/** A parsed detailedImportResult. */
export type DetailedImportResult = z.infer<typeof DetailedImportResultSchema>;

/**
 * Body of `POST /upload-service/upload` answers and of the status URL's 200 answer. The
 * status answer's wrapping is not recorded (protocol §3.5 "[issue]"), so a bare result parses too.
 */
export const UploadAnswerSchema = z.union([
  z.looseObject({ detailedImportResult: DetailedImportResultSchema }).transform((o) => o.detailedImportResult),
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
