/**
 * What every command needs, built once per run from the environment: where files live, the
 * archive, the token store, Garmin's endpoints, the --verbose request log (stderr, redacted), and
 * the transport of the `impersonate` settings (opened on first use only: impit is loaded then).
 */
import type { Command } from 'commander';
import { Archive } from '../archive/archive.js';
import { resolvePaths, type GarminSyncPaths } from '../archive/paths.js';
import { tightenPermissions } from '../archive/permissions.js';
import { openTokenStore } from '../credentials/index.js';
import { tokenRefreshLock } from '../credentials/refresh-lock.js';
import type { TokenStore } from '../credentials/types.js';
import { readConfig } from '../archive/config.js';
import { resolveEndpoints } from '../garmin/endpoints.js';
import type { RequestLogger } from '../garmin/http.js';
import type { Transport } from '../garmin/transport.js';
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
  /**
   * The client of the `impersonate` and `impersonateApi` settings (garmin/transport.ts), opened
   * once; a fallback to undici is told once on stderr, and --verbose names the transport.
   */
  transport(): Promise<Transport>;
}

/** Builds the context of the command being run (reads the global --verbose flag). */
export function contextOf(command: Command): Context {
  const verbose = Boolean(command.optsWithGlobals().verbose);
  const env = process.env;
  const paths = resolvePaths(env);
  for (const t of tightenPermissions(paths)) {
    const what = t.previousMode & 0o077 ? `${t.dir} was open to other users (mode 0${t.previousMode.toString(8)}): tightened to 0700` : `${t.dir}: tightened`;
    const entries = t.entries ? `${t.previousMode & 0o077 ? ', and' : ''} ${t.entries} file(s) and folder(s) in it to 0600/0700` : '';
    info(`${style.warn('garmin-sync:')} ${what}${entries} (it holds your account's state and history)`);
  }
  // A broken archive file heals where it is read (archive/heal.ts): one line on stderr says so.
  const archive = new Archive(paths, { onNotice: (message) => info(`${style.warn('notice:')} ${message}`) });
  const log: RequestLogger | undefined = verbose ? (line) => info(style.dim(line)) : undefined;
  let store: TokenStore | undefined;
  let endpoints: Endpoints | undefined;
  let transport: Promise<Transport> | undefined;
  const ctx: Context = {
    env,
    paths,
    archive,
    log,
    endpoints: () => (endpoints ??= resolveEndpoints(env)),
    store: () => (store ??= openTokenStore(env, paths)),
    session: () => ({
      endpoints: ctx.endpoints(),
      store: ctx.store(),
      archive,
      log,
      refreshLock: tokenRefreshLock(paths.configDir),
      apiFetch: async () => {
        const config = await readConfig(paths);
        return config.impersonateApi && config.impersonate !== 'none' ? (await ctx.transport()).apiFetch() : undefined;
      },
    }),
    transport: () =>
      (transport ??= (async () => {
        const config = await readConfig(paths);
        const { openTransport } = await import('../garmin/transport.js');
        const opened = await openTransport({ impersonate: config.impersonate, impersonateApi: config.impersonateApi });
        if (opened.fallback) {
          info(`${style.warn('garmin-sync:')} impit (browser-class TLS) could not load: ${opened.fallback}. Signing in with Node's own TLS instead, which Cloudflare may block; \`garmin-sync doctor\` says more`);
        }
        log?.(`transport: ${opened.description}`);
        return opened;
      })()),
  };
  return ctx;
}
