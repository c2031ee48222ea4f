/**
 * Chooses the token store from the environment (design.md, "Environment variables").
 */
import type { GarminSyncPaths } from '../archive/paths.js';
import { UsageError } from '../errors.js';
import { EnvTokenStore } from './env-store.js';
import { FileTokenStore } from './file-store.js';
import { KeychainTokenStore } from './keychain.js';
import type { TokenStore } from './types.js';

export { tokenBundleSchema } from './bundle.js';
export type { TokenStore } from './types.js';

/**
 * `GARMIN_SYNC_TOKENS` set → the environment store (this run only); otherwise
 * `GARMIN_SYNC_TOKEN_STORE`: `keychain` (default) or `file` (`paths.tokenFile`).
 * @throws UsageError (exit 2) for any other GARMIN_SYNC_TOKEN_STORE value.
 */
export function openTokenStore(env: NodeJS.ProcessEnv, paths: GarminSyncPaths): TokenStore {
  if (env.GARMIN_SYNC_TOKENS) return new EnvTokenStore(env.GARMIN_SYNC_TOKENS);
  const kind = env.GARMIN_SYNC_TOKEN_STORE || 'keychain';
  if (kind === 'keychain') return new KeychainTokenStore();
  if (kind === 'file') return new FileTokenStore(paths.tokenFile, env);
  throw new UsageError(`GARMIN_SYNC_TOKEN_STORE must be keychain or file, not ${JSON.stringify(kind)}`);
}
