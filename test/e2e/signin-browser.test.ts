/**
 * `login --browser` end to end: the built CLI drives a real Chromium (Debian's, headless) through
 * playwright-core to the emulator's sign-in page, whose own JavaScript (switch `browserAutofill`)
 * types the demo account and the MFA code and submits; the CLI reads the ticket from the page's
 * verifyCode answer and exchanges it. Nothing in the test touches the page.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DISPLAY_NAME } from '../../src/emulator/account.js';
import { createWorld, type World } from './harness.js';

const CHROMIUM = process.env.GARMIN_SYNC_BROWSER ?? '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); elsewhere the test needs one too, and says so when skipped.
const available = existsSync(CHROMIUM);

let world: World;
afterEach(async () => world?.close());

describe('login --browser (real Chromium, headless)', () => {
  it.runIf(available || Boolean(process.env.CI))('signs in through the page with MFA; the ticket comes from the page\'s own answer', async () => {
    expect(available, `CI must provide ${CHROMIUM}`).toBe(true);
    world = await createWorld({ switches: { browserAutofill: true, mfa: true } });
    const browserEnv = { GARMIN_SYNC_BROWSER: CHROMIUM, GARMIN_SYNC_BROWSER_HEADLESS: '1' };
    const run = await world.cli(['--verbose', 'login', '--browser'], { env: browserEnv });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Signed in as/);
    const [login] = world.seen('/mobile/api/login', 'POST');
    expect(login.headers['user-agent']).toMatch(/Chrome/);
    expect(login.headers.cookie).toMatch(/SESSION=/);
    expect(world.seen('/mobile/api/mfa/verifyCode', 'POST')[0].status).toBe(200);
    const exchange = world.seen('/di-oauth2-service/oauth/token', 'POST')[0];
    expect(new URLSearchParams(exchange.body ?? '').get('service_url')).toBe('https://mobile.integration.garmin.com/gcm/android');
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).account.displayName).toBe(DISPLAY_NAME);
    expect(run.stderr).not.toContain(DEMO_PASSWORD);
    expect(run.stderr).not.toMatch(/ST-\d+-[A-Za-z0-9]{20}/);
  });

  it('GARMIN_SYNC_BROWSER naming nothing → exit 2 before anything is sent', async () => {
    world = await createWorld();
    const run = await world.cli(['login', '--browser'], { env: { GARMIN_SYNC_BROWSER: '/nonexistent/chrome' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/GARMIN_SYNC_BROWSER names \/nonexistent\/chrome/);
    expect(world.emulator.requests).toHaveLength(0);
  });
});
