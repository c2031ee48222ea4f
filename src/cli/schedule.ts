/**
 * The scheduled job `garmin-sync cron` describes, and its three renderings: a crontab line, a
 * systemd user service + timer, a launchd agent plist. The job runs `sync --quiet --scheduled`
 * (queued imports go out, then the pull) with node and the script by absolute path, because
 * schedulers start jobs with an almost empty environment. Secrets (GARMIN_SYNC_STORE_KEY,
 * GARMIN_SYNC_TOKENS) are never written into a job: a warning says where to put the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** The job's name in systemd (`garmin-sync.service`, `garmin-sync.timer`) and its launchd label. */
export const JOB_NAME = 'garmin-sync';
export const LAUNCHD_LABEL = 'garmin-sync.sync';

/** Variables passed on to the job when set here (GARMIN_SYNC_STORE_KEY and GARMIN_SYNC_TOKENS are secrets: never printed). */
const PASSED_ON = ['GARMIN_SYNC_HOME', 'GARMIN_SYNC_TOKEN_STORE', 'GARMIN_SYNC_DOMAIN', 'GARMIN_SYNC_SSO_URL', 'GARMIN_SYNC_API_URL', 'GARMIN_SYNC_DIAUTH_URL'];

/** A repeat interval that crontab, systemd (`OnCalendar=`) and launchd (`StartInterval`) can all express evenly. */
export interface Interval {
  /** As the user wrote it, e.g. `6h`. */
  text: string;
  minutes: number;
}

/**
 * Parses `--every`: 5m…30m dividing an hour, 1h…12h dividing a day, 24h or 1d.
 * @throws UsageError for anything else.
 */
export function parseInterval(every: string): Interval {
  const m = /^(\d+)\s*(m|min|h|d)$/i.exec(every.trim());
  const n = m ? Number(m[1]) : Number.NaN;
  const unit = m?.[2].toLowerCase();
  const minutes = unit === 'h' ? n * 60 : unit === 'd' ? n * 1440 : n;
  const even = minutes < 60 ? minutes >= 5 && 60 % minutes === 0 : minutes <= 1440 && minutes % 60 === 0 && 24 % (minutes / 60) === 0;
  if (!m || !even) {
    throw new UsageError(`--every takes an interval cron can repeat evenly: 5m…30m dividing an hour, 1h…12h dividing a day, 24h or 1d; not "${every}"`);
  }
  return { text: every.trim(), minutes };
}

/**
 * The five crontab time fields for `interval`. `minute` (0–59) spreads hourly and daily jobs so
 * not every user calls Garmin on the hour; daily jobs run at 04:<minute>.
 */
export function cronSchedule(interval: Interval, minute: number): string {
  const n = interval.minutes;
  if (n < 60) return `*/${n} * * * *`;
  if (n === 60) return `${minute} * * * *`;
  if (n < 1440) return `${minute} */${n / 60} * * *`;
  return `${minute} 4 * * *`;
}

/** The same times as a systemd `OnCalendar=` expression (systemd.time(7)). */
export function systemdCalendar(interval: Interval, minute: number): string {
  const n = interval.minutes;
  const mm = String(minute).padStart(2, '0');
  if (n < 60) return `*:0/${n}`;
  if (n === 60) return `*:${mm}`;
  if (n < 1440) return `00/${n / 60}:${mm}`;
  return `04:${mm}`;
}

/** What the job runs and with which environment, plus what the user must know before relying on it. */
export interface ScheduledJob {
  interval: Interval;
  /** Spreads the job over the hour (from a hash of the data folder). */
  minute: number;
  /** Absolute node, absolute script, then the arguments. */
  argv: string[];
  /** Variables the job sets (PATH first). Never a secret. */
  env: Array<[string, string]>;
  /** True when the job needs GARMIN_SYNC_STORE_KEY (an encrypted file store), which is never written into it. */
  needsStoreKey: boolean;
  /** True when the tokens are in the Linux keychain, reached over the D-Bus session bus. */
  linuxKeychain: boolean;
}

/** PATH with empty and repeated entries removed, order kept. */
export function dedupePath(path: string): string {
  return [...new Set(path.split(':').filter((p) => p !== ''))].join(':');
}

/** True when the file token store at `tokenFile` holds an encrypted bundle. */
function fileStoreEncrypted(tokenFile: string): boolean {
  try {
    return (JSON.parse(readFileSync(tokenFile, 'utf8')) as { encrypted?: unknown }).encrypted === true;
  } catch {
    return false;
  }
}

/**
 * The job of this shell: `node <script> sync --quiet --scheduled` with PATH (deduplicated) and
 * the garmin-sync variables set here.
 */
export function scheduledJob(opts: { env: NodeJS.ProcessEnv; interval: Interval; minute: number; script: string; tokenFile: string; platform?: NodeJS.Platform }): ScheduledJob {
  const { env } = opts;
  const vars: Array<[string, string]> = [['PATH', dedupePath(env.PATH || '/usr/local/bin:/usr/bin:/bin')]];
  for (const name of PASSED_ON) if (env[name]) vars.push([name, env[name]!]);
  const storeKind = env.GARMIN_SYNC_TOKEN_STORE || 'keychain';
  return {
    interval: opts.interval,
    minute: opts.minute,
    argv: [process.execPath, opts.script, 'sync', '--quiet', '--scheduled'],
    env: vars,
    needsStoreKey: storeKind === 'file' && (Boolean(env.GARMIN_SYNC_STORE_KEY) || fileStoreEncrypted(opts.tokenFile)),
    linuxKeychain: storeKind === 'keychain' && (opts.platform ?? process.platform) === 'linux',
  };
}

