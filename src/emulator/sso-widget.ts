/**
 * SSO, the legacy HTML widget flow (protocol §2.1, §2.4 "Legacy widget flow", §4 "SSO: legacy
 * widget"): `GET /sso/embed` (SESSION cookie), `GET /sso/signin` (form with a per-session `_csrf`),
 * `POST /sso/signin` (Success page with the ticket, 401 form, or 302 to the MFA page),
 * `GET|POST /sso/verifyMFA/loginEnterMfaCode`, and `GET /sso/login?logintoken=` after a correct
 * code. Titles and inline JS as recorded; a missing or wrong `_csrf` gets 403 (the real answer is
 * unrecorded; §4 lets the fake choose), and so does a POST without the SESSION cookie.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_EMAIL, DEMO_PASSWORD, GARMIN_GUID, MASKED_EMAIL, MFA_CODE } from './account.js';
import { type Ctx, type Reply, html, setCookie } from './http.js';
import { MFA_CODE_TTL_MS, alnum, issueTicket, pathRefusal, rateLimited, successCookies } from './sso.js';
import type { SsoSession } from './state.js';

/** The page every flow step must carry in `service` (protocol §2.1: `service=<EMBED>`). */
function serviceOf(ctx: Ctx): string | null {
  const service = ctx.query.service ?? '';
  return /\/sso\/embed$/.test(service) ? service : null;
}

/** The session of the request's SESSION cookie, or null. */
function sessionOf(ctx: Ctx): SsoSession | null {
  return ctx.state.sessions.get(ctx.cookies.SESSION ?? '') ?? null;
}

/** A fresh 100-hex-digit CSRF token stored on the session (protocol §2.1 step 2). */
function newCsrf(session: SsoSession): string {
  session.csrf = randomBytes(50).toString('hex').toUpperCase();
  return session.csrf;
}

/** The form fields of a urlencoded POST. */
function form(ctx: Ctx): URLSearchParams {
  return new URLSearchParams(ctx.body.toString('utf8'));
}

/** The sign-in form page (`GARMIN Authentication Application`), with `var status`/`result`. */
function signInForm(csrf: string, status: '' | 'FAIL'): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><title>GARMIN Authentication Application</title></head><body>\n' +
    '<form method="post" id="login-form"><input type="email" name="username"/><input type="password" name="password"/>\n' +
    '<input type="hidden" name="embed" value="true"/>\n' +
    `<input type="hidden" name="_csrf" value="${csrf}"/>\n</form>\n` +
    `<script>var status = "${status}"; var result = "${status ? 'error' : ''}";</script>\n</body></html>\n`
  );
}

/** The MFA page of §2.4 with its own `_csrf`, `mfa-code` and the JS vars clients read. */
function mfaPage(csrf: string, status: '' | 'FAIL'): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><title>Enter MFA code for login</title></head><body>\n' +
    '<form method="post" id="mfa-form"><input type="text" name="mfa-code" maxlength="6"/>\n' +
    '<input type="hidden" name="embed" value="true"/>\n' +
    `<input type="hidden" name="_csrf" value="${csrf}"/>\n` +
    '<input type="hidden" name="fromPage" value="setupEnterMfaCode"/>\n</form>\n' +
    `<script>var customerGuid = "${GARMIN_GUID}"; var mfaMethod = "email"; var locale = ""; var clientId = "";\n` +
    `var codeSentTo = "${MASKED_EMAIL}"; var status = "${status}"; var result = "${status ? 'error' : ''}";</script>\n</body></html>\n`
  );
}

