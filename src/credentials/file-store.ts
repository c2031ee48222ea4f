/**
 * Tokens in a file (`GARMIN_SYNC_TOKEN_STORE=file`): `tokens.json` in the config directory, the
 * directory created 0700 and the file written 0600, atomically. With `GARMIN_SYNC_STORE_KEY`
 * (base64 of 32 bytes) the bundle is encrypted with AES-256-GCM (node:crypto) and the file holds
 * `{"schemaVersion":1,"encrypted":true,"keyId","iv","tag","data"}` (base64 fields; keyId = first
 * 8 hex digits of sha256(key), so a rotated key is recognised). A pending two-phase MFA sign-in
 * lives beside it in `pending-signin.json`, written and encrypted the same way. Source: design.md,
 * "Environment variables".
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { access, constants, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { writeJsonAtomic } from '../archive/atomic.js';
import { AuthError, ExitCode, GarminSyncError, UsageError } from '../errors.js';
import type { TokenBundle } from '../garmin/types.js';
import { parseTokenBundle } from './bundle.js';
import type { TokenStore } from './types.js';

const KEY_VARIABLE = 'GARMIN_SYNC_STORE_KEY';

/** The encrypted file's shape. */
const envelopeSchema = v.object({
  schemaVersion: v.literal(1),
  encrypted: v.literal(true),
  keyId: v.string(),
  iv: v.string(),
  tag: v.string(),
  data: v.string(),
});
type Envelope = v.InferOutput<typeof envelopeSchema>;

/** A store over one file; encrypted when the environment holds a key. */
export class FileTokenStore implements TokenStore {
  readonly kind = 'file';

  /**
   * @param path the token file, normally `paths.tokenFile`.
   * @param env the environment, read for GARMIN_SYNC_STORE_KEY when the file is loaded or saved.
   */
  constructor(
    private readonly path: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * The stored bundle, or null when the file does not exist. A plain file is read even when a
   * key is set (the next save encrypts it).
   * @throws UsageError (exit 2) when the file is encrypted and the key is missing, malformed or
   *   another key (both key ids named); AuthError (exit 3) when the file is unreadable.
   */
  async load(): Promise<TokenBundle | null> {
    const value = await this.readSlot(this.path);
    return value === null ? null : parseTokenBundle(value, this.path);
  }

  /**
   * Writes the bundle (encrypted when a key is set): directory 0700 when created, file 0600.
   * @throws UsageError (exit 2) when GARMIN_SYNC_STORE_KEY is malformed.
   */
  async save(bundle: TokenBundle): Promise<void> {
    await this.writeSlot(this.path, bundle, this.key());
  }

  /**
   * The key (when set) is 32 bytes of base64 and the folder can be written (created 0700 when missing).
   * @throws UsageError (exit 2) for a malformed key or a folder that cannot be written.
   */
  async checkWritable(): Promise<void> {
    this.key();
    const dir = dirname(this.path);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await access(dir, constants.W_OK);
    } catch (err) {
      throw new UsageError(`cannot write the token store in ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}): fix its permissions or set GARMIN_SYNC_HOME elsewhere`);
    }
  }

  /** Deletes the file (and any pending sign-in); nothing happens when there is none. */
  async clear(): Promise<void> {
    await rm(this.path, { force: true });
    await this.clearPendingSignIn();
  }

  /** The pending sign-in of `pending-signin.json`, or null. @throws as load. */
  async loadPendingSignIn(): Promise<unknown> {
    return this.readSlot(this.pendingPath);
  }

  /** Writes `pending-signin.json` like the tokens (0600, encrypted when a key is set). */
  async savePendingSignIn(value: unknown): Promise<void> {
    await this.writeSlot(this.pendingPath, value, this.key());
  }

  /** Deletes `pending-signin.json`. */
  async clearPendingSignIn(): Promise<void> {
    await rm(this.pendingPath, { force: true });
  }

