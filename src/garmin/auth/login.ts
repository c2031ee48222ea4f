/**
 * Credential sign-in (protocol §2.3): the paths mobile JSON → legacy widget → portal JSON, tried
 * in that order under the rules of sign-in-path.ts (a rate limit stops everything; a path refused
 * for another reason, a 403 bot check included, hands over to the next), each through the
 * transport's browser-class client (transport.ts), MFA prompted or deferred (two-phase), then the
 * service ticket → DI token (client ids in order) → socialProfile validation shared by every
 * login path (--ticket, --browser too).
 *
 * A ticket is single use: when the API refuses the fresh DI token ("Token is not active",
 * python-garminconnect #369), that path is spent and the next one mints a fresh ticket
 * (../shared/design.md, "Command line"). Nothing here retries a path.
 */
import makeFetchCookie from 'fetch-cookie';
import { CookieJar } from 'tough-cookie';
import * as v from 'valibot';
import { AuthError, RefusedError } from '../../errors.js';
import { parseAnswer, callConnectApi, statusError } from '../connectapi.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike, type HttpContext, type RequestLogger } from '../http.js';
import { SocialProfileSchema, type SocialProfile } from '../api/profile.js';
import { openTransport, type Transport } from '../transport.js';
import type { Endpoints, TokenBundle } from '../types.js';
import { exchangeTicketForDiToken, nowSeconds } from './diauth.js';
import { type MfaChallenge, MfaCodeRejectedError, type PathOutcome, PathRefusedError, SIGN_IN_PATHS, type SignInPath, type SsoContext } from './sign-in-path.js';
import { mobilePath, portalPath, startJsonSignIn, verifyJsonMfa } from './sso.js';
import { startWidgetSignIn, verifyWidgetMfa } from './widget.js';

export type { MfaChallenge, SignInPath } from './sign-in-path.js';

/**
 * AuthError (exit 3) for a DI token Garmin minted but its API refuses with 401 ("Token is not
 * active"). The login path that produced it is spent; a caller may try the next one.
 */
export class TokenNotActiveError extends AuthError {}

/** How long a pending MFA sign-in may wait for its code, in seconds (protocol §2.4: codes live ~300 s). */
export const PENDING_SIGN_IN_SECONDS = 300;

/**
 * An MFA sign-in waiting for its code (two-phase MFA: `login --no-prompt`, then
 * `login --mfa-code`). Holds the SSO cookies and the path's form state; never the password.
 * `expiresAt` is unix seconds. A secret: kept in the token store only.
 */
export const PendingSignInSchema = v.object({
  schemaVersion: v.literal(1),
  path: v.picklist(SIGN_IN_PATHS),
  ssoUrl: v.string(),
  service: v.string(),
  challenge: v.object({ method: v.string(), sentTo: v.nullable(v.string()) }),
  state: v.record(v.string(), v.string()),
  cookies: v.unknown(),
  expiresAt: v.number(),
});
/** See {@link PendingSignInSchema}. */
export type PendingSignIn = v.InferOutput<typeof PendingSignInSchema>;

/** Options of {@link signIn}. */
export interface SignInOptions {
  endpoints: Endpoints;
  email: string;
  password: string;
  /**
   * Asked when Garmin wants an MFA code; returns the code. `attempt` counts from 1; a later
   * attempt means Garmin rejected the previous code. When absent, an MFA request ends the sign-in
   * with `{kind: 'pending'}` (two-phase MFA).
   */
  promptMfaCode?: (challenge: MfaChallenge, attempt: number) => Promise<string>;
  /** How many codes to ask for in this sign-in when Garmin rejects one (a person at a prompt: 3). Default 1. */
  mfaAttempts?: number;
  /** The paths to try, in order (default: mobile, widget, portal). */
  paths?: readonly SignInPath[];
  log?: RequestLogger;
  /** The client the requests go through (default: impit impersonating Chrome, diauth and connectapi over Node's fetch). */
  transport?: Transport;
  /** The previous bundle's `rememberedBrowser` cookies, sent again so that a remembered browser is not asked for an MFA code. */
  rememberedBrowser?: unknown;
}

