/**
 * A signed-in session: the saved tokens, a GarminClient that refreshes them and writes them back,
 * and the account's validity recorded in the archive state (shown by `status`).
 */
import { AuthError } from '../errors.js';
import { GarminClient } from '../garmin/client.js';
import type { RequestLogger } from '../garmin/http.js';
import type { Endpoints, TokenBundle } from '../garmin/types.js';
import type { TokenStore } from '../credentials/types.js';
import type { Archive } from '../archive/archive.js';

/** What a command needs to reach Garmin on the user's behalf. */
export interface SessionDeps {
  endpoints: Endpoints;
  store: TokenStore;
  archive: Archive;
  log?: RequestLogger;
}

/** The message every "sign in again" path ends with: one line, suited to cron mail. */
export const SIGN_IN_AGAIN = 'run `garmin-sync login` to sign in again';

/**
 * Loads the saved tokens and returns a client that refreshes them (writing each refreshed bundle
 * back to the store before it is used).
 * @throws AuthError (exit 3) when nothing is saved: "not signed in".
 */
export async function openClient(deps: SessionDeps): Promise<GarminClient> {
  const tokens = await deps.store.load();
  if (!tokens) throw new AuthError(`not signed in: run \`garmin-sync login\` first`);
  return new GarminClient({
    endpoints: deps.endpoints,
    tokens,
    saveTokens: (bundle: TokenBundle) => deps.store.save(bundle),
    log: deps.log,
  });
}

/**
 * Runs `work` with a signed-in client. When Garmin rejects the tokens for good (AuthError), the
 * account is marked invalid in state.json with the reason, so `status` shows it, and the error is
 * rethrown (exit 3).
 */
export async function withClient<T>(deps: SessionDeps, work: (client: GarminClient) => Promise<T>): Promise<T> {
  const client = await openClient(deps);
  try {
    return await work(client);
  } catch (err) {
    if (err instanceof AuthError) await markAccountInvalid(deps.archive, err.message);
    throw err;
  }
}

/** Records that Garmin refused the saved tokens: `isValid: false` with the reason and time. */
export async function markAccountInvalid(archive: Archive, reason: string): Promise<void> {
  const state = await archive.readState();
  if (!state.account) return;
  state.account = { ...state.account, isValid: false, validationError: reason, lastValidatedAt: new Date().toISOString() };
  await archive.writeState(state);
}
