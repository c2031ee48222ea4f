/**
 * The Garmin emulator: one real HTTP server on a random loopback port that plays sso, diauth and
 * connectapi (path-routed), speaks Garmin's protocol as recorded (reference/garmin-protocol.md §4,
 * §7, recorded/garth cassettes), keeps a request log, and has switches for every failure a user
 * meets. Used by every test and by `npm run demo`. Never prints anything.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ActivityRecord, seedActivities } from './activities.js';
import * as api from './api.js';
import { checkBearer, token } from './diauth.js';
import { type Ctx, type Handler, type Reply, notFoundPage, parseCookieHeader } from './http.js';
import { login, signInPage, verifyCode } from './sso.js';
import * as widget from './sso-widget.js';
import type { EmulatorState } from './state.js';
import { type Switches, defaultSwitches } from './switches.js';
import { isIsoDate, localDateOf } from './time-format.js';
import { upload, uploadStatus } from './upload.js';
import { WellnessGenerator } from './wellness.js';
import * as workouts from './workouts.js';

export type { Switches } from './switches.js';
export type { EmulatorState } from './state.js';

/** Options of startEmulator. */
export interface EmulatorOptions {
  /** The emulator's "today" (YYYY-MM-DD, UTC); the seeded year ends on it. Default: the real current UTC date. */
  today?: string;
  /** Seed for the deterministic data generator. Default 1. */
  seed?: number;
  /** Days of seeded history ending on `today`. Default 365. */
  days?: number;
  /** Initial switches (see Switches). */
  switches?: Partial<Switches>;
  /** Port to listen on (loopback). Default: a random free port. */
  port?: number;
}

/** One request the emulator received, as tests see it. */
export interface RequestLogEntry {
  method: string;
  /** Path without query. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** UTF-8 text for JSON/form bodies; for multipart, a short description like `<multipart file=run.fit 12345 bytes>`; null when empty. */
  body: string | null;
  /** Parsed JSON body when the request was JSON. */
  json?: unknown;
  /** Status answered (0 when the connection was dropped on purpose). */
  status: number;
  /** ISO time the request arrived. */
  time: string;
}

/** A running emulator. */
export interface Emulator {
  /** e.g. "http://127.0.0.1:41234" — one server plays sso, connectapi and diauth (path-routed). */
  url: string;
  /** { GARMIN_SYNC_SSO_URL, GARMIN_SYNC_API_URL, GARMIN_SYNC_DIAUTH_URL } all set to `url`. */
  env: Record<string, string>;
  /** Every request received, in order. */
  requests: RequestLogEntry[];
  /** Mutable switches; tests flip them between commands. */
  switches: Switches;
  /** Server-side state (activities, workouts, schedules, tokens…) for assertions. */
  state: EmulatorState;
  /** Stops the server and cuts open connections. */
  close(): Promise<void>;
}

type Route = [method: string, pattern: RegExp, handler: Handler];

const DATE = '(\\d{4}-\\d{2}-\\d{2})';

/** sso routes (§2.1, §2.2, §2.4). */
const SSO_ROUTES: Route[] = [
  ['GET', /^\/(mobile|portal)\/sso\/[A-Za-z]{2}(?:[-_][A-Za-z]{2})?\/sign-in$/, signInPage],
  ['POST', /^\/(mobile|portal)\/api\/login$/, login],
  ['POST', /^\/(mobile|portal)\/api\/mfa\/verifyCode$/, verifyCode],
  ['GET', /^\/sso\/embed$/, widget.embed],
  ['GET', /^\/sso\/signin$/, widget.signInFormPage],
  ['POST', /^\/sso\/signin$/, widget.submitSignIn],
  ['GET', /^\/sso\/verifyMFA\/loginEnterMfaCode$/, widget.mfaCodePage],
  ['POST', /^\/sso\/verifyMFA\/loginEnterMfaCode$/, widget.submitMfaCode],
  ['GET', /^\/sso\/login$/, widget.loginWithToken],
];

/** diauth routes (§2.3). */
const DIAUTH_ROUTES: Route[] = [['POST', /^\/di-oauth2-service\/oauth\/token$/, token]];