/** A finished sign-in: the validated bundle, the profile it belongs to, and the path that worked (`ticket`, `browser`, `import` or a credential path). */
export interface SignedIn {
  tokens: TokenBundle;
  profile: SocialProfile;
  path: SignInPath | 'ticket' | 'browser' | 'import';
}

/** Context (no cookies) for diauth and connectapi: `fetch`, or Node's. */
function plainContext(log?: RequestLogger, fetchImpl?: FetchLike): HttpContext {
  return { fetch: fetchImpl ?? ((input, init) => fetch(input, init)), log, timeoutMs: DEFAULT_TIMEOUT_MS };
}

/**
 * A cookie jar holding `remembered` (a TokenBundle's `rememberedBrowser`), or an empty one when
 * there is none or it cannot be read (then Garmin simply asks for a code again).
 */
async function jarWith(remembered: unknown): Promise<CookieJar> {
  if (remembered === undefined || remembered === null) return new CookieJar();
  try {
    return await CookieJar.deserialize(remembered as Parameters<typeof CookieJar.deserialize>[0]);
  } catch {
    return new CookieJar();
  }
}

/** The jar's persistent cookies (those with Expires or Max-Age) in tough-cookie's serialization, or undefined when it has none. */
async function persistentCookies(jar: CookieJar): Promise<unknown> {
  const serialized = await jar.serialize();
  const lasting = (value: unknown) => value !== undefined && value !== null && value !== 'Infinity';
  // An expiry is either Expires (`expires`) or Max-Age (`maxAge`, counted from `creation`).
  const cookies = serialized.cookies.filter((cookie) => lasting(cookie.expires) || lasting(cookie.maxAge));
  return cookies.length ? { ...serialized, cookies } : undefined;
}

/** `signedIn` with the jar's persistent cookies kept in its bundle (the remembered browser). */
async function withRememberedBrowser(signedIn: SignedIn, jar: CookieJar): Promise<SignedIn> {
  const rememberedBrowser = await persistentCookies(jar);
  return rememberedBrowser === undefined ? signedIn : { ...signedIn, tokens: { ...signedIn.tokens, rememberedBrowser } };
}

/** The mobile path presents as the Garmin app's web view; the widget and portal as a desktop browser. */
const flowOf = (path: SignInPath) => (path === 'mobile' ? 'mobile' : 'web');

/** A context for one path's SSO requests: one cookie jar (kept across redirects), the transport's client and headers for the path. */
function ssoContext(transport: Transport, path: SignInPath, jar: CookieJar, log?: RequestLogger): SsoContext {
  return { fetch: makeFetchCookie(transport.ssoFetch(flowOf(path)), jar), profile: transport.headers(flowOf(path)), log, timeoutMs: DEFAULT_TIMEOUT_MS };
}

/** The transport of the options, or the default one (Chrome, API over Node's fetch), then named on the --verbose log. */
async function transportOf(o: { transport?: Transport; log?: RequestLogger }): Promise<Transport> {
  if (o.transport) return o.transport;
  const transport = await openTransport({ impersonate: 'chrome', impersonateApi: false });
  o.log?.(`transport: ${transport.description}`);
  return transport;
}

/**
 * §2.3 step 2 for a ticket the user already has (also used by every other path): exchanges
 * `ticket` (issued for `serviceUrl`) for a DI token, trying the DI client ids in order, and
 * returns a new TokenBundle for `endpoints.domain`. Throws RefusedError (429/403/Cloudflare),
 * AuthError (ticket refused with every client id), GarminApiError (5xx, network, bad body).
 */
export async function exchangeServiceTicket(endpoints: Endpoints, ticket: string, serviceUrl: string, log?: RequestLogger, fetchImpl?: FetchLike): Promise<TokenBundle> {
  const di = await exchangeTicketForDiToken(plainContext(log, fetchImpl), endpoints, ticket, serviceUrl);
  return { schemaVersion: 1, domain: endpoints.domain, di, createdAt: new Date().toISOString() };
}

