/**
 * The emulator is as faithful as the recordings (issue 12 item 5): every exchange of every garth
 * cassette (../shared/reference/recorded/garth, real Garmin answers) whose route the emulator
 * serves is asked again of the emulator, in the cassette's order, and the answer must have the
 * recorded status and the recorded shape — keys at every depth and the kind of every value
 * (null vs array, …), merged over every recording of the same route and outcome (shape.ts).
 *
 * "The same question": the recorded method, path, query and body, with the account's own
 * displayName, activity ids mapped to the emulator's (learnt from list answers, else a fresh
 * activity per cassette), and the dates kept — or moved back by up to two weeks when the
 * emulator's seeded day has no such data (it skips some nights), or moved 40 years back when the
 * recording is an answer without data. Every recorded exchange the emulator does not serve is
 * named in NOT_SERVED with the reason, so none is skipped silently.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_EMAIL, DEMO_PASSWORD, DISPLAY_NAME, MFA_CODE } from '../../src/emulator/account.js';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { ActivityDetailSchema, ActivityListSchema } from '../../src/garmin/api/activities.js';
import { TrainingReadinessSchema, TrainingStatusLatestSchema, TrainingStatusRangeSchema } from '../../src/garmin/api/metrics.js';
import { SocialProfileSchema, UserSettingsSchema } from '../../src/garmin/api/profile.js';
import { UploadAnswerSchema } from '../../src/garmin/api/upload.js';
import { DailyHeartRateSchema, DailySleepSchema, DailySummarySchema, HrvDaySchema, HrvRangeSchema } from '../../src/garmin/api/wellness.js';
import { sharedPath } from '../shared.js';
import { signIn } from './helpers.js';
import { type Shape, addSample, shapeDifferences } from './shape.js';

const ROOT = sharedPath('reference/recorded/garth');
/** The recorded account's displayName. */
const RECORDED_DISPLAY_NAME = 'mtamizi';

/** One recorded exchange. */
interface Exchange {
  cassette: string;
  index: number;
  method: string;
  url: URL;
  requestHeaders: Record<string, string>;
  requestBody: string | Buffer | null;
  status: number;
  contentType: string;
  body: Buffer;
}

function cassetteFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? cassetteFiles(path) : name.endsWith('.yaml') ? [path] : [];
    });
}

function readExchanges(): Exchange[] {
  return cassetteFiles(ROOT).flatMap((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as { interactions: any[] };
    return doc.interactions.map((i, index): Exchange => {
      const header = (headers: Record<string, string[]> | undefined, name: string): string =>
        Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1]?.[0] ?? '';
      const raw = i.response.body.string;
      let body = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
      if (header(i.response.headers, 'content-encoding') === 'gzip') body = gunzipSync(body);
      const reqBody = i.request.body;
      return {
        cassette: relative(ROOT, file),
        index,
        method: i.request.method,
        url: new URL(i.request.uri),
        requestHeaders: Object.fromEntries(Object.entries((i.request.headers ?? {}) as Record<string, string[]>).map(([k, v]) => [k.toLowerCase(), v[0]])),
        requestBody: reqBody === null || reqBody === undefined ? null : typeof reqBody === 'string' ? reqBody : Buffer.from(reqBody),
        status: i.response.status.code,
        contentType: header(i.response.headers, 'content-type'),
        body,
      };
    });
  });
}

/** A route of the emulator: the recorded exchanges it covers. */
interface Route {
  name: string;
  method: string;
  host: string;
  path: RegExp;
  /**
   * Routes that answer the same data (the two sleep routes): a key this route's recordings lack
   * but a sibling's have is not an invented key (the wellness-service sleep recordings are from
   * 2021, before sleep scores; the sleep-service ones from 2025).
   */
  family?: string;
}

const api = (method: string, name: string, path: RegExp, family?: string): Route => ({ name: `${method} ${name}`, method, host: 'connectapi.garmin.com', path, family });
const sso = (method: string, name: string, path: RegExp): Route => ({ name: `${method} ${name}`, method, host: 'sso.garmin.com', path });

