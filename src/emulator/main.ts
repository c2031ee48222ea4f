/**
 * Runs the Garmin emulator standalone: `node dist/src/emulator/main.js [--port N] [--today YYYY-MM-DD] [--seed N]
 * [--mfa] [--switch name=value]…` (switches and faults: cli-switches.ts).
 * Prints the URL and the three `export GARMIN_SYNC_…=` lines; stops on SIGINT/SIGTERM.
 * The request log is never printed.
 */
import { parseArgs } from 'node:util';
import { switchesFromArgs } from './cli-switches.js';
import { startEmulator } from './server.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' }, today: { type: 'string' }, seed: { type: 'string' },
      mfa: { type: 'boolean' }, switch: { type: 'string', multiple: true },
    },
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const switches = switchesFromArgs(values.switch ?? [], values.mfa ?? false);
  const emulator = await startEmulator({ port, today: values.today, seed: values.seed === undefined ? undefined : Number(values.seed), switches });
  process.stdout.write(`Garmin emulator listening on ${emulator.url}\n`);
  for (const [name, value] of Object.entries(emulator.env)) process.stdout.write(`export ${name}=${value}\n`);
  const stop = (): void => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
