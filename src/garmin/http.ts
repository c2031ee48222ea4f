/**
 * The one fetch wrapper of the Garmin client (../shared/design.md, "Layers"): timeouts, the
 * redacted `--verbose` request log, network errors as typed errors, and the header sets of
 * protocol §1. Auth (refresh on 401) lives in client.ts; cookie jars in auth/login.ts.
 */
import { NetworkError, RefusedError } from '../errors.js';
import type { RequestPolicy } from './politeness.js';

/** A sink for --verbose lines: one line per request/response, secrets redacted. */
export type RequestLogger = (line: string) => void;

/** The fetch signature the client needs; Node's global fetch and fetch-cookie's wrapper both fit. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * How one request is sent: which fetch (plain or with a cookie jar), the log sink, the timeout in
 * ms, and for connectapi calls the politeness policy (limits and retries; none: one attempt,
 * unlimited concurrency — what sign-in and token validation use).
 */
export interface HttpContext {
  fetch: FetchLike;
  log?: RequestLogger;
  timeoutMs: number;
  policy?: RequestPolicy;
}

/** Default per-request timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Headers of Garmin Connect Mobile for Android, sent on every diauth and connectapi request
 * (protocol §1, "python-garminconnect / pirate-garmin native headers"). Authorization is added per call.
 */
export const NATIVE_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'GCM-Android-5.23',
  'X-Garmin-User-Agent': 'com.garmin.android.apps.connectmobile/5.23; ; Google/sdk_gphone64_arm64/google; Android/33; Dalvik/2.1.0',
  'X-Garmin-Paired-App-Version': '10861',
  'X-Garmin-Client-Platform': 'Android',
  'X-App-Ver': '10861',
  'X-Lang': 'en',
  'X-GCExperience': 'GC5',
  'Accept-Language': 'en-US,en;q=0.9',
  Accept: 'application/json',
};

const REDACTED = '[redacted]';
/** Keys whose values are secrets wherever they appear (JSON, form bodies, query strings). */
const SECRET_KEYS =
  'password|access_token|refresh_token|accessToken|refreshToken|serviceTicketId|service_ticket|ticket|mfaVerificationCode|mfa-code|mfa_token|captchaToken|connect_access_token|token|jti|_csrf|logintoken';

/**
 * Redacts secrets from a URL, body or header string before it is logged or put in a message:
 * Authorization / Cookie / Set-Cookie header values, Bearer and Basic credentials, CAS service
 * tickets (`ST-…`), JWTs, and the values of password/token/ticket/MFA-code keys in JSON, form
 * bodies and query strings. Returns the text with each secret replaced by `[redacted]`.
 */
export function redact(text: string): string {
  return text
    .replace(/\b(authorization|proxy-authorization|cookie|set-cookie)(\s*[:=]\s*)[^\r\n]*/gi, `$1$2${REDACTED}`)
    .replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`)
    .replace(/\bST-\d+-[A-Za-z0-9._~-]+/g, `ST-${REDACTED}`)
    .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED)
    .replace(new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g'), `$1"${REDACTED}"`)
    .replace(new RegExp(`(^|[?&\\s])(${SECRET_KEYS})=[^&\\s"]*`, 'g'), `$1$2=${REDACTED}`);
}

/**
 * Sends one request and returns the response (any status). Logs `→ METHOD url` and
 * `← STATUS METHOD url N ms` (redacted) when `ctx.log` is set. Aborts after `ctx.timeoutMs`.
 * Throws NetworkError (a transient GarminApiError, exit 7) when the host cannot be reached, the
 * connection drops or the timeout fires. Callers must read the body before the timeout (the signal covers it).
 */
export async function send(ctx: HttpContext, method: string, url: string, init: RequestInit = {}): Promise<Response> {
  const shown = redact(url);
  ctx.log?.(`→ ${method} ${shown}`);
  const started = performance.now();
  try {
    const response = await ctx.fetch(url, { ...init, method, signal: AbortSignal.timeout(ctx.timeoutMs) });
    ctx.log?.(`← ${response.status} ${method} ${shown} ${Math.round(performance.now() - started)} ms`);
    return response;
  } catch (error) {
    ctx.log?.(`← failed ${method} ${shown} ${Math.round(performance.now() - started)} ms`);
    throw networkError(error, method, url, ctx.timeoutMs);
  }
}

/** Reads a response body as text, mapping a dropped connection or a timeout to NetworkError. */
export async function readText(response: Response, method: string, url: string, timeoutMs: number): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw networkError(error, method, url, timeoutMs);
  }
}

