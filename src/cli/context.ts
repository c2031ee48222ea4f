/**
 * What every command needs, built once per run from the environment: where files live, the
 * archive, the token store, Garmin's endpoints, and the --verbose request log (stderr, redacted).
 */
import type { Command } from 'commander';
import { Archive } from '../archive/archive.js';
import { resolvePaths, type GarminSyncPaths } from '../archive/paths.js';
import { openTokenStore } from '../credentials/index.js';
import { tokenRefreshLock } from '../credentials/refresh-lock.js';
import type { TokenStore } from '../credentials/types.js';
import { resolveEndpoints } from '../garmin/endpoints.js';
import type { RequestLogger } from '../garmin/http.js';
import type { Endpoints } from '../garmin/types.js';
import type { SessionDeps } from '../sync/session.js';
import { info, style } from './output.js';

/** Per-run dependencies of a command. */
export interface Context {
  env: NodeJS.ProcessEnv;
  paths: GarminSyncPaths;
  archive: Archive;
  /** Present with --verbose: one redacted line per request on stderr. */
  log?: RequestLogger;
  endpoints(): Endpoints;
  store(): TokenStore;
  session(): SessionDeps;
}

/** Builds the context of the command being run (reads the global --verbose flag). */
export function contextOf(command: Command): Context {
  const verbose = Boolean(command.optsWithGlobals().verbose);
  const env = process.env;
  const paths = resolvePaths(env);
  // A broken archive file heals where it is read (archive/heal.ts): one line on stderr says so.
  const archive = new Archive(paths, { onNotice: (message) => info(`${style.warn('notice:')} ${message}`) });
  const log: RequestLogger | undefined = verbose ? (line) => info(style.dim(line)) : undefined;
  let store: TokenStore | undefined;
  let endpoints: Endpoints | undefined;
  const ctx: Context = {
    env,
    paths,
    archive,
    log,
    endpoints: () => (endpoints ??= resolveEndpoints(env)),
    store: () => (store ??= openTokenStore(env, paths)),
    session: () => ({ endpoints: ctx.endpoints(), store: ctx.store(), archive, log, refreshLock: tokenRefreshLock(paths.configDir) }),
  };
  return ctx;
}
