/**
 * impit (a native module) is loaded only when a sign-in runs, never at CLI start: commands that
 * send no sign-in request start without it. A preloaded hook records every module Node loads
 * whose name mentions impit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/emulator/account.js';
import { createWorld, type World } from './harness.js';

let world: World;
let dir: string;
let record: string;
beforeAll(async () => {
  world = await createWorld();
  dir = mkdtempSync(join(tmpdir(), 'garmin-sync-lazy-'));
  record = join(dir, 'loaded.txt');
  const hook = join(dir, 'hook.cjs');
  writeFileSync(
    hook,
    `const Module = require('node:module'); const fs = require('node:fs'); const load = Module._load;
Module._load = function (request, ...rest) { if (/impit/.test(request)) fs.appendFileSync(${JSON.stringify(record)}, request + '\\n'); return load.call(this, request, ...rest); };`,
  );
  world.env.NODE_OPTIONS = `--require ${hook}`;
});
afterAll(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The impit modules loaded by one CLI run. */
async function impitLoadedBy(args: string[], input?: string): Promise<string[]> {
  rmSync(record, { force: true });
  const run = await world.cli(args, { input });
  expect(run.code, run.stderr).toBe(0);
  return existsSync(record) ? readFileSync(record, 'utf8').split('\n').filter(Boolean) : [];
}

describe('impit is loaded lazily', () => {
  it('not by --help, config list or status; by login; not by a pull (impersonateApi off)', async () => {
    expect(await impitLoadedBy(['--help'])).toEqual([]);
    expect(await impitLoadedBy(['config', 'list'])).toEqual([]);
    expect(await impitLoadedBy(['status'])).toEqual([]);
    const login = await impitLoadedBy(['login', '--email', DEMO_EMAIL, '--password-stdin'], `${DEMO_PASSWORD}\n`);
    expect(login.length).toBeGreaterThan(0);
    expect(await impitLoadedBy(['pull', '--days', '1'])).toEqual([]);
  });
});