/** The systemd user bus of this user, where a logged-in session's Secret Service is reached. */
export function userBusAddress(uid = process.getuid?.() ?? 1000): string {
  return `unix:path=/run/user/${uid}/bus`;
}

/**
 * The D-Bus address a cron job should use for the keychain, and what is wrong with it: this
 * shell's bus when it is the user bus, else the user bus; a warning when the bus does not exist
 * or this shell's bus is a temporary one (dbus-launch, dbus-run-session: gone with that session).
 */
export function keychainBus(env: NodeJS.ProcessEnv, uid = process.getuid?.() ?? 1000): { address: string; warning: string | null } {
  const userBus = userBusAddress(uid);
  const current = env.DBUS_SESSION_BUS_ADDRESS;
  const path = (address: string) => /(?:^|[:,;])path=([^,;]+)/.exec(address)?.[1] ?? null;
  if (current && current !== userBus) {
    const socket = path(current);
    const where = socket ? `${socket}` : current;
    const temporary = !socket || !socket.startsWith(`/run/user/${uid}/`);
    if (socket && !existsSync(socket)) {
      return { address: current, warning: `the keychain's D-Bus session bus ${where} (DBUS_SESSION_BUS_ADDRESS) does not exist: the job cannot reach the keychain` };
    }
    if (temporary) {
      return {
        address: current,
        warning: `DBUS_SESSION_BUS_ADDRESS (${current}) is a temporary session bus (dbus-launch or dbus-run-session): the job loses the keychain when that session ends`,
      };
    }
    return { address: current, warning: null };
  }
  const socket = path(userBus)!;
  if (!existsSync(socket)) {
    return { address: userBus, warning: `there is no D-Bus session bus at ${socket}: the job reaches the keychain only while you are logged in and the keyring is unlocked` };
  }
  return { address: userBus, warning: null };
}

/** Quotes a value for the `sh` cron runs, and escapes `%` (a newline in crontab). */
function shellWord(value: string): string {
  const quoted = /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  return quoted.replace(/%/g, '\\%');
}

/** The crontab line; `dbus` is the session bus address for a Linux keychain (else null). */
export function crontabLine(job: ScheduledJob, dbus: string | null): string {
  const vars = dbus ? [...job.env, ['DBUS_SESSION_BUS_ADDRESS', dbus] as [string, string]] : job.env;
  const env = vars.map(([k, v]) => `${k}=${shellWord(v)}`).join(' ');
  return `${cronSchedule(job.interval, job.minute)} ${env} ${job.argv.map(shellWord).join(' ')}`;
}

/** A value in a systemd unit: `%` doubled (specifiers), and double-quoted with `\` and `"` escaped when needed. */
function unitWord(value: string, forExec: boolean): string {
  let v = value.replace(/%/g, '%%');
  if (forExec) v = v.replace(/\$/g, '$$$$');
  return /^[\w@+=:,./-]+$/.test(v) ? v : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Where `--install` writes the systemd units: `$XDG_CONFIG_HOME/systemd/user` (default `~/.config/systemd/user`). */
export function systemdUserDir(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'systemd', 'user');
}

/**
 * The systemd user service and timer. The service runs inside the user's systemd instance, which
 * has the session bus, so it reaches the keychain without any D-Bus variable. `storeKeyFile`:
 * an EnvironmentFile= for GARMIN_SYNC_STORE_KEY when the job needs the key (else null).
 */
export function systemdUnits(job: ScheduledJob, storeKeyFile: string | null): { service: string; timer: string } {
  const env = job.env.map(([k, v]) => `Environment=${unitWord(`${k}=${v}`, false)}`);
  const service = [
    '[Unit]',
    'Description=garmin-sync: send queued imports to Garmin Connect, then pull activities and wellness data',
    '',
    '[Service]',
    'Type=oneshot',
    ...env,
    ...(storeKeyFile ? [`EnvironmentFile=${unitWord(storeKeyFile, false)}`] : []),
    `ExecStart=${job.argv.map((a) => unitWord(a, true)).join(' ')}`,
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=Run garmin-sync every ${job.interval.text}`,
    '',
    '[Timer]',
    `OnCalendar=${systemdCalendar(job.interval, job.minute)}`,
    // A run missed while the machine slept or was off happens at the next boot/wake-up.
    'Persistent=true',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { service, timer };
}

/** Where `--install` writes the launchd agent: `~/Library/LaunchAgents/garmin-sync.sync.plist`. */
export function launchdPlistPath(home: string): string {
  return join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The launchd agent (macOS): runs every interval in the user's session; output goes to `logFile`. */
export function launchdPlist(job: ScheduledJob, logFile: string): string {
  const strings = (items: string[], indent: string) => items.map((s) => `${indent}<string>${xml(s)}</string>`).join('\n');
  const env = job.env.map(([k, v]) => `    <key>${xml(k)}</key>\n    <string>${xml(v)}</string>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${strings(job.argv, '    ')}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
${env}
  </dict>
  <key>StartInterval</key>
  <integer>${job.interval.minutes * 60}</integer>
  <key>StandardOutPath</key>
  <string>${xml(logFile)}</string>
  <key>StandardErrorPath</key>
  <string>${xml(logFile)}</string>
</dict>
</plist>
`;
}
