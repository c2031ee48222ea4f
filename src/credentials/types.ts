import type { TokenBundle } from '../garmin/types.js';

/**
 * Where a signed-in session's tokens live (../shared/design.md, "Environment variables").
 * Implementations: OS keychain (default), file (`GARMIN_SYNC_TOKEN_STORE=file`), environment
 * (`GARMIN_SYNC_TOKENS`, read-only: `save` keeps the bundle in memory for this run only).
 */
export interface TokenStore {
  /** `keychain`, `file` or `environment`: shown by `status`. */
  readonly kind: 'keychain' | 'file' | 'environment';
  /** The stored bundle, or null when there is none. Throws AuthError/UsageError when the store cannot be read. */
  load(): Promise<TokenBundle | null>;
  /** Replace the stored bundle (atomic where the store allows). */
  save(bundle: TokenBundle): Promise<void>;
  /** Remove the stored bundle; no error when there is none. */
  clear(): Promise<void>;
  /**
   * Checks, without touching the stored bundle, that `save` will succeed (the keychain is
   * reachable and writable; the file store's folder is writable and its key, when set, is valid):
   * `login` calls it before anything is sent to Garmin, so no sign-in is spent on tokens that could
   * not be kept. @throws UsageError (exit 2) naming the fix.
   */
  checkWritable(): Promise<void>;
  /**
   * A pending two-phase MFA sign-in (opaque JSON holding SSO cookies: a secret, never the
   * password), kept beside the tokens and protected like them; null when there is none.
   */
  loadPendingSignIn(): Promise<unknown>;
  /** Replace the pending sign-in. */
  savePendingSignIn(value: unknown): Promise<void>;
  /** Remove the pending sign-in; no error when there is none. */
  clearPendingSignIn(): Promise<void>;
}