/**
 * Checks a fresh bundle against the API (protocol §2.3 "Token validation"):
 * `GET /userprofile-service/socialProfile` without any refresh. Returns the profile. Throws
 * TokenNotActiveError on 401, RefusedError on 429, GarminApiError otherwise.
 */
export async function validateTokens(endpoints: Endpoints, tokens: TokenBundle, log?: RequestLogger, fetchImpl?: FetchLike): Promise<SocialProfile> {
  const answer = await callConnectApi(plainContext(log, fetchImpl), endpoints.apiUrl, tokens.di.accessToken, {
    method: 'GET',
    path: '/userprofile-service/socialProfile',
  });
  if (answer.status === 401) {
    throw new TokenNotActiveError(
      'Garmin issued a token that its API refuses ("Token is not active"); sign in another way: `garmin-sync login --browser` or `garmin-sync login --ticket <ST-…>`',
    );
  }
  if (answer.status !== 200) throw statusError(answer);
  return parseAnswer(SocialProfileSchema, answer);
}

/**
 * A service ticket → validated session: {@link exchangeServiceTicket} then {@link validateTokens},
 * both through `fetchImpl` (default: Node's fetch). Throws as they do (TokenNotActiveError when
 * the API refuses the new token).
 */
export async function sessionFromTicket(
  endpoints: Endpoints,
  ticket: string,
  serviceUrl: string,
  log?: RequestLogger,
  fetchImpl?: FetchLike,
): Promise<{ tokens: TokenBundle; profile: SocialProfile }> {
  const tokens = await exchangeServiceTicket(endpoints, ticket, serviceUrl, log, fetchImpl);
  return { tokens, profile: await validateTokens(endpoints, tokens, log, fetchImpl) };
}

/** Posts the credentials on one path. */
function startPath(ctx: SsoContext, endpoints: Endpoints, path: SignInPath, email: string, password: string): Promise<PathOutcome> {
  if (path === 'widget') return startWidgetSignIn(ctx, endpoints, email, password);
  return startJsonSignIn(ctx, endpoints, path === 'mobile' ? mobilePath() : portalPath(endpoints), email, password);
}

/** Sends the MFA code on one path; returns the ticket. */
function verifyPath(ctx: SsoContext, endpoints: Endpoints, path: SignInPath, state: Record<string, string>, code: string): Promise<string> {
  if (path === 'widget') return verifyWidgetMfa(ctx, endpoints, state, code);
  return verifyJsonMfa(ctx, endpoints, path === 'mobile' ? mobilePath() : portalPath(endpoints), state, code);
}

/**
 * Asks for the MFA code and sends it; while Garmin rejects a code and the session stays usable
 * (MfaCodeRejectedError), asks again, `o.mfaAttempts` codes in all. A person typing codes is not an
 * automatic retry: nothing is sent without a new code.
 */
async function verifyAsked(ctx: SsoContext, o: SignInOptions, path: SignInPath, outcome: Extract<PathOutcome, { kind: 'mfa' }>): Promise<string> {
  const attempts = Math.max(1, o.mfaAttempts ?? 1);
  for (let attempt = 1; ; attempt += 1) {
    const code = await o.promptMfaCode!(outcome.challenge, attempt);
    try {
      return await verifyPath(ctx, o.endpoints, path, outcome.state, code);
    } catch (err) {
      if (!(err instanceof MfaCodeRejectedError) || attempt >= attempts) throw err;
    }
  }
}

/** The ticket → validated session, with "Token is not active" turned into this path's refusal. */
async function finish(endpoints: Endpoints, path: SignInPath, ticket: string, service: string, transport: Transport, log?: RequestLogger): Promise<SignedIn> {
  try {
    return { ...(await sessionFromTicket(endpoints, ticket, service, log, transport.apiFetch())), path };
  } catch (err) {
    if (err instanceof TokenNotActiveError) throw new PathRefusedError(path, `${path} sign-in minted a token the API calls "not active"`, 401);
    throw err;
  }
}

/**
 * The error when every path was refused: each path's reason, and the two paths that avoid scripted
 * sign-in. A plain RefusedError (403) when a bot check blocked any path, so the login records it
 * and does not try again at once; else the last path's PathRefusedError.
 */
