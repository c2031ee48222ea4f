/**
 * What the built CLI loads at start (issue 11): every module Node resolves is recorded by a
 * resolve hook (module.register) in the child, so a test sees exactly which packages a command
 * pulled in. The CLI runs as it ships: dist/cli/, where scripts/bundle-cli.mjs bundled commander,
 * chalk, valibot and env-paths into its chunks (esbuild marks each bundled module with a
 * `// node_modules/<package>/…` line, which is how a loaded chunk tells what it holds); every other
 * package is resolved from node_modules when loaded. `--version` and `--help` load none, not even
 * commander; `status` reads the archive without the HTTP stack, prompts or the FIT SDK; and
 * `login` does load the prompts (the recording sees what it must).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../src/emulator/cli-runner.js';

let dir: string;
let register: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'garmin-sync-startup-'));
  await writeFile(
    join(dir, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(process.env.LOADED_LOG, result.url + '\\n');\n  return result;\n}\n",
  );
  register = join(dir, 'register.mjs');
  await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The npm packages `garmin-sync <args>` loaded (names, deduplicated, sorted). */
async function packagesLoadedBy(args: string[]): Promise<string[]> {
  const log = join(dir, `loaded-${args.join('_').replace(/\W/g, '')}.txt`);
  await writeFile(log, '');
  const home = join(dir, 'home');
  const child = spawnSync(process.execPath, ['--import', register, CLI_PATH, ...args], {
    env: { PATH: process.env.PATH, LOADED_LOG: log, GARMIN_SYNC_HOME: home, GARMIN_SYNC_TOKEN_STORE: 'file', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(child.status, child.stderr).toBe(0);
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  const names = urls.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name): name is string => name !== undefined);
  for (const url of urls.filter((u) => u.startsWith(pathToFileURL(dirname(CLI_PATH)).href))) {
    for (const match of (await readFile(fileURLToPath(url), 'utf8')).matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) names.push(match[1]);
  }
  return [...new Set(names)].sort();
}

const HEAVY = ['undici', '@inquirer/prompts', '@garmin/fitsdk', 'fetch-cookie'];

describe('what a command loads', () => {
  it('--version loads no package at all (answered before commander)', async () => {
    expect(await packagesLoadedBy(['--version'])).toEqual([]);
  });

  it('--help, -h, help and no arguments load no package, not even commander (the help the build cached)', async () => {
    for (const args of [['--help'], ['-h'], [], ['help']]) {
      expect(await packagesLoadedBy(args), args.join(' ')).toEqual([]);
    }
  });

  it('a help topic loads commander and nothing else', async () => {
    expect(await packagesLoadedBy(['help', 'exit-codes'])).toEqual(['commander']);
  });

  it('status loads neither the HTTP stack, nor the prompts, nor the FIT SDK', async () => {
    const loaded = await packagesLoadedBy(['status']);
    for (const name of [...HEAVY, 'ora', 'tough-cookie', 'impit']) expect(loaded).not.toContain(name);
    expect(loaded).toContain('valibot'); // the recording does see bundled packages
  });

  it('the recording does see heavy modules where a command needs them: login loads the prompts', async () => {
    const loaded = await packagesLoadedBy(['login', '--help']);
    expect(loaded).toContain('@inquirer/prompts');
    expect(HEAVY.filter((name) => loaded.includes(name)).length).toBeGreaterThan(1);
  });
});