/** The routes the emulator serves that the recordings show. */
const SERVED: Route[] = [
  sso('GET', '/mobile/sso/{locale}/sign-in', /^\/mobile\/sso\/[a-z]{2}\/sign-in$/),
  sso('POST', '/mobile/api/login', /^\/mobile\/api\/login$/),
  sso('POST', '/mobile/api/mfa/verifyCode', /^\/mobile\/api\/mfa\/verifyCode$/),
  sso('GET', '/portal/sso/embed', /^\/portal\/sso\/embed$/),
  api('GET', '/userprofile-service/socialProfile', /^\/userprofile-service\/socialProfile$/),
  api('GET', '/userprofile-service/userprofile/user-settings', /^\/userprofile-service\/userprofile\/user-settings$/),
  api('GET', '/activitylist-service/activities/search/activities', /^\/activitylist-service\/activities\/search\/activities$/),
  api('GET', '/activity-service/activity/{id}', /^\/activity-service\/activity\/\d+$/),
  api('PUT', '/activity-service/activity/{id}', /^\/activity-service\/activity\/\d+$/),
  api('DELETE', '/activity-service/activity/{id}', /^\/activity-service\/activity\/\d+$/),
  api('GET', '/download-service/files/activity/{id}', /^\/download-service\/files\/activity\/\d+$/),
  api('POST', '/upload-service/upload', /^\/upload-service\/upload$/),
  api('GET', '/wellness-service/wellness/dailySleepData/{displayName}', /^\/wellness-service\/wellness\/dailySleepData\/[^/]+$/, 'sleep'),
  api('GET', '/sleep-service/sleep/dailySleepData', /^\/sleep-service\/sleep\/dailySleepData$/, 'sleep'),
  api('GET', '/hrv-service/hrv/{date}', /^\/hrv-service\/hrv\/\d{4}-\d{2}-\d{2}$/),
  api('GET', '/hrv-service/hrv/daily/{start}/{end}', /^\/hrv-service\/hrv\/daily\/[\d-]+\/[\d-]+$/),
  api('GET', '/wellness-service/wellness/dailyHeartRate/', /^\/wellness-service\/wellness\/dailyHeartRate\/$/),
  api('GET', '/usersummary-service/usersummary/daily/', /^\/usersummary-service\/usersummary\/daily\/$/),
  api('GET', '/metrics-service/metrics/trainingreadiness/{date}', /^\/metrics-service\/metrics\/trainingreadiness\/[\d-]+$/),
  api('GET', '/mobile-gateway/usersummary/trainingstatus/weekly/{start}/{end}', /^\/mobile-gateway\/usersummary\/trainingstatus\/weekly\/[\d-]+\/[\d-]+$/),
  api('GET', '/mobile-gateway/usersummary/trainingstatus/latest/{date}', /^\/mobile-gateway\/usersummary\/trainingstatus\/latest\/[\d-]+$/),
  api('GET', '/mobile-gateway/usersummary/trainingstatus/monthly/{start}/{end}', /^\/mobile-gateway\/usersummary\/trainingstatus\/monthly\/[\d-]+\/[\d-]+$/),
  api('GET', '/wellness-service/wellness/dailyStress/{date}', /^\/wellness-service\/wellness\/dailyStress\/[\d-]+$/),
  api('GET', '/wellness-service/wellness/bodyBattery/events/{date}', /^\/wellness-service\/wellness\/bodyBattery\/events\/[\d-]+$/),
  api('GET', '/usersummary-service/stats/stress/daily/{start}/{end}', /^\/usersummary-service\/stats\/stress\/daily\/[\d-]+\/[\d-]+$/),
  api('GET', '/usersummary-service/stats/stress/weekly/{end}/{weeks}', /^\/usersummary-service\/stats\/stress\/weekly\/[\d-]+\/\d+$/),
  api('GET', '/usersummary-service/stats/steps/daily/{start}/{end}', /^\/usersummary-service\/stats\/steps\/daily\/[\d-]+\/[\d-]+$/),
  api('GET', '/usersummary-service/stats/steps/weekly/{end}/{weeks}', /^\/usersummary-service\/stats\/steps\/weekly\/[\d-]+\/\d+$/),
  api('GET', '/usersummary-service/stats/im/daily/{start}/{end}', /^\/usersummary-service\/stats\/im\/daily\/[\d-]+\/[\d-]+$/),
  api('GET', '/usersummary-service/stats/im/weekly/{start}/{end}', /^\/usersummary-service\/stats\/im\/weekly\/[\d-]+\/[\d-]+$/),
  api('GET', '/usersummary-service/stats/hydration/daily/{start}/{end}', /^\/usersummary-service\/stats\/hydration\/daily\/[\d-]+\/[\d-]+$/),
  api('PUT', '/usersummary-service/usersummary/hydration/log', /^\/usersummary-service\/usersummary\/hydration\/log$/),
  api('GET', '/wellness-service/stats/daily/sleep/score/{start}/{end}', /^\/wellness-service\/stats\/daily\/sleep\/score\/[\d-]+\/[\d-]+$/),
  api('GET', '/metrics-service/metrics/hillscore', /^\/metrics-service\/metrics\/hillscore$/),
  api('GET', '/metrics-service/metrics/endurancescore', /^\/metrics-service\/metrics\/endurancescore$/),
  api('GET', '/biometric-service/heartRateZones', /^\/biometric-service\/heartRateZones$/),
  api('PUT', '/biometric-service/heartRateZones', /^\/biometric-service\/heartRateZones$/),
  api('GET', '/weight-service/weight/dayview/{date}', /^\/weight-service\/weight\/dayview\/[\d-]+$/),
  api('GET', '/weight-service/weight/range/{start}/{end}', /^\/weight-service\/weight\/range\/[\d-]+\/[\d-]+$/),
];

