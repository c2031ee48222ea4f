/**
 * Password login (protocol §2.2 mobile JSON SSO → §2.4 MFA → §2.3 DI exchange → socialProfile
 * validation) and the ticket exchange the other login paths share.
 *
 * A ticket is single use: when the API refuses the fresh DI token ("Token is not active",
 * python-garminconnect #369), this strategy ends with TokenNotActiveError and the caller moves on
 * to the next login strategy (browser, pasted ticket), which mints a fresh ticket
 * (../shared/design.md, "Command line"). Nothing here retries a login.
 */
import { AuthError } from '../../errors.js';
import { parseAnswer, callConnectApi, statusError } from '../connectapi.js';
import { DEFAULT_TIMEOUT_MS, type HttpContext, type RequestLogger } from '../http.js';
import { SocialProfileSchema, type SocialProfile } from '../api/profile.js';
import type { Endpoints, TokenBundle } from '../types.js';
import { exchangeTicketForDiToken } from './diauth.js';
import { MOBILE_SERVICE_URL, signInForTicket, type MfaChallenge } from './sso.js';

export type { MfaChallenge } from './sso.js';

/**
 * AuthError (exit 3) for a DI token Garmin minted but its API refuses with 401 ("Token is not
 * active"). The login strategy that produced it is spent; a caller may try the next strategy.
 */
export class TokenNotActiveError extends AuthError {}

/** Options of {@link loginWithPassword}. */
export interface PasswordLoginOptions {
  endpoints: Endpoints;
  email: string;
  password: string;
  /** Called once when Garmin asks for an MFA code; returns the code the user typed or passed with --mfa-code. */
  promptMfaCode: (challenge: MfaChallenge) => Promise<string>;
  log?: RequestLogger;
}

/** Plain-fetch context (no cookies) for diauth and connectapi. */
function plainContext(log?: RequestLogger): HttpContext {
  return { fetch: (input, init) => fetch(input, init), log, timeoutMs: DEFAULT_TIMEOUT_MS };
}

/**
 * §2.3 step 2 for a ticket the user already has (also used by the password flow): exchanges
 * `ticket` (issued for `serviceUrl`) for a DI token, trying the DI client ids in order, and
 * returns a new TokenBundle for `endpoints.domain`. Throws RefusedError (429/403/Cloudflare),
 * AuthError (ticket refused with every client id), GarminApiError (5xx, network, bad body).
 */
export async function exchangeServiceTicket(endpoints: Endpoints, ticket: string, serviceUrl: string, log?: RequestLogger): Promise<TokenBundle> {
  const di = await exchangeTicketForDiToken(plainContext(log), endpoints, ticket, serviceUrl);
  return { schemaVersion: 1, domain: endpoints.domain, di, createdAt: new Date().toISOString() };
}

/**
 * Checks a fresh bundle against the API (protocol §2.3 "Token validation"):
 * `GET /userprofile-service/socialProfile` without any refresh. Returns the profile. Throws
 * TokenNotActiveError on 401, RefusedError on 429, GarminApiError otherwise.
 */
export async function validateTokens(endpoints: Endpoints, tokens: TokenBundle, log?: RequestLogger): Promise<SocialProfile> {
  const answer = await callConnectApi(plainContext(log), endpoints.apiUrl, tokens.di.accessToken, {
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
 * Mobile JSON SSO (§2.2, clientId GCM_ANDROID_DARK, service …/gcm/android) → MFA (§2.4, one
 * prompt) → service ticket → DI token (§2.3; client ids tried in order) → validated with
 * socialProfile. Returns the bundle and the profile. Throws AuthError (wrong email/password or
 * MFA code, ticket refused), TokenNotActiveError (the API refuses the new token: this strategy is
 * spent, try the next), RefusedError (429/403/Cloudflare/CAPTCHA/locked), GarminApiError (5xx,
 * network). Never retries a login.
 */
export async function loginWithPassword(o: PasswordLoginOptions): Promise<{ tokens: TokenBundle; profile: SocialProfile }> {
  const ticket = await signInForTicket(o);
  const tokens = await exchangeServiceTicket(o.endpoints, ticket, MOBILE_SERVICE_URL, o.log);
  const profile = await validateTokens(o.endpoints, tokens, o.log);
  return { tokens, profile };
}
