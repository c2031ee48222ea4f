/**
 * `garmin-sync emulator [--port N] [--mfa]`: serves the built-in Garmin emulator on loopback until
 * Ctrl-C, and prints the account to sign in with and the exact `export` lines that point
 * garmin-sync at it (a temporary GARMIN_SYNC_HOME, deleted when the emulator stops, and the file
 * token store, so nothing touches your real archive or keychain).
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { out } from '../output.js';

interface EmulatorFlags {
  port?: string;
  mfa?: boolean;
  today?: string;
  seed?: string;
}

/** Registers `emulator`. */
export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('serve the built-in Garmin emulator on loopback, and print the account and the export lines to use it')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--mfa', 'the account asks for an MFA code at sign-in')
    .option('--today <YYYY-MM-DD>', "the emulator's today: its year of seeded data ends on it (default: today, UTC)")
    .option('--seed <n>', 'seed of the generated data', '1')
    .addHelpText('after', '\nExamples:\n  garmin-sync emulator\n  garmin-sync emulator --port 8123 --mfa\n\nThen, in another shell, paste the export lines it prints and run garmin-sync as usual.')
    .action(async (flags: EmulatorFlags) => {
      const port = flags.port === undefined ? undefined : Number(flags.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port takes a port number 0-65535, not "${flags.port}"`);
      const seed = Number(flags.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed takes a whole number, not "${flags.seed}"`);
      if (flags.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.today)) throw new UsageError(`--today takes a date YYYY-MM-DD, not "${flags.today}"`);
      const [{ startEmulator }, account] = await Promise.all([import('../../emulator/server.js'), import('../../emulator/account.js')]);
      const emulator = await startEmulator({ port, seed, today: flags.today, switches: { mfa: Boolean(flags.mfa) } });
      const home = await mkdtemp(join(tmpdir(), 'garmin-sync-emulator-'));
      // On exit, however the process ends (a Ctrl-C handler elsewhere may exit at once).
      process.once('exit', () => rmSync(home, { recursive: true, force: true }));
      const exports = { ...emulator.env, GARMIN_SYNC_HOME: home, GARMIN_SYNC_TOKEN_STORE: 'file' };
      out(`Garmin emulator listening on ${emulator.url} (Ctrl-C stops it and deletes ${home})`);
      out('');
      out(`Account: ${account.DEMO_EMAIL}, password "${account.DEMO_PASSWORD}"${flags.mfa ? `, MFA code ${account.MFA_CODE}` : ''}`);
      out('');
      out('In another shell:');
      for (const [name, value] of Object.entries(exports)) out(`export ${name}=${value}`);
      out(`printf '%s\\n' '${account.DEMO_PASSWORD}' | garmin-sync login --email ${account.DEMO_EMAIL} --password-stdin${flags.mfa ? ` --mfa-code ${account.MFA_CODE}` : ''}`);
      out('garmin-sync pull --days 7');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await emulator.close();
    });
}
