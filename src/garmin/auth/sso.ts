/**
 * Mobile JSON SSO (protocol §2.2 steps 1–3, §2.4 "Mobile/portal JSON flows"): sign-in page GET
 * for cookies, `POST /mobile/api/login`, and `POST /mobile/api/mfa/verifyCode` when Garmin asks
 * for a code. Yields a CAS service ticket. One cookie jar per login; never retries.
 */
import makeFetchCookie from 'fetch-cookie';
import { CookieJar } from 'tough-cookie';
import { z } from 'zod';
import { AuthError, GarminApiError, RefusedError } from '../../errors.js';
import { type HttpContext, type RequestLogger, DEFAULT_TIMEOUT_MS, SSO_PAGE_HEADERS, htmlTitle, isHtml, mobileLoginHeaders, readText, refusal, send, tryParseJson } from '../http.js';
import type { Endpoints } from '../types.js';
import { LOGIN_REFUSED_ADVICE } from './diauth.js';

/** SSO client id of Garmin Connect Mobile for Android (protocol §2.2). */
export const MOBILE_CLIENT_ID = 'GCM_ANDROID_DARK';
/** The CAS `service` of the Android app; the DI exchange must name the same (protocol §2.3). */
export const MOBILE_SERVICE_URL = 'https://mobile.integration.garmin.com/gcm/android';

/** How Garmin sent the MFA code: `method` from `mfaLastMethodUsed` (`email`, `sms`, …), `sentTo` masked, e.g. `mt*****@gmail.com`. */
export interface MfaChallenge {
  method: string;
  sentTo: string | null;
}

/** The JSON of `/mobile/api/login` and `/mobile/api/mfa/verifyCode` (protocol §2.2, §2.4). */
const SsoAnswerSchema = z.looseObject({
  serviceURL: z.string().nullish(),
  serviceTicketId: z.string().nullish(),
  responseStatus: z.looseObject({ type: z.string(), message: z.string().nullish() }).nullish(),
  customerMfaInfo: z
    .looseObject({
      email: z.string().nullish(),
      phoneNumber: z.string().nullish(),
      mfaLastMethodUsed: z.string().nullish(),
      defaultMfaMethod: z.string().nullish(),
    })
    .nullish(),
  error: z.looseObject({ 'status-code': z.union([z.string(), z.number()]).nullish() }).nullish(),
});
type SsoAnswer = z.infer<typeof SsoAnswerSchema>;

/** The MFA verification step's name in messages; a non-SUCCESSFUL answer to it means a wrong code. */
const MFA_STEP = 'the MFA check';

/** What one SSO POST yielded: a ticket, or a request for an MFA code. */
type SsoStep = { kind: 'ticket'; ticket: string } | { kind: 'mfa'; challenge: MfaChallenge };

/** True for a Cloudflare block/challenge page (title or `cf-mitigated` header). */
function isCloudflarePage(response: Response, body: string): boolean {
  if (response.headers.get('cf-mitigated')) return true;
  return isHtml(response, body) && /cloudflare|access denied|just a moment|attention required/i.test(htmlTitle(body) ?? '');
}

/**
 * Reads one SSO JSON answer. `step` names it for messages (`the sign-in`, `the MFA check`).
 * Throws RefusedError for 429/403, Cloudflare pages, HTML and JSON rate limits, CAPTCHA and locked
 * accounts; AuthError for a wrong password or MFA code; GarminApiError for 5xx and unreadable bodies.
 */
function interpret(response: Response, text: string, step: string): SsoStep {
  if (response.status === 429 || response.status === 403 || isCloudflarePage(response, text)) {
    throw refusal(response, text, step, LOGIN_REFUSED_ADVICE);
  }
  if (response.status >= 500) {
    throw new GarminApiError(`Garmin's sign-in service failed ${step} with HTTP ${response.status}; try again later`, { status: response.status, transient: true });
  }
  if (isHtml(response, text)) throw refusal(response, text, step, LOGIN_REFUSED_ADVICE);
  const parsed = SsoAnswerSchema.safeParse(tryParseJson(text));
  if (!parsed.success) {
    throw new GarminApiError(`Garmin's answer to ${step} (HTTP ${response.status}) is not the expected JSON`, { status: response.status, transient: false });
  }
  return classify(parsed.data, response.status, step);
}