/** The Success page with the ticket in `response_url` (protocol §2.1 step 3). */
function successPage(ctx: Ctx, service: string): Reply {
  const ticket = issueTicket(ctx, service);
  const url = `${service}?ticket=${ticket}`.replace(/\//g, '\\/');
  return html(
    200,
    '<!DOCTYPE html>\n<html><head><title>Success</title></head><body>\n' +
      `<script>var response_url = "${url}"; var status = "SUCCESS";</script>\n</body></html>\n`,
    { 'set-cookie': [...successCookies(), setCookie('GARMIN-SSO-GUID', GARMIN_GUID)] },
  );
}

const forbidden = (): Reply => html(403, '<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body>Forbidden</body></html>');

/** `GET /sso/embed`: `GAuth Embedded Version`, sets SESSION (step 1). */
export function embed(ctx: Ctx): Reply {
  const refused = pathRefusal(ctx, 'widget');
  if (refused) return refused;
  const id = alnum(36);
  ctx.state.sessions.set(id, { mfa: null });
  return html(200, '<!DOCTYPE html>\n<html><head><title>GAuth Embedded Version</title></head><body></body></html>\n', {
    'set-cookie': [setCookie('SESSION', id), setCookie('__VCAP_ID__', alnum(28))],
  });
}

/** `GET /sso/signin`: the form with a per-session `_csrf` (step 2). */
export function signInFormPage(ctx: Ctx): Reply {
  const refused = pathRefusal(ctx, 'widget');
  if (refused) return refused;
  const session = sessionOf(ctx);
  if (!session || !serviceOf(ctx)) return forbidden();
  return html(200, signInForm(newCsrf(session), ''));
}

/** `POST /sso/signin`: credentials + `_csrf` (step 3). */
export function submitSignIn(ctx: Ctx): Reply {
  const limited = rateLimited(ctx) ?? pathRefusal(ctx, 'widget');
  if (limited) return limited;
  const session = sessionOf(ctx);
  const service = serviceOf(ctx);
  const fields = form(ctx);
  if (!session || !service || !session.csrf || fields.get('_csrf') !== session.csrf) return forbidden();
  const knownUser = (fields.get('username') ?? '').toLowerCase() === DEMO_EMAIL;
  if (knownUser && ctx.switches.lockedAccount) {
    return html(200, '<!DOCTYPE html>\n<html><head><title>Account Locked</title></head><body></body></html>\n');
  }
  if (!knownUser || fields.get('password') !== DEMO_PASSWORD) return html(401, signInForm(newCsrf(session), 'FAIL'));
  if (ctx.switches.mfa) {
    session.widgetMfa = { service, codeIssuedAtMs: ctx.state.now() };
    const query = new URLSearchParams(ctx.query).toString();
    return { status: 302, headers: { location: `${ctx.baseUrl}/sso/verifyMFA/loginEnterMfaCode?${query}` } };
  }
  return successPage(ctx, service);
}

/** `GET /sso/verifyMFA/loginEnterMfaCode`: the MFA page with a new `_csrf` (§2.4). */
export function mfaCodePage(ctx: Ctx): Reply {
  const session = sessionOf(ctx);
  if (!session?.widgetMfa) return forbidden();
  return html(200, mfaPage(newCsrf(session), ''));
}

/** `POST /sso/verifyMFA/loginEnterMfaCode`: right code → 302 to `/sso/login?logintoken=`; wrong → the page with FAIL. */
export function submitMfaCode(ctx: Ctx): Reply {
  const limited = rateLimited(ctx);
  if (limited) return limited;
  const session = sessionOf(ctx);
  const fields = form(ctx);
  if (!session?.widgetMfa || !session.csrf || fields.get('_csrf') !== session.csrf) return forbidden();
  if (ctx.state.now() - session.widgetMfa.codeIssuedAtMs > MFA_CODE_TTL_MS || fields.get('mfa-code') !== MFA_CODE) {
    return html(200, mfaPage(newCsrf(session), 'FAIL'));
  }
  const token = alnum(10);
  (session.loginTokens ??= new Map()).set(token, session.widgetMfa.service);
  const service = session.widgetMfa.service;
  session.widgetMfa = undefined;
  const query = new URLSearchParams({ logintoken: token, service, locale: 'en', embed: 'true', source: service, redirectAfterAccountLoginUrl: service, embedWidget: 'true' });
  return { status: 302, headers: { location: `${ctx.baseUrl}/sso/login?${query}` } };
}

/** `GET /sso/login?logintoken=…`: the one-time token of the MFA redirect → the Success page. */
export function loginWithToken(ctx: Ctx): Reply {
  const session = sessionOf(ctx);
  const service = session?.loginTokens?.get(ctx.query.logintoken ?? '');
  if (!session || !service) return forbidden();
  session.loginTokens?.delete(ctx.query.logintoken ?? '');
  return successPage(ctx, service);
}
