import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { resolvePaths } from '../../src/archive/paths.js';
import { EnvTokenStore } from '../../src/credentials/env-store.js';
import { FileTokenStore } from '../../src/credentials/file-store.js';
import { openTokenStore, tokenBundleSchema } from '../../src/credentials/index.js';
import { sampleBundle, tempDir } from './helpers.js';

const key = () => randomBytes(32).toString('base64');

describe('FileTokenStore', () => {
  it('saves tokens.json 0600 in a new 0700 directory and loads it back; clear removes it', async () => {
    const dir = join(await tempDir(), 'config', 'garmin-sync');
    const file = join(dir, 'tokens.json');
    const store = new FileTokenStore(file, {});
    expect(store.kind).toBe('file');
    expect(await store.load()).toBeNull();
    await store.save(sampleBundle());
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await store.load()).toEqual(sampleBundle());
    await store.clear();
    await store.clear();
    expect(await readdir(dir)).toEqual([]);
    expect(await store.load()).toBeNull();
  });

  it('with GARMIN_SYNC_STORE_KEY the file holds no token text and loads with the same key', async () => {
    const file = join(await tempDir(), 'tokens.json');
    const env = { GARMIN_SYNC_STORE_KEY: key() };
    await new FileTokenStore(file, env).save(sampleBundle());
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('ACCESS-SECRET');
    expect(text).not.toContain('REFRESH-SECRET');
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: 1, encrypted: true, keyId: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await new FileTokenStore(file, env).load()).toEqual(sampleBundle());
  });

  it('reads a plain file when a key is set, and the next save encrypts it (key rollout)', async () => {
    const file = join(await tempDir(), 'tokens.json');
    await new FileTokenStore(file, {}).save(sampleBundle());
    const keyed = new FileTokenStore(file, { GARMIN_SYNC_STORE_KEY: key() });
    expect(await keyed.load()).toEqual(sampleBundle());
    await keyed.save(sampleBundle());
    expect(await readFile(file, 'utf8')).not.toContain('ACCESS-SECRET');
    expect(await keyed.load()).toEqual(sampleBundle());
  });

  it('refuses another key (UsageError naming both key ids) and a missing key, without leaking tokens', async () => {
    const file = join(await tempDir(), 'tokens.json');
    await new FileTokenStore(file, { GARMIN_SYNC_STORE_KEY: key() }).save(sampleBundle());
    const { keyId } = JSON.parse(await readFile(file, 'utf8')) as { keyId: string };

    const wrong = new FileTokenStore(file, { GARMIN_SYNC_STORE_KEY: key() }).load();
    await expect(wrong).rejects.toMatchObject({ name: 'UsageError', exitCode: 2 });
    await expect(wrong).rejects.toThrow(new RegExp(`GARMIN_SYNC_STORE_KEY is key [0-9a-f]{8} but .*tokens.json was encrypted with key ${keyId}`));

    const missing = new FileTokenStore(file, {}).load();
    await expect(missing).rejects.toThrow(`is encrypted (key ${keyId}): set GARMIN_SYNC_STORE_KEY`);
  });

  it('refuses a key that is not 32 bytes of base64 (UsageError)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'tokens.json');
    const short = new FileTokenStore(file, { GARMIN_SYNC_STORE_KEY: randomBytes(16).toString('base64') }).save(sampleBundle());
    await expect(short).rejects.toMatchObject({ name: 'UsageError', exitCode: 2 });
    await expect(short).rejects.toThrow('GARMIN_SYNC_STORE_KEY must be 32 bytes in base64');
    await expect(new FileTokenStore(file, { GARMIN_SYNC_STORE_KEY: 'not base64 at all!' }).save(sampleBundle())).rejects.toThrow('must be 32 bytes');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a tampered encrypted file or a broken plain file → AuthError "run garmin-sync login"', async () => {
    const dir = await tempDir();
    const file = join(dir, 'tokens.json');
    const env = { GARMIN_SYNC_STORE_KEY: key() };
    await new FileTokenStore(file, env).save(sampleBundle());
    const envelope = JSON.parse(await readFile(file, 'utf8')) as { data: string };
    const data = Buffer.from(envelope.data, 'base64');
    data[0] ^= 1;
    await writeFile(file, JSON.stringify({ ...envelope, data: data.toString('base64') }));
    const tampered = new FileTokenStore(file, env).load();
    await expect(tampered).rejects.toMatchObject({ name: 'AuthError', exitCode: 3 });
    await expect(tampered).rejects.toThrow('stored tokens are unreadable; run `garmin-sync login`');

    await writeFile(file, '{"schemaVersion":1,"di":');
    await expect(new FileTokenStore(file, {}).load()).rejects.toMatchObject({ name: 'AuthError', exitCode: 3 });
    await writeFile(file, JSON.stringify({ ...sampleBundle(), di: { accessToken: 'ACCESS-SECRET' } }));
    const invalid = new FileTokenStore(file, {}).load();
    await expect(invalid).rejects.toMatchObject({ name: 'AuthError' });
    await expect(invalid).rejects.not.toThrow('ACCESS-SECRET');
  });
});