/** connectapi routes (§3); all need a Bearer. */
const API_ROUTES: Route[] = [
  ['GET', /^\/userprofile-service\/socialProfile$/, api.socialProfile],
  ['GET', /^\/userprofile-service\/userprofile\/user-settings\/?$/, api.userSettings],
  ['GET', /^\/activitylist-service\/activities\/search\/activities$/, api.searchActivities],
  ['GET', /^\/activity-service\/activity\/status\/(\d+)\/([0-9a-f]{32})$/, uploadStatus],
  ['GET', /^\/activity-service\/activity\/(\d+)$/, api.getActivity],
  ['GET', /^\/activity-service\/activity\/(\d+)\/splits$/, api.getSplits],
  ['PUT', /^\/activity-service\/activity\/(\d+)$/, api.updateActivity],
  ['DELETE', /^\/activity-service\/activity\/(\d+)$/, api.deleteActivity],
  ['GET', /^\/download-service\/files\/activity\/(\d+)$/, api.downloadOriginal],
  ['POST', /^\/upload-service\/upload(?:\/\.?(?:fit|gpx|tcx))?$/, upload],
  ['POST', /^\/workout-service\/workout$/, workouts.createWorkout],
  ['GET', /^\/workout-service\/workouts$/, workouts.listWorkouts],
  ['GET', /^\/workout-service\/workout\/(\d+)$/, workouts.getWorkout],
  ['PUT', /^\/workout-service\/workout\/(\d+)$/, workouts.replaceWorkout],
  ['DELETE', /^\/workout-service\/workout\/(\d+)$/, workouts.deleteWorkout],
  ['POST', /^\/workout-service\/schedule\/(\d+)$/, workouts.scheduleWorkout],
  ['GET', /^\/workout-service\/schedule\/(\d+)$/, workouts.getSchedule],
  ['DELETE', /^\/workout-service\/schedule\/(\d+)$/, workouts.deleteSchedule],
  ['GET', /^\/calendar-service\/year\/(\d{4})\/month\/(\d{1,2})$/, workouts.calendarMonth],
  ['GET', /^\/biometric-service\/biometric\/latestFunctionalThresholdPower\/CYCLING$/, workouts.latestCyclingFtp],
  ['GET', /^\/wellness-service\/wellness\/dailySleepData\/([^/]+)$/, api.dailySleep],
  ['GET', /^\/sleep-service\/sleep\/dailySleepData$/, api.dailySleep],
  ['GET', new RegExp(`^/hrv-service/hrv/${DATE}$`), api.hrvDay],
  ['GET', new RegExp(`^/hrv-service/hrv/daily/${DATE}/${DATE}$`), api.hrvRange],
  ['GET', /^\/wellness-service\/wellness\/dailyHeartRate(?:\/([^/]*))?$/, api.dailyHeartRate],
  ['GET', /^\/usersummary-service\/usersummary\/daily(?:\/([^/]*))?$/, api.dailySummary],
  ['GET', new RegExp(`^/metrics-service/metrics/maxmet/daily/${DATE}/${DATE}$`), api.maxMetRange],
  ['GET', new RegExp(`^/metrics-service/metrics/trainingreadiness/${DATE}$`), api.trainingReadiness],
  ['GET', new RegExp(`^/mobile-gateway/usersummary/trainingstatus/weekly/${DATE}/${DATE}$`), api.trainingStatusRange],
];

function match(routes: Route[], ctx: Ctx): Handler | null {
  for (const [method, pattern, handler] of routes) {
    const m = method === ctx.method ? pattern.exec(ctx.path) : null;
    if (m) {
      ctx.params = m.slice(1);
      return handler;
    }
  }
  return null;
}

/**
 * The connectapi fault switches, in the order a real front end would hit them: dropped
 * connection, 429 (Retry-After only when configured; Garmin normally sends none, §3.8), 5xx.
 */
function apiFault(s: Switches): Reply | null {
  if (s.dropConnectionsCount > 0) {
    s.dropConnectionsCount--;
    return { status: 0, drop: true };
  }
  if (s.api429 && s.api429.count > 0) {
    s.api429.count--;
    const retry = s.api429.retryAfterSeconds;
    const headers: Record<string, string> = { 'content-type': 'text/plain' };
    if (retry !== undefined) headers['retry-after'] = String(retry);
    if (s.api429.count === 0) s.api429 = null;
    return { status: 429, headers, body: 'Too Many Requests' };
  }
  if (s.api5xxCount > 0) {
    s.api5xxCount--;
    const status = s.api5xxCount % 2 === 0 ? 500 : 503;
    return { status, headers: { 'content-type': 'text/plain' }, body: status === 500 ? 'Internal Server Error' : 'Service Unavailable' };
  }
  return null;
}

