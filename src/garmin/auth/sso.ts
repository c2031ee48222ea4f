/**
 * The JSON SSO paths (protocol §2.2 steps 1–3, §2.3 "portal", §2.4 "Mobile/portal JSON flows"):
 * sign-in page GET for cookies, `POST /{mobile|portal}/api/login`, and
 * `POST /{mobile|portal}/api/mfa/verifyCode` when Garmin asks for a code. Yields a CAS service
 * ticket. The caller's HttpContext carries the cookie jar; nothing here retries.
 */
import * as v from 'valibot';
import { AuthError, GarminApiError, RefusedError } from '../../errors.js';
import { htmlTitle, isHtml, readText, refusal, send, tryParseJson } from '../http.js';
import type { Endpoints } from '../types.js';
import { LOGIN_REFUSED_ADVICE } from './diauth.js';
import { type MfaChallenge, MfaCodeRejectedError, type PathOutcome, PathRefusedError, type SsoContext } from './sign-in-path.js';

/** SSO client id of Garmin Connect Mobile for Android (protocol §2.2). */
export const MOBILE_CLIENT_ID = 'GCM_ANDROID_DARK';
/** The CAS `service` of the Android app; the DI exchange must name the same (protocol §2.3). */
export const MOBILE_SERVICE_URL = 'https://mobile.integration.garmin.com/gcm/android';
/** SSO client id of the Garmin Connect web portal (protocol §2.3 "portal"). */
export const PORTAL_CLIENT_ID = 'GarminConnect';

/** One JSON path: `mobile` (`/mobile/…`, the Android app's client) or `portal` (`/portal/…`, the web app's). */
export interface JsonSsoPath {
  path: 'mobile' | 'portal';
  clientId: string;
  /** The CAS service the ticket is issued for (sent again to diauth). */
  service: string;
  /** The sign-in page's locale segment (`en_US` for mobile, `en-US` for portal, as clients send them). */
  pageLocale: string;
}

/** The mobile JSON path of the Android app (protocol §2.2). */
export function mobilePath(): JsonSsoPath {
  return { path: 'mobile', clientId: MOBILE_CLIENT_ID, service: MOBILE_SERVICE_URL, pageLocale: 'en_US' };
}

/** The portal JSON path (protocol §2.3); its service is the web app on the account's domain (`connect.garmin.com` or `.cn`). */
export function portalPath(endpoints: Endpoints): JsonSsoPath {
  return { path: 'portal', clientId: PORTAL_CLIENT_ID, service: `https://connect.${endpoints.domain}/app`, pageLocale: 'en-US' };
}

/** The JSON of `/{mobile|portal}/api/login` and `…/mfa/verifyCode` (protocol §2.2, §2.4). */
const SsoAnswerSchema = v.looseObject({
  serviceURL: v.nullish(v.string()),
  serviceTicketId: v.nullish(v.string()),
  responseStatus: v.nullish(v.looseObject({ type: v.string(), message: v.nullish(v.string()) })),
  customerMfaInfo: v.nullish(
    v.looseObject({
      email: v.nullish(v.string()),
      phoneNumber: v.nullish(v.string()),
      mfaLastMethodUsed: v.nullish(v.string()),
      defaultMfaMethod: v.nullish(v.string()),
    }),
  ),
  error: v.nullish(v.looseObject({ 'status-code': v.nullish(v.union([v.string(), v.number()])) })),
});
type SsoAnswer = v.InferOutput<typeof SsoAnswerSchema>;

/** The MFA verification step's name in messages; a non-SUCCESSFUL answer to it means a wrong code. */
const MFA_STEP = 'the MFA check';

/** What one SSO POST yielded: a ticket, or a request for an MFA code. */
type SsoStep = { kind: 'ticket'; ticket: string } | { kind: 'mfa'; challenge: MfaChallenge };

/** True for a Cloudflare block/challenge page (title or `cf-mitigated` header). */
export function isCloudflarePage(response: Response, body: string): boolean {
  if (response.headers.get('cf-mitigated')) return true;
  return isHtml(response, body) && /cloudflare|access denied|just a moment|attention required/i.test(htmlTitle(body) ?? '');
}

