import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD, DISPLAY_NAME, MFA_CODE } from '../../src/emulator/account.js';
import { allFiles, createWorld, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

const loginPosts = () => world.seen('/mobile/api/login', 'POST').length + world.seen('/portal/api/login', 'POST').length;

describe('garmin-sync login (end to end, built CLI against the emulator)', () => {
  it('signs in with email and password from stdin, and status shows the account', async () => {
    world = await createWorld();
    const run = await world.login();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Signed in as/);
    const status = await world.cli(['status', '--json']);
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout);
    expect(doc.signedIn).toBe(true);
    expect(doc.tokenStore).toBe('file');
    expect(doc.account.displayName).toBe(DISPLAY_NAME);
    expect(doc.tokens.isValid).toBe(true);
    expect(Date.parse(doc.tokens.accessExpiresAt)).toBeGreaterThan(Date.now());
    // The token was checked against the profile before it was saved.
    expect(world.seen('/userprofile-service/socialProfile', 'GET').length).toBeGreaterThanOrEqual(1);
  });

  it('signs in with MFA when the code is passed with --mfa-code', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const run = await world.login(['--mfa-code', MFA_CODE]);
    expect(run.code, run.stderr).toBe(0);
    const verify = world.seen('/mobile/api/mfa/verifyCode', 'POST');
    expect(verify).toHaveLength(1);
    expect((verify[0].json as { mfaVerificationCode: string }).mfaVerificationCode).toBe(MFA_CODE);
  });

  it('without a terminal and without --mfa-code, says how to pass the code (exit 2) and saves nothing', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const run = await world.login();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--mfa-code/);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).signedIn).toBe(false);
  });

  it('a wrong password exits 3 after exactly one attempt', async () => {
    world = await createWorld();
    const run = await world.cli(['login', '--email', DEMO_EMAIL, '--password-stdin'], { input: 'not the password\n' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/email or password/i);
    expect(run.stderr).not.toContain('not the password');
    expect(loginPosts()).toBe(1);
  });

  it('a Cloudflare rate limit (429) exits 4 and is not retried', async () => {
    world = await createWorld({ switches: { loginRateLimit: 'cloudflare429' } });
    const run = await world.login();
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/try again later/i);
    expect(loginPosts()).toBe(1);
  });

  it('a Cloudflare 403 exits 4 after one attempt on each path, never two on one', async () => {
    world = await createWorld({ switches: { loginRateLimit: 'cloudflare403' } });
    const run = await world.login();
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/--browser.*--ticket/);
    expect(world.seen('/mobile/api/login', 'POST')).toHaveLength(1);
    expect(world.seen('/sso/signin', 'POST')).toHaveLength(1);
    expect(world.seen('/portal/api/login', 'POST')).toHaveLength(1);
  });

  it('never writes the password to any file under GARMIN_SYNC_HOME', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    expect((await world.cli(['pull', '--days', '3'])).code).toBe(0);
    expect((await world.cli(['import', new URL('../../demo/garmin-fenix-5-run.fit', import.meta.url).pathname])).code).toBe(0);
    const files = await allFiles(world.home);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = (await readFile(file)).toString('latin1');
      expect(text.includes(DEMO_PASSWORD), file).toBe(false);
    }
  });

  it('--verbose logs requests with the Authorization header, tickets and tokens redacted', async () => {
    world = await createWorld();
    const run = await world.cli(['--verbose', 'login', '--email', DEMO_EMAIL, '--password-stdin'], { input: `${DEMO_PASSWORD}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/POST .*\/mobile\/api\/login/);
    expect(run.stderr).toMatch(/^transport: impit [\d.]+ \(TLS, HTTP\/2 and headers of Chrome 151; mobile sign-in as Chrome 151 \(Android WebView\)\)/m);
    expect(run.stderr).not.toContain(DEMO_PASSWORD);
    expect(run.stderr).not.toMatch(/ST-\d+-[A-Za-z0-9]{20}/);
    expect(run.stderr).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/); // no JWT
  });

  it('logout deletes the tokens and keeps the archive; commands then exit 3', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    expect((await world.cli(['pull', '--days', '2'])).code).toBe(0);
    const out = await world.cli(['logout']);
    expect(out.code).toBe(0);
    const doc = JSON.parse((await world.cli(['status', '--json'])).stdout);
    expect(doc.signedIn).toBe(false);
    expect(doc.counts.wellnessDays).toBe(2);
    const pull = await world.cli(['pull', '--days', '1']);
    expect(pull.code).toBe(3);
    expect(pull.stderr).toMatch(/garmin-sync login/);
  });
});

describe('the real OS keychain (Secret Service)', () => {
  // Runs inside ../shared/scripts/with-keyring (a throwaway keyring; CI always does). Outside it,
  // the test would overwrite the developer's own garmin-sync entry, so it is skipped there — but
  // never in CI, where a missing keyring is a failure.
  const insideThrowawayKeyring = process.env.WITH_KEYRING_INNER === '1';
  it.runIf(insideThrowawayKeyring || Boolean(process.env.CI))('login stores the tokens in the keychain, status reads them, logout deletes them', async () => {
    expect(insideThrowawayKeyring, 'CI must run the suite inside ../shared/scripts/with-keyring').toBe(true);
    world = await createWorld({}, { GARMIN_SYNC_TOKEN_STORE: 'keychain' });
    const login = await world.login();
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/OS keychain/);
    // Nothing token-like on disk: the keychain holds it.
    for (const file of await allFiles(world.home)) expect(file).not.toMatch(/tokens\.json$/);
    const status = JSON.parse((await world.cli(['status', '--json'])).stdout);
    expect(status).toMatchObject({ signedIn: true, tokenStore: 'keychain' });
    expect((await world.cli(['pull', '--days', '1'])).code).toBe(0);
    expect((await world.cli(['logout'])).code).toBe(0);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).signedIn).toBe(false);
  });
});