/** Maps `responseStatus.type` to a step or the typed error of the brief's login rules. */
function classify(answer: SsoAnswer, status: number, step: string): SsoStep {
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
  if (type === 'CAPTCHA_REQUIRED') {
    throw new RefusedError(
      `Garmin wants a CAPTCHA solved for ${step}, which garmin-sync cannot do; sign in with \`garmin-sync login --browser\`, or copy a ticket from a browser sign-in and run \`garmin-sync login --ticket <ST-…>\``,
      status,
    );
  }
  if (/LOCK/i.test(type)) {
    throw new RefusedError(`Garmin says the account is locked (${type}); unlock it at connect.garmin.com, then ${LOGIN_REFUSED_ADVICE}`, status);
  }
  throw new AuthError(step === MFA_STEP ? `Garmin rejected the MFA code (${type})` : `Garmin did not accept ${step} (${type})`);
}

/** Options of {@link signInForTicket}. */
export interface SsoSignInOptions {
  endpoints: Endpoints;
  email: string;
  password: string;
  /** Called once when Garmin asks for an MFA code; returns the code. */
  promptMfaCode: (challenge: MfaChallenge) => Promise<string>;
  log?: RequestLogger;
}

/**
 * Signs in at the mobile JSON SSO and returns a service ticket for {@link MOBILE_SERVICE_URL}:
 * sign-in page GET (cookies), one login POST, and when Garmin answers MFA_REQUIRED one prompt and
 * one verifyCode POST with the same cookie jar. Throws as {@link interpret} says; a wrong MFA code
 * is AuthError("Garmin rejected the MFA code …"). Nothing is retried.
 */
export async function signInForTicket(o: SsoSignInOptions): Promise<string> {
  const ctx: HttpContext = { fetch: makeFetchCookie(fetch, new CookieJar()), log: o.log, timeoutMs: DEFAULT_TIMEOUT_MS };
  const query = new URLSearchParams({ clientId: MOBILE_CLIENT_ID, locale: 'en-US', service: MOBILE_SERVICE_URL }).toString();

  const pageUrl = `${o.endpoints.ssoUrl}/mobile/sso/en_US/sign-in?${new URLSearchParams({ clientId: MOBILE_CLIENT_ID, service: MOBILE_SERVICE_URL })}`;
  const page = await send(ctx, 'GET', pageUrl, { headers: SSO_PAGE_HEADERS });
  const pageText = await readText(page, 'GET', pageUrl, ctx.timeoutMs);
  if (page.status === 429 || page.status === 403 || isCloudflarePage(page, pageText)) {
    throw refusal(page, pageText, 'the sign-in page', LOGIN_REFUSED_ADVICE);
  }

  const loginUrl = `${o.endpoints.ssoUrl}/mobile/api/login?${query}`;
  const login = await send(ctx, 'POST', loginUrl, {
    headers: mobileLoginHeaders(o.endpoints.ssoUrl),
    body: JSON.stringify({ username: o.email, password: o.password, rememberMe: false, captchaToken: '' }),
  });
  const first = interpret(login, await readText(login, 'POST', loginUrl, ctx.timeoutMs), 'the sign-in');
  if (first.kind === 'ticket') return first.ticket;

  const code = (await o.promptMfaCode(first.challenge)).trim();
  const verifyUrl = `${o.endpoints.ssoUrl}/mobile/api/mfa/verifyCode?${query}`;
  const verify = await send(ctx, 'POST', verifyUrl, {
    headers: mobileLoginHeaders(o.endpoints.ssoUrl),
    body: JSON.stringify({ mfaMethod: first.challenge.method, mfaVerificationCode: code, rememberMyBrowser: false, reconsentList: [], mfaSetup: false }),
  });
  const verifyText = await readText(verify, 'POST', verifyUrl, ctx.timeoutMs);
  const second = interpret(verify, verifyText, MFA_STEP);
  if (second.kind === 'ticket') return second.ticket;
  throw new AuthError('Garmin asked for another MFA code after the first one; sign in again');
}