/** True for Cloudflare's rate-limit page (error 1015, "You are being rate limited"), whatever its status. */
export function isRateLimitPage(response: Response, body: string): boolean {
  return isCloudflarePage(response, body) && /rate limited|error(?: code:?)? 1015\b/i.test(body);
}

/**
 * Throws for an answer that ends a sign-in step before its body is read as JSON (the rules of
 * sign-in-path.ts): RefusedError for a 429 or Cloudflare's rate-limit page (stops the login);
 * PathRefusedError for a 403 or another Cloudflare page (this path's bot challenge), a 404, and
 * (unless `expectHtml`, for the HTML widget) any other HTML answer: the next path is tried;
 * GarminApiError{transient} for 5xx.
 */
export function throwIfNotUsable(sso: { path: PathRefusedError['path'] }, response: Response, text: string, step: string, expectHtml = false): void {
  if (response.status === 429 || isRateLimitPage(response, text)) {
    throw refusal(response, text, step, LOGIN_REFUSED_ADVICE);
  }
  if (response.status === 403 || isCloudflarePage(response, text)) {
    const title = isHtml(response, text) ? htmlTitle(text) : null;
    throw new PathRefusedError(sso.path, `${sso.path} sign-in was blocked at ${step} (HTTP ${response.status}${title ? ` "${title}"` : ''})`, response.status);
  }
  if (response.status >= 500) {
    throw new GarminApiError(`Garmin's sign-in service failed ${step} with HTTP ${response.status}; try again later`, { status: response.status, transient: true });
  }
  if (response.status === 404 || (!expectHtml && isHtml(response, text))) {
    const title = isHtml(response, text) ? htmlTitle(text) : null;
    throw new PathRefusedError(sso.path, `${sso.path} sign-in is not available (HTTP ${response.status}${title ? ` "${title}"` : ''})`, response.status);
  }
}

/** Reads one SSO JSON answer; throws as {@link throwIfNotUsable} and {@link classify} say. */
function interpret(sso: JsonSsoPath, response: Response, text: string, step: string): SsoStep {
  throwIfNotUsable(sso, response, text, step);
  const parsed = v.safeParse(SsoAnswerSchema, tryParseJson(text));
  if (!parsed.success) {
    throw new PathRefusedError(sso.path, `${sso.path} sign-in answered ${step} (HTTP ${response.status}) with something other than the expected JSON`, response.status);
  }
  return classify(sso, parsed.output, response.status, step);
}

/** Maps `responseStatus.type` to a step or the typed error of the rules in sign-in-path.ts. */
function classify(sso: JsonSsoPath, answer: SsoAnswer, status: number, step: string): SsoStep {
  if (answer.error && String(answer.error['status-code']) === '429') {
    throw new RefusedError(`Garmin refused ${step}: too many requests (429); ${LOGIN_REFUSED_ADVICE}`, 429);
  }
  const type = answer.responseStatus?.type ?? `no status (HTTP ${status})`;
  if (type === 'SUCCESSFUL' && answer.serviceTicketId) return { kind: 'ticket', ticket: answer.serviceTicketId };
  if (type === 'MFA_REQUIRED') {
    const info = answer.customerMfaInfo;
    const method = info?.mfaLastMethodUsed ?? info?.defaultMfaMethod ?? 'email';
    const sentTo = (method === 'email' ? info?.email : info?.phoneNumber) ?? info?.email ?? info?.phoneNumber ?? null;
    return { kind: 'mfa', challenge: { method, sentTo } };
  }
  if (type === 'INVALID_USERNAME_PASSWORD') throw new AuthError('Garmin rejected the email or password');
  if (type === 'CAPTCHA_REQUIRED') throw new PathRefusedError(sso.path, `${sso.path} sign-in wants a CAPTCHA solved`, status);
  if (/LOCK/i.test(type)) {
    throw new RefusedError(`Garmin says the account is locked (${type}); unlock it at connect.garmin.com, then ${LOGIN_REFUSED_ADVICE}`, status);
  }
  if (step === MFA_STEP) {
    const message = `Garmin rejected the MFA code (${type}); codes expire after 5 minutes: run \`garmin-sync login\` again`;
    // The wrong-code answer is unrecorded (§2.4/§7.10); a type naming the code leaves the session usable for another.
    throw /MFA_CODE/.test(type) ? new MfaCodeRejectedError(message) : new AuthError(message);
  }
  throw new AuthError(`Garmin did not accept ${step} (${type})`);
}

