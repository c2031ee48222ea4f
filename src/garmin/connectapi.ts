/**
 * One authenticated connectapi request with the status rules of the client (protocol §3
 * "Status codes", §3.8) and, when the context carries a RequestPolicy, its limits and retries
 * (politeness.ts): 429 → RefusedError once retries are spent, 5xx →
 * GarminApiError{transient}, 404 → GarminApiError{404}, other 4xx → GarminApiError. A 401 is
 * handed back to the caller, which decides whether to refresh (client.ts) or not (login validation).
 */
import * as v from 'valibot';
import { GarminApiError } from '../errors.js';
import { NATIVE_HEADERS, type HttpContext, htmlTitle, isHtml, readBytes, readText, redact, refusal, retryAfterSeconds, send } from './http.js';
import { backoffDelayMs, sleep } from './politeness.js';

/** Without a policy: longest Retry-After the client waits for before its single retry of a 429, in seconds. */
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
  /** Read a 200 answer's body as bytes (`bytes`), e.g. a ZIP download; sent accepting any media type, as the app does (recorded/garth cassettes/test_download.yaml). */
  binary?: boolean;
}

/** A connectapi answer: status, headers and the whole body as text. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body of a 200 answer to a `binary` call ('' in `text` then). */
  bytes?: Uint8Array;
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
 * body. Returns 2xx, 401 and `passStatuses` answers. With `ctx.policy` (a pull), each attempt
 * waits for the policy's gate, and passing failures are retried up to `maxRetries` times: a 429
 * after its Retry-After (when ≤ `maxRetryAfterSeconds`) or else after exponential backoff with
 * jitter; a 5xx, a dropped connection or a timeout after backoff (not for POST, which may have
 * been carried out). Without a policy, only a 429
 * whose Retry-After is ≤ 60 s is retried, once.
 * @throws RefusedError (exit 4) for a 429 that is not (or no longer) retried and for a 403
 *   Cloudflare page; GarminApiError for the rest (transient for 5xx and network errors).
 */
export async function callConnectApi(ctx: HttpContext, apiUrl: string, accessToken: string, call: ApiCall): Promise<ApiAnswer> {
  const url = callUrl(apiUrl, call);
  const what = `${call.method} ${new URL(url).pathname}`;
  const headers: Record<string, string> = { ...NATIVE_HEADERS, Authorization: `Bearer ${accessToken}` };
  if (call.binary) headers.Accept = '*/*';
  let body: string | FormData | undefined = call.body;
  if (call.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(call.json);
  }
  const policy = ctx.policy;
  // A POST may have been carried out before a 5xx or a dropped connection: only a 429 (refused
  // before any work) is retried for it.
  const retriesOnFailure = call.method === 'POST' ? 0 : (policy?.maxRetries ?? 0);
  const attemptOnce = async (): Promise<ApiAnswer> => {
    const response = await send(ctx, call.method, url, { headers, body });
    if (call.binary && response.status === 200) {
      return { status: 200, headers: response.headers, text: '', bytes: await readBytes(response, call.method, url, ctx.timeoutMs), what };
    }
    return { status: response.status, headers: response.headers, text: await readText(response, call.method, url, ctx.timeoutMs), what };
  };
  for (let retry = 0; ; retry += 1) {
    let answer: ApiAnswer;
    try {
      answer = await (policy ? policy.gate.run(attemptOnce) : attemptOnce());
    } catch (error) {
      if (policy && retry < retriesOnFailure && error instanceof GarminApiError && error.transient) {
        await sleep(backoffDelayMs(retry + 1, policy));
        continue;
      }
      throw error;
    }
    const { status } = answer;
    if ((status >= 200 && status < 300) || status === 401 || call.passStatuses?.includes(status)) return answer;
    if (status === 429) {
      const wait = retryAfterSeconds(answer);
      const waitable = wait !== undefined && wait <= (policy?.maxRetryAfterSeconds ?? MAX_RETRY_AFTER_SECONDS);
      if (policy && retry < policy.maxRetries && (wait === undefined || waitable)) {
        await sleep(wait === undefined ? backoffDelayMs(retry + 1, policy) : wait * 1000);
        continue;
      }
      if (!policy && retry === 0 && waitable) {
        await sleep(wait * 1000);
        continue;
      }
      throw refusal(answer, answer.text, `${what} (rate limited)`, 'try again later');
    }
    if (status === 403 && isHtml(answer, answer.text)) {
      throw refusal(answer, answer.text, what, 'try again later');
    }
    if (status >= 500 && policy && retry < retriesOnFailure) {
      await sleep(backoffDelayMs(retry + 1, policy));
      continue;
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
export function parseAnswer<T>(schema: v.GenericSchema<unknown, T>, answer: ApiAnswer): T {
  let json: unknown;
  try {
    json = JSON.parse(answer.text) as unknown;
  } catch (error) {
    throw new GarminApiError(`Garmin's answer to ${answer.what} is not JSON`, { status: answer.status, transient: false, cause: error });
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue);
    const at = path ? ` at ${path}` : '';
    throw new GarminApiError(`Garmin's answer to ${answer.what} does not have the expected shape${at}: ${issue.message}`, {
      status: answer.status,
      transient: false,
      cause: new v.ValiError(parsed.issues),
    });
  }
  return parsed.output;
}
