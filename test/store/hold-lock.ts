/**
 * Child process of lock.test.ts: takes the run lock of GARMIN_SYNC_HOME=<argv[2]>, prints "held",
 * and releases it when a line "release" arrives on stdin (then prints "released" and exits).
 */
import { createInterface } from 'node:readline';
import { acquireLock } from '../../src/archive/lock.js';
import { resolvePaths } from '../../src/archive/paths.js';

const release = await acquireLock(resolvePaths({ GARMIN_SYNC_HOME: process.argv[2] }));
process.stdout.write('held\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'release') {
    await release();
    process.stdout.write('released\n');
    process.exit(0);
  }
}
