/**
 * FIT reading for validation and summary (src/formats/fit.ts, as `import` does it) on the two
 * files of issue 9: a 36-hour ultra at 1 Hz (130,000 records, a session without max heart rate,
 * made with the SDK's Encoder) and a 24 MB chained FIT (copies of it back to back). Each is read
 * in its own Node process, so that its peak memory (the growth of the process's maximum resident
 * set size once the file is in memory) is its own.
 *
 * Bound (issue 9): peak memory at most 3× the file size plus 64 MiB (the constant covers V8's
 * heap growth); reading never fails. Run: `npm run bench`, or `node dist/bench/fit.js`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Encoder, Profile, type Mesg } from '@garmin/fitsdk';
import { inspectFit } from '../src/formats/fit.js';

/** Records of the 36-hour file (1 Hz). */
const RECORDS = 130_000;
/** Size of the chained file, at least (bytes). */
const CHAINED_BYTES = 24 * 1000 * 1000;
/** Peak memory bound: this many times the file size… */
const MAX_FILE_MULTIPLE = 3;
/** …plus this constant, MiB. */
const CONSTANT_MIB = 64;

/** What one child process measured. */
interface Measure {
  ms: number;
  peakMiB: number;
  recordings: number;
  records: number;
  maxHR: number | null;
}

/** The 36-hour activity: one record a second with heart rate, distance and position, one session without max HR. */
function generateUltra(): Uint8Array {
  const t0 = Date.parse('2024-05-01T06:00:00Z');
  const encoder = new Encoder();
  encoder.onMesg(Profile.MesgNum.FILE_ID, { type: 'activity', manufacturer: 'garmin', product: 2697, timeCreated: new Date(t0) } as Mesg);
  for (let i = 0; i < RECORDS; i++) {
    encoder.onMesg(Profile.MesgNum.RECORD, {
      timestamp: new Date(t0 + i * 1000), heartRate: 110 + (i % 60), distance: i * 1.2,
      positionLat: 548_000_000 + i * 20, positionLong: 167_000_000 + i * 10, altitude: 300 + (i % 40),
    } as Mesg);
  }
  encoder.onMesg(Profile.MesgNum.SESSION, {
    timestamp: new Date(t0 + RECORDS * 1000), startTime: new Date(t0), totalElapsedTime: RECORDS, totalTimerTime: RECORDS,
    totalDistance: RECORDS * 1.2, sport: 'running', subSport: 'trail',
  } as Mesg);
  return encoder.close();
}

/** In a child process: read the file into memory, then inspect it and print a Measure. */
async function measureInChild(file: string): Promise<void> {
  const bytes = new Uint8Array(await readFile(file));
  const baseKiB = process.resourceUsage().maxRSS;
  const started = performance.now();
  const result = inspectFit(bytes, file);
  const ms = performance.now() - started;
  const peakMiB = (process.resourceUsage().maxRSS - baseKiB) / 1024;
  if (result.kind !== 'activity') throw new Error(`${file} read as ${result.kind}`);
  const measure: Measure = {
    ms, peakMiB, recordings: result.recordings.length,
    records: result.recordings.reduce((n, r) => n + r.summary.pointCount, 0), maxHR: result.recordings[0].summary.maxHR,
  };
  process.stdout.write(JSON.stringify(measure));
}

async function measure(file: string): Promise<Measure> {
  const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(import.meta.url), 'child', file], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as Measure;
}

/**
 * Prints read time and peak memory beside the file size for the 36-hour and the 24 MB chained
 * file, and whether each stays within the bound. Sets process.exitCode = 1 when one does not.
 */
export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'garmin-sync-bench-fit-'));
  try {
    const ultra = generateUltra();
    const copies = Math.ceil(CHAINED_BYTES / ultra.length);
    const chained = new Uint8Array(ultra.length * copies);
    for (let i = 0; i < copies; i++) chained.set(ultra, i * ultra.length);
    const files = [
      { name: `36 h at 1 Hz, ${RECORDS.toLocaleString('en')} records`, path: join(dir, 'ultra.fit'), bytes: ultra },
      { name: `chained, ${copies} activities`, path: join(dir, 'chained.fit'), bytes: chained },
    ];
    let ok = true;
    console.log(`FIT read for validation and summary; bound: peak memory <= ${MAX_FILE_MULTIPLE}x file + ${CONSTANT_MIB} MiB`);
    for (const file of files) {
      await writeFile(file.path, file.bytes);
      const m = await measure(file.path);
      const sizeMiB = file.bytes.length / 1024 / 1024;
      const bound = MAX_FILE_MULTIPLE * sizeMiB + CONSTANT_MIB;
      const within = m.peakMiB <= bound;
      ok &&= within;
      console.log(
        `  ${file.name.padEnd(34)} ${sizeMiB.toFixed(1).padStart(5)} MiB   ${m.ms.toFixed(0).padStart(6)} ms   peak +${m.peakMiB.toFixed(0).padStart(4)} MiB ` +
          `(bound ${bound.toFixed(0)} MiB) ${within ? 'ok' : 'FAILED'}   ${m.recordings} recording(s), ${m.records.toLocaleString('en')} records, max HR ${m.maxHR}`,
      );
    }
    if (!ok) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === 'child') await measureInChild(process.argv[3]);
  else await run();
}