async function dispatch(ctx: Ctx): Promise<Reply> {
  if (/^\/(mobile|portal|sso)\//.test(ctx.path)) {
    const handler = match(SSO_ROUTES, ctx);
    return handler ? handler(ctx) : notFoundPage();
  }
  if (ctx.path.startsWith('/di-oauth2-service/')) {
    const handler = match(DIAUTH_ROUTES, ctx);
    return handler ? handler(ctx) : notFoundPage();
  }
  const fault = apiFault(ctx.switches);
  if (fault) return fault;
  const denied = checkBearer(ctx);
  if (denied) return denied;
  // npm garmin-connect deletes with POST + X-Http-Method-Override: DELETE (§3.3).
  if (ctx.method === 'POST' && ctx.headers['x-http-method-override']?.toUpperCase() === 'DELETE') ctx.method = 'DELETE';
  const handler = match(API_ROUTES, ctx);
  return handler ? handler(ctx) : notFoundPage();
}

function describeBody(ctx: Ctx): { body: string | null; json?: unknown } {
  if (ctx.logBody) return { body: ctx.logBody };
  if (ctx.body.length === 0) return { body: null };
  const type = ctx.headers['content-type'] ?? '';
  if (type.startsWith('multipart/')) return { body: `<multipart ${ctx.body.length} bytes>` };
  const text = ctx.body.toString('utf8');
  if (type.includes('json')) {
    try {
      return { body: text, json: JSON.parse(text) };
    } catch {
      return { body: text };
    }
  }
  return { body: text };
}

function createState(seed: number, today: string, days: number): EmulatorState {
  const activities = new Map<number, ActivityRecord>();
  for (const a of seedActivities(seed, today, days)) activities.set(a.activityId, a);
  const activitiesOn = (date: string): ActivityRecord[] =>
    [...activities.values()].filter((a) => a.visible && localDateOf(a.startGmtMs) === date);
  const state: EmulatorState = {
    activities,
    uploads: new Map(),
    workouts: new Map(),
    schedules: new Map(),
    tickets: new Map(),
    sessions: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    wellness: new WellnessGenerator(seed, today, days, activitiesOn),
    clockOffsetMs: 0,
    now: () => Date.now() + state.clockOffsetMs,
    nextIds: { upload: 300_000_000_001, activity: 30_000_000_001, workout: 1_000_000_001, step: 9_000_000_001, schedule: 1_700_000_001 },
  };
  return state;
}

/**
 * Starts the emulator on 127.0.0.1 (random port unless `options.port`).
 * Throws when `today` is not a YYYY-MM-DD date or `days` is not a positive integer.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const days = options.days ?? 365;
  if (!isIsoDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a positive integer, got ${days}`);
  const switches: Switches = { ...defaultSwitches(), ...options.switches };
  const state = createState(options.seed ?? 1, today, days);
  const requests: RequestLogEntry[] = [];
  let baseUrl = '';

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const time = new Date().toISOString();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', baseUrl);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const ctx: Ctx = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: Buffer.concat(chunks),
      cookies: parseCookieHeader(headers.cookie),
      params: [],
      state,
      switches,
      baseUrl,
    };
    const method = ctx.method;
    let reply: Reply;
    try {
      reply = await dispatch(ctx);
    } catch {
      reply = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
    }
    if (switches.latencyMs > 0) await sleep(switches.latencyMs);
    const slow = switches.slowResponses;
    if (slow && slow.count > 0 && ctx.path.startsWith(slow.pathPrefix)) {
      slow.count -= 1;
      await sleep(slow.delayMs);
    }
    requests.push({ method, path: ctx.path, query: ctx.query, headers, ...describeBody(ctx), status: reply.drop ? 0 : reply.status, time });
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body ?? undefined);
  };

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    env: { GARMIN_SYNC_SSO_URL: baseUrl, GARMIN_SYNC_API_URL: baseUrl, GARMIN_SYNC_DIAUTH_URL: baseUrl },
    requests,
    switches,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
