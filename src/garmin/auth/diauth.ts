/**
 * The DI OAuth2 token endpoint (protocol §2.3 step 2, §2.6): a service ticket or a refresh token
 * in, a DI token pair out. `POST {diauth}/di-oauth2-service/oauth/token` with
 * `Authorization: Basic base64("<client_id>:")` and the native headers of §1.
 */
import * as v from 'valibot';
import { AuthError, GarminApiError } from '../../errors.js';
import { NATIVE_HEADERS, type HttpContext, isHtml, readText, redact, refusal, send, tryParseJson } from '../http.js';
import type { DiToken, Endpoints } from '../types.js';

/** DI client ids, tried in this order until one is accepted (protocol §2.3). */
export const DI_CLIENT_IDS = [
  'GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2',
  'GARMIN_CONNECT_MOBILE_ANDROID_DI_2024Q4',
  'GARMIN_CONNECT_MOBILE_ANDROID_DI',
  'GARMIN_CONNECT_MOBILE_IOS_DI',
] as const;

/** The grant type URI of a service-ticket exchange (a name, never fetched). */
const SERVICE_TICKET_GRANT = 'https://connectapi.garmin.com/di-oauth2-service/oauth/grant/service_ticket';

/** What users are told when a login step is refused. */
export const LOGIN_REFUSED_ADVICE = "try again later (Garmin's lockout re-arms on every attempt)";

/** The OAuth2 token answer (protocol §2.3; shape from clients' code, not recorded). */
const TokenAnswerSchema = v.looseObject({
  access_token: v.pipe(v.string(), v.minLength(1)),
  refresh_token: v.nullish(v.pipe(v.string(), v.minLength(1))),
  expires_in: v.nullish(v.number()),
  refresh_token_expires_in: v.nullish(v.number()),
  scope: v.nullish(v.string()),
});

/** The `{error, error_description}` of a refused grant. */
const TokenErrorSchema = v.looseObject({ error: v.string(), error_description: v.nullish(v.string()) });

/** One answer of the token endpoint. */
interface TokenAnswer {
  response: Response;
  text: string;
}

/** Posts one form to the token endpoint with the client id's Basic credentials. */
async function postToken(ctx: HttpContext, endpoints: Endpoints, clientId: string, form: Record<string, string>): Promise<TokenAnswer> {
  const url = `${endpoints.diauthUrl}/di-oauth2-service/oauth/token`;
  const response = await send(ctx, 'POST', url, {
    headers: {
      ...NATIVE_HEADERS,
      Authorization: `Basic ${Buffer.from(`${clientId}:`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json,text/html;q=0.9,*/*;q=0.8',
      'Cache-Control': 'no-cache',
    },
    body: new URLSearchParams(form).toString(),
  });
  return { response, text: await readText(response, 'POST', url, ctx.timeoutMs) };
}

/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The `exp` claim of a JWT (unverified, as every client reads it; protocol §2.3), or undefined. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  const claims = tryParseJson(Buffer.from(payload, 'base64url').toString('utf8'));
  const exp = claims && typeof claims === 'object' ? (claims as { exp?: unknown }).exp : undefined;
  return typeof exp === 'number' ? exp : undefined;
}

/**
 * Turns a 2xx token answer into a DiToken. `previous` is the token being refreshed: its refresh
 * token and expiry are kept when the answer omits a new one (python-garminconnect does the same).
 * Throws GarminApiError when the body is not a token answer.
 */
function toDiToken(clientId: string, answer: TokenAnswer, previous?: DiToken): DiToken {
  const parsed = v.safeParse(TokenAnswerSchema, tryParseJson(answer.text));
  if (!parsed.success) {
    throw new GarminApiError('Garmin\'s token answer (POST /di-oauth2-service/oauth/token) does not have the expected shape', {
      status: answer.response.status,
      transient: false,
    });
  }
  const body = parsed.output;
  const now = nowSeconds();
  const refreshToken = body.refresh_token ?? previous?.refreshToken;
  if (!refreshToken) {
    throw new GarminApiError('Garmin\'s token answer (POST /di-oauth2-service/oauth/token) has no refresh token', {
      status: answer.response.status,
      transient: false,
    });
  }
  const refreshExpiresAt =
    body.refresh_token && body.refresh_token_expires_in != null ? now + body.refresh_token_expires_in : (previous?.refreshExpiresAt ?? null);
  return {
    clientId,
    accessToken: body.access_token,
    refreshToken,
    accessExpiresAt: jwtExpiry(body.access_token) ?? now + (body.expires_in ?? 3600),
    refreshExpiresAt,
    ...(body.scope ? { scope: body.scope } : previous?.scope ? { scope: previous.scope } : {}),
  };
}

/** `HTTP 400 invalid_grant: <description>` of a refused token request, redacted. */
function describeRefusal(answer: TokenAnswer): string {
  const error = v.safeParse(TokenErrorSchema, tryParseJson(answer.text));
  const detail = error.success ? ` ${error.output.error}${error.output.error_description ? `: ${error.output.error_description}` : ''}` : '';
  return redact(`HTTP ${answer.response.status}${detail}`).slice(0, 200);
}

/** Throws for answers that end a token request at once: 429/403/HTML (RefusedError) and 5xx (transient). */
function throwIfRefusedOrFailed(answer: TokenAnswer, step: string, advice: string): void {
  const { response, text } = answer;
  if (response.status === 429 || response.status === 403 || (!response.ok && isHtml(response, text))) {
    throw refusal(response, text, step, advice);
  }
  if (response.status >= 500) {
    throw new GarminApiError(`Garmin's token service failed ${step} with HTTP ${response.status}; try again later`, {
      status: response.status,
      transient: true,
    });
  }
}

