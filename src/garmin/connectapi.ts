/**
 * One authenticated connectapi request with the status rules of the client (protocol §3
 * "Status codes", §3.8): 429 → RefusedError (one retry when Garmin asks for ≤ 60 s), 5xx →
 * GarminApiError{transient}, 404 → GarminApiError{404}, other 4xx → GarminApiError. A 401 is
 * handed back to the caller, which decides whether to refresh (client.ts) or not (login validation).
 */
import type { z } from 'zod';
import { GarminApiError } from '../errors.js';
import { NATIVE_HEADERS, type HttpContext, htmlTitle, isHtml, readText, redact, refusal, retryAfterSeconds, send } from './http.js';

/** Longest Retry-After the client waits for before its single retry of a 429, in seconds. */
const MAX_RETRY_AFTER_SECONDS = 60;

/** One connectapi request. */
export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A path below the API base URL (`/activity-service/activity/1`), or an absolute URL on the API host. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as is (e.g. FormData: fetch sets the multipart boundary). */
  body?: FormData;
  /** Non-2xx statuses (besides 401) returned to the caller instead of thrown, e.g. 409 on upload. */
  passStatuses?: readonly number[];
}

/** A connectapi answer: status, headers and the whole body as text. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** `METHOD /path` for messages. */
  what: string;
}

/** The absolute URL of a call: `path` joined to `apiUrl`, with the query appended. */
function callUrl(apiUrl: string, call: ApiCall): string {
  const url = new URL(/^https?:\/\//i.test(call.path) ? call.path : `${apiUrl}${call.path}`);
  for (const [key, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.href;
}

/**
 * Sends `call` with the native headers and `Authorization: Bearer <accessToken>` and reads the
 * body. Returns 2xx, 401 and `passStatuses` answers; throws RefusedError for 429 (after at most
 * one wait of ≤ 60 s when Retry-After says so) and for a 403 Cloudflare page, GarminApiError for
 * the rest (transient for 5xx and network errors).
 */
export async function callConnectApi(ctx: HttpContext, apiUrl: string, accessToken: string, call: ApiCall): Promise<ApiAnswer> {
  const url = callUrl(apiUrl, call);
  const what = `${call.method} ${new URL(url).pathname}`;
  const headers: Record<string, string> = { ...NATIVE_HEADERS, Authorization: `Bearer ${accessToken}` };
  let body: string | FormData | undefined = call.body;
  if (call.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(call.json);
  }
  for (let attempt = 1; ; attempt += 1) {
    const response = await send(ctx, call.method, url, { headers, body });
    const text = await readText(response, call.method, url, ctx.timeoutMs);
    const answer: ApiAnswer = { status: response.status, headers: response.headers, text, what };
    if ((response.status >= 200 && response.status < 300) || response.status === 401 || call.passStatuses?.includes(response.status)) {
      return answer;
    }
    if (response.status === 429) {
      const wait = retryAfterSeconds(response);
      if (attempt === 1 && wait !== undefined && wait <= MAX_RETRY_AFTER_SECONDS) {
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      throw refusal(response, text, `${what} (rate limited)`, 'try again later');
    }
    if (response.status === 403 && isHtml(response, text)) {
      throw refusal(response, text, what, 'try again later');
    }
    throw statusError(answer);
  }
}

/** GarminApiError for an answer the caller cannot use: 404, 5xx (transient) or another 4xx. */
export function statusError(answer: ApiAnswer): GarminApiError {
  const { status, what } = answer;
  if (status === 404) {
    return new GarminApiError(`Garmin has nothing at ${what} (404 Not Found)`, { status, transient: false });
  }
  if (status >= 500) {
    return new GarminApiError(`Garmin's server failed ${what} with HTTP ${status}; try again later`, { status, transient: true });
  }
  return new GarminApiError(`Garmin refused ${what} with HTTP ${status}${detail(answer)}`, { status, transient: false });
}

/** `: <Garmin's message>` from a JSON or HTML error body (redacted, one line, ≤ 200 chars), or ''. */
function detail(answer: ApiAnswer): string {
  const titled = /^\s*</.test(answer.text) ? htmlTitle(answer.text) : null;
  const text = (titled ?? answer.text).replace(/\s+/g, ' ').trim();
  return text ? `: ${redact(text).slice(0, 200)}` : '';
}

/**
 * Parses an answer's JSON body with `schema`. Throws GarminApiError (non-transient) naming the
 * request when the body is not JSON or does not have the expected shape.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, answer: ApiAnswer): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(answer.text) as unknown;
  } catch (error) {
    throw new GarminApiError(`Garmin's answer to ${answer.what} is not JSON`, { status: answer.status, transient: false, cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new GarminApiError(`Garmin's answer to ${answer.what} does not have the expected shape${at}: ${issue?.message ?? 'invalid'}`, {
      status: answer.status,
      transient: false,
      cause: parsed.error,
    });
  }
  return parsed.data;
}