describe('EnvTokenStore', () => {
  it('loads the variable, keeps a saved bundle in memory only, forgets it on clear, and writes nothing', async () => {
    const home = await tempDir();
    const env = { GARMIN_SYNC_HOME: home, GARMIN_SYNC_TOKENS: JSON.stringify(sampleBundle()), GARMIN_SYNC_TOKEN_STORE: 'file' };
    const store = openTokenStore(env, resolvePaths(env));
    expect(store.kind).toBe('environment');
    expect(await store.load()).toEqual(sampleBundle());
    const refreshed = sampleBundle('ACCESS-SECRET-refreshed');
    await store.save(refreshed);
    expect(await store.load()).toEqual(refreshed);
    await store.clear();
    expect(await store.load()).toBeNull();
    expect(await readdir(home)).toEqual([]);
  });

  it('bad JSON → UsageError naming the variable without echoing its value', async () => {
    const load = new EnvTokenStore('{"di": {"accessToken": "ACCESS-SECRET-x"').load();
    await expect(load).rejects.toMatchObject({ name: 'UsageError', exitCode: 2 });
    await expect(load).rejects.toThrow('GARMIN_SYNC_TOKENS is not valid JSON');
    await expect(load).rejects.not.toThrow('ACCESS-SECRET');
  });

  it('JSON that is not a bundle → AuthError naming the variable', async () => {
    const load = new EnvTokenStore(JSON.stringify({ accessToken: 'ACCESS-SECRET-x' })).load();
    await expect(load).rejects.toMatchObject({ name: 'AuthError', exitCode: 3 });
    await expect(load).rejects.toThrow(/^GARMIN_SYNC_TOKENS: stored tokens are unreadable/);
    await expect(load).rejects.not.toThrow('ACCESS-SECRET');
  });
});

describe('openTokenStore', () => {
  it('picks keychain by default, file on request, and refuses other values', async () => {
    const paths = resolvePaths({ GARMIN_SYNC_HOME: await tempDir() });
    expect(openTokenStore({}, paths).kind).toBe('keychain');
    expect(openTokenStore({ GARMIN_SYNC_TOKEN_STORE: 'keychain' }, paths).kind).toBe('keychain');
    const file = openTokenStore({ GARMIN_SYNC_TOKEN_STORE: 'file' }, paths);
    expect(file.kind).toBe('file');
    await file.save(sampleBundle());
    await expect(readFile(paths.tokenFile, 'utf8')).resolves.toContain('GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2');
    expect(() => openTokenStore({ GARMIN_SYNC_TOKEN_STORE: 'vault' }, paths)).toThrow(
      'GARMIN_SYNC_TOKEN_STORE must be keychain or file, not "vault"',
    );
  });

  it('tokenBundleSchema accepts a bundle and rejects one without a refresh token', () => {
    expect(v.safeParse(tokenBundleSchema, sampleBundle()).success).toBe(true);
    const { refreshToken: _, ...di } = sampleBundle().di;
    expect(v.safeParse(tokenBundleSchema, { ...sampleBundle(), di }).success).toBe(false);
  });
});

describe('resolvePaths', () => {
  it('puts everything under GARMIN_SYNC_HOME', async () => {
    const home = await tempDir();
    expect(resolvePaths({ GARMIN_SYNC_HOME: home })).toEqual({
      dataDir: home,
      configDir: home,
      lockFile: join(home, 'garmin-sync.lock'),
      tokenFile: join(home, 'tokens.json'),
    });
  });

  it.runIf(process.platform === 'linux')('uses the XDG data and config directories otherwise (Linux)', () => {
    const paths = resolvePaths({});
    expect(paths.dataDir).toBe(join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'garmin-sync'));
    expect(paths.configDir).toBe(join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'garmin-sync'));
    expect(paths.tokenFile).toBe(join(paths.configDir, 'tokens.json'));
    expect(paths.lockFile.startsWith(paths.dataDir)).toBe(true);
  });
});
