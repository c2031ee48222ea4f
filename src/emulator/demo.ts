/**
 * `garmin-sync demo` (and `npm run demo`): the main job of garmin-sync, end to end, against the
 * built-in Garmin emulator — no Garmin account and no network needed. Starts the emulator on a
 * random loopback port, points a temporary GARMIN_SYNC_HOME at it (file token store, since a demo
 * should not touch your keychain), and runs the real CLI: login (with MFA), import of a workout
 * text, a FIT and a GPX activity, the same FIT again (duplicate), pull, status, history and logout.
 * The files it imports ship in the package's demo/ folder, so it works from an installed package.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_EMAIL, DEMO_PASSWORD, MFA_CODE } from './account.js';
import { runCli } from './cli-runner.js';
import { startEmulator } from './server.js';
import { packageRootUrl } from '../package-root.js';

/**
 * The package root (the repository, or the installed package), which holds demo/: the demo runs
 * the CLI there, so file names print as `demo/…`.
 */
const PACKAGE_ROOT = fileURLToPath(packageRootUrl());

const bold = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[22m` : s);

function inDays(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Runs the demo, printing the story on stdout (and each CLI run's diagnostics on stderr).
 * Resolves to 0 when every step ended as expected, else 1. Set GARMIN_SYNC_DEMO_KEEP to keep the
 * temporary home.
 */
export async function runDemo(): Promise<number> {
  const emulator = await startEmulator({ switches: { mfa: true } });
  const home = await mkdtemp(join(tmpdir(), 'garmin-sync-demo-'));
  const env = { ...emulator.env, GARMIN_SYNC_HOME: home, GARMIN_SYNC_TOKEN_STORE: 'file', NO_COLOR: process.env.NO_COLOR };
  const file = (name: string) => `demo/${name}`;
  const steps: Array<{ say: string; args: string[]; input?: string; expect: number[] }> = [
    { say: 'Sign in (the emulated account uses MFA; the password comes on stdin and is never stored)', args: ['login', '--email', DEMO_EMAIL, '--password-stdin', '--mfa-code', MFA_CODE], input: `${DEMO_PASSWORD}\n`, expect: [0] },
    { say: 'A workout written as text becomes a structured Garmin workout on the calendar', args: ['import', file('intervals-5x1km.txt'), '--schedule', inDays(7)], expect: [0] },
    { say: 'Activities recorded by other devices: a FIT run, a FIT ride and a GPX track', args: ['import', file('garmin-fenix-5-run.fit'), file('garmin-edge-820-bike.fit'), file('cerknicko-jezero.gpx')], expect: [0] },
    { say: 'The same FIT again: the archive already has it, so nothing is sent', args: ['import', file('garmin-fenix-5-run.fit')], expect: [0] },
    { say: 'Forced anyway: Garmin answers that it already has it (409 "Duplicate Activity.")', args: ['import', '--force', file('garmin-fenix-5-run.fit')], expect: [0] },
    { say: 'The emulator is local: lift the polite limit of 10 requests per second for this demo', args: ['config', 'set', 'requestsPerSecond', '100'], expect: [0] },
    { say: 'Pull the last 30 days of activities, wellness and fitness metrics into the archive', args: ['pull', '--days', '30'], expect: [0] },
    { say: 'What is signed in and what the archive holds', args: ['status'], expect: [0] },
    { say: 'The run history', args: ['history'], expect: [0] },
    { say: 'Sign out (the archive stays)', args: ['logout'], expect: [0] },
  ];
  console.log(bold('garmin-sync demo'));
  console.log(`Garmin emulator: ${emulator.url}   GARMIN_SYNC_HOME=${home}\n`);
  let failures = 0;
  try {
    for (const step of steps) {
      console.log(bold(`# ${step.say}`));
      console.log(`$ garmin-sync ${step.args.join(' ')}`);
      const run = await runCli(step.args, { env, input: step.input, echo: true, cwd: PACKAGE_ROOT });
      if (!step.expect.includes(run.code)) {
        failures += 1;
        console.log(`!! exit code ${run.code}, expected ${step.expect.join(' or ')}`);
      }
      console.log('');
    }
    await showArchive(home);
    console.log(`Requests the emulator answered: ${emulator.requests.length}.`);
  } finally {
    await emulator.close();
    if (!process.env.GARMIN_SYNC_DEMO_KEEP) await rm(home, { recursive: true, force: true });
  }
  if (failures) console.log(`\n${failures} step(s) did not end as expected.`);
  return failures ? 1 : 0;
}

/** Prints the archive's folders and the normalized fields of its newest wellness day. */
async function showArchive(home: string): Promise<void> {
  console.log(bold('# The archive is plain JSON files, one per thing:'));
  for (const dir of ['activities', 'wellness', 'metrics', 'workouts']) {
    const years = (await readdir(join(home, dir)).catch(() => [] as string[])).sort();
    console.log(`  ${dir}/${years.length ? ` ${years.join(' ')}` : ''}`);
  }
  const wellnessYears = (await readdir(join(home, 'wellness')).catch(() => [] as string[])).sort();
  const lastYear = wellnessYears.at(-1);
  if (!lastYear) return;
  const days = (await readdir(join(home, 'wellness', lastYear))).sort();
  const newest = days.at(-1)!;
  const { raw: _raw, ...fields } = JSON.parse(await readFile(join(home, 'wellness', lastYear, newest), 'utf8')) as Record<string, unknown>;
  console.log(`\nwellness/${lastYear}/${newest} (Garmin's raw answers are kept under "raw"):`);
  console.log(JSON.stringify(fields, null, 2).replace(/^/gm, '  '));
  console.log('');
}
