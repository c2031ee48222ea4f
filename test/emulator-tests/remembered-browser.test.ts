/**
 * The remembered browser (issue 12 item 5; protocol §2.4 `rememberMyBrowser`): with MFA on, a
 * browser that verified its code asking to be remembered gets a cookie, and its later logins
 * answer SUCCESSFUL without MFA; without the cookie (or after `rememberMyBrowser: false`) MFA is asked again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MFA_CODE } from '../../src/emulator/account.js';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { REMEMBERED_BROWSER_COOKIE } from '../../src/emulator/sso.js';
import { ANDROID_SERVICE, loginUrl, postLogin } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ today: '2026-03-10', days: 5, switches: { mfa: true } });
});
afterEach(async () => emu.close());

/** `name=value` pairs of the Set-Cookie lines of an answer. */
function cookiesOf(res: Response): Map<string, string> {
  return new Map(res.headers.getSetCookie().map((line) => line.split(';')[0].split('=') as [string, string]));
}

async function verify(sessionCookie: string, rememberMyBrowser: boolean): Promise<Response> {
  return fetch(loginUrl(emu, 'GCM_ANDROID_DARK', ANDROID_SERVICE, 'mobile/api/mfa/verifyCode'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: sessionCookie },
    body: JSON.stringify({ mfaMethod: 'email', mfaVerificationCode: MFA_CODE, rememberMyBrowser, reconsentList: [], mfaSetup: false }),
  });
}

/** Logs in through MFA; returns the verifyCode answer. */
async function loginWithMfa(rememberMyBrowser: boolean, cookie?: string): Promise<Response> {
  const first = await postLogin(emu, undefined, cookie);
  expect(((await first.json()) as any).responseStatus.type).toBe('MFA_REQUIRED');
  const session = `SESSION=${cookiesOf(first).get('SESSION')}`;
  const verified = await verify(session, rememberMyBrowser);
  expect(((await verified.json()) as any).responseStatus.type).toBe('SUCCESSFUL');
  return verified;
}

describe('remembered browser', () => {
  it('MFA on the first login only: the remembered browser then signs in with SUCCESSFUL and a ticket', async () => {
    const verified = await loginWithMfa(true);
    const remembered = cookiesOf(verified).get(REMEMBERED_BROWSER_COOKIE);
    expect(remembered).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(verified.headers.getSetCookie().find((l) => l.startsWith(REMEMBERED_BROWSER_COOKIE))).toMatch(/Max-Age=\d+/);

    const again = await postLogin(emu, undefined, `${REMEMBERED_BROWSER_COOKIE}=${remembered}`);
    const body = (await again.json()) as any;
    expect(body.responseStatus.type).toBe('SUCCESSFUL');
    expect(body.serviceTicketId).toMatch(/^ST-/);
    expect(emu.requests.filter((r) => r.path.endsWith('/mfa/verifyCode'))).toHaveLength(1);
  });

  it('a login without the cookie, or with one Garmin never issued, is asked for MFA again', async () => {
    await loginWithMfa(true);
    const plain = (await (await postLogin(emu)).json()) as any;
    expect(plain.responseStatus.type).toBe('MFA_REQUIRED');
    const forged = (await (await postLogin(emu, undefined, `${REMEMBERED_BROWSER_COOKIE}=${'x'.repeat(40)}`)).json()) as any;
    expect(forged.responseStatus.type).toBe('MFA_REQUIRED');
  });

  it('rememberMyBrowser: false sets no cookie, and the next login asks for MFA', async () => {
    const verified = await loginWithMfa(false);
    expect(cookiesOf(verified).has(REMEMBERED_BROWSER_COOKIE)).toBe(false);
    expect(((await (await postLogin(emu)).json()) as any).responseStatus.type).toBe('MFA_REQUIRED');
  });
});
