/**
 * Child process of keychain.test.ts: loads from the keychain with whatever D-Bus address the
 * environment has, and prints the outcome as JSON ({ok} or {name, exitCode, message}).
 */
import { KeychainTokenStore } from '../../src/credentials/keychain.js';
import { GarminSyncError } from '../../src/errors.js';

try {
  await new KeychainTokenStore({ service: 'garmin-sync-test', account: `probe-${process.pid}` }).load();
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (err) {
  const e = err as GarminSyncError;
  process.stdout.write(JSON.stringify({ name: e.name, exitCode: e.exitCode, message: e.message }));
}
