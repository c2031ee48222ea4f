import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, RefusedError } from '../../src/errors.js';
import { resolveEndpoints } from '../../src/garmin/endpoints.js';
import { DI_CLIENT_IDS, exchangeServiceTicket, signIn, MOBILE_SERVICE_URL, PathRefusedError, type MfaChallenge, type SignInPath } from '../../src/garmin/index.js';
import { DEMO_EMAIL, DEMO_PASSWORD, DISPLAY_NAME, MASKED_EMAIL, MFA_CODE } from '../../src/emulator/account.js';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ days: 30 });
});
afterEach(async () => {
  await emu.close();
});

const noPrompt = async (): Promise<string> => {
  throw new Error('the MFA prompt must not be called');
};

async function login(password = DEMO_PASSWORD, promptMfaCode: (c: MfaChallenge) => Promise<string> = noPrompt, log?: (line: string) => void, paths: SignInPath[] = ['mobile']) {
  const result = await signIn({ endpoints: resolveEndpoints(emu.env), email: DEMO_EMAIL, password, promptMfaCode, log, paths });
  if (result.kind !== 'signedIn') throw new Error('expected a finished sign-in');
  return result;
}

const loginPosts = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/mobile/api/login');
const tokenPosts = () => emu.requests.filter((r) => r.path === '/di-oauth2-service/oauth/token');

