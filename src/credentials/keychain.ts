/**
 * Tokens in the OS keychain (the default store) through @napi-rs/keyring: macOS Keychain, Windows
 * Credential Manager, the Secret Service (gnome-keyring, KWallet) on Linux. On Linux the Secret
 * Service is required explicitly, so a missing D-Bus session (cron) fails loudly instead of the
 * library silently falling back to the kernel keyring, which forgets everything at logout.
 * Windows limits one secret to 2560 bytes, so the bundle's UTF-8 bytes are split into 2500-byte
 * entries `tokens`, `tokens.1`, … and joined on read. A pending two-phase MFA sign-in lives in
 * the entries `<account>-pending-signin`, `….1`, … the same way. Source: design.md, "Dependencies".
 */
import type { AsyncEntry } from '@napi-rs/keyring';
import { AuthError, UsageError } from '../errors.js';
import type { TokenBundle } from '../garmin/types.js';
import { parseTokenBundle } from './bundle.js';
import type { TokenStore } from './types.js';

/** Largest part stored in one keychain entry (Windows' limit is 2560). */
const CHUNK_BYTES = 2500;
const SOURCE = 'the OS keychain';

/** A store over the keychain entries `<account>`, `<account>.1`, … of one service. */
export class KeychainTokenStore implements TokenStore {
  readonly kind = 'keychain';
  private readonly service: string;
  private readonly account: string;

  /** @param opts service (default `garmin-sync`) and account (default `tokens`); tests use others. */
  constructor(opts: { service?: string; account?: string } = {}) {
    this.service = opts.service ?? 'garmin-sync';
    this.account = opts.account ?? 'tokens';
  }

  /**
   * The stored bundle, or null when there is none.
   * @throws AuthError (exit 3) when the keychain cannot be reached (message names the fixes), or
   *   what it holds is not a token bundle.
   */
  async load(): Promise<TokenBundle | null> {
    const value = await this.readJson(this.account);
    return value === undefined ? null : parseTokenBundle(value, SOURCE);
  }

  /**
   * Replaces the stored bundle: writes its parts, then deletes parts left over from a longer one.
   * @throws AuthError (exit 3) when the keychain cannot be reached.
   */
  async save(bundle: TokenBundle): Promise<void> {
    await this.writeJson(this.account, bundle);
  }

  /**
   * Writes and deletes a probe entry `<account>-probe` (the tokens are not touched), so an
   * unreachable or locked keychain is found before a sign-in is spent.
   * @throws UsageError (exit 2) naming the two fixes when the keychain cannot be written.
   */
  async checkWritable(): Promise<void> {
    const probe = `${this.account}-probe`;
    try {
      const { AsyncEntry } = await loadKeyring();
      const entry = new AsyncEntry(this.service, probe, { linux: { store: 'secret-service' } });
      await entry.setSecret(Uint8Array.from(Buffer.from('garmin-sync can write here')));
      await entry.deleteCredential();
    } catch (err) {
      throw new UsageError(`${unreachableMessage(err)}; nothing was sent to Garmin`, { cause: err });
    }
  }

  /** Deletes every part (and any pending sign-in); nothing happens when there is none. @throws AuthError as save. */
  async clear(): Promise<void> {
    await this.deleteFrom(this.account, 0);
    await this.clearPendingSignIn();
  }

  /** The pending sign-in, or null. @throws AuthError as load. */
  async loadPendingSignIn(): Promise<unknown> {
    return (await this.readJson(this.pendingAccount)) ?? null;
  }

  /** Replaces the pending sign-in. @throws AuthError as save. */
  async savePendingSignIn(value: unknown): Promise<void> {
    await this.writeJson(this.pendingAccount, value);
  }

  /** Deletes the pending sign-in. @throws AuthError as save. */
  async clearPendingSignIn(): Promise<void> {
    await this.deleteFrom(this.pendingAccount, 0);
  }

  private get pendingAccount(): string {
    return `${this.account}-pending-signin`;
  }

  /** The JSON joined from the parts of `account`; undefined when there are none, null when they do not form JSON. */
  private async readJson(account: string): Promise<unknown> {
    const parts: Uint8Array[] = [];
    for (let index = 0; ; index++) {
      const secret = await this.call(account, index, (entry) => entry.getSecret());
      if (secret === null) break;
      parts.push(Uint8Array.from(secret));
    }
    if (parts.length === 0) return undefined;
    try {
      return JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      // Not JSON (say, a part lost): null, which parseTokenBundle reports as unreadable.
      return null;
    }
  }

  /** Writes `value` as JSON in 2500-byte parts of `account`, then deletes leftover parts. */
  private async writeJson(account: string, value: unknown): Promise<void> {
    const bytes = Buffer.from(JSON.stringify(value), 'utf8');
    let index = 0;
    for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES, index++) {
      const part = bytes.subarray(offset, offset + CHUNK_BYTES);
      await this.call(account, index, (entry) => entry.setSecret(part));
    }
    await this.deleteFrom(account, index);
  }

  /** Deletes the parts `index`, `index + 1`, … of `account` up to the first one that does not exist. */
  private async deleteFrom(account: string, index: number): Promise<void> {
    while (await this.call(account, index, (entry) => entry.deleteCredential())) index++;
  }

  /** Runs one keychain operation on part `index`, turning any failure into the AuthError users see. */
  private async call<T>(account: string, index: number, operation: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    try {
      const name = index === 0 ? account : `${account}.${index}`;
      const { AsyncEntry } = await loadKeyring();
      return await operation(new AsyncEntry(this.service, name, { linux: { store: 'secret-service' } }));
    } catch (err) {
      throw new AuthError(unreachableMessage(err), { cause: err });
    }
  }
}

/** One line: what failed (the library's innermost reason) and the fixes for this platform. */
function unreachableMessage(err: unknown): string {
  let inner: unknown = err;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  const reason = (inner instanceof Error ? inner.message : String(inner)).split('\n')[0].slice(0, 160);
  const fixes =
    process.platform === 'linux'
      ? 'set DBUS_SESSION_BUS_ADDRESS (e.g. in the crontab) or GARMIN_SYNC_TOKEN_STORE=file'
      : 'unlock the keychain, or set GARMIN_SYNC_TOKEN_STORE=file';
  return `cannot reach the OS keychain (${reason}): ${fixes}`;
}

/** The native keychain binding, loaded on first use (a command that never touches the keychain starts without it). */
function loadKeyring(): Promise<typeof import('@napi-rs/keyring')> {
  return import('@napi-rs/keyring');
}
