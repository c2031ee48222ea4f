import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MFA_CODE } from '../../src/emulator/account.js';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { ANDROID_SERVICE, CLIENT_ID, apiGet, cassetteBody, exchangeTicket, loginUrl, postLogin, postToken, shapeDiff, signIn } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ today: '2026-01-08' });
});
afterEach(async () => {
  await emu.close();
});

const verify = (cookie: string | undefined, code: string): Promise<Response> =>
  fetch(loginUrl(emu, 'GCM_ANDROID_DARK', ANDROID_SERVICE, 'mobile/api/mfa/verifyCode'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ mfaMethod: 'email', mfaVerificationCode: code, rememberMyBrowser: false, reconsentList: [], mfaSetup: false }),
  });

describe('SSO login', () => {
  it('sign-in page has the portal title and sets a SESSION cookie without Secure', async () => {
    const res = await fetch(`${emu.url}/mobile/sso/en/sign-in?clientId=GCM_ANDROID_DARK`);
    expect(await res.text()).toContain('<title>Garmin SSO Portal</title>');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('SESSION='));
    expect(cookie).toMatch(/Path=\/; HttpOnly$/);
  });

  it('answers the recorded SUCCESSFUL shape with an -sso ticket', async () => {
    const res = await postLogin(emu);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body.serviceTicketId).toMatch(/^ST-\d+-[A-Za-z0-9]{20}-sso$/);
    expect(body.serviceURL).toBe(ANDROID_SERVICE);
    const recorded = cassetteBody('cassettes/test_login_success.yaml', 1) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(recorded).sort());
    expect(body.responseStatus).toEqual(recorded.responseStatus);
  });

  it('answers a wrong password with 401 INVALID_USERNAME_PASSWORD exactly as recorded', async () => {
    const res = await postLogin(emu, 'wrong');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(cassetteBody('cassettes/test_login_email_password_fail.yaml', 1));
  });

  it('MFA: needs the login SESSION cookie; a wrong code can be retried with the right one', async () => {
    emu.switches.mfa = true;
    const res = await postLogin(emu);
    const body = (await res.json()) as Record<string, any>;
    expect(body.responseStatus.type).toBe('MFA_REQUIRED');
    expect(shapeDiff(body, cassetteBody('cassettes/test_login_success_mfa.yaml', 1) as Record<string, unknown>)).toEqual([]);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('SESSION='))!.split(';')[0];
    expect((await verify(undefined, MFA_CODE)).status).toBe(401);
    const wrong = (await (await verify(cookie, '000000')).json()) as Record<string, any>;
    expect(wrong.responseStatus.type).toBe('INVALID_MFA_CODE');
    expect(wrong.serviceTicketId).toBeNull();
    const right = (await (await verify(cookie, MFA_CODE)).json()) as Record<string, any>;
    expect(right.responseStatus.type).toBe('SUCCESSFUL');
    expect(Object.keys(right).sort()).toEqual(Object.keys(cassetteBody('cassettes/test_login_success_mfa.yaml', 2) as object).sort());
    expect((await exchangeTicket(emu, right.serviceTicketId)).status).toBe(200);
  });

  it('MFA codes expire after 5 minutes', async () => {
    emu.switches.mfa = true;
    const res = await postLogin(emu);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('SESSION='))!.split(';')[0];
    emu.state.clockOffsetMs = 301_000;
    const body = (await (await verify(cookie, MFA_CODE)).json()) as Record<string, any>;
    expect(body.responseStatus.type).not.toBe('SUCCESSFUL');
  });

  it('lockedAccount answers 401 ACCOUNT_LOCKED', async () => {
    emu.switches.lockedAccount = true;
    const res = await postLogin(emu);
    expect(res.status).toBe(401);
    expect(((await res.json()) as Record<string, any>).responseStatus).toMatchObject({ type: 'ACCOUNT_LOCKED', message: 'generalLoginAccountLocked' });
  });

  it.each([
    ['cloudflare429', 429, 'used Cloudflare to restrict access'],
    ['cloudflare403', 403, '1020'],
    ['json429', 429, '"status-code":"429"'],
  ] as const)('loginRateLimit %s answers %i', async (mode, status, text) => {
    emu.switches.loginRateLimit = mode;
    const res = await postLogin(emu);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(text);
  });
});