/** Reads a response body as bytes (a download), with readText's error mapping. */
export async function readBytes(response: Response, method: string, url: string, timeoutMs: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw networkError(error, method, url, timeoutMs);
  }
}

/** Error codes of a connection that was never made: nothing reached Garmin. */
const CONNECT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'DNS lookup failed (host not found)',
  EAI_AGAIN: 'DNS lookup failed (temporary failure)',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  ENETDOWN: 'network down',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/**
 * The typed error for a request that got no (complete) answer: NetworkError (exit 7) naming the
 * host and what happened, read from undici's `cause` (code ECONNREFUSED, ENOTFOUND, a TLS
 * certificate code…) or the timeout signal. Only a request that may have reached Garmin (not a
 * GET, and the connection had been made) says it may have been received.
 */
function networkError(error: unknown, method: string, url: string, timeoutMs: number): NetworkError {
  const { host, pathname } = new URL(url);
  const where = redact(`${method} ${pathname}`);
  const name = error instanceof Error ? error.name : '';
  const cause = error instanceof Error && error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException) : undefined;
  const code = cause?.code ?? '';
  const detail = redact((cause?.message ?? (error instanceof Error ? error.message : String(error))).split('\n')[0]);
  let reason: string;
  let connected = true;
  if (name === 'TimeoutError' || name === 'AbortError') {
    const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
    reason = `no answer to ${where} within ${limit}`;
  } else if (CONNECT_CODES[code]) {
    reason = CONNECT_CODES[code];
    connected = false;
  } else if (/CERT|TLS|SSL|SELF_SIGNED/i.test(code)) {
    reason = `TLS failure (${code})`; // a readable code (CERT_HAS_EXPIRED…); OpenSSL's own text is not
    connected = false;
  } else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    reason = `the connection was cut during ${where} (${detail})`;
  } else {
    reason = `${where} failed (${detail})`;
  }
  return new NetworkError(host, reason, { maybeReceived: connected && method !== 'GET', cause: error });
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP date), or undefined when absent or unreadable. */
export function retryAfterSeconds(response: Pick<Response, 'headers'>): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** True when a body is an HTML page (Cloudflare's challenge/denial pages, Tomcat error pages). */
export function isHtml(response: Pick<Response, 'headers'>, body: string): boolean {
  return (response.headers.get('content-type') ?? '').includes('text/html') || /^\s*<(!doctype|html)/i.test(body);
}

/** The `<title>` of an HTML page, trimmed to one line, or null. */
export function htmlTitle(body: string): string | null {
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(body);
  return match ? match[1].replace(/\s+/g, ' ').trim() : null;
}

/**
 * RefusedError (exit 4) for a 429/403 or a Cloudflare page: says what happened and when to try
 * again. `step` names the request in the user's terms, e.g. `the sign-in`; `advice` ends the line.
 */
export function refusal(response: Pick<Response, 'status' | 'headers'>, body: string, step: string, advice: string): RefusedError {
  const retryAfter = retryAfterSeconds(response);
  const title = isHtml(response, body) ? htmlTitle(body) : null;
  const what = title ? `${response.status} "${title}"` : `HTTP ${response.status}`;
  const wait = retryAfter !== undefined ? ` (Retry-After: ${retryAfter} s)` : '';
  return new RefusedError(`Garmin refused ${step} with ${what}${wait}; ${advice}`, response.status, retryAfter);
}

/** Parses a JSON body; returns undefined when the body is not JSON. */
export function tryParseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
