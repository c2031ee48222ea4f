import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/emulator/account.js';
import { CLI_PATH } from '../../src/emulator/cli-runner.js';
import { allFiles, createWorld, exists, fixture, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const ANDROID_SERVICE = 'https://mobile.integration.garmin.com/gcm/android';

/** A service ticket minted by the emulator's mobile sign-in, as a person copies it from a browser. */
async function browserTicket(w: World): Promise<string> {
  const url = `${w.emulator.url}/mobile/api/login?clientId=GCM_ANDROID_DARK&locale=en-US&service=${encodeURIComponent(ANDROID_SERVICE)}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DEMO_EMAIL, password: DEMO_PASSWORD, rememberMe: false, captchaToken: '' }),
  });
  return ((await res.json()) as { serviceTicketId: string }).serviceTicketId;
}

describe('login --ticket', () => {
  it('exchanges a ticket copied from a browser and validates it; a used ticket is refused with exit 3', async () => {
    world = await createWorld();
    const ticket = await browserTicket(world);
    const run = await world.cli(['login', '--ticket', ticket]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Signed in as/);
    expect(world.seen('/di-oauth2-service/oauth/token', 'POST').some((r) => r.body?.includes('grant_type=https'))).toBe(true);
    const again = await world.cli(['login', '--ticket', ticket]);
    expect(again.code).toBe(3);
    expect(again.stderr).not.toContain(ticket);
  });

  it('refuses something that is not a ticket with exit 2 before sending anything', async () => {
    world = await createWorld();
    const run = await world.cli(['login', '--ticket', 'hello']);
    expect(run.code).toBe(2);
    expect(world.emulator.requests).toHaveLength(0);
  });
});

describe('token export and GARMIN_SYNC_TOKENS', () => {
  it('a bundle exported on one machine signs in another for one run, and nothing is written there', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const exported = await world.cli(['token', 'export']);
    expect(exported.code).toBe(0);
    const bundle = JSON.parse(exported.stdout);
    expect(bundle.di.accessToken).toBeTruthy();

    const other = await createWorld();
    try {
      // Same emulator account, different machine: point the second home at the first emulator.
      const env = { ...world.env, GARMIN_SYNC_HOME: other.home, GARMIN_SYNC_TOKENS: exported.stdout };
      const status = await other.cli(['status', '--json'], { env });
      expect(JSON.parse(status.stdout)).toMatchObject({ signedIn: true, tokenStore: 'environment' });
      const pull = await other.cli(['pull', '--days', '1'], { env });
      expect(pull.code, pull.stderr).toBe(0);
      const files = await allFiles(other.home);
      expect(files.some((f) => f.endsWith('tokens.json'))).toBe(false);
      for (const f of files) expect(await readFile(f, 'utf8')).not.toContain(bundle.di.refreshToken);
    } finally {
      await other.close();
    }
  });

  it('status reports a broken bundle, naming the variable without echoing its value', async () => {
    world = await createWorld();
    const run = await world.cli(['status', '--json'], { env: { GARMIN_SYNC_TOKENS: '{"not": "a bundle", "secret": "s3cr3t"' } });
    expect(run.stdout + run.stderr).not.toContain('s3cr3t');
    expect(JSON.parse(run.stdout).tokenStoreError).toMatch(/GARMIN_SYNC_TOKENS/);
  });
});

describe('outbox drop', () => {
  it('deletes a queued import without sending it; an unknown id exits 2', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    world.emulator.switches.uploadFailCount = 1;
    expect((await world.cli(['import', fixture('fit/garmin-fenix-5-walk.fit')])).code).toBe(5);
    const { items } = JSON.parse((await world.cli(['outbox', 'list', '--json'])).stdout);
    expect(items).toHaveLength(1);
    expect((await world.cli(['outbox', 'drop', 'nope'])).code).toBe(2);
    const drop = await world.cli(['outbox', 'drop', items[0].id]);
    expect(drop.code).toBe(0);
    expect(JSON.parse((await world.cli(['outbox', 'list', '--json'])).stdout).items).toHaveLength(0);
    expect(await exists(items[0].dir)).toBe(false);
    const uploadsBefore = world.seen('/upload-service/upload', 'POST').length;
    expect((await world.cli(['sync', '--days', '1'])).code).toBe(0);
    expect(world.seen('/upload-service/upload', 'POST').length).toBe(uploadsBefore);
  });
});

describe('help and usage', () => {
  it('--help lists every command with examples; an unknown command exits 2', async () => {
    world = await createWorld();
    const help = await world.cli(['--help']);
    expect(help.code).toBe(0);
    const commands = ['login', 'logout', 'status', 'import', 'pull', 'sync', 'history', 'outbox', 'token', 'config', 'workouts', 'doctor', 'cron'];
    const helps = await Promise.all(commands.map((command) => world!.cli([command, '--help'])));
    commands.forEach((command, i) => {
      expect(help.stdout).toContain(command);
      expect(helps[i].stdout, `${command} --help`).toMatch(/Examples:/);
    });
    expect((await world.cli(['frobnicate'])).code).toBe(2);
    expect((await world.cli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 90_000);
});

describe('garmin-sync demo (npm run demo)', () => {
  it('runs the whole job against the emulator and ends with exit 0', async () => {
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI_PATH, 'demo'], { env: { PATH: process.env.PATH, NO_COLOR: '1' } });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/Signed in as Alex Runner/);
    expect(result.out).toMatch(/workout "5x1km @ 4:00-4:10\/km" created as \d+, scheduled on/);
    expect(result.out).toMatch(/garmin-fenix-5-run\.fit: uploaded as activity/);
    expect(result.out).toMatch(/cerknicko-jezero\.gpx: uploaded as activity/);
    expect(result.out).toMatch(/already on Garmin as activity/);
    expect(result.out).toMatch(/wellness: 30 new/);
    expect(result.out).toMatch(/"overnightAvgHeartRate": \d/);
  }, 120_000);
});
