/**
 * Crash safety (issue 6): a pull killed with SIGKILL at a random moment leaves only whole files,
 * and the next run completes the archive, identical to an uninterrupted one.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../src/emulator/cli-runner.js';
import { archiveContents, createWorld, type World } from './harness.js';

const TODAY = new Date().toISOString().slice(0, 10);
const TRIALS = 20;
const PARALLEL = 5;

async function signedInWorld(): Promise<World> {
  const w = await createWorld({ today: TODAY, days: 20 });
  expect((await w.login()).code).toBe(0);
  // config.json as `config set` writes it (tested in pull-cron.test.ts), without three more CLI runs.
  await writeFile(join(w.home, 'config.json'), JSON.stringify({ initialSyncDays: 10, requestsPerSecond: 100, fit: true }));
  return w;
}

/** Starts `pull` and SIGKILLs it once the emulator has received `afterRequests` more requests (or it exits first). */
async function killedPull(w: World, afterRequests: number): Promise<void> {
  const baseline = w.emulator.requests.length;
  const child = spawn(process.execPath, [CLI_PATH, 'pull', '--quiet'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...w.env }, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && w.emulator.requests.length - baseline < afterRequests) await new Promise((r) => setTimeout(r, 1));
  child.kill('SIGKILL');
  await exited;
}

describe('SIGKILL at random points', () => {
  let reference: Map<string, string>;
  let total: number;
  beforeAll(async () => {
    const w = await signedInWorld();
    const before = w.emulator.requests.length;
    const run = await w.cli(['pull']);
    expect(run.code, run.stderr).toBe(0);
    total = w.emulator.requests.length - before;
    reference = await archiveContents(w.home);
    await w.close();
  });
  afterAll(() => undefined);

  it(`${TRIALS} runs killed at random moments, each followed by a rerun, give the uninterrupted archive`, async () => {
    expect(reference.size).toBeGreaterThan(20);
    const trial = async (i: number) => {
      const w = await signedInWorld();
      try {
        const killAfter = 1 + Math.floor(Math.random() * total);
        await killedPull(w, killAfter);
        const rerun = await w.cli(['pull']);
        expect(rerun.code, `trial ${i} killed after ${killAfter} requests: ${rerun.stderr}`).toBe(0);
        const contents = await archiveContents(w.home);
        expect([...contents.keys()], `trial ${i} killed after ${killAfter} requests`).toEqual([...reference.keys()]);
        expect(contents, `trial ${i} killed after ${killAfter} requests`).toEqual(reference);
        // No entry stays "running": the killed run shows as interrupted, or as completed when it
        // was killed after closing its entry (its work was then all done).
        const history = await w.json('history.json');
        expect(history.map((h: { status: string }) => h.status)).not.toContain('running');
        expect(history.at(-1).status).toBe('completed');
        if (history.length > 1 && history.at(-2).status !== 'completed') expect(history.at(-2)).toMatchObject({ status: 'failed', error: 'interrupted' });
      } finally {
        await w.close();
      }
    };
    for (let i = 0; i < TRIALS; i += PARALLEL) await Promise.all(Array.from({ length: PARALLEL }, (_, k) => trial(i + k)));
  }, 240_000);
});
