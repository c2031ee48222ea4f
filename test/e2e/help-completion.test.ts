/**
 * Help like gh (issue 11): no arguments print the help on stdout with exit 0; `help environment`
 * and `help exit-codes` print the tables scripts rely on; `completion bash` prints a script that,
 * sourced in a real bash with garmin-sync on PATH, completes commands, subcommands and flags.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { CLI_PATH, runCli } from '../../src/emulator/cli-runner.js';

const cli = (args: string[]) => runCli(args, { env: { NO_COLOR: '1' } });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'garmin-sync-completion-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('help', () => {
  it('garmin-sync with no arguments prints the help on stdout and exits 0', async () => {
    const run = await cli([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: garmin-sync \[options\] \[command\]/);
    expect(run.stdout).toMatch(/\n {2}demo {2,}/);
    expect(run.stderr).toBe('');
  });

  it("the cached top-level help (dist/cli/help.txt) is commander's, 80 columns on any terminal, for none, --help, -h and help", async () => {
    const program = await buildProgram([]);
    let commanders = '';
    program.configureOutput({ writeOut: (text) => (commanders += text), getOutHelpWidth: () => 200 });
    program.outputHelp();
    expect(await readFile(join(dirname(CLI_PATH), 'help.txt'), 'utf8')).toBe(commanders);
    for (const args of [[], ['--help'], ['-h'], ['help']]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout, args.join(' ')).toBe(commanders);
    }
    // Without the cache (commander prints it, as for `--verbose --help`) the text is the same.
    expect((await cli(['--verbose', '--help'])).stdout).toBe(commanders);
    expect(Math.max(...commanders.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
  });

  it('help environment and help exit-codes print the tables', async () => {
    const environment = await cli(['help', 'environment']);
    expect(environment.code).toBe(0);
    for (const name of ['GARMIN_SYNC_HOME', 'GARMIN_SYNC_TOKEN_STORE', 'GARMIN_SYNC_STORE_KEY', 'GARMIN_SYNC_TOKENS', 'GARMIN_SYNC_DOMAIN', 'NO_COLOR']) expect(environment.stdout).toContain(name);
    const codes = await cli(['help', 'exit-codes']);
    expect(codes.code).toBe(0);
    expect(codes.stdout).toMatch(/^ {2}6 +another garmin-sync run holds the lock/m);
    expect(codes.stdout).toMatch(/^ {2}7 +could not reach Garmin \(no network, DNS, refused connection, TLS failure, timeout\): nothing changed; try again later$/m);
  });

  it('help <command> is that command’s --help; an unknown topic exits 2', async () => {
    const [help, flag] = await Promise.all([cli(['help', 'import']), cli(['import', '--help'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(flag.stdout);
    expect(help.stdout).toMatch(/--dry-run/);
    const unknown = await cli(['help', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no help for "frobnicate"/);
  });
});

describe('completion', () => {
  /** What bash completes for `words` (the last one being typed), with garmin-sync on PATH. */
  async function bashCompletes(words: string[]): Promise<string[]> {
    const script = await cli(['completion', 'bash']);
    expect(script.code).toBe(0);
    await writeFile(join(dir, 'garmin-sync.bash'), script.stdout);
    const launcher = join(dir, 'garmin-sync');
    await writeFile(launcher, `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`);
    await chmod(launcher, 0o755);
    const line = words.join(' ');
    const driver = [
      `source ${JSON.stringify(join(dir, 'garmin-sync.bash'))}`,
      `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE=${JSON.stringify(line)}`,
      `COMP_POINT=${line.length}`,
      '_garmin-sync_completion',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const { stdout } = await promisify(execFile)('bash', ['-c', driver], { env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir, NO_COLOR: '1' } });
    return stdout.split('\n').filter(Boolean);
  }

  it('bash completes command names, subcommands and flags', async () => {
    expect(await bashCompletes(['garmin-sync', 'im'])).toEqual(['import']);
    expect(await bashCompletes(['garmin-sync', 'config', ''])).toEqual(['list', 'get', 'set']);
    expect(await bashCompletes(['garmin-sync', 'pull', '--da'])).toEqual(['--days']);
    expect(await bashCompletes(['garmin-sync', 'help', 'exit'])).toEqual(['exit-codes']);
  }, 60_000);

  it('prints scripts for zsh and fish, and refuses another shell with exit 2', async () => {
    const [zsh, fish, other] = await Promise.all([cli(['completion', 'zsh']), cli(['completion', 'fish']), cli(['completion', 'tcsh'])]);
    expect(zsh.stdout).toMatch(/^#compdef garmin-sync/);
    expect(zsh.stdout).toContain('garmin-sync completion-server');
    expect(fish.stdout).toMatch(/complete .*-c garmin-sync/);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/unknown shell "tcsh"/);
  });
});
