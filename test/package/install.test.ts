/**
 * What a person who installs garmin-sync gets (issue 11): the project is packed with `npm pack`
 * (in a copy of the working tree, so `prepack`'s clean build does not disturb the dist/ other
 * tests run), the tarball is installed globally into a temporary prefix (no dev dependencies,
 * no optional peer), and the installed `garmin-sync` answers --version, runs the demo, serves
 * the emulator that it then signs in to and pulls from, and `garmin-sync/client` imports with
 * its type declarations.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, symlink, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/emulator/account.js';
import { allFiles } from '../e2e/harness.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let tarball: string;
let shipped: string[];
let installed: string;
let bin: string;
const version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the installed CLI; resolves with its exit code and output. */
function garminSync(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, HOME: work, NO_COLOR: '1', ...opts.env }, cwd: work });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'garmin-sync-package-'));
  const source = join(work, 'source');
  await cp(ROOT, source, {
    recursive: true,
    filter: (path) => !/^(node_modules|dist|\.git|coverage)(\/|$)/.test(relative(ROOT, path)),
  });
  await symlink(join(ROOT, 'node_modules'), join(source, 'node_modules'));
  const packed = await run(NPM, ['pack', '--silent', '--pack-destination', work], { cwd: source, maxBuffer: 2 ** 24 });
  tarball = join(work, packed.stdout.trim().split('\n').at(-1)!);
  shipped = (await run('tar', ['tzf', tarball], { maxBuffer: 2 ** 24 })).stdout.trim().split('\n').map((p) => p.replace(/^package\//, ''));
  const prefix = join(work, 'prefix');
  await run(NPM, ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: work, maxBuffer: 2 ** 24 });
  installed = join(prefix, 'lib', 'node_modules', 'garmin-sync');
  bin = join(prefix, 'bin', 'garmin-sync');
}, 480_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the package', () => {
  it('ships the built product only: the launcher, dist without source maps, declarations, the demo files', () => {
    expect(shipped).toContain('bin/garmin-sync.js');
    expect(shipped).toContain('dist/cli/main.js');
    expect(shipped).toContain('dist/cli/help.txt');
    // tsc's copy of the CLI and the emulator are not shipped: the bundle in dist/cli/ holds them.
    expect(shipped.filter((p) => /^dist\/src\/(cli|emulator)\//.test(p))).toEqual([]);
    expect(shipped).toContain('dist/src/garmin/index.d.ts');
    expect(shipped).toContain('demo/garmin-fenix-5-run.fit');
    expect(shipped).toContain('demo/LICENSE.gpxpy');
    expect(shipped.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(shipped.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    expect(shipped.filter((p) => /^(test|bench|src)\//.test(p))).toEqual([]);
  });

  it('names no repository URL that does not exist', async () => {
    const texts = await Promise.all((await allFiles(installed)).filter((f) => !f.includes('/node_modules/') && /\.(js|json|md|ts)$/.test(f)).map((f) => readFile(f, 'utf8')));
    expect(texts.filter((t) => t.includes('github.com/garmin-sync'))).toEqual([]);
    const pkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.repository ?? pkg.bugs ?? pkg.homepage).toBeUndefined();
  });

  it('installs without dev dependencies and without playwright-core', async () => {
    const modules = await readdir(join(installed, 'node_modules'));
    expect(modules).toContain('commander');
    for (const absent of ['playwright-core', 'typescript', 'vitest', 'tsx']) expect(modules).not.toContain(absent);
  });

  it('garmin-sync --version prints the package version', async () => {
    const result = await garminSync(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('garmin-sync demo tells the whole story and exits 0', async () => {
    const result = await garminSync(['demo']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Signed in as Alex Runner/);
    expect(result.stdout).toMatch(/demo\/garmin-fenix-5-run\.fit: uploaded as activity/);
    expect(result.stdout).toMatch(/already on Garmin as activity/);
    expect(result.stdout).toMatch(/wellness: 30 new/);
  }, 240_000);

  it('garmin-sync emulator serves an account that the installed CLI signs in to and pulls from', async () => {
    const emulator = spawn(process.execPath, [bin, 'emulator', '--port', '0'], { env: { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' } });
    try {
      let printed = '';
      await new Promise<void>((resolve, reject) => {
        emulator.stdout.on('data', (c: Buffer) => {
          printed += c;
          if (printed.includes('garmin-sync pull')) resolve();
        });
        emulator.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${printed}`)));
      });
      expect(printed).toContain(DEMO_EMAIL);
      expect(printed).toContain('export GARMIN_SYNC_TOKEN_STORE=file');
      const env = Object.fromEntries([...printed.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      expect(Object.keys(env).sort()).toEqual(['GARMIN_SYNC_API_URL', 'GARMIN_SYNC_DIAUTH_URL', 'GARMIN_SYNC_HOME', 'GARMIN_SYNC_SSO_URL', 'GARMIN_SYNC_TOKEN_STORE']);
      const login = await garminSync(['login', '--email', DEMO_EMAIL, '--password-stdin'], { env, input: `${DEMO_PASSWORD}\n` });
      expect(login.code, login.stderr).toBe(0);
      expect(login.stdout).toMatch(/Signed in as Alex Runner/);
      const pull = await garminSync(['pull', '--days', '3'], { env });
      expect(pull.code, pull.stderr).toBe(0);
      const wellnessYears = await readdir(join(env.GARMIN_SYNC_HOME, 'wellness'));
      expect(wellnessYears.length).toBeGreaterThan(0);
      const stopped = new Promise<number | null>((resolve) => emulator.on('exit', resolve));
      emulator.kill('SIGTERM');
      expect(await stopped).toBe(0);
      await expect(stat(env.GARMIN_SYNC_HOME)).rejects.toThrow(/ENOENT/);
    } finally {
      emulator.kill('SIGKILL');
    }
  }, 240_000);

  it('garmin-sync/client imports, and its declarations type-check', async () => {
    const lib = join(installed, '..', '..');
    const imported = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('garmin-sync/client'); console.log(typeof m.GarminClient, typeof m.signIn, typeof m.AuthError)"], { cwd: lib });
    expect(imported.stdout.trim()).toBe('function function function');
    await writeFile(
      join(lib, 'check.mts'),
      "import { GarminClient, resolveEndpoints, type TokenBundle } from 'garmin-sync/client';\n" +
        'export const open = (tokens: TokenBundle): GarminClient => new GarminClient({ endpoints: resolveEndpoints({}), tokens, saveTokens: async () => {} });\n' +
        "// @ts-expect-error: the declarations are real, so a wrong option is an error\nexport const wrong = new GarminClient({ endpoints: resolveEndpoints({}), tokens: 'no' });\n",
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'check.mts'], { cwd: lib }).catch((err: { stdout: string }) => ({ stdout: `failed: ${err.stdout}` }));
    expect(checked.stdout).toBe('');
  }, 60_000);
});
