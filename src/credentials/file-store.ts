/**
 * Tokens in a file (`GARMIN_SYNC_TOKEN_STORE=file`): `tokens.json` in the config directory, the
 * directory created 0700 and the file written 0600, atomically. With `GARMIN_SYNC_STORE_KEY`
 * (base64 of 32 bytes) the bundle is encrypted with AES-256-GCM (node:crypto) and the file holds
 * `{"schemaVersion":1,"encrypted":true,"keyId","iv","tag","data"}` (base64 fields; keyId = first
 * 8 hex digits of sha256(key), so a rotated key is recognised). Source: design.md,
 * "Environment variables".
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../archive/atomic.js';
import { AuthError, ExitCode, GarminSyncError, UsageError } from '../errors.js';
import type { TokenBundle } from '../garmin/types.js';
import { parseTokenBundle } from './bundle.js';
import type { TokenStore } from './types.js';

const KEY_VARIABLE = 'GARMIN_SYNC_STORE_KEY';

/** The encrypted file's shape. */
const envelopeSchema = z.object({
  schemaVersion: z.literal(1),
  encrypted: z.literal(true),
  keyId: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
type Envelope = z.infer<typeof envelopeSchema>;

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
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new GarminSyncError(`cannot read ${this.path}: ${(err as NodeJS.ErrnoException).code ?? err}`, ExitCode.unexpected, { cause: err });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw this.unreadable();
    }
    if ((value as { encrypted?: unknown } | null)?.encrypted === true) {
      const envelope = envelopeSchema.safeParse(value);
      if (!envelope.success) throw this.unreadable();
      value = this.decrypt(envelope.data);
    }
    return parseTokenBundle(value, this.path);
  }

  /**
   * Writes the bundle (encrypted when a key is set): directory 0700 when created, file 0600.
   * @throws UsageError (exit 2) when GARMIN_SYNC_STORE_KEY is malformed.
   */
  async save(bundle: TokenBundle): Promise<void> {
    const key = this.key();
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeJsonAtomic(this.path, key ? encrypt(bundle, key) : bundle, { mode: 0o600 });
  }

  /** Deletes the file; nothing happens when there is none. */
  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }

  /** The key from the environment, or null when unset. */
  private key(): Buffer | null {
    const text = this.env[KEY_VARIABLE];
    if (!text) return null;
    const key = Buffer.from(text, 'base64');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim()) || key.length !== 32) {
      throw new UsageError(`${KEY_VARIABLE} must be 32 bytes in base64 (make one with \`openssl rand -base64 32\`); it decodes to ${key.length} bytes`);
    }
    return key;
  }

  private decrypt(envelope: Envelope): unknown {
    const key = this.key();
    if (!key) {
      throw new UsageError(`${this.path} is encrypted (key ${envelope.keyId}): set ${KEY_VARIABLE} to that key`);
    }
    if (keyIdOf(key) !== envelope.keyId) {
      throw new UsageError(
        `${KEY_VARIABLE} is key ${keyIdOf(key)} but ${this.path} was encrypted with key ${envelope.keyId}: set the matching key`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
      decipher.setAAD(Buffer.from(envelope.keyId));
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch {
      throw this.unreadable();
    }
  }

  private unreadable(): AuthError {
    return new AuthError(`${this.path}: stored tokens are unreadable; run \`garmin-sync login\``);
  }
}

/** First 8 hex digits of sha256(key): names a key without revealing it. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** AES-256-GCM with a random 96-bit IV; the key id is authenticated as associated data. */
function encrypt(bundle: TokenBundle, key: Buffer): Envelope {
  const keyId = keyIdOf(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId));
  const data = Buffer.concat([cipher.update(JSON.stringify(bundle), 'utf8'), cipher.final()]);
  return {
    schemaVersion: 1,
    encrypted: true,
    keyId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}
