/**
 * Check before you sign in (issue 10, point 4): `login` first makes sure the token store can be
 * written, so no sign-in (and no MFA code) is spent on tokens that would be thrown away; `status`
 * and `doctor` name bad settings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

const SHORT_KEY = Buffer.alloc(16, 7).toString('base64');

describe('login checks the token store before it sends anything', () => {
  it('an unreachable keychain: exit 2 naming both fixes, and the emulator saw no request', async () => {
    world = await createWorld();
    const run = await world.login([]);
    expect(run.code).toBe(0); // the file store works (control)
    const before = world.emulator.requests.length;
    const broken = await world.cli(['login', '--email', 'a@example.com', '--password-stdin'], {
      input: 'pw\n',
      env: { GARMIN_SYNC_TOKEN_STORE: 'keychain', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/garmin-sync-test-bus' },
    });
    expect(broken.code, broken.stderr).toBe(2);
    expect(broken.stderr).toMatch(/cannot reach the OS keychain/);
    expect(broken.stderr).toContain('DBUS_SESSION_BUS_ADDRESS');
    expect(broken.stderr).toContain('GARMIN_SYNC_TOKEN_STORE=file');
    expect(world.emulator.requests).toHaveLength(before);
  });

  it('a GARMIN_SYNC_STORE_KEY that is too short: exit 2 before any request', async () => {
    world = await createWorld({}, { GARMIN_SYNC_STORE_KEY: SHORT_KEY });
    const run = await world.login();
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/GARMIN_SYNC_STORE_KEY must be 32 bytes in base64.*decodes to 16 bytes/);
    expect(world.emulator.requests).toHaveLength(0);
  });
});

describe('status and doctor name bad settings', () => {
  const bad = {
    GARMIN_SYNC_DOMAIN: 'garmin.de',
    GARMIN_SYNC_STORE_KEY: SHORT_KEY,
    GARMIN_SYNC_DIAUTH_URL: 'http://diauth.example.com',
  };

  it('status --json lists each one; status prints them', async () => {
    world = await createWorld();
    const doc = JSON.parse((await world.cli(['status', '--json'], { env: bad })).stdout);
    expect(doc.settingsProblems).toEqual([
      'GARMIN_SYNC_DOMAIN must be garmin.com or garmin.cn, not "garmin.de"',
      expect.stringMatching(/^GARMIN_SYNC_DIAUTH_URL may use plain http:\/\/ only for a loopback host/),
      expect.stringMatching(/^GARMIN_SYNC_STORE_KEY must be 32 bytes in base64/),
    ]);
    const text = await world.cli(['status'], { env: bad });
    expect(text.stdout).toMatch(/Settings: .*GARMIN_SYNC_DOMAIN/);
    expect(text.stdout).toMatch(/Settings: .*GARMIN_SYNC_DIAUTH_URL/);
    expect(text.stdout).toMatch(/Settings: .*GARMIN_SYNC_STORE_KEY/);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).settingsProblems).toEqual([]);
  });

  it('doctor fails its settings check with exit 2', async () => {
    world = await createWorld();
    const run = await world.cli(['doctor', '--json'], { env: bad });
    expect(run.code).toBe(2);
    const settings = JSON.parse(run.stdout).checks.find((c: { name: string }) => c.name === 'settings');
    expect(settings).toMatchObject({ ok: false, exitCode: 2 });
    for (const variable of Object.keys(bad)) expect(settings.detail).toContain(variable);
    const good = JSON.parse((await world.cli(['doctor', '--json'])).stdout).checks.find((c: { name: string }) => c.name === 'settings');
    expect(good).toMatchObject({ ok: true });
  });
});
