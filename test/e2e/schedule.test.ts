/**
 * Running on a schedule (issue 10, point 7): the crontab line runs `sync`, PATH without
 * duplicates, warnings for a missing or temporary keychain bus, a store key the job needs but
 * will not have, and an interval shorter than minSyncIntervalMinutes; `--systemd` prints (and
 * `--install` writes) a user service + timer that systemd accepts; `--launchd` a plist.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../src/emulator/cli-runner.js';
import { createWorld, type World } from './harness.js';

const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('garmin-sync cron', () => {
  let world: World;
  let dir: string;
  beforeAll(async () => {
    world = await createWorld();
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-schedule-'));
  });
  afterAll(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a crontab line that runs sync, with PATH once per entry and no warning for a plain file store', async () => {
    const run = await world.cli(['cron', '--every', '6h'], { env: { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/bin::/usr/local/bin' } });
    expect(run.code, run.stderr).toBe(0);
    const line = run.stdout.trim();
    expect(line).toMatch(/^\d{1,2} \*\/6 \* \* \* PATH=\/usr\/local\/bin:\/usr\/bin:\/bin GARMIN_SYNC_HOME=/);
    expect(line.endsWith(`${process.execPath} ${CLI_PATH} sync --quiet --scheduled`)).toBe(true);
    expect(run.stderr).not.toContain('warning');
  });

  it('warns when --every is shorter than minSyncIntervalMinutes', async () => {
    const short = await world.cli(['cron', '--every', '15m']);
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/^\*\/15 \* \* \* \* /);
    expect(short.stderr).toContain('warning: --every 15m is shorter than minSyncIntervalMinutes (60): most runs will do nothing');
    expect((await world.cli(['cron', '--every', '1h'])).stderr).not.toContain('minSyncIntervalMinutes');
  });

  it('warns when the job needs the store key, and never prints it', async () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const run = await world.cli(['cron'], { env: { GARMIN_SYNC_STORE_KEY: key } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: the token file is encrypted: add GARMIN_SYNC_STORE_KEY=<your key> to the line yourself');
    expect(run.stdout + run.stderr).not.toContain(key);
    const systemd = await world.cli(['cron', '--systemd'], { env: { GARMIN_SYNC_STORE_KEY: key } });
    expect(systemd.stdout).toContain(`EnvironmentFile=${join(world.home, 'store-key.env')}`);
    expect(systemd.stdout + systemd.stderr).not.toContain(key);
  });

  it('with the Linux keychain: warns about a bus that does not exist and about a temporary session bus', async () => {
    const keychain = { GARMIN_SYNC_TOKEN_STORE: 'keychain' };
    const missing = await world.cli(['cron'], { env: { ...keychain, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}` } });
    expect(missing.code).toBe(0);
    expect(missing.stderr).toContain(`D-Bus session bus ${join(dir, 'no-such-bus')} (DBUS_SESSION_BUS_ADDRESS) does not exist`);
    expect(missing.stderr).toContain('garmin-sync cron --systemd');

    const socket = join(dir, 'dbus-Xq3fT0');
    await writeFile(socket, '');
    const temporary = await world.cli(['cron'], { env: { ...keychain, DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket},guid=0123456789abcdef` } });
    expect(temporary.stderr).toContain('is a temporary session bus (dbus-launch or dbus-run-session)');
    expect(temporary.stdout).toContain(`DBUS_SESSION_BUS_ADDRESS=unix:path=${socket},guid=0123456789abcdef`);
  });

  it('--systemd prints a user service and timer; --install writes the same text; systemd accepts it', async () => {
    const printed = await world.cli(['cron', '--systemd', '--every', '6h'], { env: { XDG_CONFIG_HOME: dir } });
    expect(printed.code, printed.stderr).toBe(0);
    const unitDir = join(dir, 'systemd', 'user');
    const [service, timer] = printed.stdout.split(`# ${join(unitDir, 'garmin-sync.timer')}\n`);
    expect(service).toBe(
      [
        `# ${join(unitDir, 'garmin-sync.service')}`,
        '[Unit]',
        'Description=garmin-sync: send queued imports to Garmin Connect, then pull activities and wellness data',
        '',
        '[Service]',
        'Type=oneshot',
        `Environment=PATH=${[...new Set(process.env.PATH!.split(':').filter(Boolean))].join(':')}`,
        `Environment=GARMIN_SYNC_HOME=${world.home}`,
        'Environment=GARMIN_SYNC_TOKEN_STORE=file',
        `Environment=GARMIN_SYNC_SSO_URL=${world.env.GARMIN_SYNC_SSO_URL}`,
        `Environment=GARMIN_SYNC_API_URL=${world.env.GARMIN_SYNC_API_URL}`,
        `Environment=GARMIN_SYNC_DIAUTH_URL=${world.env.GARMIN_SYNC_DIAUTH_URL}`,
        `ExecStart=${process.execPath} ${CLI_PATH} sync --quiet --scheduled`,
        '',
        '',
      ].join('\n'),
    );
    expect(timer).toMatch(/^\[Unit\]\nDescription=Run garmin-sync every 6h\n\n\[Timer\]\nOnCalendar=00\/6:\d\d\nPersistent=true\n\n\[Install\]\nWantedBy=timers.target\n$/);
    expect(printed.stdout).not.toContain('DBUS_SESSION_BUS_ADDRESS'); // the user manager has the session bus

    const installed = await world.cli(['cron', '--systemd', '--every', '6h', '--install'], { env: { XDG_CONFIG_HOME: dir } });
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr).toContain('systemctl --user enable --now garmin-sync.timer');
    expect(`# ${join(unitDir, 'garmin-sync.service')}\n${await readFile(join(unitDir, 'garmin-sync.service'), 'utf8')}\n`).toBe(service);
    expect(await readFile(join(unitDir, 'garmin-sync.timer'), 'utf8')).toBe(timer);

    if (systemdAnalyze) {
      const runtime = await mkdtemp(join(tmpdir(), 'garmin-sync-runtime-'));
      const verify = spawnSync('systemd-analyze', ['verify', '--user', 'garmin-sync.service', 'garmin-sync.timer'], {
        cwd: unitDir,
        env: { ...process.env, XDG_RUNTIME_DIR: runtime },
        encoding: 'utf8',
      });
      await rm(runtime, { recursive: true, force: true });
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stderr).toBe('');
    }
  });

  it('--launchd prints a plist that runs sync every interval', async () => {
    const run = await world.cli(['cron', '--launchd', '--every', '1h'], { env: { HOME: dir } });
    expect(run.code, run.stderr).toBe(0);
    const [comment, ...rest] = run.stdout.split('\n');
    expect(comment).toBe(`<!-- ${join(dir, 'Library', 'LaunchAgents', 'garmin-sync.sync.plist')} -->`);
    const doc = new DOMParser().parseFromString(rest.join('\n'), 'text/xml');
    const dict = doc.getElementsByTagName('dict')[0];
    const entries = new Map<string, Element>();
    const children = Array.from(dict.childNodes).filter((n): n is Element => n.nodeType === 1);
    for (let i = 0; i < children.length; i += 2) entries.set(children[i].textContent!, children[i + 1]);
    expect(entries.get('Label')!.textContent).toBe('garmin-sync.sync');
    expect(Array.from(entries.get('ProgramArguments')!.getElementsByTagName('string')).map((s) => s.textContent)).toEqual([process.execPath, CLI_PATH, 'sync', '--quiet', '--scheduled']);
    expect(entries.get('StartInterval')!.textContent).toBe('3600');
    expect(entries.get('EnvironmentVariables')!.textContent).toContain(world.home);
  });

  it('--install alone, or with both formats, is exit 2', async () => {
    expect((await world.cli(['cron', '--install'])).code).toBe(2);
    expect((await world.cli(['cron', '--systemd', '--launchd'])).code).toBe(2);
    expect((await world.cli(['cron', '--every', '7h'])).code).toBe(2);
  });
});
