/**
 * Tokens after the sign-in, end to end: import (python-garminconnect, our export, stdin), refresh
 * on expiry mid-pull, a revoked refresh token, two processes refreshing at once, the encrypted
 * file store and its key rotation, `status --check` and `doctor`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD, DISPLAY_NAME } from '../../src/emulator/account.js';
import { allFiles, createWorld, type World } from './harness.js';

let world: World;
let other: World | undefined;
afterEach(async () => {
  await world?.close();
  await other?.close();
  other = undefined;
});

const refreshGrants = () => world.seen('/di-oauth2-service/oauth/token', 'POST').filter((r) => r.body?.includes('grant_type=refresh_token'));
const status = async (env?: Record<string, string>) => JSON.parse((await world.cli(['status', '--json'], { env })).stdout);
const DAY_MS = 86_400_000;

describe('--import-tokens', () => {
  it("python-garminconnect's garmin_tokens.json: expiry read from the JWT, checked with one profile call, saved", async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const bundle = JSON.parse((await world.cli(['token', 'export'])).stdout);
    expect((await world.cli(['logout'])).code).toBe(0);
    const file = join(world.home, 'garmin_tokens.json');
    await writeFile(file, JSON.stringify({ di_token: bundle.di.accessToken, di_refresh_token: bundle.di.refreshToken, di_client_id: bundle.di.clientId }));

    const profileCalls = world.seen('/userprofile-service/socialProfile').length;
    const run = await world.cli(['login', '--import-tokens', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Signed in as/);
    expect(world.seen('/userprofile-service/socialProfile')).toHaveLength(profileCalls + 1);
    const doc = await status();
    expect(doc.signedIn).toBe(true);
    expect(doc.tokens.accessExpiresAt).toBe(new Date(bundle.di.accessExpiresAt * 1000).toISOString());
    expect((await world.cli(['pull', '--days', '1'])).code).toBe(0);
  });

  it('our own `token export` from another machine, on stdin', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const exported = (await world.cli(['token', 'export'])).stdout;
    other = await createWorld();
    const env = { ...world.env, GARMIN_SYNC_HOME: other.home };
    const run = await world.cli(['login', '--import-tokens', '-'], { input: exported, env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse((await world.cli(['token', 'export'], { env })).stdout).di.refreshToken).toBe(JSON.parse(exported).di.refreshToken);
  });

  it('something else is refused with exit 2 without quoting it, and nothing is sent', async () => {
    world = await createWorld();
    const run = await world.cli(['login', '--import-tokens', '-'], { input: '{"secret_thing":"hunter2"}' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/garmin_tokens\.json/);
    expect(run.stderr).not.toContain('hunter2');
    expect(world.emulator.requests).toHaveLength(0);
  });
});

describe('refresh', () => {
  it('an access token that expires mid-pull is refreshed once (written back first) and the pull completes', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const before = JSON.parse(await readFile(join(world.home, 'tokens.json'), 'utf8'));
    // Garmin's clock moves past the token's expiry while the CLI still believes it valid: the next call answers 401.
    world.emulator.state.clockOffsetMs = 2 * DAY_MS;
    const pull = await world.cli(['pull', '--days', '2']);
    expect(pull.code, pull.stderr).toBe(0);
    expect(refreshGrants()).toHaveLength(1);
    const statuses = world.emulator.requests.filter((r) => !r.path.startsWith('/di-oauth2-service')).map((r) => r.status);
    expect(statuses).toContain(401);
    const after = JSON.parse(await readFile(join(world.home, 'tokens.json'), 'utf8'));
    expect(after.di.accessToken).not.toBe(before.di.accessToken);
    expect((await status()).counts.wellnessDays).toBe(2);
  });

  it('a revoked refresh token: exit 3 with one line saying to sign in again; status shows isValid false and why', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    world.emulator.switches.revokeRefreshTokens = true;
    world.emulator.state.clockOffsetMs = 2 * DAY_MS;
    const pull = await world.cli(['pull', '--days', '1']);
    expect(pull.code).toBe(3);
    const lines = pull.stderr.trim().split('\n').filter((l) => /garmin-sync:/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/invalid_grant.*run `garmin-sync login`/);
    const doc = await status();
    expect(doc.tokens.isValid).toBe(false);
    expect(doc.tokens.validationError).toMatch(/invalid_grant/);
    expect(Date.parse(doc.tokens.lastValidatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('two processes refreshing at once: one refresh grant, both succeed with the same new token', async () => {
    // The login's token lives 10 minutes: inside the 15-minute margin, so both runs want to refresh it.
    world = await createWorld({ switches: { accessTokenTtlSeconds: 600 } });
    expect((await world.login()).code).toBe(0);
    world.emulator.switches.accessTokenTtlSeconds = 86_400;
    const [a, b] = await Promise.all([world.cli(['status', '--check', '--json']), world.cli(['status', '--check', '--json'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(refreshGrants()).toHaveLength(1);
    const bearers = new Set(world.seen('/userprofile-service/socialProfile').slice(-2).map((r) => r.headers.authorization));
    expect(bearers.size).toBe(1);
  });
});

describe('the encrypted file store and key rotation', () => {
  const key = Buffer.alloc(32, 1).toString('base64');

  it('no token in plain text on disk; rotate-key re-encrypts with a new key and the old one stops working', async () => {
    world = await createWorld({}, { GARMIN_SYNC_STORE_KEY: key });
    expect((await world.login()).code).toBe(0);
    const tokens = [...world.emulator.state.accessTokens.keys(), ...world.emulator.state.refreshTokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    for (const file of await allFiles(world.home)) {
      const text = await readFile(file, 'latin1');
      for (const token of tokens) expect(text.includes(token), file).toBe(false);
    }
    const rotated = await world.cli(['token', 'rotate-key']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const newKey = rotated.stdout.trim();
    expect(Buffer.from(newKey, 'base64')).toHaveLength(32);
    expect(rotated.stderr).toMatch(/re-encrypted with key [0-9a-f]{8}/);

    const withOld = await world.cli(['status', '--json']);
    expect(JSON.parse(withOld.stdout).tokenStoreError).toMatch(/encrypted with key [0-9a-f]{8}/);
    expect(JSON.parse(withOld.stdout).tokenStoreError).not.toContain(newKey);
    expect((await status({ GARMIN_SYNC_STORE_KEY: newKey })).signedIn).toBe(true);
    expect((await world.cli(['pull', '--days', '1'], { env: { GARMIN_SYNC_STORE_KEY: newKey } })).code).toBe(0);
  });

  it('rotate-key --new-key-stdin takes the new key from standard input (a trailing newline is fine)', async () => {
    world = await createWorld({}, { GARMIN_SYNC_STORE_KEY: key });
    expect((await world.login()).code).toBe(0);
    const chosen = Buffer.alloc(32, 7).toString('base64');
    const rotated = await world.cli(['token', 'rotate-key', '--new-key-stdin'], { input: `${chosen}\n` });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).not.toContain(chosen);
    expect((await status({ GARMIN_SYNC_STORE_KEY: chosen })).signedIn).toBe(true);
    expect((await status()).tokenStoreError).toMatch(/encrypted with key [0-9a-f]{8}/);
  });

  it('rotate-key refuses other stores with exit 2', async () => {
    world = await createWorld();
    const run = await world.cli(['token', 'rotate-key'], { env: { GARMIN_SYNC_TOKEN_STORE: 'keychain' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/file token store/);
  });
});

describe('status --check and doctor', () => {
  it('signed in: every line ok (exit 0), and the check records the validation time', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const doctor = await world.cli(['doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
    for (const name of ['node', 'transport', 'tokens', 'expiry', 'garmin', 'archive', 'lock']) expect(doctor.stdout).toMatch(new RegExp(`^ok\\s+${name}\\s`, 'm'));
    expect(doctor.stdout).toContain(`Garmin answered as ${DISPLAY_NAME}`);
    expect(doctor.stdout).toMatch(/^ok\s+transport\s+impersonate chrome: impit [\d.]+ \(TLS, HTTP\/2 and headers of Chrome 151/m);
    const check = JSON.parse((await world.cli(['status', '--check', '--json'])).stdout);
    expect(check.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(check.checks.find((c: { name: string }) => c.name === 'transport').detail).toMatch(/^impersonate chrome: impit/);
  });

  it('the impersonate setting is shown by status --check and named by --verbose; none means undici', async () => {
    world = await createWorld();
    expect((await world.cli(['config', 'set', 'impersonate', 'firefox'])).code).toBe(0);
    expect((await world.cli(['status', '--check'])).stdout).toMatch(/transport\s+impersonate firefox: impit .*Firefox 144/);
    expect((await world.cli(['config', 'set', 'impersonate', 'opera'])).code).toBe(2);
    expect((await world.cli(['config', 'set', 'impersonate', 'none'])).code).toBe(0);
    const login = await world.cli(['--verbose', 'login', '--email', DEMO_EMAIL, '--password-stdin'], { input: `${DEMO_PASSWORD}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toMatch(/^transport: undici/m);
    expect(world.seen('/mobile/api/login', 'POST')[0].headers['user-agent']).toMatch(/iPhone/);
  });

  it("impersonateApi: token and data requests go through impit as the Garmin app's OkHttp, with the app's headers", async () => {
    world = await createWorld();
    const plain = await world.login();
    expect(plain.code, plain.stderr).toBe(0);
    const nodeEncoding = world.seen('/userprofile-service/socialProfile')[0].headers['accept-encoding'];
    expect(nodeEncoding).not.toBe('gzip');
    expect((await world.cli(['config', 'set', 'impersonateApi', 'true'])).code).toBe(0);
    expect((await world.cli(['status', '--check'])).stdout).toMatch(/transport\s+impersonate chrome: .*impit \(TLS and HTTP\/2 of the Garmin app's OkHttp\) for diauth and connectapi/);
    const seenBefore = world.seen('/userprofile-service/socialProfile').length;
    expect((await world.cli(['pull', '--days', '1'])).code).toBe(0);
    const calls = world.seen('/userprofile-service/socialProfile').slice(seenBefore);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.headers).toMatchObject({ 'accept-encoding': 'gzip', 'user-agent': 'GCM-Android-5.23', 'x-garmin-client-platform': 'Android' });
  });

  it('not signed in: the tokens line says to run login, exit 3', async () => {
    world = await createWorld();
    const doctor = await world.cli(['doctor']);
    expect(doctor.code).toBe(3);
    expect(doctor.stdout).toMatch(/^FAIL\s+tokens\s+.*run `garmin-sync login`/m);
    expect(doctor.stdout).toMatch(/^ok\s+archive/m);
  });

  it('revoked tokens: the garmin line fails with exit 3 and status shows the account invalid', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    world.emulator.switches.revokeRefreshTokens = true;
    world.emulator.state.clockOffsetMs = 2 * DAY_MS;
    const check = await world.cli(['status', '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(/^FAIL\s+garmin\s+.*garmin-sync login/m);
    expect((await status()).tokens.isValid).toBe(false);
  });
});
