import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/archive/lock.js';
import { LockError } from '../../src/errors.js';
import { runToEnd, spawnTsx, tempPaths, waitForOutput } from './helpers.js';

describe('acquireLock', () => {
  it('refuses a second acquire in the same process with LockError (exit 6) naming the pid, until released', async () => {
    const paths = await tempPaths();
    const release = await acquireLock(paths);
    const second = acquireLock(paths);
    await expect(second).rejects.toBeInstanceOf(LockError);
    await expect(second).rejects.toMatchObject({ exitCode: 6 });
    await expect(second).rejects.toThrow(`another garmin-sync run holds the lock (pid ${process.pid}); try again later or pass --wait`);
    await release();
    await release(); // idempotent
    const again = await acquireLock(paths);
    await again();
  });

  it('refuses while another process holds it; with wait it gets the lock once that process releases', async () => {
    const paths = await tempPaths();
    const holder = spawnTsx('hold-lock.ts', [paths.dataDir]);
    const holderDone = runToEnd(holder);
    await waitForOutput(holder, 'held');

    const refused = acquireLock(paths);
    await expect(refused).rejects.toMatchObject({ name: 'LockError', exitCode: 6 });
    await expect(refused).rejects.toThrow(/^another garmin-sync run holds the lock \(pid \d+\)/);
    await expect(refused).rejects.not.toThrow(`pid ${process.pid})`);

    let releasedAt = 0;
    const waiting = acquireLock(paths, { wait: true }).then((release) => ({ release, acquiredAt: Date.now() }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    releasedAt = Date.now();
    holder.stdin.write('release\n');
    const { release, acquiredAt } = await waiting;
    expect(acquiredAt).toBeGreaterThanOrEqual(releasedAt);
    expect((await holderDone).stdout).toContain('released');
    await release();
  });
});
