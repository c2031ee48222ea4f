/**
 * Network failures are not bugs (issue 10, point 2): a refused connection at login, pull and
 * import gives one line naming the host and exit 7; a pull records the run as failed with the
 * reason, and the next run completes the work.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, fixture, type World } from './harness.js';

let world: World;
afterEach(async () => world?.close());

/** A loopback URL where nothing listens: connections to it are refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The stderr lines that are garmin-sync's own error lines. */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('garmin-sync:'));

describe('Garmin cannot be reached', () => {
  it('--help lists exit code 7', async () => {
    world = await createWorld();
    const help = await world.cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:[^]*7 could not reach\nGarmin \(try again later\)/);
  });

  it('login: exit 7 with one line naming the host, no "bug"', async () => {
    world = await createWorld();
    const down = await closedPortUrl();
    const run = await world.cli(['login', '--email', 'a@example.com', '--password-stdin'], { input: 'pw\n', env: { GARMIN_SYNC_SSO_URL: down } });
    expect(run.code, run.stderr).toBe(7);
    expect(errorLines(run.stderr)).toEqual([`garmin-sync: could not reach Garmin at ${new URL(down).host}: connection refused; nothing was changed; try again later`]);
    expect(run.stderr).not.toMatch(/bug|at .*\.js:\d+/);
  });

  it('pull: exit 7, the run recorded as failed with the reason, and the next run completes', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const down = await closedPortUrl();
    const failed = await world.cli(['pull', '--days', '3'], { env: { GARMIN_SYNC_API_URL: down } });
    expect(failed.code, failed.stderr).toBe(7);
    expect(errorLines(failed.stderr)).toEqual([`garmin-sync: could not reach Garmin at ${new URL(down).host}: connection refused; nothing was changed; try again later`]);
    expect(failed.stderr).not.toMatch(/bug/);
    const history = JSON.parse((await world.cli(['history', '--json'])).stdout);
    expect(history.runs[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not reach Garmin at .*connection refused/) });

    const next = await world.cli(['pull', '--days', '3']);
    expect(next.code, next.stderr).toBe(0);
    const status = JSON.parse((await world.cli(['status', '--json'])).stdout);
    expect(status.counts.wellnessDays).toBe(3);
    expect(JSON.parse((await world.cli(['history', '--json'])).stdout).runs[0]).toMatchObject({ status: 'completed' });
  });

  it('import: the activity file waits in the outbox, exit 7; sync then delivers it', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const down = await closedPortUrl();
    const run = await world.cli(['import', '--json', fixture('gpx/cerknicko-jezero.gpx')], { env: { GARMIN_SYNC_API_URL: down } });
    expect(run.code, run.stderr).toBe(7);
    const [result] = JSON.parse(run.stdout).results;
    expect(result).toMatchObject({ status: 'queued', unreachable: true, message: expect.stringMatching(/could not reach Garmin at 127\.0\.0\.1:\d+: connection refused/) });
    const sync = await world.cli(['sync', '--days', '1']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/cerknicko-jezero\.gpx: uploaded as activity \d+/);
  });

  it('import of a workout text: failed with the reason, exit 7', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const file = join(world.home, 'easy.txt');
    await writeFile(file, 'sport: run\nname: Easy\n\n- 30m\n');
    const down = await closedPortUrl();
    const run = await world.cli(['import', '--json', file], { env: { GARMIN_SYNC_API_URL: down } });
    expect(run.code, run.stderr).toBe(7);
    expect(JSON.parse(run.stdout).results[0]).toMatchObject({ status: 'failed', unreachable: true, message: expect.stringMatching(/could not reach Garmin at 127\.0\.0\.1:\d+: connection refused; nothing was changed/) });
  });
});