function allRefused(refused: PathRefusedError[]): RefusedError {
  const reasons = refused.map((r) => r.message).join('; ');
  const last = refused[refused.length - 1];
  const message = `Garmin refused every sign-in path (${reasons}); sign in with \`garmin-sync login --browser\`, or copy a ticket from a browser sign-in and run \`garmin-sync login --ticket <ST-…>\``;
  if (refused.some((r) => r.status === 403)) return new RefusedError(message, 403);
  return new PathRefusedError(last?.path ?? 'mobile', message, last?.status);
}

/**
 * Signs in with email and password: each path of `o.paths` in order (protocol §2.3), one attempt
 * each, moving on only after a PathRefusedError (a 403 or Cloudflare bot check on that path, a
 * 404, CAPTCHA_REQUIRED, a "not active" token). On MFA: asks `o.promptMfaCode` (again after a
 * rejected code, up to `o.mfaAttempts` codes), or without
 * it returns `{kind: 'pending'}` with the state to resume within 5 minutes ({@link resumeSignIn}).
 * Throws AuthError (wrong email/password or MFA code, ticket refused), RefusedError (429 or a
 * Cloudflare rate-limit page, a locked account: stops at once; or every path refused: the
 * summary), GarminApiError (5xx, network). Never retries a path.
 */
export async function signIn(o: SignInOptions): Promise<({ kind: 'signedIn' } & SignedIn) | { kind: 'pending'; pending: PendingSignIn }> {
  const transport = await transportOf(o);
  const refused: PathRefusedError[] = [];
  for (const path of o.paths ?? SIGN_IN_PATHS) {
    const jar = await jarWith(o.rememberedBrowser);
    const ctx = ssoContext(transport, path, jar, o.log);
    try {
      const outcome = await startPath(ctx, o.endpoints, path, o.email, o.password);
      if (outcome.kind === 'mfa' && !o.promptMfaCode) {
        const pending: PendingSignIn = {
          schemaVersion: 1,
          path,
          ssoUrl: o.endpoints.ssoUrl,
          service: outcome.service,
          challenge: outcome.challenge,
          state: outcome.state,
          cookies: await jar.serialize(),
          expiresAt: nowSeconds() + PENDING_SIGN_IN_SECONDS,
        };
        return { kind: 'pending', pending };
      }
      const ticket = outcome.kind === 'ticket' ? outcome.ticket : await verifyAsked(ctx, o, path, outcome);
      return { kind: 'signedIn', ...(await withRememberedBrowser(await finish(o.endpoints, path, ticket, outcome.service, transport, o.log), jar)) };
    } catch (err) {
      if (!(err instanceof PathRefusedError)) throw err;
      o.log?.(`${err.message}: trying the next sign-in path`);
      refused.push(err);
    }
  }
  throw allRefused(refused);
}

/**
 * Finishes a two-phase MFA sign-in with the code: restores the SSO cookies, sends the code on the
 * same path, exchanges and validates the ticket. Throws AuthError when the pending sign-in has
 * expired (5 minutes), belongs to another SSO host, or the code is refused; otherwise as
 * {@link signIn} (a "not active" token is a PathRefusedError: run login again).
 */
export async function resumeSignIn(o: { endpoints: Endpoints; pending: PendingSignIn; code: string; log?: RequestLogger; transport?: Transport }): Promise<SignedIn> {
  const { pending } = o;
  if (pending.expiresAt <= nowSeconds()) {
    throw new AuthError('the pending sign-in expired (codes last 5 minutes): run `garmin-sync login` again for a new code');
  }
  if (pending.ssoUrl !== o.endpoints.ssoUrl) throw new AuthError('the pending sign-in was started with another Garmin host: run `garmin-sync login` again');
  const jar = await CookieJar.deserialize(pending.cookies as Parameters<typeof CookieJar.deserialize>[0]);
  const transport = await transportOf(o);
  const ticket = await verifyPath(ssoContext(transport, pending.path, jar, o.log), o.endpoints, pending.path, pending.state, o.code);
  return withRememberedBrowser(await finish(o.endpoints, pending.path, ticket, pending.service, transport, o.log), jar);
}
