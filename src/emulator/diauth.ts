/**
 * diauth: `POST /di-oauth2-service/oauth/token` (protocol §2.3, §2.6, §4 "DI OAuth2"), and the
 * Bearer check every connectapi route applies (§2.5 end, §4 "connectapi").
 * No raw diauth answer was ever recorded: the success shape is what clients parse [code]; the
 * error bodies follow RFC 6749 §5.2 and the `invalid_grant` body reported in §2.6.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type Ctx, type Reply, html, json } from './http.js';

/** grant_type of the service-ticket exchange (protocol §2.3). */
export const SERVICE_TICKET_GRANT = 'https://connectapi.garmin.com/di-oauth2-service/oauth/grant/service_ticket';
/** `iss` of minted access tokens (protocol §2.3). */
export const DI_ISSUER = 'https://diauth.garmin.com';
/** The emulator's fixed JWT signing key (HS256); tokens are never verified by clients. */
const JWT_KEY = 'garmin-sync-emulator-test-key';
/** Scope string returned with every token (the recorded OAuth2 scope with the DI additions of §2.5). */
const SCOPE =
  'ATP_READ ATP_WRITE COMMUNITY_COURSE_READ COMMUNITY_COURSE_WRITE CONNECT_READ CONNECT_WRITE DI_API_READ ' +
  'DI_OAUTH_2_AUTHORIZATION_CODE_CREATE DIVE_API_READ DT_CLIENT_ANALYTICS_WRITE GARMINPAY_READ GARMINPAY_WRITE ' +
  'GCOFFER_READ GCOFFER_WRITE GHS_SAMD GHS_UPLOAD GOLF_API_READ GOLF_API_WRITE INSIGHTS_READ INSIGHTS_WRITE PRODUCT_SEARCH_READ';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A JWT `header.payload.signature` (base64url) with payload `{client_id, exp, iss, jti}`; `exp` in unix seconds. */
function mintJwt(clientId: string, expSeconds: number): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ client_id: clientId, exp: expSeconds, iss: DI_ISSUER, jti: randomUUID() }));
  const signature = createHmac('sha256', JWT_KEY).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description }, { 'cache-control': 'no-store' });
}

/** The client id of `Authorization: Basic base64(client_id:)`, or null. */
function basicClientId(header: string | undefined): string | null {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : null;
}

/** Mints an access + refresh token pair and answers the §2.3 JSON. */
function issueTokens(ctx: Ctx, clientId: string): Reply {
  const now = ctx.state.now();
  const accessTtl = ctx.switches.accessTokenTtlSeconds;
  const refreshTtl = ctx.switches.refreshTokenTtlSeconds;
  const accessToken = mintJwt(clientId, Math.floor(now / 1000) + accessTtl);
  const refreshToken = base64url(randomBytes(48));
  const notActive = ctx.switches.tokenNotActiveCount > 0;
  if (notActive) ctx.switches.tokenNotActiveCount--;
  ctx.state.accessTokens.set(accessToken, { clientId, expiresAtMs: now + accessTtl * 1000, notActive });
  ctx.state.refreshTokens.set(refreshToken, { clientId, expiresAtMs: now + refreshTtl * 1000 });
  return json(
    200,
    {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: accessTtl,
      refresh_token_expires_in: refreshTtl,
      scope: SCOPE,
      jti: randomUUID(),
    },
    { 'cache-control': 'no-cache, no-store, private' },
  );
}

/**
 * `POST /di-oauth2-service/oauth/token`: service-ticket and refresh-token grants.
 * Unknown client ids → 401 invalid_client (so clients try the next id; §4). Tickets are single use
 * and bound to their service: like CAS, a failed validation (wrong service_url) also consumes the
 * ticket. The old refresh token stays valid after rotation (§2.3). The `loginRateLimit` switch does
 * not affect diauth (it models the SSO login's Cloudflare front only).
 */
export function token(ctx: Ctx): Reply {
  const clientId = basicClientId(ctx.headers.authorization);
  const form = new URLSearchParams(ctx.body.toString('utf8'));
  if (!clientId || !ctx.switches.acceptedClientIds.includes(clientId)) {
    return oauthError(401, 'invalid_client', 'Bad client credentials');
  }
  const formClientId = form.get('client_id');
  if (formClientId !== null && formClientId !== clientId) return oauthError(401, 'invalid_client', 'client_id does not match');
  const grant = form.get('grant_type');
  const now = ctx.state.now();
  if (grant === SERVICE_TICKET_GRANT) {
    const ticketId = form.get('service_ticket');
    const serviceUrl = form.get('service_url');
    if (!ticketId || !serviceUrl) return oauthError(400, 'invalid_request', 'service_ticket and service_url are required');
    const ticket = ctx.state.tickets.get(ticketId);
    if (!ticket || ticket.used) return oauthError(400, 'invalid_grant', 'Invalid service ticket');
    ticket.used = true;
    if (ticket.expiresAtMs < now) return oauthError(400, 'invalid_grant', 'Service ticket expired');
    if (ticket.service !== serviceUrl) return oauthError(400, 'invalid_grant', 'Service ticket was issued for another service');
    return issueTokens(ctx, clientId);
  }
  if (grant === 'refresh_token') {
    const refresh = ctx.state.refreshTokens.get(form.get('refresh_token') ?? '');
    if (ctx.switches.revokeRefreshTokens || !refresh || refresh.expiresAtMs < now || refresh.clientId !== clientId) {
      return oauthError(400, 'invalid_grant', 'Invalid refresh token');
    }
    return issueTokens(ctx, clientId);
  }
  return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
}

/** The Tomcat 401 page of the "Garmin Connect API Server" (protocol §2.5 end, garth #21). */
function unauthorizedPage(message: string): Reply {
  return html(
    401,
    '<!doctype html><html lang="en"><head><title>HTTP Status 401 – Unauthorized</title></head><body>' +
      '<h1>HTTP Status 401 – Unauthorized</h1><hr class="line" /><p><b>Type</b> Status Report</p>' +
      `<p><b>Message</b> ${message}</p><p><b>Description</b> The request has not been applied to the target resource ` +
      'because it lacks valid authentication credentials for that resource.</p><hr class="line" />' +
      '<h3>Garmin Connect API Server</h3></body></html>',
  );
}

/** The connectapi Bearer check: null when the token is known, active and unexpired, else the 401 answer. */
export function checkBearer(ctx: Ctx): Reply | null {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.headers.authorization ?? '');
  const record = m ? ctx.state.accessTokens.get(m[1]) : undefined;
  if (!record || record.expiresAtMs < ctx.state.now()) return unauthorizedPage('OAuthToken is invalid');
  if (record.notActive) return unauthorizedPage('Token is not active');
  return null;
}