/** The valibot schema garmin-sync parses a route's answers with (src/garmin/api): it must accept the recorded and the emulator's fuller answers. */
const SCHEMAS: Record<string, v.GenericSchema> = {
  'GET /userprofile-service/socialProfile': SocialProfileSchema,
  'GET /userprofile-service/userprofile/user-settings': UserSettingsSchema,
  'GET /activitylist-service/activities/search/activities': ActivityListSchema,
  'GET /activity-service/activity/{id}': ActivityDetailSchema,
  'POST /upload-service/upload': UploadAnswerSchema,
  'GET /wellness-service/wellness/dailySleepData/{displayName}': DailySleepSchema,
  'GET /sleep-service/sleep/dailySleepData': DailySleepSchema,
  'GET /hrv-service/hrv/{date}': HrvDaySchema,
  'GET /hrv-service/hrv/daily/{start}/{end}': HrvRangeSchema,
  'GET /wellness-service/wellness/dailyHeartRate/': DailyHeartRateSchema,
  'GET /usersummary-service/usersummary/daily/': DailySummarySchema,
  'GET /metrics-service/metrics/trainingreadiness/{date}': TrainingReadinessSchema,
  'GET /mobile-gateway/usersummary/trainingstatus/weekly/{start}/{end}': TrainingStatusRangeSchema,
  'GET /mobile-gateway/usersummary/trainingstatus/latest/{date}': TrainingStatusLatestSchema,
};

