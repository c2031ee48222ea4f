/**
 * bench/pull: the 365-day first-run backfill against the emulator with 50 ms latency per request
 * (issue 6, acceptance). Prints the requests made, the wall time, the lower bound
 * (requests / concurrency × latency), the minimum number of requests the endpoints allow, and
 * the CLI's peak memory (VmHWM). Fails (throws) when the wall time exceeds 1.5× the bound or the
 * request count exceeds the minimum by more than 10 %.
 *
 * The minimum for D days with N activities (protocol §3.2, §3.7): activity search 1 (one page with
 * a limit ≥ N; paging ends on a short page) + detail and splits 2N; sleep, daily heart rate and
 * daily summary per day 3D, + the heart rate of the day before the first (the first night's
 * window) 1; HRV, maxmet and training status by range 3; training readiness per day D; the
 * profile once (displayName) 1. garmin-sync pulls in 28-day chunks (the unit of resumable
 * progress), which costs per extra chunk one more range request per range endpoint and one more
 * (empty) search page.
 *
 * requestsPerSecond is raised to 100 for this measurement, so that the bound measured is the one
 * of concurrency × latency; with the polite default (10/s) the floor is requests / 10 s.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD, TIME_ZONE } from '../src/emulator/account.js';
import { CLI_PATH, runCli } from '../src/emulator/cli-runner.js';
import { startEmulator } from '../src/emulator/server.js';

const DAYS = 365;
const LATENCY_MS = 50;
const CONCURRENCY = 4;

/** Peak resident memory (VmHWM, bytes) of a running process, read from /proc; null elsewhere. */
async function peakRss(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kb = status ? /VmHWM:\s+(\d+) kB/.exec(status)?.[1] : undefined;
  return kb ? Number(kb) * 1024 : null;
}

/** Runs the benchmark and prints its figures; throws when a bound is missed. */
export async function run(): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const emulator = await startEmulator({ today, days: DAYS });
  const home = await mkdtemp(join(tmpdir(), 'garmin-sync-bench-'));
  try {
    const env = { ...emulator.env, GARMIN_SYNC_HOME: home, GARMIN_SYNC_TOKEN_STORE: 'file', NO_COLOR: '1' };
    const login = await runCli(['login', '--email', DEMO_EMAIL, '--password-stdin'], { env, input: `${DEMO_PASSWORD}\n` });
    if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
    await writeFile(join(home, 'config.json'), JSON.stringify({ initialSyncDays: DAYS, concurrency: CONCURRENCY, requestsPerSecond: 100 }));
    emulator.switches.latencyMs = LATENCY_MS;
    const before = emulator.requests.length;
    const started = performance.now();
    const child = spawn(process.execPath, [CLI_PATH, 'pull', '--quiet'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: 'inherit' });
    let peak: number | null = null;
    const sampler = setInterval(() => void peakRss(child.pid!).then((v) => (peak = v ?? peak)), 100);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(sampler);
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`pull exited ${code}`);
    const requests = emulator.requests.length - before;
    const first = new Date(Date.parse(`${today}T00:00:00Z`) - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    const localDate = (ms: number) => new Date(ms + TIME_ZONE.offsetMinutes * 60_000).toISOString().slice(0, 10);
    const activities = [...emulator.state.activities.values()].filter((a) => localDate(a.startGmtMs) >= first && localDate(a.startGmtMs) <= today).length;
    const minimum = 1 + 2 * activities + 3 * DAYS + 1 + 3 + DAYS + 1;
    const boundMs = (requests / CONCURRENCY) * LATENCY_MS;
    const lines = [
      `days ${DAYS}, activities ${activities}, latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`,
      `requests      ${requests} (minimum the endpoints allow: ${minimum}; +${(((requests - minimum) / minimum) * 100).toFixed(1)} %, limit +10 %)`,
      `wall time     ${(wallMs / 1000).toFixed(2)} s (lower bound ${(boundMs / 1000).toFixed(2)} s; ${(wallMs / boundMs).toFixed(2)}×, limit 1.5×)`,
      `peak memory   ${peak === null ? 'unknown (no /proc)' : `${(peak / 2 ** 20).toFixed(0)} MiB RSS`}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (requests > minimum * 1.1) throw new Error(`${requests} requests: more than 10 % over the minimum ${minimum}`);
    if (wallMs > boundMs * 1.5) throw new Error(`wall time ${(wallMs / 1000).toFixed(2)} s: more than 1.5× the bound ${(boundMs / 1000).toFixed(2)} s`);
  } finally {
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  }
}