/** The login/verify query of a path (protocol §2.2 step 2, §2.4: identical for both POSTs). */
function apiQuery(sso: JsonSsoPath): string {
  return new URLSearchParams({ clientId: sso.clientId, locale: 'en-US', service: sso.service }).toString();
}

/** Headers of the JSON POSTs: the page's script calling its own origin, from the sign-in page (protocol §2.3 table). */
function postHeaders(ctx: SsoContext, ssoUrl: string, pageUrl: string): [string, string][] {
  return ctx.profile.headers('json', { origin: ssoUrl, referer: pageUrl });
}

/** The sign-in page URL of a path (also what `login --browser` opens). */
export function signInPageUrl(endpoints: Endpoints, sso: JsonSsoPath): string {
  return `${endpoints.ssoUrl}/${sso.path}/sso/${sso.pageLocale}/sign-in?${new URLSearchParams({ clientId: sso.clientId, service: sso.service })}`;
}

/**
 * Posts the credentials on a JSON path: sign-in page GET (cookies), one login POST. Returns the
 * ticket, or the MFA step (state: `method`) to finish with {@link verifyJsonMfa} on the same
 * cookie jar. Throws as the rules of sign-in-path.ts say. Nothing is retried.
 */
export async function startJsonSignIn(ctx: SsoContext, endpoints: Endpoints, sso: JsonSsoPath, email: string, password: string): Promise<PathOutcome> {
  const pageUrl = signInPageUrl(endpoints, sso);
  const page = await send(ctx, 'GET', pageUrl, { headers: ctx.profile.headers('navigate') });
  const pageText = await readText(page, 'GET', pageUrl, ctx.timeoutMs);
  if (page.status !== 200 || isCloudflarePage(page, pageText)) throwIfNotUsable(sso, page, pageText, 'the sign-in page', true);

  const loginUrl = `${endpoints.ssoUrl}/${sso.path}/api/login?${apiQuery(sso)}`;
  const login = await send(ctx, 'POST', loginUrl, {
    headers: postHeaders(ctx, endpoints.ssoUrl, pageUrl),
    body: JSON.stringify({ username: email, password, rememberMe: false, captchaToken: '' }),
  });
  const step = interpret(sso, login, await readText(login, 'POST', loginUrl, ctx.timeoutMs), 'the sign-in');
  if (step.kind === 'ticket') return { kind: 'ticket', ticket: step.ticket, service: sso.service };
  return { kind: 'mfa', challenge: step.challenge, service: sso.service, state: { method: step.challenge.method } };
}

/**
 * Sends the MFA code of a JSON path (protocol §2.4) with the cookies of the login POST (in
 * `ctx`'s jar) and returns the ticket. Throws AuthError for a wrong or expired code, and as
 * {@link startJsonSignIn} otherwise.
 */
export async function verifyJsonMfa(ctx: SsoContext, endpoints: Endpoints, sso: JsonSsoPath, state: Record<string, string>, code: string): Promise<string> {
  const verifyUrl = `${endpoints.ssoUrl}/${sso.path}/api/mfa/verifyCode?${apiQuery(sso)}`;
  const verify = await send(ctx, 'POST', verifyUrl, {
    headers: postHeaders(ctx, endpoints.ssoUrl, signInPageUrl(endpoints, sso)),
    // rememberMyBrowser as the Garmin app sends it (protocol §2.4): the next sign-in of this account skips MFA.
    body: JSON.stringify({ mfaMethod: state.method ?? 'email', mfaVerificationCode: code.trim(), rememberMyBrowser: sso.path === 'mobile', reconsentList: [], mfaSetup: false }),
  });
  const step = interpret(sso, verify, await readText(verify, 'POST', verifyUrl, ctx.timeoutMs), MFA_STEP);
  if (step.kind === 'ticket') return step.ticket;
  throw new AuthError('Garmin asked for another MFA code after the first one; sign in again');
}
