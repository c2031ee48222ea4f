/**
 * Permissions (issue 10, point 9): the data and config folders are 0700 and every file in them
 * 0600, including a GARMIN_SYNC_HOME that existed before with looser modes (tightened, with a notice).
 */
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, fixture, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

/** Every file and folder under `dir` (itself included) with its permission bits. */
async function modes(dir: string): Promise<Array<{ path: string; dir: boolean; mode: number }>> {
  const all = [{ path: dir, dir: true, mode: (await stat(dir)).mode & 0o777 }];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    all.push({ path, dir: entry.isDirectory(), mode: (await stat(path)).mode & 0o777 });
  }
  return all;
}

const loose = (all: Awaited<ReturnType<typeof modes>>) => all.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.path} ${e.mode.toString(8)}`);

describe('private files', () => {
  it('after login, config, pull --fit, a queued import and history: folders 0700, files 0600', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    expect((await world.cli(['config', 'set', 'requestsPerSecond', '100'])).code).toBe(0);
    expect((await world.cli(['pull', '--days', '3', '--fit'])).code).toBe(0);
    world.emulator.switches.uploadFailCount = 1;
    expect((await world.cli(['import', fixture('gpx/cerknicko-jezero.gpx')])).code).toBe(5); // queued in the outbox
    const all = await modes(world.home);
    expect(all.some((e) => e.path.endsWith('.fit'))).toBe(true);
    expect(all.some((e) => e.path.includes('/outbox/'))).toBe(true);
    expect(all.some((e) => e.path.endsWith('tokens.json'))).toBe(true);
    expect(loose(all)).toEqual([]);
  });

  it('a GARMIN_SYNC_HOME that existed open to others is tightened, with a notice naming it', async () => {
    world = await createWorld();
    const home = join(world.home, 'shared-home');
    await mkdir(home, { mode: 0o755 });
    await chmod(home, 0o755);
    await writeFile(join(home, 'config.json'), '{"schemaVersion":1}\n', { mode: 0o644 });
    await chmod(join(home, 'config.json'), 0o644);
    const env = { GARMIN_SYNC_HOME: home };
    const first = await world.cli(['status'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`${home} was open to other users (mode 0755): tightened to 0700, and 1 file(s) and folder(s) in it to 0600/0700`);
    expect(loose(await modes(home))).toEqual([]);
    const second = await world.cli(['status'], { env });
    expect(second.stderr).not.toMatch(/tightened/); // said once
  });
});
