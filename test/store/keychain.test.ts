import { randomBytes } from 'node:crypto';
import { AsyncEntry } from '@napi-rs/keyring';
import { describe, expect, it } from 'vitest';
import { KeychainTokenStore } from '../../src/credentials/keychain.js';
import { runToEnd, sampleBundle, spawnTsx } from './helpers.js';

const SERVICE = 'garmin-sync-test';
/** On Linux the keychain is the Secret Service, reached over the D-Bus session bus. */
const keychainReachable = process.platform !== 'linux' || Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const entryExists = async (account: string) =>
  (await new AsyncEntry(SERVICE, account, { linux: { store: 'secret-service' } }).getSecret()) !== null;

describe('KeychainTokenStore with a real keychain', () => {
  if (!keychainReachable && process.env.CI) {
    it('needs a D-Bus session in CI', () => {
      expect.fail('CI is set but DBUS_SESSION_BUS_ADDRESS is not: run the tests under scripts/with-keyring');
    });
    return;
  }
  if (!keychainReachable) {
    it.skip('round trip (skipped: no DBUS_SESSION_BUS_ADDRESS; run under ../shared/scripts/with-keyring)', () => {});
    return;
  }

  it('saves, loads the same bundle, clears, then loads null', async () => {
    const account = `tokens-${randomBytes(4).toString('hex')}`;
    const store = new KeychainTokenStore({ service: SERVICE, account });
    expect(store.kind).toBe('keychain');
    expect(await store.load()).toBeNull();
    await store.save(sampleBundle());
    expect(await store.load()).toEqual(sampleBundle());
    await store.clear();
    expect(await store.load()).toBeNull();
    expect(await entryExists(account)).toBe(false);
  });

  it('checkWritable succeeds on a reachable keychain and leaves no entry and no tokens behind', async () => {
    const account = `tokens-${randomBytes(4).toString('hex')}`;
    const store = new KeychainTokenStore({ service: SERVICE, account });
    await store.checkWritable();
    expect(await entryExists(`${account}-probe`)).toBe(false);
    expect(await store.load()).toBeNull();
  });

  it('splits a bundle over 2500 bytes across entries, joins it on load, and drops parts a shorter bundle no longer needs', async () => {
    const account = `tokens-${randomBytes(4).toString('hex')}`;
    const store = new KeychainTokenStore({ service: SERVICE, account });
    const large = sampleBundle(`ACCESS-SECRET-${'x'.repeat(6000)}`);
    try {
      await store.save(large);
      expect([await entryExists(account), await entryExists(`${account}.1`), await entryExists(`${account}.2`), await entryExists(`${account}.3`)]).toEqual([true, true, true, false]);
      expect(await store.load()).toEqual(large);
      await store.save(sampleBundle());
      expect(await entryExists(`${account}.1`)).toBe(false);
      expect(await store.load()).toEqual(sampleBundle());
    } finally {
      await store.clear();
    }
    expect(await entryExists(account)).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('KeychainTokenStore without a reachable D-Bus', () => {
  it('fails with a one-line AuthError (exit 3) naming both fixes', async () => {
    const child = spawnTsx('keychain-probe.ts', [], { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
    const { stdout, stderr } = await runToEnd(child);
    const outcome = JSON.parse(stdout || stderr) as { name: string; exitCode: number; message: string };
    expect(outcome.name).toBe('AuthError');
    expect(outcome.exitCode).toBe(3);
    expect(outcome.message).toMatch(/^cannot reach the OS keychain \(.*\/nonexistent.*\)/);
    expect(outcome.message).toContain('set DBUS_SESSION_BUS_ADDRESS (e.g. in the crontab)');
    expect(outcome.message).toContain('GARMIN_SYNC_TOKEN_STORE=file');
    expect(outcome.message).not.toContain('\n');
  });
});
