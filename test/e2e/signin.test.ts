/**
 * Every credential sign-in path and failure, end to end: the built CLI against the emulator.
 * (The keychain, --ticket and GARMIN_SYNC_TOKENS cases live in login.test.ts and commands.test.ts.)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD, MFA_CODE } from '../../src/emulator/account.js';
import { createWorld, exists, type World } from './harness.js';
import { runInTerminal } from './terminal.js';

let world: World;
afterEach(async () => world?.close());

/** Every POST that carries credentials or a code, on any of the three paths. */
const ssoPosts = () => world.emulator.requests.filter((r) => r.method === 'POST' && /^\/(mobile|portal|sso)\//.test(r.path));
const status = async () => JSON.parse((await world.cli(['status', '--json'])).stdout);
const pendingFile = () => join(world.home, 'pending-signin.json');

describe('MFA', () => {
  it('prompted on a terminal: email, masked password and code are asked; the password is never shown', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const run = await runInTerminal(['login'], world.env, [
      [/email:/i, `${DEMO_EMAIL}\r`],
      [/Password:/, `${DEMO_PASSWORD}\r`],
      [/Security code sent to ru\*{4}@example\.com:/, `${MFA_CODE}\r`],
    ]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Signed in as/);
    expect(run.output).toMatch(/Password: \*{5,}/);
    expect(run.output).not.toContain(DEMO_PASSWORD);
    expect(world.seen('/mobile/api/mfa/verifyCode', 'POST')).toHaveLength(1);
  });

  it('two-phase: --no-prompt saves the pending sign-in (exit 3), --mfa-code alone finishes it and removes it', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const first = await world.login(['--no-prompt']);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stdout).toMatch(/security code by email to ru\*{4}@example\.com.*garmin-sync login --mfa-code <code>/);
    expect(await exists(pendingFile())).toBe(true);
    expect(await readFile(pendingFile(), 'utf8')).not.toContain(DEMO_PASSWORD);
    expect((await status()).signedIn).toBe(false);

    const second = await world.cli(['login', '--mfa-code', MFA_CODE]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Signed in as/);
    expect(ssoPosts().filter((r) => r.path === '/mobile/api/login')).toHaveLength(1);
    expect(await exists(pendingFile())).toBe(false);
    expect((await status()).signedIn).toBe(true);
  });

  it('two-phase with an encrypted file store: the pending sign-in is encrypted too', async () => {
    world = await createWorld({ switches: { mfa: true } }, { GARMIN_SYNC_STORE_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect((await world.login(['--no-prompt'])).code).toBe(3);
    const text = await readFile(pendingFile(), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ encrypted: true });
    expect(text).not.toMatch(/SESSION|mobile|ru\*{4}/);
    expect((await world.cli(['login', '--mfa-code', MFA_CODE])).code).toBe(0);
  });

  it('a remembered browser: after one MFA code the next login is not asked for one; after logout it is again', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const first = await world.login(['--mfa-code', MFA_CODE]);
    expect(first.code, first.stderr).toBe(0);
    const verified = () => world.seen('/mobile/api/mfa/verifyCode', 'POST');
    expect(verified()).toHaveLength(1);
    expect(JSON.parse(verified()[0].body ?? '{}').rememberMyBrowser).toBe(true);
    const again = await world.login(['--force', '--no-prompt']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Signed in as/);
    expect(verified()).toHaveLength(1);
    expect((await status()).signedIn).toBe(true);
    expect((await world.cli(['logout'])).code).toBe(0);
    const afterLogout = await world.login(['--no-prompt']);
    expect(afterLogout.code).toBe(3);
    expect(afterLogout.stdout).toMatch(/security code/);
  });

  it('two-phase after 5 minutes: a clear message, the pending entry removed, nothing sent', async () => {
    world = await createWorld({ switches: { mfa: true } });
    expect((await world.login(['--no-prompt'])).code).toBe(3);
    const pending = JSON.parse(await readFile(pendingFile(), 'utf8'));
    await writeFile(pendingFile(), JSON.stringify({ ...pending, expiresAt: Math.floor(Date.now() / 1000) - 1 }));
    const before = world.emulator.requests.length;
    const late = await world.cli(['login', '--mfa-code', MFA_CODE]);
    expect(late.code).toBe(3);
    expect(late.stderr).toMatch(/pending sign-in expired.*5 minutes/);
    expect(world.emulator.requests.length).toBe(before);
    expect(await exists(pendingFile())).toBe(false);
  });

  it('on the legacy widget, by flag, when the mobile sign-in is gone', async () => {
    world = await createWorld({ switches: { mfa: true, loginPathRefusals: { mobile: 'notFound' } } });
    const run = await world.login(['--mfa-code', MFA_CODE]);
    expect(run.code, run.stderr).toBe(0);
    const mfaPost = world.seen('/sso/verifyMFA/loginEnterMfaCode', 'POST');
    expect(mfaPost).toHaveLength(1);
    expect(new URLSearchParams(mfaPost[0].body ?? '').get('mfa-code')).toBe(MFA_CODE);
    expect(world.seen('/sso/login', 'GET')[0].status).toBe(200);
  });
});

