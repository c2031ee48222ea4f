/**
 * Signals and pipes (issue 10, point 3): Ctrl-C at a prompt or during a pull exits 130 quietly;
 * a stdout whose reader went away (`| head -1`) ends quietly, and a pull still finishes.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../src/emulator/cli-runner.js';
import { createWorld, type World } from './harness.js';
import { runOnPty } from './pty.js';

let world: World;
afterEach(async () => world?.close());

/**
 * Runs the CLI with stdout a pipe whose reading end is already closed (what `| head -1` leaves once
 * head has its line and exited): every write to stdout meets EPIPE.
 */
function runIntoClosedPipe(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stderr }));
  });
}

describe('a closed pipe on stdout', () => {
  it('`config list | head -1` ends quietly with exit 0', async () => {
    world = await createWorld();
    const run = await runIntoClosedPipe(['config', 'list'], world.env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it.each(['--help', 'import --help', ''])('`garmin-sync %s | head -1` (the help) ends quietly with exit 0', async (words) => {
    world = await createWorld();
    const run = await runIntoClosedPipe(words.split(' ').filter(Boolean), world.env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('`pull | head -1`: the pull still finishes and records its run as completed', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const run = await runIntoClosedPipe(['pull', '--days', '2'], world.env);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|bug/);
    expect(run.code).toBe(0);
    const history = JSON.parse((await world.cli(['history', '--json'])).stdout);
    expect(history.runs[0]).toMatchObject({ status: 'completed' });
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).counts.wellnessDays).toBe(2);
  });
});

describe('Ctrl-C on a terminal', () => {
  it('at the email prompt of login: exit 130, no stack trace, nothing sent', async () => {
    world = await createWorld();
    const run = await runOnPty(['login'], { env: world.env, waitFor: 'email', keys: '\x03' });
    expect(run.sawPrompt, run.output).toBe(true);
    expect(run.code, run.output).toBe(130);
    expect(run.output).not.toMatch(/ExitPromptError|Error|at .*\.js:\d+/);
    expect(world.emulator.requests).toHaveLength(0);
  });

  it('at the password prompt of login: exit 130', async () => {
    world = await createWorld();
    const run = await runOnPty(['login', '--email', 'a@example.com'], { env: world.env, waitFor: 'Password', keys: '\x03' });
    expect(run.sawPrompt, run.output).toBe(true);
    expect(run.code, run.output).toBe(130);
    expect(run.output).not.toMatch(/ExitPromptError|Error/);
  });

  it('during a pull with its spinner: exit 130, and the next run records it as interrupted', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    world.emulator.switches.latencyMs = 300; // a pull slow enough to be interrupted
    const run = await runOnPty(['pull', '--days', '20'], { env: world.env, waitFor: 'days', keys: '\x03' });
    expect(run.sawPrompt, run.output.slice(0, 2000)).toBe(true);
    expect(run.code, run.output.slice(-2000)).toBe(130);
    expect(run.output).not.toMatch(/Error|at .*\.js:\d+/);
    world.emulator.switches.latencyMs = 0;
    expect((await world.cli(['pull', '--days', '2'])).code).toBe(0);
    const runs = JSON.parse((await world.cli(['history', '--json'])).stdout).runs;
    expect(runs[0]).toMatchObject({ status: 'completed' });
    expect(runs[1]).toMatchObject({ status: 'failed', error: 'interrupted', completedAt: null });
  });
});
