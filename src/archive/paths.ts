/**
 * Where garmin-sync keeps its files (../shared/design.md, "Environment variables" and "Local archive").
 */
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';

/** Absolute paths of everything garmin-sync writes. */
export interface GarminSyncPaths {
  /** Root of the archive (activities/, wellness/, metrics/, workouts/, outbox/, state.json, history.json). */
  dataDir: string;
  /** Where config.json and the file token store (tokens.json) live. */
  configDir: string;
  /** Lock file path (in dataDir): a directory proper-lockfile creates while a run holds the lock. */
  lockFile: string;
  /** File token store path (in configDir). */
  tokenFile: string;
}

/**
 * Resolves the paths from the environment: `GARMIN_SYNC_HOME=<dir>` puts everything under `<dir>`
 * (dataDir = configDir = `<dir>`, resolved against the working directory); otherwise the platform's
 * data and config directories from env-paths (`garmin-sync`, no suffix; on Linux
 * `$XDG_DATA_HOME/garmin-sync` and `$XDG_CONFIG_HOME/garmin-sync`, which env-paths reads from the
 * process environment). Creates nothing. Source: design.md, "Environment variables".
 */
export function resolvePaths(env: NodeJS.ProcessEnv): GarminSyncPaths {
  const home = env.GARMIN_SYNC_HOME;
  const platform = envPaths('garmin-sync', { suffix: '' });
  const dataDir = home ? resolve(home) : platform.data;
  const configDir = home ? resolve(home) : platform.config;
  return {
    dataDir,
    configDir,
    lockFile: join(dataDir, 'garmin-sync.lock'),
    tokenFile: join(configDir, 'tokens.json'),
  };
}
