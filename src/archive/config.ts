/**
 * The user's settings: `config.json` in the config directory (issue 6, "Configuration";
 * design.md, `config list|get|set`). Every value is validated when it is set and when the file is
 * read, so a hand-edited file with a bad value fails with a message naming the key.
 *
 * Pull settings: which data types to pull, how far back, how often, and how politely. Workout
 * thresholds (`ftp`, `lthr`, `maxHr`, `thresholdPace`, `css`) are read by the workout importer to
 * turn "%FTP"-style targets into absolute ones; `null` means "not set".
 */
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { IMPERSONATIONS, type Impersonation } from '../garmin/browser-headers.js';
import { writeJsonAtomic } from './atomic.js';
import { readArchiveFile } from './heal.js';
import type { GarminSyncPaths } from './paths.js';

/** Every setting with its value type. Units: days, minutes, requests, watts (W), beats per minute. */
export interface Config {
  syncActivities: boolean;
  syncWellness: boolean;
  syncFitnessMetrics: boolean;
  /** Days the first run backfills, newest first. */
  initialSyncDays: number;
  /** Days every later run re-fetches (sleep and HRV are finalised late). */
  incrementalSyncDays: number;
  /** A run without an explicit range sooner than this after the last one does nothing (unless `--force`). */
  minSyncIntervalMinutes: number;
  /** Retries of a request that failed for a passing reason (429, 5xx, dropped connection, timeout). */
  maxRetries: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests started per second, at most. */
  requestsPerSecond: number;
  /** Seconds a request may take before it counts as failed (and is retried). */
  requestTimeoutSeconds: number;
  /** Also download each activity's original FIT into `fit/<activityId>.fit`. */
  fit: boolean;
  /** Functional threshold power, W. */
  ftp: number | null;
  /** Lactate threshold heart rate, bpm. */
  lthr: number | null;
  /** Maximum heart rate, bpm. */
  maxHr: number | null;
  /** Threshold running pace, e.g. `4:30/km` or `7:15/mi`. */
  thresholdPace: string | null;
  /** Critical swim speed as a pace, e.g. `1:45/100m` or `1:35/100yd`. */
  css: string | null;
  /**
   * Whose TLS, HTTP/2 and headers the sign-in requests carry (garmin/transport.ts): a browser's
   * (impit), or `none` for Node's own client (undici).
   */
  impersonate: Impersonation;
  /** Also send diauth and connectapi requests through the impersonating client (as the Garmin app's OkHttp). */
  impersonateApi: boolean;
}


/** The name of a setting. */
export type ConfigKey = keyof Config;

/** How one setting is parsed from text (`config set`) and checked (config.json). */
interface Setting<K extends ConfigKey> {
  default: Config[K];
  help: string;
  /** Parses the command-line text; throws a reason (string) when invalid. */
  parse(text: string): Config[K];
  /** Checks a JSON value from the file; returns the reason it is invalid, or null. */
  check(value: unknown): string | null;
}

const boolean = (def: boolean, help: string): Setting<any> => ({
  default: def,
  help,
  parse: (text) => {
    if (/^(true|yes|on|1)$/i.test(text)) return true;
    if (/^(false|no|off|0)$/i.test(text)) return false;
    throw 'must be true or false';
  },
  check: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
});

const integer = (def: number | null, min: number, max: number, help: string): Setting<any> => {
  const reason = `must be a whole number from ${min} to ${max}${def === null ? ', or none' : ''}`;
  const ok = (v: unknown) => (def === null && v === null) || (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max);
  return {
    default: def,
    help,
    parse: (text) => {
      if (def === null && /^none$/i.test(text)) return null;
      const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      if (!ok(value)) throw reason;
      return value;
    },
    check: (v) => (ok(v) ? null : reason),
  };
};

const pattern = (re: RegExp, example: string, help: string): Setting<any> => {
  const reason = `must be written like ${example}, or none`;
  const ok = (v: unknown) => v === null || (typeof v === 'string' && re.test(v) && !/^0+:00/.test(v));
  return {
    default: null,
    help,
    parse: (text) => {
      if (/^none$/i.test(text)) return null;
      if (!ok(text)) throw reason;
      return text;
    },
    check: (v) => (ok(v) ? null : reason),
  };
};

const oneOf = <T extends string>(values: readonly T[], def: T, help: string): Setting<any> => {
  const reason = `must be one of ${values.join(', ')}`;
  const ok = (v: unknown) => typeof v === 'string' && (values as readonly string[]).includes(v);
  return {
    default: def,
    help,
    parse: (text) => {
      if (!ok(text.toLowerCase())) throw reason;
      return text.toLowerCase();
    },
    check: (v) => (ok(v) ? null : reason),
  };
};