/** Recorded exchanges the emulator does not serve, and why. */
const NOT_SERVED: Array<{ host: string; path: RegExp; why: string }> = [
  { host: 'thegarth.s3.amazonaws.com', path: /^\/oauth_consumer\.json$/, why: "garth's own OAuth1 consumer key, not Garmin" },
  { host: 'connectapi.garmin.com', path: /^\/oauth-service\//, why: 'the OAuth1 ticket exchange garth used; garmin-sync signs in through diauth (protocol §2.3)' },
  { host: 'connect.garmin.com', path: /^\/$/, why: 'the web app page' },
  { host: 'connectapi.garmin.com', path: /^\/$/, why: "the API host's root (an HTML 404)" },
  { host: 'connectapi.garmin.com', path: /^\/fitnessstats-service\//, why: 'fitness stats by activity type: not used by garmin-sync; not served yet' },
];

function routeOf(x: Exchange): Route | undefined {
  return SERVED.find((r) => r.method === x.method && r.host === x.url.host && r.path.test(x.url.pathname));
}

function notServed(x: Exchange): string | undefined {
  return NOT_SERVED.find((n) => n.host === x.url.host && n.path.test(x.url.pathname))?.why;
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** True when an answer carries no data: 204, `null`, `[]`, a sleep day with no sleep (`dailySleepDTO.id` null), weight without weigh-ins. */
function isEmptyAnswer(status: number, body: Buffer): boolean {
  if (status === 204 || body.length === 0) return true;
  const parsed = parseJson(body);
  if (!parsed.ok) return false;
  const v = parsed.value as any;
  if (v === null || (Array.isArray(v) && v.length === 0)) return true;
  // A sleep day without sleep; a weight day or range without weigh-ins.
  return (v.dailySleepDTO !== undefined && v.dailySleepDTO?.id === null) || v.dateWeightList?.length === 0 || v.dailyWeightSummaries?.length === 0;
}

/** The outcome class an answer's shape is merged under: route, status, and data or none. */
function outcomeOf(route: Route, status: number, body: Buffer): string {
  return `${route.name} → ${status}${isEmptyAnswer(status, body) ? ' (no data)' : ''}`;
}

/** The same class for the route's family (all its routes), or null without one. */
function familyOutcomeOf(route: Route, status: number, body: Buffer): string | null {
  return route.family ? `family ${route.family} → ${status}${isEmptyAnswer(status, body) ? ' (no data)' : ''}` : null;
}

const shiftDate = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const shiftYears = (date: string, years: number): string => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

describe('the emulator answers like the recordings', () => {
  const exchanges = readExchanges();
  let emu: Emulator;
  let bearer: string;
  /** Recorded activity id → emulator activity id. */
  const activityIds = new Map<string, number>();
  /** Emulator activities not yet handed to a cassette (oldest last). */
  let freeActivities: number[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ today: '2026-01-12', days: 2200, seed: 1 });
    bearer = (await signIn(emu)).access_token;
    freeActivities = [...emu.state.activities.values()].sort((a, b) => b.startGmtMs - a.startGmtMs).slice(20).map((a) => a.activityId);
  });
  afterAll(async () => emu.close());

  it('reads the 82 recorded cassettes of Garmin (191 interactions, 108 distinct requests), each served or named as not served', () => {
    const distinct = new Set(exchanges.map((x) => `${x.method} ${x.url.href}`));
    expect(new Set(exchanges.map((x) => x.cassette)).size).toBe(82);
    expect(distinct.size).toBe(108);
    expect(exchanges).toHaveLength(191);
    const unknown = exchanges.filter((x) => !routeOf(x) && !notServed(x)).map((x) => `${x.cassette}#${x.index} ${x.method} ${x.url.host}${x.url.pathname}`);
    expect(unknown).toEqual([]);
  });

  /** Recorded shapes per outcome class. */
  const shapes = new Map<string, Shape>();
  for (const x of exchanges) {
    const route = routeOf(x);
    const parsed = parseJson(x.body);
    if (!route || !parsed.ok) continue;
    for (const outcome of [outcomeOf(route, x.status, x.body), familyOutcomeOf(route, x.status, x.body)]) {
      if (outcome) shapes.set(outcome, addSample(parsed.value, shapes.get(outcome)));
    }
  }

  /** The path, query and body of `x` for the emulator, with ids mapped and dates shifted by `days` (or `years`). */
  function rewrite(x: Exchange, shift: { days?: number; years?: number }): { url: string; body: string | Buffer | undefined } {
    const moveDates = (text: string): string =>
      text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => (shift.years ? shiftYears(d, shift.years) : shiftDate(d, shift.days ?? 0)));
    const mapIds = (text: string): string =>
      text.replace(/\b(\d{11})\b/g, (id) => {
        if (!activityIds.has(id)) activityIds.set(id, freeActivities.shift()!);
        return String(activityIds.get(id));
      });
    let path = x.url.pathname.replace(`/${RECORDED_DISPLAY_NAME}`, `/${DISPLAY_NAME}`);
    if (/\/activity\/\d+$/.test(path)) path = mapIds(path);
    const url = `${emu.url}${moveDates(path)}${moveDates(x.url.search)}`;
    let body: string | Buffer | undefined = x.requestBody ?? undefined;
    if (typeof body === 'string' && x.url.pathname.startsWith('/activity-service/')) body = mapIds(body);
    if (typeof body === 'string' && x.url.pathname === '/mobile/api/login') {
      const login = JSON.parse(body);
      body = JSON.stringify({ ...login, username: DEMO_EMAIL, password: x.status === 200 ? DEMO_PASSWORD : 'not the password' });
    }
    if (typeof body === 'string' && x.url.pathname === '/mobile/api/mfa/verifyCode') body = JSON.stringify({ ...JSON.parse(body), mfaVerificationCode: MFA_CODE });
    return { url, body };
  }

  async function ask(x: Exchange, cookies: Map<string, string>, shift: { days?: number; years?: number }): Promise<{ status: number; contentType: string; body: Buffer }> {
    const { url, body } = rewrite(x, shift);
    const headers: Record<string, string> = { accept: x.requestHeaders.accept ?? '*/*' };
    if (x.requestHeaders['content-type']) headers['content-type'] = x.requestHeaders['content-type'];
    if (x.url.host === 'connectapi.garmin.com') headers.authorization = `Bearer ${bearer}`;
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { method: x.method, headers, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body), redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  }

  /** Asks `x` again; for a recorded answer with data, moves back day by day while the emulator's day has none. */
  async function askLike(x: Exchange, cookies: Map<string, string>): Promise<{ status: number; contentType: string; body: Buffer }> {
    const recordedEmpty = isEmptyAnswer(x.status, x.body);
    const dated = /\d{4}-\d{2}-\d{2}/.test(x.url.pathname + x.url.search);
    if (recordedEmpty && dated && x.method === 'GET') return ask(x, cookies, { years: -40 });
    let answer = await ask(x, cookies, { days: 0 });
    for (let days = -1; dated && x.method === 'GET' && !recordedEmpty && isEmptyAnswer(answer.status, answer.body) && days >= -14; days--) {
      answer = await ask(x, cookies, { days });
    }
    return answer;
  }

  const byCassette = new Map<string, Exchange[]>();
  for (const x of exchanges) if (routeOf(x)) byCassette.set(x.cassette, [...(byCassette.get(x.cassette) ?? []), x]);

  for (const [cassette, served] of byCassette) {
    it(`${cassette}: ${served.length} exchange(s) with the recorded status and shape`, async () => {
      const cookies = new Map<string, string>();
      // The recorded account asks for MFA when the recorded login answered MFA_REQUIRED.
      emu.switches.mfa = served.some((x) => x.body.toString('utf8').includes('"MFA_REQUIRED"'));
      const problems: string[] = [];
      for (const x of served) {
        const route = routeOf(x)!;
        const answer = await askLike(x, cookies);
        const where = `#${x.index} ${route.name}`;
        if (answer.status !== x.status) {
          problems.push(`${where}: status ${answer.status}, recorded ${x.status}`);
          continue;
        }
        const kindOf = (type: string): string => type.split(';')[0].trim().toLowerCase();
        if (x.body.length > 0 && kindOf(answer.contentType) !== kindOf(x.contentType)) {
          problems.push(`${where}: content-type ${answer.contentType}, recorded ${x.contentType}`);
        }
        if (x.body.length === 0 && answer.body.length !== 0 && x.status !== 200) problems.push(`${where}: a body where the recording has none`);
        const recorded = parseJson(x.body);
        if (!recorded.ok) continue;
        const mine = parseJson(answer.body);
        if (!mine.ok) {
          problems.push(`${where}: not JSON`);
          continue;
        }
        const schema = SCHEMAS[route.name];
        if (schema && answer.status < 300) {
          if (!v.safeParse(schema, recorded.value).success) problems.push(`${where}: garmin-sync's schema rejects the recorded answer`);
          if (!v.safeParse(schema, mine.value).success) problems.push(`${where}: garmin-sync's schema rejects the emulator's answer`);
        }
        const outcome = outcomeOf(route, x.status, x.body);
        if (outcomeOf(route, answer.status, answer.body) !== outcome) problems.push(`${where}: answered ${outcomeOf(route, answer.status, answer.body)}, recorded ${outcome}`);
        else {
          const family = familyOutcomeOf(route, x.status, x.body);
          const familyDiffs = family ? shapeDifferences(mine.value, shapes.get(family)!) : [];
          const diffs = shapeDifferences(mine.value, shapes.get(outcome)!).filter((d) => !family || !d.endsWith(': extra key') || familyDiffs.includes(d));
          problems.push(...diffs.map((d) => `${where} ${d}`));
        }
        // Learn the id mapping from lists: the emulator's n-th activity stands for the recorded n-th.
        if (Array.isArray(recorded.value) && Array.isArray(mine.value)) {
          recorded.value.forEach((item: any, n: number) => {
            const id = (mine.value as any[])[n]?.activityId;
            if (item?.activityId && id && !activityIds.has(String(item.activityId))) activityIds.set(String(item.activityId), id);
          });
        }
      }
      emu.switches.mfa = false;
      expect(problems).toEqual([]);
    });
  }
});
