/**
 * Workout text parse time against text size (issue 13): plans of 10 KB, 100 KB and 1 MB (workouts
 * separated by `---`), and hostile texts of the same sizes (1,990-character step lines of
 * `10m 10m …`, the longest line the parser reads), through parseWorkoutPlan as `import` calls it.
 *
 * Bounds: parsing is linear, so the time per KB of the 1 MB texts is at most 3 times that of the
 * 10 KB ones (room for the JIT and the garbage collector), and a 1 MB text parses in at most
 * 1,000 ms (on the 2-core CI machine; a 1 MB plan is some 5,000 workouts, and most of its time is
 * the garbage collector's, moving the tree being built). Run: `npm run bench`, or `node dist/bench/workout-size.js`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { InputError } from '../src/errors.js';
import { parseWorkoutPlan } from '../src/formats/workout/index.js';

const SIZES_KB = [10, 100, 1000];
/** Largest ratio of (ms per KB at 1 MB) to (ms per KB at 10 KB). */
const MAX_SLOPE_RATIO = 3;
/** Most milliseconds for a 1 MB text. */
const MAX_MS_AT_1MB = 1000;

/** A plan of about `kb` KB: runs, rides and swims separated by `---`. */
function planText(kb: number): string {
  const workouts: string[] = [];
  let size = 0;
  for (let i = 0; size < kb * 1000; i++) {
    const text = i % 2
      ? `name: Ride ${i}\nsport: ride\nftp: 250\nday: ${1 + (i % 300)}\n\nWarmup\n- 10m ramp 50-75% 85-95rpm\n\nMain set 4x\n- 5m 95%\n- 3m 55%\n\nCooldown\n- 10m 50%`
      : `name: Run ${i}\nsport: run\nthreshold pace: 4:10/km\nday: ${1 + (i % 300)}\n\nWarmup\n- 15m Z2 HR\n\nMain set 5x\n- 1km 4:00-4:10/km Pace\n- 2m easy\n\nCooldown\n- 10m Z1 HR`;
    workouts.push(text);
    size += text.length + 5;
  }
  return workouts.join('\n---\n');
}

/**
 * About `kb` KB of the longest step lines the parser reads (`- 10m 10m …`, 1,989 characters, one
 * workout each): every `10m` after the first is linted, so each line is read token by token.
 */
function hostileText(kb: number): string {
  const line = `- ${'10m '.repeat(497)}`.trimEnd();
  return Array.from({ length: Math.ceil((kb * 1000) / (line.length + 5)) }, () => line).join('\n---\n');
}

/** Median ms of `runs` parses of `text` (a refusal counts like a parse: it is what a user waits for). */
function timeParse(text: string, runs: number): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    try {
      parseWorkoutPlan(text, 'bench.txt');
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
    }
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Prints parse time per size against the bounds; exit code 1 when over one. */
export async function run(): Promise<void> {
  let ok = true;
  for (const [name, make] of [['plan', planText], ['hostile lines', hostileText]] as const) {
    const texts = SIZES_KB.map((kb) => make(kb));
    timeParse(texts[0], 20); // warm up the JIT
    const ms = texts.map((text, i) => timeParse(text, i === 2 ? 5 : 11));
    const perKb = ms.map((m, i) => m / (texts[i].length / 1000));
    const ratio = perKb[2] / perKb[0];
    const pass = ratio <= MAX_SLOPE_RATIO && ms[2] <= MAX_MS_AT_1MB;
    ok &&= pass;
    console.log(`Workout text parse time, ${name}`);
    texts.forEach((text, i) => {
      console.log(`  ${(text.length / 1000).toFixed(0).padStart(5)} KB   ${ms[i].toFixed(1).padStart(7)} ms   ${(perKb[i] * 1000).toFixed(1).padStart(6)} µs per KB`);
    });
    console.log(`  bound: 1 MB per-KB time at most ${MAX_SLOPE_RATIO}× the 10 KB one (is ${ratio.toFixed(2)}×), 1 MB in at most ${MAX_MS_AT_1MB} ms — ${pass ? 'ok' : 'FAILED'}`);
  }
  if (!ok) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
