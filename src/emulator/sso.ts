/**
 * SSO, mobile/portal JSON flows (protocol §2.2, §2.4, §4 "SSO: mobile/portal JSON"):
 * `GET /{mobile|portal}/sso/{locale}/sign-in`, `POST /{mobile|portal}/api/login`,
 * `POST /{mobile|portal}/api/mfa/verifyCode`. Bodies are the recorded shapes of
 * recorded/garth/cassettes/test_login_*.yaml. The legacy `/sso/signin` widget flow is in sso-widget.ts.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { DEMO_EMAIL, DEMO_PASSWORD, GARMIN_GUID, MASKED_EMAIL, MFA_CODE } from './account.js';
import { type Ctx, type Reply, badRequest, html, isObject, json, notFoundPage, parseJsonBody, setCookie } from './http.js';
import { signInPageHtml } from './signin-page.js';
import type { LoginPath } from './switches.js';

/** Services each SSO client id may log in to (protocol §2.2, §2.3 table). */
const CLIENT_SERVICES: Record<string, { flow: 'mobile' | 'portal'; services: string[] }> = {
  GCM_ANDROID_DARK: { flow: 'mobile', services: ['https://mobile.integration.garmin.com/gcm/android'] },
  GCM_IOS_DARK: { flow: 'mobile', services: ['https://mobile.integration.garmin.com/gcm/ios'] },
  GarminConnect: {
    flow: 'portal',
    services: ['https://connect.garmin.com/app', 'https://connect.garmin.com/modern', 'https://connect.garmin.cn/app', 'https://connect.garmin.cn/modern'],
  },
};

/** How long a service ticket stays redeemable (standard CAS; protocol §4 marks it inferred). */
export const TICKET_TTL_MS = 60_000;
/** How long an MFA code stays valid (protocol §2.4: the Rust client assumes 300 s). */
export const MFA_CODE_TTL_MS = 300_000;

/** Random letters and digits (ids, cookie values). */
export function alnum(length: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), (b) => chars[b % chars.length]).join('');
}

function responseBody(type: string, message: string, httpStatus: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    serviceURL: null,
    serviceTicketId: null,
    responseStatus: { type, message, httpStatus },
    responseReason: null,
    customerMfaInfo: null,
    consentTypeList: null,
    captchaAlreadyPassed: false,
    samlResponse: null,
    authType: null,
    ...extra,
  };
}

/** Mints a single-use ticket bound to `service`: `ST-<digits>-<20 alnum>-sso` (protocol §2.1). */
export function issueTicket(ctx: Ctx, service: string): string {
  const ticket = `ST-${String(randomInt(0, 10_000_000)).padStart(7, '0')}-${alnum(20)}-sso`;
  ctx.state.tickets.set(ticket, { service, expiresAtMs: ctx.state.now() + TICKET_TTL_MS, used: false });
  return ticket;
}

/** Cookies a successful login sets (names as recorded; values invented). */
export function successCookies(): string[] {
  return [
    setCookie('CASTGC', `TGT-${randomInt(0, 10_000_000)}-${alnum(40)}-cas`),
    setCookie('GARMIN-SSO', '1'),
    setCookie('GARMIN-SSO-CUST-GUID', GARMIN_GUID),
    setCookie('GMN_TRACKABLE', '1'),
  ];
}

/**
 * The Cloudflare / JSON rate-limit answers of the `loginRateLimit` switch (protocol §2.1 "Cloudflare",
 * §2.2 JSON-body rate limit, §3.8), or null when the switch is off.
 */
export function rateLimited(ctx: Ctx): Reply | null {
  const mode = ctx.switches.loginRateLimit;
  if (!mode) return null;
  if (mode === 'cloudflare429') return cloudflarePage(429);
  if (mode === 'cloudflare403') return cloudflarePage(403);
  return json(429, { error: { 'status-code': '429', message: 'Too Many Requests' } });
}

/** Cloudflare's block pages as recorded in issues (protocol §2.1): 429 error 1015 (rate limited), 403 error 1020 (firewall rule). */
function cloudflarePage(status: 429 | 403): Reply {
  const cf = { server: 'cloudflare', 'cf-ray': `${alnum(16).toLowerCase()}-LAX` };
  const title = 'Access denied | sso.garmin.com used Cloudflare to restrict access';
  const body = status === 429 ? '<h1>Error 1015</h1><p>You are being rate limited</p>' : '<h1>Error 1020</h1><p>error code: 1020</p>';
  return html(status, `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body>${body}</body></html>\n`, cf);
}

/**
 * The answer of a sign-in path switched off with `loginPathRefusals` (the 404 page, or the JSON
 * CAPTCHA_REQUIRED of §2.2 for the JSON paths), or null when the path works.
 */
export function pathRefusal(ctx: Ctx, path: LoginPath): Reply | null {
  const refusal = ctx.switches.loginPathRefusals[path];
  if (!refusal) return null;
  if (refusal === 'cloudflare403') return ctx.method === 'POST' ? cloudflarePage(403) : null;
  if (refusal === 'notFound' || path === 'widget') return notFoundPage();
  // CAPTCHA_REQUIRED is [code] (python-garminconnect); its HTTP status is unrecorded: 200 like MFA_REQUIRED.
  return json(200, responseBody('CAPTCHA_REQUIRED', 'captchaRequired', 'OK', {}));
}

