/**
 * The legacy HTML widget path (protocol §2.1 steps 1–3, §2.4 "Legacy widget flow"):
 * `GET /sso/embed` (cookies) → `GET /sso/signin` (the per-session `_csrf`) → `POST /sso/signin`
 * → the `<title>` decides: `Success` (ticket in `response_url`), the MFA page (302 to
 * `/sso/verifyMFA/loginEnterMfaCode`), or a failure. Redirects are followed here, one logged
 * request per hop, with the caller's cookie jar. Nothing is retried.
 */
import { AuthError, GarminApiError, RefusedError } from '../../errors.js';
import { htmlTitle, readText, send } from '../http.js';
import type { Endpoints } from '../types.js';
import { LOGIN_REFUSED_ADVICE } from './diauth.js';
import { type PathOutcome, PathRefusedError, type SsoContext } from './sign-in-path.js';
import { throwIfNotUsable } from './sso.js';

const PATH = { path: 'widget' } as const;
/** Redirects followed per request before giving up (the real flow needs at most two). */
const MAX_REDIRECTS = 5;

/** `service` of the widget: the embed page on the SSO host (protocol §2.1 "Shared values"). */
export function widgetService(endpoints: Endpoints): string {
  return `${endpoints.ssoUrl}/sso/embed`;
}

/** SIGNIN_PARAMS of protocol §2.1. */
function signInQuery(endpoints: Endpoints): string {
  const embed = widgetService(endpoints);
  return new URLSearchParams({
    id: 'gauth-widget',
    embedWidget: 'true',
    gauthHost: embed,
    service: embed,
    source: embed,
    redirectAfterAccountLoginUrl: embed,
    redirectAfterAccountCreationUrl: embed,
  }).toString();
}

/** One page after redirects: its final URL, status and text. */
interface Page {
  url: string;
  response: Response;
  text: string;
}