  /**
   * Re-encrypts the stored tokens (and a pending sign-in) with `newKey` (base64 of 32 bytes), or
   * writes them in plain text when `newKey` is null. The files are read with the current
   * GARMIN_SYNC_STORE_KEY (or as plain files). Returns the new key id, or null for plain text.
   * @throws UsageError (exit 2) for a malformed key or a file the current key cannot open;
   *   AuthError (exit 3) when there are no tokens to re-encrypt.
   */
  async rotateKey(newKey: string | null): Promise<string | null> {
    const bundle = await this.load();
    if (!bundle) throw new AuthError(`no tokens in ${this.path} to re-encrypt: run \`garmin-sync login\` first`);
    const pending = await this.loadPendingSignIn().catch(() => null);
    const key = newKey === null ? null : parseKey(newKey, 'the new key');
    await this.writeSlot(this.path, bundle, key);
    if (pending !== null) await this.writeSlot(this.pendingPath, pending, key);
    return key ? keyIdOf(key) : null;
  }

  /** Where a pending two-phase sign-in is kept. */
  private get pendingPath(): string {
    return join(dirname(this.path), 'pending-signin.json');
  }

  /** Reads one JSON file of the store, decrypting it when it is an envelope; null when absent. */
  private async readSlot(path: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new GarminSyncError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`, ExitCode.unexpected, { cause: err });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw this.unreadable(path);
    }
    if ((value as { encrypted?: unknown } | null)?.encrypted === true) {
      const envelope = v.safeParse(envelopeSchema, value);
      if (!envelope.success) throw this.unreadable(path);
      value = this.decrypt(path, envelope.output);
    }
    return value;
  }

  /** Writes one JSON file of the store atomically, 0600 in a 0700 directory, encrypted with `key` when given. */
  private async writeSlot(path: string, value: unknown, key: Buffer | null): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeJsonAtomic(path, key ? encrypt(value, key) : value, { mode: 0o600 });
  }

  /** The key from the environment, or null when unset. */
  private key(): Buffer | null {
    const text = this.env[KEY_VARIABLE];
    return text ? parseKey(text, KEY_VARIABLE) : null;
  }

  private decrypt(path: string, envelope: Envelope): unknown {
    const key = this.key();
    if (!key) {
      throw new UsageError(`${path} is encrypted (key ${envelope.keyId}): set ${KEY_VARIABLE} to that key`);
    }
    if (keyIdOf(key) !== envelope.keyId) {
      throw new UsageError(
        `${KEY_VARIABLE} is key ${keyIdOf(key)} but ${path} was encrypted with key ${envelope.keyId}: set the matching key`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
      decipher.setAAD(Buffer.from(envelope.keyId));
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch {
      throw this.unreadable(path);
    }
  }

  private unreadable(path: string): AuthError {
    return new AuthError(`${path}: stored tokens are unreadable; run \`garmin-sync login\``);
  }
}

/**
 * What is wrong with GARMIN_SYNC_STORE_KEY of `env` (for `status` and `doctor`), or null when it is
 * unset or valid (base64 of 32 bytes).
 */
export function storeKeyProblem(env: NodeJS.ProcessEnv): string | null {
  const text = env[KEY_VARIABLE];
  if (!text) return null;
  try {
    parseKey(text, KEY_VARIABLE);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * A key from its base64 text. `name` names it in the message.
 * @throws UsageError (exit 2) unless it is base64 of exactly 32 bytes.
 */
function parseKey(text: string, name: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim()) || key.length !== 32) {
    throw new UsageError(`${name} must be 32 bytes in base64 (make one with \`openssl rand -base64 32\`); it decodes to ${key.length} bytes`);
  }
  return key;
}

/** First 8 hex digits of sha256(key): names a key without revealing it. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** AES-256-GCM with a random 96-bit IV; the key id is authenticated as associated data. */
function encrypt(value: unknown, key: Buffer): Envelope {
  const keyId = keyIdOf(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    schemaVersion: 1,
    encrypted: true,
    keyId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}
