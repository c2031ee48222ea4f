/**
 * End-to-end harness: a fresh emulator and a fresh GARMIN_SYNC_HOME per test file, and the built
 * CLI run as a subprocess against them (file token store unless a test asks for the keychain).
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/emulator/account.js';
import { runCli, type CliRun } from '../../src/emulator/cli-runner.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/server.js';

export { fixturePath as fixture } from '../shared.js';

export interface World {
  emulator: Emulator;
  home: string;
  env: Record<string, string>;
  cli(args: string[], opts?: { input?: string; env?: Record<string, string | undefined> }): Promise<CliRun>;
  /** Signs in with the demo account through the CLI; returns the run. */
  login(extra?: string[]): Promise<CliRun>;
  /** Requests the emulator saw whose path starts with `prefix` (and method, when given). */
  seen(prefix: string, method?: string): Emulator['requests'];
  json<T = any>(relativePath: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts an emulator and a temporary home. */
export async function createWorld(options: EmulatorOptions = {}, envExtra: Record<string, string> = {}): Promise<World> {
  const emulator = await startEmulator(options);
  const home = await mkdtemp(join(tmpdir(), 'garmin-sync-e2e-'));
  const env: Record<string, string> = { ...emulator.env, GARMIN_SYNC_HOME: home, GARMIN_SYNC_TOKEN_STORE: 'file', NO_COLOR: '1', ...envExtra };
  const world: World = {
    emulator,
    home,
    env,
    cli: (args, opts = {}) => runCli(args, { env: { ...env, ...opts.env }, input: opts.input }),
    login: (extra = []) => world.cli(['login', '--email', DEMO_EMAIL, '--password-stdin', ...extra], { input: `${DEMO_PASSWORD}\n` }),
    seen: (prefix, method) => emulator.requests.filter((r) => r.path.startsWith(prefix) && (!method || r.method === method)),
    json: async (relativePath) => JSON.parse(await readFile(join(home, relativePath), 'utf8')),
    close: async () => {
      await emulator.close();
      await rm(home, { recursive: true, force: true });
    },
  };
  return world;
}

/** Every file under `dir`, recursively (absolute paths). */
export async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(path)));
    else out.push(path);
  }
  return out;
}

/** Every file of the archive's data directories (activities, wellness, metrics, fit): relative path → bytes (base64). */
export async function archiveContents(home: string): Promise<Map<string, string>> {
  const files = (await allFiles(home)).filter((f) => /\/(activities|wellness|metrics|fit)\//.test(f));
  return new Map(await Promise.all(files.sort().map(async (f) => [relative(home, f), (await readFile(f)).toString('base64')] as [string, string])));
}

/** True when `path` exists. */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
