/**
 * Workout text throughput: parse and encode 1,000 generated workouts (a weekly mix of runs with
 * pace intervals, rides with % FTP and cadence, swims with CSS paces; 8–30 Garmin steps each),
 * then also encode each to a FIT workout file.
 *
 * Bound (issue 4): parse + encode to Garmin JSON must take at most 1 ms per workout on average, so
 * that a season's plan (a few hundred workouts) is checked in well under a second. Run:
 * `npm run bench`, or `node dist/bench/workouts.js`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { encodeFitWorkout } from '../src/formats/fit-workout.js';
import { encodeGarminWorkout, parseWorkoutText, type GarminWorkoutStep } from '../src/formats/workout/index.js';

/** Workouts parsed and encoded. */
const WORKOUTS = 1000;
/** The most milliseconds parse + encode may take per workout, on average. */
const MAX_MS_PER_WORKOUT = 1;

/** Workout `i` of the generated mix. */
function workoutText(i: number): string {
  const reps = 3 + (i % 6);
  switch (i % 3) {
    case 0:
      return ['sport: run', `name: Intervals ${i}`, 'Warmup', '- 15m Z2 HR', '', `Main set ${reps}x`, `- 1km 4:0${i % 10}-4:1${i % 10}/km Pace`, '- Jog 2m', '', 'Cooldown', '- 10m Z1 HR'].join('\n');
    case 1:
      return ['sport: ride', 'ftp: 260', `name: Over-unders ${i}`, 'Warmup', '- 12m ramp 50-75% 85-95rpm', '', `Over-unders ${reps}x`, '- 2m 95%', '- 1m 105%', '- 2m 95%', '', 'Cooldown', '- 10m 50%'].join('\n');
    default:
      return ['sport: swim', 'pool length: 25m', 'css: 1:45/100m', `name: CSS ${i}`, 'Warmup', '- 400mtr easy', '', `Main set ${reps * 2}x`, '- 100mtr 95-100% Pace', '- 15s 0', '', 'Cooldown', '- 200mtr Z2 Pace'].join('\n');
  }
}

/** Garmin steps of a tree (a repeat group counts once, plus its steps). */
function countSteps(steps: readonly GarminWorkoutStep[]): number {
  return steps.reduce((n, s) => n + 1 + (s.type === 'RepeatGroupDTO' ? countSteps(s.workoutSteps) : 0), 0);
}

/** Parses and encodes {@link WORKOUTS} workouts; prints ms per workout against the bound; exit code 1 when over it. */
export async function run(): Promise<void> {
  const texts = Array.from({ length: WORKOUTS }, (_, i) => workoutText(i));
  // Warm up the JIT on a few workouts so that the figure is the steady state.
  for (const text of texts.slice(0, 30)) encodeGarminWorkout(parseWorkoutText(text, 'warmup.txt').workout);

  let steps = 0;
  const start = performance.now();
  const encoded = texts.map((text, i) => {
    const json = encodeGarminWorkout(parseWorkoutText(text, `w${i}.txt`).workout);
    steps += countSteps(json.workoutSegments[0].workoutSteps);
    return json;
  });
  const textMs = performance.now() - start;

  const fitStart = performance.now();
  let fitBytes = 0;
  for (const json of encoded) fitBytes += encodeFitWorkout(json, 'bench.fit').length;
  const fitMs = performance.now() - fitStart;

  const perWorkout = textMs / WORKOUTS;
  const ok = perWorkout <= MAX_MS_PER_WORKOUT;
  console.log(`Workouts, ${WORKOUTS.toLocaleString('en')} texts (${steps.toLocaleString('en')} Garmin steps)`);
  console.log(`  parse + encode to Garmin JSON   ${textMs.toFixed(0).padStart(6)} ms   ${perWorkout.toFixed(3)} ms per workout`);
  console.log(`  encode to FIT workout files     ${fitMs.toFixed(0).padStart(6)} ms   ${(fitMs / WORKOUTS).toFixed(3)} ms per workout, ${(fitBytes / WORKOUTS).toFixed(0)} bytes each`);
  console.log(`  bound: parse + encode at most ${MAX_MS_PER_WORKOUT} ms per workout — ${ok ? 'ok' : 'FAILED'}`);
  if (!ok) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