/** Sends a request and follows redirects (POST → GET on 302/303), each hop logged. */
async function fetchPage(ctx: SsoContext, method: string, url: string, init: RequestInit): Promise<Page> {
  let current = { method, url, init };
  for (let hop = 0; ; hop++) {
    const response = await send(ctx, current.method, current.url, { ...current.init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
      await readText(response, current.method, current.url, ctx.timeoutMs);
      current = { method: 'GET', url: new URL(location, current.url).href, init: { headers: ctx.profile.headers('navigate', { referer: current.url }) } };
      continue;
    }
    return { url: current.url, response, text: await readText(response, current.method, current.url, ctx.timeoutMs) };
  }
}

/** The `_csrf` hidden input of a widget page (the clients' regex, protocol §2.1 step 2). */
function csrfOf(text: string): string | null {
  return /name="_csrf"\s+value="(.+?)"/.exec(text)?.[1] ?? null;
}

/** A JS string variable of a widget page (`var codeSentTo = "…"`), or null. */
function jsVar(text: string, name: string): string | null {
  return new RegExp(`var\\s+${name}\\s*=\\s*"([^"]*)"`).exec(text)?.[1] || null;
}

/** True for the MFA page (protocol §2.4: either title, always the `mfa-code` input). */
function isMfaPage(page: Page): boolean {
  return /\/sso\/verifyMFA\//.test(page.url) || /name="mfa-code"/.test(page.text);
}

/**
 * What a widget page after the credentials or the code means (protocol §2.1 "Outcomes", §2.4):
 * the ticket, the MFA page, or a typed error.
 */
function outcomeOf(page: Page, step: string, service: string): PathOutcome {
  throwIfNotUsable(PATH, page.response, page.text, step, true);
  const title = htmlTitle(page.text) ?? '';
  if (/^success$/i.test(title)) {
    const ticket = /[?&]ticket=(ST-[A-Za-z0-9._~-]+)/.exec(page.text)?.[1];
    if (ticket) return { kind: 'ticket', ticket, service };
    throw new GarminApiError('Garmin\'s widget sign-in succeeded but its page names no service ticket', { status: page.response.status, transient: false });
  }
  if (isMfaPage(page)) {
    if (jsVar(page.text, 'status') === 'FAIL') throw new AuthError('Garmin rejected the MFA code; codes expire after 5 minutes: run `garmin-sync login` again');
    const csrf = csrfOf(page.text);
    if (!csrf) throw new GarminApiError('Garmin\'s MFA page has no form token', { status: page.response.status, transient: false });
    const method = jsVar(page.text, 'mfaMethod') ?? 'email';
    return { kind: 'mfa', challenge: { method, sentTo: jsVar(page.text, 'codeSentTo') }, service, state: { method, mfaUrl: page.url, csrf } };
  }
  if (/locked/i.test(title)) throw new RefusedError(`Garmin says the account is locked ("${title}"); unlock it at connect.garmin.com, then ${LOGIN_REFUSED_ADVICE}`, page.response.status);
  if (page.response.status === 401 || jsVar(page.text, 'status') === 'FAIL') throw new AuthError('Garmin rejected the email or password');
  if (/update phone number/i.test(title)) throw new AuthError('Garmin wants the account\'s phone number confirmed: sign in once at connect.garmin.com, then run `garmin-sync login` again');
  if (/unable to (sign in|login)|invalid|incorrect|account error/i.test(title)) throw new AuthError(`Garmin refused the sign-in ("${title}")`);
  throw new AuthError(`Garmin's widget sign-in ended on an unexpected page ("${title || `HTTP ${page.response.status}`}")`);
}

/**
 * Posts the credentials on the widget path (protocol §2.1 steps 1–3). Returns the ticket (for
 * `service` = {@link widgetService}) or the MFA step (state: `method`, `mfaUrl`, `csrf`) to
 * finish with {@link verifyWidgetMfa} on the same cookie jar. Throws PathRefusedError (404 or no
 * form: next path), RefusedError (429/403/Cloudflare, locked), AuthError (wrong credentials).
 */
export async function startWidgetSignIn(ctx: SsoContext, endpoints: Endpoints, email: string, password: string): Promise<PathOutcome> {
  const service = widgetService(endpoints);
  const embedUrl = `${endpoints.ssoUrl}/sso/embed?${new URLSearchParams({ id: 'gauth-widget', embedWidget: 'true', gauthHost: `${endpoints.ssoUrl}/sso` })}`;
  const embed = await fetchPage(ctx, 'GET', embedUrl, { headers: ctx.profile.headers('navigate') });
  throwIfNotUsable(PATH, embed.response, embed.text, 'the widget page', true);

  const signInUrl = `${endpoints.ssoUrl}/sso/signin?${signInQuery(endpoints)}`;
  const form = await fetchPage(ctx, 'GET', signInUrl, { headers: ctx.profile.headers('navigate', { referer: embedUrl }) });
  throwIfNotUsable(PATH, form.response, form.text, 'the widget sign-in form', true);
  const csrf = csrfOf(form.text);
  if (!csrf) throw new PathRefusedError('widget', `widget sign-in form has no form token (HTTP ${form.response.status})`, form.response.status);

  const posted = await fetchPage(ctx, 'POST', signInUrl, {
    headers: ctx.profile.headers('form', { referer: signInUrl, origin: endpoints.ssoUrl }),
    body: new URLSearchParams({ username: email, password, embed: 'true', _csrf: csrf }).toString(),
  });
  return outcomeOf(posted, 'the sign-in', service);
}

/**
 * Submits the MFA code on the widget's MFA page (protocol §2.4) and returns the ticket.
 * Throws AuthError for a wrong or expired code, RefusedError for 429/403/Cloudflare.
 */
export async function verifyWidgetMfa(ctx: SsoContext, endpoints: Endpoints, state: Record<string, string>, code: string): Promise<string> {
  const service = widgetService(endpoints);
  if (!state.mfaUrl?.startsWith(endpoints.ssoUrl)) throw new AuthError('the pending sign-in belongs to another Garmin host: run `garmin-sync login` again');
  const posted = await fetchPage(ctx, 'POST', state.mfaUrl, {
    headers: ctx.profile.headers('form', { referer: state.mfaUrl, origin: endpoints.ssoUrl }),
    body: new URLSearchParams({ 'mfa-code': code.trim(), embed: 'true', _csrf: state.csrf ?? '', fromPage: 'setupEnterMfaCode' }).toString(),
  });
  const outcome = outcomeOf(posted, 'the MFA check', service);
  if (outcome.kind === 'ticket') return outcome.ticket;
  throw new AuthError('Garmin asked for another MFA code after the first one; sign in again');
}
