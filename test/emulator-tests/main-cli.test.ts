/**
 * `garmin-sync emulator` (the built CLI) switches MFA and faults: `--mfa` and
 * `--switch name=value` for any switch; a wrong switch stops it with one line naming it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/emulator/account.js';
import { switchesFromArgs } from '../../src/emulator/cli-switches.js';

import { CLI_PATH } from '../../src/emulator/cli-runner.js';

const EMULATOR = [CLI_PATH, 'emulator'];

let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill('SIGTERM');
  child = null;
});

/** Starts the built emulator with `args`; resolves with its URL once it prints it. */
async function startMain(args: string[]): Promise<string> {
  child = spawn(process.execPath, [...EMULATOR, '--port', '0', '--today', '2026-03-10', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = child;
  // Keep reading stdout to the end (closing it early would break the emulator's later writes).
  return new Promise((resolve, reject) => {
    let out = '';
    started.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    started.once('exit', () => reject(new Error(`the emulator did not start: ${out}`)));
  });
}

const login = (url: string) =>
  fetch(`${url}/mobile/api/login?clientId=GCM_ANDROID_DARK&locale=en-US&service=${encodeURIComponent('https://mobile.integration.garmin.com/gcm/android')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DEMO_EMAIL, password: DEMO_PASSWORD, rememberMe: false, captchaToken: '' }),
  });

describe('emulator command line', () => {
  it('--mfa asks for the code; without it the same login succeeds', async () => {
    const withMfa = await startMain(['--mfa']);
    expect(((await (await login(withMfa)).json()) as any).responseStatus.type).toBe('MFA_REQUIRED');
    child!.kill('SIGTERM');
    await once(child!, 'exit');
    const plain = await startMain([]);
    expect(((await (await login(plain)).json()) as any).responseStatus.type).toBe('SUCCESSFUL');
  });

  it('--switch sets faults: the next two connectapi answers are 5xx, then normal; SSO logins rate limited', async () => {
    const url = await startMain(['--switch', 'api5xxCount=2', '--switch', 'loginRateLimit=json429']);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${url}/userprofile-service/socialProfile`)).status);
    // After the faults: 401, as there is no Bearer.
    expect(statuses).toEqual([503, 500, 401]);
    expect((await login(url)).status).toBe(429);
  });

  it('an unknown switch or a value of the wrong kind stops it with one line naming the switch', async () => {
    for (const [arg, message] of [
      ['noSuchSwitch=1', /unknown switch "noSuchSwitch"/],
      ['api5xxCount=lots', /--switch api5xxCount: expected a number, got string "lots"/],
    ] as const) {
      const run = spawn(process.execPath, [...EMULATOR, '--port', '0', '--switch', arg], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      run.stderr.on('data', (c) => (err += String(c)));
      const [code] = await once(run, 'exit');
      expect(code).toBe(2);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(message);
    }
  });

  it('reads values as JSON, else as text', () => {
    expect(switchesFromArgs(['api429={"count":2,"retryAfterSeconds":5}', 'notFoundPathPrefixes=["/hrv-service/"]', 'loginRateLimit=cloudflare403', 'revokeRefreshTokens=true'], true)).toEqual({
      mfa: true,
      api429: { count: 2, retryAfterSeconds: 5 },
      notFoundPathPrefixes: ['/hrv-service/'],
      loginRateLimit: 'cloudflare403',
      revokeRefreshTokens: true,
    });
  });
});