/** The settings, their defaults and rules, in the order `config list` shows them. */
const SETTINGS: { [K in ConfigKey]: Setting<K> } = {
  syncActivities: boolean(true, 'pull activities (summary, detail, splits)'),
  syncWellness: boolean(true, 'pull wellness days (sleep, HRV, heart rate, stress, body battery)'),
  syncFitnessMetrics: boolean(true, 'pull fitness metrics (VO2max, training status, training readiness)'),
  initialSyncDays: integer(365, 1, 3660, 'days the first run backfills'),
  incrementalSyncDays: integer(7, 1, 365, 'days every later run re-fetches'),
  minSyncIntervalMinutes: integer(60, 0, 10080, 'minutes between runs; a sooner run does nothing unless --force'),
  maxRetries: integer(3, 0, 10, 'retries of a request after 429, 5xx, a dropped connection or a timeout'),
  concurrency: integer(4, 1, 16, 'requests in flight at once'),
  requestsPerSecond: integer(10, 1, 100, 'requests started per second, at most'),
  requestTimeoutSeconds: integer(30, 1, 600, 'seconds before a request times out (and is retried)'),
  fit: boolean(false, 'also download original FIT files into fit/'),
  ftp: integer(null, 1, 2500, 'functional threshold power, W (workout targets)'),
  lthr: integer(null, 30, 250, 'lactate threshold heart rate, bpm (workout targets)'),
  maxHr: integer(null, 60, 250, 'maximum heart rate, bpm (workout targets)'),
  thresholdPace: pattern(/^\d{1,2}:[0-5]\d\/(km|mi)$/, '4:30/km', 'threshold pace (workout targets)'),
  css: pattern(/^\d{1,2}:[0-5]\d\/100(m|yd)$/, '1:45/100m', 'critical swim speed (workout targets)'),
  impersonate: oneOf(IMPERSONATIONS, 'chrome', "whose TLS, HTTP/2 and headers the sign-in sends: chrome, firefox, safari, or none (Node's own)"),
  impersonateApi: boolean(false, 'also send token and data requests (diauth, connectapi) through the impersonating client'),
};

/** Every setting name, in display order. */
export const CONFIG_KEYS = Object.keys(SETTINGS) as ConfigKey[];

/** The defaults (a fresh object). */
export function defaultConfig(): Config {
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, SETTINGS[k].default])) as unknown as Config;
}

/** One line of help for a setting. */
export function describeSetting(key: ConfigKey): string {
  return SETTINGS[key].help;
}

/** `<configDir>/config.json`. */
export function configFile(paths: GarminSyncPaths): string {
  return join(paths.configDir, 'config.json');
}

/**
 * Checks a setting name given on the command line.
 * @throws UsageError (exit 2) listing the known names.
 */
export function parseConfigKey(key: string): ConfigKey {
  if ((CONFIG_KEYS as string[]).includes(key)) return key as ConfigKey;
  throw new UsageError(`unknown setting "${key}" (known: ${CONFIG_KEYS.join(', ')})`);
}

/**
 * The settings: config.json over the defaults (a missing file or key means the default).
 * @throws UsageError (exit 2) naming the file (and the key) when it is not JSON, or holds an unknown
 *   key or a bad value: the user's file, which garmin-sync never replaces on its own.
 */
export async function readConfig(paths: GarminSyncPaths): Promise<Config> {
  const file = configFile(paths);
  const read = await readArchiveFile(file);
  const config = defaultConfig();
  if (read.kind === 'missing') return config;
  if (read.kind === 'corrupt') throw new UsageError(`${file}: ${read.reason}; fix it, or delete it to go back to the default settings`);
  const stored = read.value;
  if (typeof stored !== 'object' || Array.isArray(stored)) throw new UsageError(`${file} must hold a JSON object of settings`);
  for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
    if (!(CONFIG_KEYS as string[]).includes(key)) throw new UsageError(`${file}: unknown setting "${key}" (known: ${CONFIG_KEYS.join(', ')})`);
    const reason = SETTINGS[key as ConfigKey].check(value);
    if (reason) throw new UsageError(`${file}: ${key} ${reason} (fix it with \`garmin-sync config set ${key} <value>\`)`);
    (config as unknown as Record<string, unknown>)[key] = value;
  }
  return config;
}

/**
 * Validates `text` for `key` and stores it (atomically) in config.json; returns the new settings.
 * Only settings that differ from their default are kept in the file.
 * @throws UsageError (exit 2) with the rule when the value is invalid (nothing is written).
 */
export async function setConfigValue(paths: GarminSyncPaths, key: ConfigKey, text: string): Promise<Config> {
  let value: Config[ConfigKey];
  try {
    value = SETTINGS[key].parse(text.trim());
  } catch (reason) {
    throw new UsageError(`${key} ${String(reason)}, not "${text}"`);
  }
  const config = await readConfig(paths);
  (config as unknown as Record<string, unknown>)[key] = value;
  await writeConfig(paths, config);
  return config;
}

/** Writes `config` to config.json atomically, keeping only the values that differ from the defaults. */
export async function writeConfig(paths: GarminSyncPaths, config: Config): Promise<void> {
  const defaults = defaultConfig();
  const changed = Object.fromEntries(CONFIG_KEYS.filter((k) => config[k] !== defaults[k]).map((k) => [k, config[k]]));
  await writeJsonAtomic(configFile(paths), changed);
}