describe('path order and fall-through (protocol §2.3)', () => {
  it('the mobile sign-in answers 404 → the widget signs in, with the embed page as service', async () => {
    world = await createWorld({ switches: { loginPathRefusals: { mobile: 'notFound' } } });
    const run = await world.login();
    expect(run.code, run.stderr).toBe(0);
    expect(world.emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`).slice(0, 5)).toEqual([
      'GET /mobile/sso/en_US/sign-in 404',
      'GET /sso/embed 200',
      'GET /sso/signin 200',
      'POST /sso/signin 200',
      'POST /di-oauth2-service/oauth/token 200',
    ]);
    const exchange = world.seen('/di-oauth2-service/oauth/token', 'POST')[0];
    expect(new URLSearchParams(exchange.body ?? '').get('service_url')).toBe(`${world.emulator.url}/sso/embed`);
    expect(world.seen('/mobile/api/login')).toHaveLength(0);
  });

  it('mobile wants a CAPTCHA and the widget is gone → the portal signs in', async () => {
    world = await createWorld({ switches: { loginPathRefusals: { mobile: 'captcha', widget: 'notFound' } } });
    const run = await world.login();
    expect(run.code, run.stderr).toBe(0);
    const portal = world.seen('/portal/api/login', 'POST');
    expect(portal).toHaveLength(1);
    expect(portal[0].query).toMatchObject({ clientId: 'GarminConnect', service: 'https://connect.garmin.com/app' });
  });

  it('a token the API calls "not active" → the next path mints a fresh ticket and signs in', async () => {
    world = await createWorld({ switches: { tokenNotActiveCount: 1 } });
    const run = await world.login();
    expect(run.code, run.stderr).toBe(0);
    expect(world.seen('/userprofile-service/socialProfile', 'GET').map((r) => r.status)).toEqual([401, 200]);
    expect(world.seen('/mobile/api/login', 'POST')).toHaveLength(1);
    expect(world.seen('/sso/signin', 'POST')).toHaveLength(1);
    expect((await status()).tokens.isValid).toBe(true);
  });

  it("a Cloudflare 403 on the mobile path is that path's bot check: the widget path signs in, one attempt each, and status --json names it", async () => {
    world = await createWorld({ switches: { loginPathRefusals: { mobile: 'cloudflare403' } } });
    const run = await world.login();
    expect(run.code, run.stderr).toBe(0);
    expect(ssoPosts().map((r) => `${r.path} ${r.status}`)).toEqual(['/mobile/api/login 403', '/sso/signin 200']);
    expect(world.seen('/portal/')).toHaveLength(0);
    const doc = await status();
    expect(doc.account).toMatchObject({ signInPath: 'widget' });
    expect(Date.parse(doc.account.signedInAt)).not.toBeNaN();
  });

  it('a 429 on the second path still stops everything: one attempt there, the third path never tried', async () => {
    world = await createWorld({ switches: { loginPathRefusals: { mobile: 'notFound' }, loginRateLimit: 'cloudflare429' } });
    const run = await world.login();
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/429 "Access denied.*will not try again before/);
    expect(ssoPosts().map((r) => `${r.path} ${r.status}`)).toEqual(['/sso/signin 429']);
    expect(world.seen('/portal/')).toHaveLength(0);
    expect(world.seen('/di-oauth2-service/')).toHaveLength(0);
  });

  it('every path refused → exit 4 naming each reason and the two ways left; each path tried once', async () => {
    world = await createWorld({ switches: { loginPathRefusals: { mobile: 'captcha', widget: 'notFound', portal: 'captcha' } } });
    const run = await world.login();
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/every sign-in path.*mobile.*CAPTCHA.*widget.*portal.*--browser.*--ticket/);
    expect(ssoPosts().map((r) => r.path)).toEqual(['/mobile/api/login', '/portal/api/login']);
  });
});

describe('refusals: never hammer', () => {
  it('a wrong password on the first path stops there (exit 3): no other path is tried', async () => {
    world = await createWorld();
    const run = await world.cli(['login', '--email', DEMO_EMAIL, '--password-stdin'], { input: 'not the password\n' });
    expect(run.code).toBe(3);
    expect(ssoPosts()).toHaveLength(1);
  });

  it('a locked account stops at once (exit 4) and says to unlock it', async () => {
    world = await createWorld({ switches: { lockedAccount: true } });
    const run = await world.login();
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/locked.*unlock it/);
    expect(ssoPosts()).toHaveLength(1);
  });

  it.each(['cloudflare429', 'json429'] as const)(
    '%s: one attempt in all, the time to try again recorded; a new login before it sends nothing unless --force',
    async (mode) => {
      world = await createWorld({ switches: { loginRateLimit: mode } });
      const run = await world.login();
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/will not try again before \d{4}-\d\d-\d\d \d\d:\d\d \(in \d+ (min|h)\)/); // local time, and how long
      expect(ssoPosts()).toHaveLength(1);

      const before = world.emulator.requests.length;
      const again = await world.login();
      expect(again.code).toBe(4);
      expect(again.stderr).toMatch(/not trying again before .*--force/);
      expect(world.emulator.requests.length).toBe(before);

      world.emulator.switches.loginRateLimit = null;
      const forced = await world.login(['--force']);
      expect(forced.code, forced.stderr).toBe(0);
      // After a success the record is gone: the next login needs no --force.
      expect((await world.login()).code).toBe(0);
    },
  );

  it('a Cloudflare 403 on every path: one attempt per path, exit 4, and the time to try again recorded', async () => {
    world = await createWorld({ switches: { loginRateLimit: 'cloudflare403' } });
    const run = await world.login();
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/every sign-in path.*will not try again before \d{4}-\d\d-\d\d \d\d:\d\d \(in \d+ (min|h)\)/);
    expect(ssoPosts().map((r) => `${r.path} ${r.status}`)).toEqual(['/mobile/api/login 403', '/sso/signin 403', '/portal/api/login 403']);
    const before = world.emulator.requests.length;
    expect((await world.login()).code).toBe(4);
    expect(world.emulator.requests.length).toBe(before);
  });

  it('doctor reports a recent refusal with the time to wait', async () => {
    world = await createWorld({ switches: { loginRateLimit: 'cloudflare429' } });
    expect((await world.login()).code).toBe(4);
    const doctor = await world.cli(['doctor']);
    expect(doctor.stdout).toMatch(/FAIL\s+sign-in\s+Garmin refused a sign-in at .* wait until/);
  });
});
