/**
 * The environment settings a run depends on, checked all at once for `status` and `doctor`
 * (design.md, "Environment variables"): GARMIN_SYNC_DOMAIN, the three base URLs (https, or http
 * only for loopback), GARMIN_SYNC_TOKEN_STORE and GARMIN_SYNC_STORE_KEY.
 */
import { openTokenStore } from '../credentials/index.js';
import { storeKeyProblem } from '../credentials/file-store.js';
import { resolvePaths } from '../archive/paths.js';
import { resolveEndpoints } from '../garmin/endpoints.js';

const URL_VARIABLES = ['GARMIN_SYNC_SSO_URL', 'GARMIN_SYNC_API_URL', 'GARMIN_SYNC_DIAUTH_URL'] as const;

/** One message per bad setting (each names its variable and the fix); empty when all are fine. */
export function settingsProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const check = (run: () => unknown) => {
    try {
      run();
    } catch (err) {
      problems.push((err as Error).message);
    }
  };
  // Each variable on its own, so every bad one is named, not only the first.
  check(() => resolveEndpoints({ GARMIN_SYNC_DOMAIN: env.GARMIN_SYNC_DOMAIN }));
  for (const variable of URL_VARIABLES) if (env[variable]) check(() => resolveEndpoints({ [variable]: env[variable] }));
  check(() => openTokenStore({ GARMIN_SYNC_TOKEN_STORE: env.GARMIN_SYNC_TOKEN_STORE }, resolvePaths(env)));
  const key = storeKeyProblem(env);
  if (key) problems.push(key);
  return problems;
}
