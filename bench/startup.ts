/**
 * bench/startup: how long garmin-sync takes to start, side by side with bare Node (issue 11,
 * acceptance). Runs `node -e 0`, `garmin-sync --version`, `--help` and `status` over an archive of
 * 5,000 generated activities (signed in against the emulator first, so status reads real tokens
 * and state), interleaved round by round so that a busy machine slows all four alike, and prints
 * each one's median wall time and its ratio to bare Node (judged), the same for CPU time (user +
 * system, steadier when other work shares the cores), and its peak memory (maxRSS).
 *
 * Targets (the lower bound is bare Node itself): `--version` and `--help` ≤ 1.5× bare Node,
 * `status` ≤ 2.5×, peak memory of `--version` ≤ 60 MiB. Throws when one is missed. What makes
 * them reachable: the CLI is bundled (scripts/bundle-cli.mjs), the top-level help is cached at
 * build time, and status's read path (state.json, the token file) validates with valibot.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../src/emulator/account.js';
import { CLI_PATH, runCli } from '../src/emulator/cli-runner.js';
import { startEmulator } from '../src/emulator/server.js';

const ROUNDS = 11;
const ACTIVITIES = 5000;

/** Writes `count` activity files (the archive layout of design.md) under `home`. */
async function seedActivities(home: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const start = new Date(Date.UTC(2012, 0, 1) + i * 86_400_000);
    const year = start.getUTCFullYear();
    const dir = join(home, 'activities', String(year));
    await mkdir(dir, { recursive: true });
    const activityId = 10_000_000_000 + i;
    const record = {
      schemaVersion: 1,
      activityId,
      activityName: `Run ${i}`,
      activityType: 'running',
      startTimeGMT: start.toISOString().replace('.000', ''),
      startTimeLocal: start.toISOString().slice(0, 19),
      distanceMeters: 10_000,
      durationSeconds: 3000,
      averageHR: 150,
      maxHR: 175,
      raw: { summary: { activityId }, detail: null, splits: null },
    };
    await writeFile(join(dir, `${activityId}.json`), JSON.stringify(record));
  }
}

interface Subject {
  label: string;
  args: string[];
  /** Most this subject's median may be, as a multiple of bare Node's; null for bare Node. */
  maxRatio: number | null;
  times: number[];
  /** CPU time (user + system) of each run, ms: steadier than wall time on a busy machine. */
  cpuTimes: number[];
  peakBytes: number;
}

/** Runs `node <args>` once; returns the wall time (ms) and the child's peak resident memory (bytes). */
function timeOnce(args: string[], env: NodeJS.ProcessEnv): { ms: number; cpuMs: number; peakBytes: number } {
  // A preload that reports the process's maxRSS (KiB) and CPU time (µs) on fd 3 at exit (it costs well under a millisecond).
  const report = `data:text/javascript,import{writeSync}from'node:fs';process.on('exit',()=>{const u=process.resourceUsage();writeSync(3,u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime))})`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', report, ...args], { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr?.toString()}`);
  const [maxRssKiB, cpuMicros] = (child.output[3]?.toString() ?? '0 0').split(' ').map(Number);
  return { ms, cpuMs: cpuMicros / 1000, peakBytes: maxRssKiB * 1024 };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs the benchmark and prints its figures; throws when a target is missed. */
export async function run(): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'garmin-sync-bench-startup-'));
  const emulator = await startEmulator();
  let emulatorOpen = true;
  try {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...emulator.env, GARMIN_SYNC_HOME: home, GARMIN_SYNC_TOKEN_STORE: 'file', NO_COLOR: '1' };
    const login = await runCli(['login', '--email', DEMO_EMAIL, '--password-stdin'], { env, input: `${DEMO_PASSWORD}\n` });
    if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
    await emulator.close();
    emulatorOpen = false;
    await seedActivities(home, ACTIVITIES);
    const subjects: Subject[] = [
      { label: 'node -e 0', args: ['-e', '0'], maxRatio: null, times: [], cpuTimes: [], peakBytes: 0 },
      { label: 'garmin-sync --version', args: [CLI_PATH, '--version'], maxRatio: 1.5, times: [], cpuTimes: [], peakBytes: 0 },
      { label: 'garmin-sync --help', args: [CLI_PATH, '--help'], maxRatio: 1.5, times: [], cpuTimes: [], peakBytes: 0 },
      { label: `garmin-sync status (${ACTIVITIES} activities)`, args: [CLI_PATH, 'status'], maxRatio: 2.5, times: [], cpuTimes: [], peakBytes: 0 },
    ];
    const status = spawnSync(process.execPath, [CLI_PATH, 'status', '--json'], { env });
    const counted = (JSON.parse(status.stdout.toString()) as { counts: { activities: number } }).counts.activities;
    if (counted !== ACTIVITIES) throw new Error(`status counted ${counted} activities, not ${ACTIVITIES}`);
    for (const subject of subjects) timeOnce(subject.args, env); // warm the file cache
    for (let round = 0; round < ROUNDS; round++) {
      for (const subject of subjects) {
        const { ms, cpuMs, peakBytes } = timeOnce(subject.args, env);
        subject.times.push(ms);
        subject.cpuTimes.push(cpuMs);
        subject.peakBytes = Math.max(subject.peakBytes, peakBytes);
      }
    }
    const bare = median(subjects[0].times);
    const bareCpu = median(subjects[0].cpuTimes);
    const misses: string[] = [];
    const lines = [`median of ${ROUNDS} interleaved runs each (wall time, judged; CPU time beside it); target: ratio to bare Node`];
    for (const subject of subjects) {
      const m = median(subject.times);
      const ratio = m / bare;
      const target = subject.maxRatio === null ? 'the lower bound' : `target ≤ ${subject.maxRatio}×`;
      const mib = subject.peakBytes / 2 ** 20;
      const cpu = median(subject.cpuTimes);
      lines.push(`${subject.label.padEnd(40)} ${(m / 1000).toFixed(3)} s  ${ratio.toFixed(2)}× (${target})  cpu ${(cpu / 1000).toFixed(3)} s ${(cpu / bareCpu).toFixed(2)}×  peak ${mib.toFixed(0)} MiB`);
      if (subject.maxRatio !== null && ratio > subject.maxRatio) misses.push(`${subject.label}: ${ratio.toFixed(2)}× bare Node (target ${subject.maxRatio}×)`);
    }
    const versionPeak = subjects[1].peakBytes / 2 ** 20;
    lines.push(`peak memory of --version ${versionPeak.toFixed(0)} MiB (target ≤ 60 MiB)`);
    if (versionPeak > 60) misses.push(`--version peak memory ${versionPeak.toFixed(0)} MiB (target 60 MiB)`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (misses.length) throw new Error(`missed: ${misses.join('; ')}`);
  } finally {
    if (emulatorOpen) await emulator.close();
    await rm(home, { recursive: true, force: true });
  }
}
