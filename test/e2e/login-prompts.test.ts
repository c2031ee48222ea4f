/**
 * MFA and login at a terminal and in scripts (issue 10, point 6): a wrong code at the prompt asks
 * again (three codes in one sign-in), a code that is not six digits and an empty password are
 * refused locally, a failed two-phase code says no sign-in is waiting and how to start one, and
 * `login` while signed in names the account and asks before replacing the session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD, FULL_NAME, MFA_CODE } from '../../src/emulator/account.js';
import { createWorld, type World } from './harness.js';
import { runInTerminal } from './terminal.js';

let world: World;
afterEach(async () => world?.close());

const verifyPosts = () => world.seen('/mobile/api/mfa/verifyCode', 'POST').length;
const loginPosts = () => world.seen('/mobile/api/login', 'POST').length;
const signedIn = async () => JSON.parse((await world.cli(['status', '--json'])).stdout).signedIn as boolean;
const credentials = (): Array<[RegExp, string]> => [
  [/email:/i, `${DEMO_EMAIL}\r`],
  [/Password:/, `${DEMO_PASSWORD}\r`],
];

describe('the MFA prompt', () => {
  it('a wrong code asks again in the same sign-in; the third code may be the right one', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const run = await runInTerminal(['login'], world.env, [
      ...credentials(),
      [/Security code sent to/, '000000\r'],
      [/Garmin rejected that code; 2 tries left\.[\s\S]*Security code sent to/, '111111\r'],
      [/Garmin rejected that code; 1 try left\.[\s\S]*Security code sent to/, `${MFA_CODE}\r`],
    ]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Signed in as ${FULL_NAME}`);
    expect(verifyPosts()).toBe(3);
    expect(loginPosts()).toBe(1); // one sign-in: the password was sent once
  });

  it('three wrong codes end the sign-in (exit 3) without a fourth question', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const run = await runInTerminal(['login'], world.env, [
      ...credentials(),
      [/Security code sent to/, '000000\r'],
      [/2 tries left\.[\s\S]*Security code sent to/, '111111\r'],
      [/1 try left\.[\s\S]*Security code sent to/, '222222\r'],
    ]);
    expect(run.code, run.output).toBe(3);
    expect(run.output).toContain('Garmin rejected the MFA code');
    expect(verifyPosts()).toBe(3);
    expect(await signedIn()).toBe(false);
  });

  it('a code that is not six digits is refused at the prompt, before anything is sent', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const run = await runInTerminal(['login'], world.env, [
      ...credentials(),
      [/Security code sent to/, '12345\r'],
      [/the 6 digits of the code/, '6\r'], // the prompt keeps what was typed: now 123456
    ]);
    expect(run.code, run.output).toBe(0);
    expect(verifyPosts()).toBe(1);
  });

  it('an empty password is refused at the prompt', async () => {
    world = await createWorld();
    const run = await runInTerminal(['login'], world.env, [
      [/email:/i, `${DEMO_EMAIL}\r`],
      [/Password:/, '\r'],
      [/the password cannot be empty/, `${DEMO_PASSWORD}\r`],
    ]);
    expect(run.code, run.output).toBe(0);
    expect(loginPosts()).toBe(1);
  });
});

describe('--mfa-code and two-phase sign-in', () => {
  it('--mfa-code that is not six digits is exit 2 and nothing is sent', async () => {
    world = await createWorld({ switches: { mfa: true } });
    const run = await world.login(['--mfa-code', '12345']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--mfa-code takes the 6 digits of the code Garmin sent');
    expect(world.emulator.requests).toHaveLength(0);
  });

  it('a rejected two-phase code says no sign-in is waiting and how to start one; the next code is not sent', async () => {
    world = await createWorld({ switches: { mfa: true } });
    expect((await world.login(['--no-prompt'])).code).toBe(3);
    const wrong = await world.cli(['login', '--mfa-code', '000000']);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('Garmin rejected the MFA code');
    expect(wrong.stderr).toContain('No sign-in is waiting now (each takes one code): start a new one with `garmin-sync login --email <address> --password-stdin --no-prompt`');
    const before = world.emulator.requests.length;
    const again = await world.cli(['login', '--mfa-code', MFA_CODE]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('no sign-in is waiting for a code');
    expect(world.emulator.requests.length).toBe(before);
  });
});

describe('login while signed in', () => {
  it('on a terminal names the account and asks; "no" sends nothing and keeps the session', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const before = world.emulator.requests.length;
    const no = await runInTerminal(['login'], world.env, [[/Signed in as Alex Runner \([0-9a-f-]+\)\. Sign in again and replace that session\?/, 'n\r']]);
    expect(no.code, no.output).toBe(0);
    expect(no.output).toContain('Kept the saved session; nothing was sent to Garmin.');
    expect(world.emulator.requests.length).toBe(before);
    expect(await signedIn()).toBe(true);

    const yes = await runInTerminal(['login'], world.env, [[/replace that session\?/, 'y\r'], ...credentials()]);
    expect(yes.code, yes.output).toBe(0);
    expect(yes.output).toContain(`Signed in as ${FULL_NAME}`);
    expect(loginPosts()).toBe(2);
  });

  it('without a terminal it replaces the session and says whose it was', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const again = await world.login();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`Replacing the saved session of ${FULL_NAME} (`);
    expect(loginPosts()).toBe(2);
  });
});