describe('signIn on the mobile path against the emulator', () => {
  it('signs in without MFA: a DI token from the first client id, validated with socialProfile', async () => {
    const { tokens, profile } = await login();
    expect(profile.displayName).toBe(DISPLAY_NAME);
    expect(tokens.domain).toBe('garmin.com');
    expect(tokens.di.clientId).toBe(DI_CLIENT_IDS[0]);
    expect(tokens.di.accessExpiresAt).toBeGreaterThan(Date.now() / 1000 + 3600);
    expect(tokens.di.refreshExpiresAt).toBeGreaterThan(tokens.di.accessExpiresAt);
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /mobile/sso/en_US/sign-in 200',
      'POST /mobile/api/login 200',
      'POST /di-oauth2-service/oauth/token 200',
      'GET /userprofile-service/socialProfile 200',
    ]);
    const [, loginPost, tokenPost, profileGet] = emu.requests;
    expect(loginPost.query).toMatchObject({ clientId: 'GCM_ANDROID_DARK', service: MOBILE_SERVICE_URL });
    expect(loginPost.headers['content-type']).toBe('application/json');
    expect(loginPost.headers.origin).toBe(emu.url);
    expect(loginPost.headers.cookie).toMatch(/SESSION=/);
    expect(new URLSearchParams(tokenPost.body ?? '').get('service_url')).toBe(MOBILE_SERVICE_URL);
    expect(tokenPost.headers['x-garmin-client-platform']).toBe('Android');
    expect(profileGet.headers.authorization).toBe(`Bearer ${tokens.di.accessToken}`);
    expect(profileGet.headers['user-agent']).toBe('GCM-Android-5.23');
  });

  it('with MFA: prompts once with method "email", sends the code with the login session cookie', async () => {
    emu.switches.mfa = true;
    const prompt = vi.fn(async () => MFA_CODE);
    const { profile } = await login(DEMO_PASSWORD, prompt);
    expect(profile.displayName).toBe(DISPLAY_NAME);
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(prompt).toHaveBeenCalledWith({ method: 'email', sentTo: MASKED_EMAIL });
    const verify = emu.requests.find((r) => r.path === '/mobile/api/mfa/verifyCode')!;
    expect(verify.status).toBe(200);
    // rememberMyBrowser as the Garmin app sends it, so the next sign-in of the account is not asked again.
    expect(verify.json).toMatchObject({ mfaMethod: 'email', mfaVerificationCode: MFA_CODE, rememberMyBrowser: true });
    expect(verify.headers.cookie).toMatch(/SESSION=/);
    expect(loginPosts()).toHaveLength(1);
  });

  it('a wrong MFA code → AuthError, one login POST, one verify POST, no token request', async () => {
    emu.switches.mfa = true;
    const error = await login(DEMO_PASSWORD, async () => '000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/rejected the MFA code/);
    expect((error as AuthError).exitCode).toBe(3);
    expect(loginPosts()).toHaveLength(1);
    expect(emu.requests.filter((r) => r.path === '/mobile/api/mfa/verifyCode')).toHaveLength(1);
    expect(tokenPosts()).toHaveLength(0);
  });

  it('a wrong password → AuthError and exactly one login POST', async () => {
    const error = await login('wrong password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe('Garmin rejected the email or password');
    expect(loginPosts()).toHaveLength(1);
    expect(tokenPosts()).toHaveLength(0);
  });

  it.each([
    ['cloudflare429', 429],
    ['json429', 429],
  ] as const)('%s on the login → RefusedError (exit 4), exactly one login POST', async (mode, status) => {
    emu.switches.loginRateLimit = mode;
    const error = await login(DEMO_PASSWORD, noPrompt, undefined, ['mobile', 'widget', 'portal']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect(error).not.toBeInstanceOf(PathRefusedError);
    expect((error as RefusedError).exitCode).toBe(4);
    expect((error as RefusedError).status).toBe(status);
    expect((error as Error).message).toMatch(/try again later \(Garmin's lockout re-arms on every attempt\)/);
    expect(loginPosts()).toHaveLength(1);
    expect(emu.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it("a Cloudflare 403 on every path: one login POST per path, then a refusal (exit 4) naming each path's block", async () => {
    emu.switches.loginRateLimit = 'cloudflare403';
    const error = await login(DEMO_PASSWORD, noPrompt, undefined, ['mobile', 'widget', 'portal']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).status).toBe(403);
    expect((error as Error).message).toMatch(/mobile sign-in was blocked.*403.*widget sign-in was blocked.*portal sign-in was blocked.*--browser.*--ticket/);
    expect(emu.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/mobile/api/login', '/sso/signin', '/portal/api/login']);
    expect(tokenPosts()).toHaveLength(0);
  });

  it('a Cloudflare 429 names the page Garmin sent', async () => {
    emu.switches.loginRateLimit = 'cloudflare429';
    await expect(login()).rejects.toThrow(/429 "Access denied \| sso.garmin.com used Cloudflare to restrict access"/);
  });

  it('a locked account → RefusedError, one login POST', async () => {
    emu.switches.lockedAccount = true;
    const error = await login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/locked/);
    expect(loginPosts()).toHaveLength(1);
  });

  it('falls through the DI client ids in order when the first ones are not accepted', async () => {
    emu.switches.acceptedClientIds = ['GARMIN_CONNECT_MOBILE_ANDROID_DI'];
    const { tokens } = await login();
    expect(tokens.di.clientId).toBe('GARMIN_CONNECT_MOBILE_ANDROID_DI');
    const basic = tokenPosts().map((r) => Buffer.from(r.headers.authorization.replace(/^Basic /, ''), 'base64').toString());
    expect(basic).toEqual(DI_CLIENT_IDS.slice(0, 3).map((id) => `${id}:`));
    expect(tokenPosts().map((r) => r.status)).toEqual([401, 401, 200]);
  });

  it('no accepted client id → AuthError after one try per id', async () => {
    emu.switches.acceptedClientIds = [];
    await expect(login()).rejects.toBeInstanceOf(AuthError);
    expect(tokenPosts()).toHaveLength(DI_CLIENT_IDS.length);
  });

  it('a token the API calls "not active" ends the only path with a refusal naming --browser and --ticket (exit 4)', async () => {
    emu.switches.tokenNotActiveCount = 1;
    const error = await login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PathRefusedError);
    expect((error as PathRefusedError).exitCode).toBe(4);
    expect((error as Error).message).toMatch(/not active.*--browser.*--ticket/);
    expect(loginPosts()).toHaveLength(1);
    expect(tokenPosts()).toHaveLength(1);
  });

  it('--verbose lines show each request and answer, never the password, ticket, tokens or cookies', async () => {
    emu.switches.mfa = true;
    const lines: string[] = [];
    const { tokens } = await login(DEMO_PASSWORD, async () => MFA_CODE, (line) => lines.push(line));
    expect(lines).toContain(`→ POST ${emu.url}/mobile/api/login?clientId=GCM_ANDROID_DARK&locale=en-US&service=https%3A%2F%2Fmobile.integration.garmin.com%2Fgcm%2Fandroid`);
    expect(lines.some((l) => /^← 200 GET http:\/\/127\.0\.0\.1:\d+\/userprofile-service\/socialProfile \d+ ms$/.test(l))).toBe(true);
    expect(lines[0]).toMatch(/^transport: impit [\d.]+ \(TLS, HTTP\/2 and headers of Chrome 151/);
    expect(lines.filter((l) => /^[→←] /.test(l))).toHaveLength(2 * emu.requests.length);
    const all = lines.join('\n');
    for (const secret of [DEMO_PASSWORD, MFA_CODE, tokens.di.accessToken, tokens.di.refreshToken, 'ST-', 'SESSION']) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('the headers of the sign-in requests, in the order the impersonated browser sends them', () => {
  it("chrome (default): the mobile path presents as the Garmin app's Android WebView, Cookie in Chrome's place", async () => {
    await login();
    const [page, loginPost] = emu.requests;
    expect(Object.keys(page.headers)).toEqual([
      'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'upgrade-insecure-requests', 'user-agent', 'accept', 'sec-fetch-site',
      'sec-fetch-mode', 'sec-fetch-user', 'sec-fetch-dest', 'accept-encoding', 'accept-language', 'priority', 'host',
    ]);
    expect(page.headers['user-agent']).toMatch(/^Mozilla\/5\.0 \(Linux; Android 13; .*; wv\) .*Chrome\/151\.0\.0\.0 Mobile Safari\/537\.36$/);
    expect(page.headers['sec-ch-ua-platform']).toBe('"Android"');
    expect(page.headers['sec-fetch-site']).toBe('none');
    expect(Object.keys(loginPost.headers)).toEqual([
      'sec-ch-ua-platform', 'user-agent', 'accept', 'sec-ch-ua', 'content-type', 'sec-ch-ua-mobile', 'origin', 'sec-fetch-site',
      'sec-fetch-mode', 'sec-fetch-dest', 'referer', 'accept-encoding', 'accept-language', 'cookie', 'priority', 'host', 'content-length',
    ]);
    expect(loginPost.headers).toMatchObject({ 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin', accept: 'application/json, text/plain, */*', priority: 'u=1, i' });
    expect(loginPost.headers.cookie).toMatch(/SESSION=/);
  });

  it('the widget path presents as desktop Chrome, and the cookie jar carries the session across its redirect', async () => {
    emu.switches.mfa = true;
    await login(DEMO_PASSWORD, async () => MFA_CODE, undefined, ['widget']);
    const post = emu.requests.find((r) => r.method === 'POST' && r.path === '/sso/signin')!;
    expect(post.headers['user-agent']).toMatch(/\(Windows NT 10\.0; Win64; x64\).*Chrome\/151/);
    expect(Object.keys(post.headers).slice(0, 8)).toEqual(['cache-control', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'origin', 'content-type', 'upgrade-insecure-requests', 'user-agent']);
    // The 302 to the MFA page is followed with the cookies the POST set, and Referer of the form.
    const mfaPage = emu.requests.find((r) => r.method === 'GET' && r.path.startsWith('/sso/verifyMFA/'))!;
    expect(mfaPage.status).toBe(200);
    expect(mfaPage.headers.cookie).toMatch(/SESSION=/);
    expect(mfaPage.headers.referer).toMatch(/\/sso\/signin\?/);
    expect(mfaPage.headers['sec-fetch-site']).toBe('same-origin');
  });
});

describe('exchangeServiceTicket', () => {
  it('a ticket is single use: redeeming it twice → AuthError', async () => {
    await login();
    const ticketPost = tokenPosts()[0];
    const ticket = new URLSearchParams(ticketPost.body ?? '').get('service_ticket')!;
    const error = await exchangeServiceTicket(resolveEndpoints(emu.env), ticket, MOBILE_SERVICE_URL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/single use/);
    expect((error as Error).message).not.toContain(ticket);
  });
});
