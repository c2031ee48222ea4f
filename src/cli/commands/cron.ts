/**
 * `garmin-sync cron [--every 6h] [--systemd | --launchd] [--install]`: prints the job that runs
 * `sync --quiet --scheduled` on a schedule (src/cli/schedule.ts): a crontab line by default, a
 * systemd user service + timer, or a launchd agent; `--install` writes the units/plist. Warnings
 * (stderr) name what would make the job fail or do nothing: a keychain bus that is missing or
 * temporary, a store key the job needs but will not have, an interval shorter than
 * `minSyncIntervalMinutes`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { readConfig } from '../../archive/config.js';
import { UsageError } from '../../errors.js';
import { contextOf } from '../context.js';
import { info, out, style } from '../output.js';
import {
  JOB_NAME,
  LAUNCHD_LABEL,
  crontabLine,
  keychainBus,
  launchdPlist,
  launchdPlistPath,
  parseInterval,
  scheduledJob,
  systemdUnits,
  systemdUserDir,
} from '../schedule.js';

interface CronFlags {
  every: string;
  systemd?: boolean;
  launchd?: boolean;
  install?: boolean;
}

const warn = (line: string) => info(`${style.warn('warning:')} ${line}`);

/** Writes a file the user owns and may read (a unit or plist holds no secret). */
async function writeUnit(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, { mode: 0o644 });
}

/** Registers `cron`. */
export function registerCron(program: Command): void {
  program
    .command('cron')
    .description('print a crontab line (or a systemd timer, or a launchd agent) that runs `sync` on a schedule')
    .option('--every <interval>', 'how often: 15m, 1h, 6h, 24h…', '6h')
    .option('--systemd', 'a systemd user service + timer instead (Linux: runs in your session, so it reaches the keychain)')
    .option('--launchd', 'a launchd agent plist instead (macOS)')
    .option('--install', 'with --systemd or --launchd: write the files (then start them as printed)')
    .addHelpText(
      'after',
      `
Examples:
  garmin-sync cron
  garmin-sync cron --every 1h
  (garmin-sync cron; crontab -l) | crontab -      # install the crontab line
  garmin-sync cron --systemd --install && systemctl --user daemon-reload && systemctl --user enable --now ${JOB_NAME}.timer
  garmin-sync cron --launchd --install            # macOS`,
    )
    .action(async (flags: CronFlags, command: Command) => {
      const ctx = contextOf(command);
      if (flags.systemd && flags.launchd) throw new UsageError('use one of --systemd and --launchd');
      if (flags.install && !flags.systemd && !flags.launchd) {
        throw new UsageError('--install goes with --systemd or --launchd; install the crontab line with: (garmin-sync cron; crontab -l) | crontab -');
      }
      const interval = parseInterval(flags.every);
      const minute = createHash('sha256').update(ctx.paths.dataDir).digest()[0] % 60;
      const job = scheduledJob({ env: ctx.env, interval, minute, script: realpathSync(process.argv[1]), tokenFile: ctx.paths.tokenFile });
      const home = ctx.env.HOME || homedir();

      const config = await readConfig(ctx.paths);
      if (interval.minutes < config.minSyncIntervalMinutes) {
        warn(
          `--every ${interval.text} is shorter than minSyncIntervalMinutes (${config.minSyncIntervalMinutes}): most runs will do nothing. Choose a longer --every, or: garmin-sync config set minSyncIntervalMinutes ${interval.minutes}`,
        );
      }
      if (ctx.env.GARMIN_SYNC_TOKENS) warn('GARMIN_SYNC_TOKENS is set in this shell only: the job will use the saved tokens, not these');

      if (flags.systemd) {
        const dir = systemdUserDir(ctx.env, home);
        const keyFile = job.needsStoreKey ? join(ctx.paths.configDir, 'store-key.env') : null;
        if (keyFile) warn(`the token file is encrypted: the service reads GARMIN_SYNC_STORE_KEY from ${keyFile}; create it (chmod 600) with the line GARMIN_SYNC_STORE_KEY=<your key>`);
        const { service, timer } = systemdUnits(job, keyFile);
        if (flags.install) {
          await writeUnit(join(dir, `${JOB_NAME}.service`), service);
          await writeUnit(join(dir, `${JOB_NAME}.timer`), timer);
          out(`wrote ${join(dir, `${JOB_NAME}.service`)} and ${join(dir, `${JOB_NAME}.timer`)}`);
          info(`Start it: systemctl --user daemon-reload && systemctl --user enable --now ${JOB_NAME}.timer (runs while you are logged in; \`loginctl enable-linger\` keeps it running after logout, but a locked keyring then stops it).`);
          return;
        }
        out(`# ${join(dir, `${JOB_NAME}.service`)}`);
        out(service);
        out(`# ${join(dir, `${JOB_NAME}.timer`)}`);
        out(timer.trimEnd());
        info(`Write them with --install, then: systemctl --user daemon-reload && systemctl --user enable --now ${JOB_NAME}.timer. \`journalctl --user -u ${JOB_NAME}\` shows the output; \`garmin-sync history\` every run.`);
        return;
      }

      if (flags.launchd) {
        const path = launchdPlistPath(home);
        if (job.needsStoreKey) warn(`the token file is encrypted: add GARMIN_SYNC_STORE_KEY under EnvironmentVariables in ${path} yourself, then chmod 600 it (garmin-sync never writes the key)`);
        const plist = launchdPlist(job, join(home, 'Library', 'Logs', `${JOB_NAME}.log`));
        if (flags.install) {
          await writeUnit(path, plist);
          out(`wrote ${path}`);
          info(`Start it: launchctl bootstrap gui/$(id -u) ${path} (stop: launchctl bootout gui/$(id -u)/${LAUNCHD_LABEL}).`);
          return;
        }
        out(`<!-- ${path} -->`);
        out(plist.trimEnd());
        info(`Write it with --install, then: launchctl bootstrap gui/$(id -u) ${path}`);
        return;
      }

      let dbus: string | null = null;
      if (job.linuxKeychain) {
        const bus = keychainBus(ctx.env);
        dbus = bus.address;
        if (bus.warning) warn(`${bus.warning}. Use \`garmin-sync cron --systemd\` (runs in your session), or the file token store (GARMIN_SYNC_TOKEN_STORE=file).`);
      }
      if (job.needsStoreKey) warn('the token file is encrypted: add GARMIN_SYNC_STORE_KEY=<your key> to the line yourself (crontab -e); garmin-sync never prints the key');
      out(crontabLine(job, dbus));
      info('Add it with `crontab -e` (or: (garmin-sync cron; crontab -l) | crontab -). Errors go to cron mail; `garmin-sync history` shows every run.');
    });
}
