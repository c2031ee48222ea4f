/**
 * A signed-in session: the saved tokens, a GarminClient that refreshes them and writes them back,
 * and the account's validity recorded in the archive state (shown by `status`).
 */
import { AuthError } from '../errors.js';
import { GarminClient } from '../garmin/client.js';
import type { FetchLike, RequestLogger } from '../garmin/http.js';
import type { RequestPolicy } from '../garmin/politeness.js';
import type { Endpoints, TokenBundle } from '../garmin/types.js';
import type { TokenStore } from '../credentials/types.js';
import type { Archive } from '../archive/archive.js';

/** What a command needs to reach Garmin on the user's behalf. */
export interface SessionDeps {
  endpoints: Endpoints;
  store: TokenStore;
  archive: Archive;
  log?: RequestLogger;
  /** Cross-process lock around token refreshes (credentials/refresh-lock.ts); none: this process only. */
  refreshLock?: <T>(work: () => Promise<T>) => Promise<T>;
  /** The fetch of diauth and connectapi requests (the `impersonateApi` setting); resolves to undefined for Node's. */
  apiFetch?: () => Promise<FetchLike | undefined>;
}

/** How the client talks to Garmin: politeness policy and per-request timeout (ms); defaults otherwise. */
export interface ClientTuning {
  policy?: RequestPolicy;
  timeoutMs?: number;
}

/**
 * Loads the saved tokens and returns a client that refreshes them (writing each refreshed bundle
 * back to the store before it is used), tuned by `tuning` when given.
 * @throws AuthError (exit 3) when nothing is saved: "not signed in".
 */
export async function openClient(deps: SessionDeps, tuning: ClientTuning = {}): Promise<GarminClient> {
  const tokens = await deps.store.load();
  if (!tokens) throw new AuthError(`not signed in: run \`garmin-sync login\` first`);
  return new GarminClient({
    endpoints: deps.endpoints,
    tokens,
    saveTokens: (bundle: TokenBundle) => deps.store.save(bundle),
    exclusive: deps.refreshLock,
    reloadTokens: () => deps.store.load(),
    log: deps.log,
    policy: tuning.policy,
    timeoutMs: tuning.timeoutMs,
    fetch: await deps.apiFetch?.(),
  });
}

/**
 * Runs `work` with a signed-in client (tuned by `tuning`). When Garmin rejects the tokens for good (AuthError), the
 * account is marked invalid in state.json with the reason, so `status` shows it, and the error is
 * rethrown (exit 3).
 */
export async function withClient<T>(deps: SessionDeps, work: (client: GarminClient) => Promise<T>, tuning: ClientTuning = {}): Promise<T> {
  const client = await openClient(deps, tuning);
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
