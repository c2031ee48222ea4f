/**
 * A platform where impit's native module cannot load (no prebuilt binary, `--omit=optional`):
 * sign-in falls back to undici with one clear notice, never a crash, and `doctor` says so.
 * impit is replaced by a module whose loading throws what impit's own loader throws.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runChecks } from '../../src/cli/commands/doctor.js';
import { contextOf } from '../../src/cli/context.js';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/emulator/account.js';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { resolveEndpoints } from '../../src/garmin/endpoints.js';
import { signIn } from '../../src/garmin/auth/login.js';
import { openTransport } from '../../src/garmin/transport.js';

vi.mock('impit', () => {
  throw new Error("\nimpit couldn't load native bindings.\n\nThis can have several reasons:\n- The native bindings are not compiled for your platform (linux-x64).");
});

let emu: Emulator;
let home: string;
const saved = { ...process.env };
beforeAll(async () => {
  emu = await startEmulator({ days: 3 });
  home = mkdtempSync(join(tmpdir(), 'garmin-sync-fallback-'));
  Object.assign(process.env, emu.env, { GARMIN_SYNC_HOME: home, GARMIN_SYNC_TOKEN_STORE: 'file', NO_COLOR: '1' });
});
afterAll(async () => {
  process.env = saved;
  await emu.close();
  rmSync(home, { recursive: true, force: true });
});

describe('impit cannot load', () => {
  it('openTransport falls back to undici and says why in one line', async () => {
    const transport = await openTransport({ impersonate: 'chrome', impersonateApi: true });
    expect(transport.client).toBe('undici');
    // One line (vitest wraps the loader's error in its own; impit's own first line is "impit couldn't load native bindings.").
    expect(transport.fallback).toMatch(/^[^\n]+$/);
    expect(transport.description).toMatch(/^undici .*impit could not load/);
    // Node's TLS with a Chrome User-Agent would be a mismatch Cloudflare looks for: the plain headers go instead.
    expect(transport.headers('mobile').impersonation).toBe('none');
  });

  it('a sign-in still works, over undici', async () => {
    const transport = await openTransport({ impersonate: 'chrome', impersonateApi: false });
    const result = await signIn({ endpoints: resolveEndpoints(emu.env), email: DEMO_EMAIL, password: DEMO_PASSWORD, paths: ['mobile'], transport });
    expect(result.kind).toBe('signedIn');
    expect(emu.requests.find((r) => r.path === '/mobile/api/login')!.headers['user-agent']).toMatch(/iPhone/);
  });

  it('the CLI tells it once per run, and doctor shows a warn line naming the way out', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const ctx = contextOf(new Command('garmin-sync'));
      await ctx.transport();
      const checks = await runChecks(ctx);
      const line = checks.find((c) => c.name === 'transport')!;
      expect(line).toMatchObject({ ok: true, warning: true });
      expect(line.detail).toMatch(/impit could not load .*Node's TLS, which Cloudflare may block.*--browser or --ticket/);
    } finally {
      spy.mockRestore();
    }
    const notices = written.filter((w) => /impit \(browser-class TLS\) could not load/.test(w));
    expect(notices).toHaveLength(1);
    expect(notices[0].trim().split('\n')).toHaveLength(1);
  });
});