/** True for a rate limit: HTTP 429, or Cloudflare's rate-limit page (error 1015) under any status. */
function isRateLimited(answer: TokenAnswer): boolean {
  return answer.response.status === 429 || (isHtml(answer.response, answer.text) && /rate limited|error(?: code:?)? 1015\b/i.test(answer.text));
}

/**
 * Exchanges a CAS service ticket for a DI token (protocol §2.3 step 2). `serviceUrl` must be the
 * `service` that issued the ticket. Client ids of DI_CLIENT_IDS are tried in order, one attempt
 * each, moving on after any failure but a rate limit (as python-garminconnect does). Throws
 * RefusedError at once on a 429 or Cloudflare rate-limit page; when no client id is accepted:
 * RefusedError if the last answer was a 403/Cloudflare block, GarminApiError{transient} if it was
 * a 5xx, AuthError otherwise (the ticket is used, expired or for another service).
 */
export async function exchangeTicketForDiToken(ctx: HttpContext, endpoints: Endpoints, ticket: string, serviceUrl: string): Promise<DiToken> {
  let last: TokenAnswer | undefined;
  for (const clientId of DI_CLIENT_IDS) {
    const answer = await postToken(ctx, endpoints, clientId, {
      client_id: clientId,
      service_ticket: ticket,
      grant_type: SERVICE_TICKET_GRANT,
      service_url: serviceUrl,
    });
    if (answer.response.ok) return toDiToken(clientId, answer);
    if (isRateLimited(answer)) throw refusal(answer.response, answer.text, 'the token exchange', LOGIN_REFUSED_ADVICE);
    last = answer;
  }
  if (last) throwIfRefusedOrFailed(last, 'the token exchange', LOGIN_REFUSED_ADVICE);
  throw new AuthError(
    `Garmin did not accept the service ticket with any known client id (last answer: ${last ? describeRefusal(last) : 'none'}); tickets are single use and expire within minutes, so sign in again`,
  );
}

/**
 * Refreshes a DI token with `grant_type=refresh_token` and the client id that minted it
 * (protocol §2.6). Keeps the old refresh token when the answer omits one. Throws AuthError
 * ("sign in again: run `garmin-sync login`") when Garmin refuses the grant (400/401, e.g.
 * invalid_grant), RefusedError on 429/403, GarminApiError{transient} on 5xx or network errors.
 */
export async function refreshDiToken(ctx: HttpContext, endpoints: Endpoints, token: DiToken): Promise<DiToken> {
  const answer = await postToken(ctx, endpoints, token.clientId, {
    grant_type: 'refresh_token',
    client_id: token.clientId,
    refresh_token: token.refreshToken,
  });
  if (answer.response.ok) return toDiToken(token.clientId, answer, token);
  throwIfRefusedOrFailed(answer, 'the token refresh', 'try again later');
  throw new AuthError(`Garmin no longer accepts the saved sign-in (${describeRefusal(answer)}); sign in again: run \`garmin-sync login\``);
}
