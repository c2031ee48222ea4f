/**
 * `garmin-sync cron [--every 6h]`: prints a crontab line that runs `pull --quiet --scheduled` with
 * absolute paths, because cron starts jobs with an almost empty environment: the node binary and
 * the script by absolute path, PATH, the garmin-sync variables of this shell (never the store
 * key), and DBUS_SESSION_BUS_ADDRESS when the tokens are in the Linux keychain (Secret Service
 * is reached over the session bus).
 */
import { realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { contextOf } from '../context.js';
import { info, out } from '../output.js';

/** Variables passed on to the job when set here (GARMIN_SYNC_STORE_KEY and GARMIN_SYNC_TOKENS are secrets: never printed). */
const PASSED_ON = ['GARMIN_SYNC_HOME', 'GARMIN_SYNC_TOKEN_STORE', 'GARMIN_SYNC_DOMAIN', 'GARMIN_SYNC_SSO_URL', 'GARMIN_SYNC_API_URL', 'GARMIN_SYNC_DIAUTH_URL'];

/**
 * The five crontab time fields for "every N minutes/hours/days". `minute` (0–59) spreads hourly
 * and daily jobs so not every user calls Garmin on the hour.
 * @throws UsageError for an interval cron cannot express evenly.
 */
export function cronSchedule(every: string, minute: number): string {
  const m = /^(\d+)\s*(m|min|h|d)$/i.exec(every.trim());
  const n = m ? Number(m[1]) : Number.NaN;
  const unit = m?.[2].toLowerCase();
  if (unit === 'm' || unit === 'min') {
    if (n >= 5 && n < 60 && 60 % n === 0) return `*/${n} * * * *`;
    if (n === 60) return `${minute} * * * *`;
  } else if (unit === 'h') {
    if (n === 1) return `${minute} * * * *`;
    if (n >= 2 && n < 24 && 24 % n === 0) return `${minute} */${n} * * *`;
    if (n === 24) return `${minute} 4 * * *`;
  } else if (unit === 'd' && n === 1) {
    return `${minute} 4 * * *`;
  }
  throw new UsageError(`--every takes an interval cron can repeat evenly: 5m…30m dividing an hour, 1h…12h dividing a day, 24h or 1d; not "${every}"`);
}

/** Quotes a value for the `sh` cron runs, and escapes `%` (a newline in crontab). */
function shellWord(value: string): string {
  const quoted = /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  return quoted.replace(/%/g, '\\%');
}

/** The D-Bus session address the job needs for the keychain: this shell's, else the systemd default. */
function dbusAddress(env: NodeJS.ProcessEnv): string {
  return env.DBUS_SESSION_BUS_ADDRESS || `unix:path=/run/user/${process.getuid?.() ?? 1000}/bus`;
}

/** Registers `cron`. */
export function registerCron(program: Command): void {
  program
    .command('cron')
    .description('print a crontab line that pulls on a schedule')
    .option('--every <interval>', 'how often: 15m, 1h, 6h, 24h…', '6h')
    .addHelpText('after', '\nExamples:\n  garmin-sync cron\n  garmin-sync cron --every 1h\n  (garmin-sync cron; crontab -l) | crontab -   # install it')
    .action(async (opts: { every: string }, command: Command) => {
      const ctx = contextOf(command);
      const minute = createHash('sha256').update(ctx.paths.dataDir).digest()[0] % 60;
      const schedule = cronSchedule(opts.every, minute);
      const vars: Array<[string, string]> = [['PATH', ctx.env.PATH ?? '/usr/local/bin:/usr/bin:/bin']];
      for (const name of PASSED_ON) if (ctx.env[name]) vars.push([name, ctx.env[name]!]);
      const store = ctx.store();
      if (store.kind === 'keychain' && process.platform === 'linux') vars.push(['DBUS_SESSION_BUS_ADDRESS', dbusAddress(ctx.env)]);
      const script = realpathSync(process.argv[1]);
      const env = vars.map(([k, v]) => `${k}=${shellWord(v)}`).join(' ');
      out(`${schedule} ${env} ${shellWord(process.execPath)} ${shellWord(script)} pull --quiet --scheduled`);
      info('Add it with `crontab -e` (or: (garmin-sync cron; crontab -l) | crontab -). Errors go to cron mail; `garmin-sync history` shows every run.');
    });
}