/** Validates `clientId` and `service` of a login/verify query; returns the service or an error reply. */
function checkClient(ctx: Ctx, flow: string): { service: string } | Reply {
  const client = CLIENT_SERVICES[ctx.query.clientId ?? ''];
  // Unknown client or service: unrecorded; 400 is the conservative choice (invented body).
  if (!client || client.flow !== flow) return badRequest('Invalid clientId');
  const service = ctx.query.service ?? '';
  if (!client.services.includes(service)) return badRequest('Invalid service');
  return { service };
}

/**
 * `GET /{mobile|portal}/sso/{locale}/sign-in`: the login page (a working form, signin-page.ts);
 * sets `SESSION` (§2.2 step 1).
 */
export function signInPage(ctx: Ctx): Reply {
  if (ctx.switches.loginPathRefusals[ctx.params[0] as LoginPath] === 'notFound') return notFoundPage();
  const session = ctx.cookies.SESSION && ctx.state.sessions.has(ctx.cookies.SESSION) ? ctx.cookies.SESSION : alnum(36);
  if (!ctx.state.sessions.has(session)) ctx.state.sessions.set(session, { mfa: null });
  return html(200, signInPageHtml(ctx.switches.browserAutofill), { 'set-cookie': [setCookie('SESSION', session), setCookie('__VCAP_ID__', alnum(28))] });
}

/** `POST /{mobile|portal}/api/login` (protocol §2.2 step 2). */
export function login(ctx: Ctx): Reply {
  const limited = rateLimited(ctx) ?? pathRefusal(ctx, ctx.params[0] as LoginPath);
  if (limited) return limited;
  const client = checkClient(ctx, ctx.params[0]);
  if ('status' in client) return client;
  const body = parseJsonBody(ctx);
  if (!isObject(body) || typeof body.username !== 'string' || typeof body.password !== 'string') {
    return badRequest('Invalid login request');
  }
  const knownUser = body.username.toLowerCase() === DEMO_EMAIL;
  if (knownUser && ctx.switches.lockedAccount) {
    // Invented: the locked-account type is unrecorded (§2.2). The message key exists in the
    // sign-in page's catalogue. HTTP 401 like a wrong password, so clients stop and never retry.
    return json(401, responseBody('ACCOUNT_LOCKED', 'generalLoginAccountLocked', 'UNAUTHORIZED', {}));
  }
  if (!knownUser || body.password !== DEMO_PASSWORD) {
    return json(401, responseBody('INVALID_USERNAME_PASSWORD', 'generalLoginInvalidUsernameOrPassword', 'UNAUTHORIZED', {}));
  }
  if (ctx.switches.mfa) {
    const existing = ctx.cookies.SESSION;
    const session = existing && ctx.state.sessions.has(existing) ? existing : alnum(36);
    ctx.state.sessions.set(session, { mfa: { service: client.service, codeIssuedAtMs: ctx.state.now() } });
    return json(
      200,
      responseBody('MFA_REQUIRED', '', 'OK', {
        customerMfaInfo: {
          email: MASKED_EMAIL,
          phoneNumber: null,
          mfaLastMethodUsed: 'email',
          defaultMfaMethod: null,
          mfaUISetting: { allowPhoneOption: true, allowAddEmailAddress: false, chooseDifferentWayShown: false },
        },
        consentTypeList: [],
      }),
      { 'set-cookie': [setCookie('SESSION', session)] },
    );
  }
  return json(
    200,
    responseBody('SUCCESSFUL', '', 'OK', { serviceURL: client.service, serviceTicketId: issueTicket(ctx, client.service), authType: 'CAS' }),
    { 'set-cookie': successCookies() },
  );
}

/** The verifyCode answer shape (recorded: no customerMfaInfo/consentTypeList/captchaAlreadyPassed keys). */
function verifyBody(type: string, message: string, httpStatus: string, serviceURL: string | null, ticket: string | null): Record<string, unknown> {
  return { serviceURL, serviceTicketId: ticket, responseStatus: { type, message, httpStatus }, responseReason: null, samlResponse: null, authType: ticket ? 'CAS' : null };
}

/** `POST /{mobile|portal}/api/mfa/verifyCode` (protocol §2.4): needs the SESSION cookie of the MFA_REQUIRED answer. */
export function verifyCode(ctx: Ctx): Reply {
  const limited = rateLimited(ctx);
  if (limited) return limited;
  const client = checkClient(ctx, ctx.params[0]);
  if ('status' in client) return client;
  const session = ctx.state.sessions.get(ctx.cookies.SESSION ?? '');
  if (!session?.mfa) {
    // Invented: unrecorded. Without the login's session cookie there is nothing to verify.
    return json(401, verifyBody('INVALID_SESSION', '', 'UNAUTHORIZED', null, null));
  }
  const body = parseJsonBody(ctx);
  if (!isObject(body) || typeof body.mfaVerificationCode !== 'string') return badRequest('Invalid MFA request');
  if (ctx.state.now() - session.mfa.codeIssuedAtMs > MFA_CODE_TTL_MS) {
    // Invented type (unrecorded): the code expired; the client must log in again.
    session.mfa = null;
    return json(200, verifyBody('MFA_CODE_EXPIRED', '', 'OK', null, null));
  }
  if (body.mfaVerificationCode !== MFA_CODE) {
    // Invented type (the wrong-code answer is unrecorded, §2.4/§7.10). The session stays usable for a retry.
    return json(200, verifyBody('INVALID_MFA_CODE', '', 'OK', null, null));
  }
  session.mfa = null;
  return json(200, verifyBody('SUCCESSFUL', '', 'OK', client.service, issueTicket(ctx, client.service)), { 'set-cookie': successCookies() });
}
