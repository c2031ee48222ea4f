/**
 * Small HTTP vocabulary shared by the emulator's route modules: the request context, the reply,
 * and helpers for JSON/HTML answers and the Garmin error bodies of protocol §3 "Status codes".
 */
import type { Switches } from './switches.js';
import type { EmulatorState } from './state.js';

/** One incoming request, read fully. */
export interface Ctx {
  method: string;
  /** Path without query. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** Request cookies by name. */
  cookies: Record<string, string>;
  /** Regex groups of the matched route. */
  params: string[];
  state: EmulatorState;
  switches: Switches;
  /** The emulator's base URL, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** Set by the upload route for the request log: a short description of a multipart body. */
  logBody?: string;
}

/** An answer. `drop: true` destroys the socket without answering. */
export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  drop?: boolean;
}

/** A route handler. */
export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

/** A JSON answer. */
export function json(status: number, value: unknown, headers: Record<string, string | string[]> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) };
}

/** An HTML answer. */
export function html(status: number, text: string, headers: Record<string, string | string[]> = {}): Reply {
  return { status, headers: { 'content-type': 'text/html;charset=UTF-8', ...headers }, body: text };
}

/** An empty answer (204 for DELETE/PUT and "no data", protocol §3). */
export function empty(status = 204): Reply {
  return { status };
}

/** 404 for an unknown id: `{"message":"HTTP 404 Not Found","error":"NotFoundException"}` [rec]. */
export function notFoundJson(): Reply {
  return json(404, { message: 'HTTP 404 Not Found', error: 'NotFoundException' });
}

/**
 * 400 for invalid input. The real shape is unrecorded (protocol §4 "Invalid input → 400, shape
 * unknown"): invented, modelled on the recorded 404 body.
 */
export function badRequest(message: string): Reply {
  return json(400, { message, error: 'BadRequestException' });
}

/** 404 HTML page for an unknown path (recorded/garth/cassettes/test_client_request.yaml). */
export function notFoundPage(): Reply {
  return html(
    404,
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>Not Found</title></head>\n<body>\n' +
      '    <div class="headerContainer">\n        <h2 class="page-title">Page Not Found</h2>\n\n' +
      "        <p>We're sorry. The page you're looking for does not exist.</p>\n    </div>\n</body>\n</html>\n",
  );
}

/** Parses a `Cookie` request header into name → value. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** A `Set-Cookie` value as the emulator sets them: `Path=/; HttpOnly`, never `Secure` (plain HTTP, protocol §4 "Cookies"). */
export function setCookie(name: string, value: string): string {
  return `${name}=${value}; Path=/; HttpOnly`;
}

/** Parses a JSON body; undefined when it is not JSON. */
export function parseJsonBody(ctx: Ctx): unknown {
  try {
    return JSON.parse(ctx.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
