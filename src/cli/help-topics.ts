/**
 * `garmin-sync help environment` and `garmin-sync help exit-codes`: the tables of the design's
 * "Environment variables" and "Exit codes" (../shared/design.md), which scripts and cron jobs
 * rely on. Plain text, no dependencies: `help` must start as fast as `--help`.
 */

/** `[name, meaning]` rows of the environment table. */
const ENVIRONMENT: ReadonlyArray<readonly [string, string]> = [
  ['GARMIN_SYNC_HOME', 'root for everything garmin-sync writes (archive, config, state, file token store, lock); default: the platform\'s data and config directories'],
  ['GARMIN_SYNC_SSO_URL', 'base URL of Garmin\'s sso host (default https://sso.garmin.com); plain http:// only for loopback hosts'],
  ['GARMIN_SYNC_API_URL', 'base URL of Garmin\'s connectapi host (default https://connectapi.garmin.com)'],
  ['GARMIN_SYNC_DIAUTH_URL', 'base URL of Garmin\'s diauth host (default https://diauth.garmin.com)'],
  ['GARMIN_SYNC_DOMAIN', 'garmin.com (default) or garmin.cn: switches the three defaults'],
  ['GARMIN_SYNC_TOKEN_STORE', 'keychain (default) or file (tokens.json, mode 0600, in a 0700 directory)'],
  ['GARMIN_SYNC_STORE_KEY', 'base64 of 32 bytes: the file token store is then AES-256-GCM encrypted'],
  ['GARMIN_SYNC_TOKENS', 'a token bundle (as `token export` prints): used for this run only, never written'],
  ['GARMIN_SYNC_BROWSER', 'the Chrome/Chromium executable `login --browser` drives (default: the usual install paths)'],
  ['NO_COLOR', 'no colour in the output'],
  ['CI', 'set in CI: no spinners'],
];

/** `[code, meaning]` rows of the exit-code table. */
const EXIT_CODES: ReadonlyArray<readonly [number, string]> = [
  [0, 'success (also: nothing to do)'],
  [1, 'unexpected error (a bug: run `garmin-sync doctor`, then the command again with --verbose)'],
  [2, 'usage error or invalid input file (nothing was sent for that file)'],
  [3, 'not signed in, or Garmin rejected the tokens and refresh failed: run `garmin-sync login`'],
  [4, 'Garmin refused or rate-limited us (429/403, Cloudflare): try later; nothing was retried in a loop'],
  [5, 'partial: some items succeeded, some failed (each failure printed, failed imports queued)'],
  [6, 'another garmin-sync run holds the lock (`--wait` waits)'],
  [7, 'could not reach Garmin (no network, DNS, refused connection, TLS failure, timeout): nothing changed; try again later'],
];

/** The topics `garmin-sync help <topic>` knows besides the command names, with their text. */
export const HELP_TOPICS: Readonly<Record<string, () => string>> = {
  environment: () =>
    `Environment variables (all optional):\n\n${ENVIRONMENT.map(([name, meaning]) => `  ${name.padEnd(24)} ${meaning}`).join('\n')}\n`,
  'exit-codes': () =>
    `Exit codes:\n\n${EXIT_CODES.map(([code, meaning]) => `  ${String(code).padEnd(3)} ${meaning}`).join('\n')}\n`,
};