describe('service tickets and DI tokens', () => {
  it('a ticket is single use', async () => {
    const { serviceTicketId } = (await (await postLogin(emu)).json()) as { serviceTicketId: string };
    expect((await exchangeTicket(emu, serviceTicketId)).status).toBe(200);
    const again = await exchangeTicket(emu, serviceTicketId);
    expect(again.status).toBe(400);
    expect(((await again.json()) as Record<string, unknown>).error).toBe('invalid_grant');
  });

  it('a ticket is bound to its service and expires after 60 s', async () => {
    const first = (await (await postLogin(emu)).json()) as { serviceTicketId: string };
    expect((await exchangeTicket(emu, first.serviceTicketId, 'https://mobile.integration.garmin.com/gcm/ios')).status).toBe(400);
    const second = (await (await postLogin(emu)).json()) as { serviceTicketId: string };
    emu.state.clockOffsetMs = 61_000;
    expect((await exchangeTicket(emu, second.serviceTicketId)).status).toBe(400);
  });

  it('unknown client ids are rejected so clients try the next one', async () => {
    emu.switches.acceptedClientIds = ['GARMIN_CONNECT_MOBILE_IOS_DI'];
    const { serviceTicketId } = (await (await postLogin(emu)).json()) as { serviceTicketId: string };
    expect((await exchangeTicket(emu, serviceTicketId)).status).toBe(401);
    expect((await exchangeTicket(emu, serviceTicketId, ANDROID_SERVICE, 'GARMIN_CONNECT_MOBILE_IOS_DI')).status).toBe(200);
  });

  it('issues a JWT with client_id/exp/iss and rotates refresh tokens, the old one staying valid', async () => {
    const tokens = await signIn(emu);
    const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString('utf8'));
    expect(payload).toMatchObject({ client_id: CLIENT_ID, iss: 'https://diauth.garmin.com' });
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000 + 86_000);
    const refreshed = (await (await postToken(emu, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json()) as Record<string, any>;
    expect(refreshed.token_type).toBe('bearer');
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await apiGet(emu, '/userprofile-service/socialProfile', refreshed.access_token)).status).toBe(200);
    expect((await postToken(emu, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(200);
  });

  it('revokeRefreshTokens answers 400 invalid_grant', async () => {
    const tokens = await signIn(emu);
    emu.switches.revokeRefreshTokens = true;
    const res = await postToken(emu, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Record<string, unknown>).error).toBe('invalid_grant');
  });

  it('connectapi needs a known, unexpired Bearer', async () => {
    expect((await fetch(`${emu.url}/userprofile-service/socialProfile`)).status).toBe(401);
    expect((await apiGet(emu, '/userprofile-service/socialProfile', 'nope')).status).toBe(401);
    emu.switches.accessTokenTtlSeconds = 10;
    const tokens = await signIn(emu);
    expect((await apiGet(emu, '/userprofile-service/socialProfile', tokens.access_token)).status).toBe(200);
    emu.state.clockOffsetMs = 11_000;
    const expired = await apiGet(emu, '/userprofile-service/socialProfile', tokens.access_token);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('OAuthToken is invalid');
  });

  it('tokenNotActiveCount rejects the next freshly minted token with "Token is not active"', async () => {
    emu.switches.tokenNotActiveCount = 1;
    const bad = await signIn(emu);
    const res = await apiGet(emu, '/userprofile-service/socialProfile', bad.access_token);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Token is not active');
    const good = await signIn(emu);
    expect((await apiGet(emu, '/userprofile-service/socialProfile', good.access_token)).status).toBe(200);
  });

  it('request log records method, path, status and JSON body', async () => {
    await postLogin(emu, 'wrong');
    const entry = emu.requests[emu.requests.length - 1];
    expect(entry).toMatchObject({ method: 'POST', path: '/mobile/api/login', status: 401, query: { clientId: 'GCM_ANDROID_DARK' } });
    expect((entry.json as Record<string, unknown>).username).toBe('runner@example.com');
  });
});
