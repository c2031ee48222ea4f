/**
 * Tokens from the environment variable `GARMIN_SYNC_TOKENS` (design.md, "Environment variables"):
 * the bundle as `garmin-sync token export` prints it, used for this run only and never written.
 */
import { UsageError } from '../errors.js';
import type { TokenBundle } from '../garmin/types.js';
import { parseTokenBundle } from './bundle.js';
import type { TokenStore } from './types.js';

const VARIABLE = 'GARMIN_SYNC_TOKENS';

/** A read-only store over the variable's JSON; refreshed bundles live in memory only. */
export class EnvTokenStore implements TokenStore {
  readonly kind = 'environment';
  /** undefined until the variable is read; then the bundle of this run (null after clear). */
  private current: TokenBundle | null | undefined;

  /** @param json the value of GARMIN_SYNC_TOKENS. */
  constructor(private readonly json: string) {}

  /**
   * The bundle saved in this run, else the variable's.
   * @throws UsageError (exit 2) when the variable is not JSON; AuthError (exit 3) when it is not a
   *   token bundle. Neither message quotes the value.
   */
  async load(): Promise<TokenBundle | null> {
    if (this.current === undefined) {
      let value: unknown;
      try {
        value = JSON.parse(this.json);
      } catch {
        throw new UsageError(`${VARIABLE} is not valid JSON: set it to the output of \`garmin-sync token export\``);
      }
      this.current = parseTokenBundle(value, VARIABLE, `set it to the output of \`garmin-sync token export\``);
    }
    return this.current;
  }

  /** Keeps `bundle` for the rest of this run (a refresh); nothing is written anywhere. */
  async save(bundle: TokenBundle): Promise<void> {
    this.current = bundle;
  }

  /** Always fine: a login's bundle is kept in memory for this run (the variable cannot be written). */
  async checkWritable(): Promise<void> {}

  /** Forgets the bundle for the rest of this run (the variable itself cannot be changed). */
  async clear(): Promise<void> {
    this.current = null;
  }

  /** Nothing persists between runs here, so there is never a pending sign-in to resume. */
  async loadPendingSignIn(): Promise<unknown> {
    return null;
  }

  /**
   * Two-phase MFA needs a store that outlives the run.
   * @throws UsageError (exit 2) always.
   */
  async savePendingSignIn(): Promise<void> {
    throw new UsageError(`${VARIABLE} is set, so nothing is saved between runs: unset it to sign in with two-phase MFA`);
  }

  /** Nothing to remove. */
  async clearPendingSignIn(): Promise<void> {}
}
