/**
 * GPX reading: our streaming reader (saxes, src/formats/gpx.ts) against a DOM parser
 * (@xmldom/xmldom, the kind gpxparser and most GPX libraries build on) on a generated
 * 100,000-point track. Each parser runs in its own Node process so that its peak memory (the
 * process's maximum resident set size, after the file is read) is its own. Both produce the same
 * summary: points, start, duration, distance, heart rate.
 *
 * Bound (issue 5): the streaming reader must take well under the DOM parser's time and memory —
 * at most half of each. Run: `npm run bench`, or `node dist/bench/gpx.js`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DOMParser } from '@xmldom/xmldom';
import { haversineMeters, type LatLon } from '../src/formats/geo.js';
import { readGpx } from '../src/formats/gpx.js';

/** Track points in the generated file. */
const POINTS = 100_000;
/** The largest share of the DOM parser's time and peak memory the streaming reader may use. */
const MAX_SHARE_OF_DOM = 0.5;

type Parser = 'saxes' | 'dom';

/** What one child process measured: milliseconds, and peak RSS growth over the loaded file, MiB. */
interface Measure {
  parser: Parser;
  ms: number;
  peakMiB: number;
  points: number;
  durationSeconds: number;
  distanceMeters: number;
}

/** A GPX track of POINTS points, 1 s apart, with Garmin heart-rate extensions (about 19 MB). */
function generateGpx(): string {
  const start = Date.parse('2024-05-01T06:00:00Z');
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" xmlns="http://www.topografix.com/GPX/1/1"' +
      ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n<trk><type>cycling</type><trkseg>\n',
  ];
  for (let i = 0; i < POINTS; i++) {
    const time = new Date(start + i * 1000).toISOString();
    parts.push(
      `<trkpt lat="${(46 + i * 0.00005).toFixed(6)}" lon="${(14 + Math.sin(i / 500) * 0.01).toFixed(6)}"><ele>${300 + (i % 40)}</ele>` +
        `<time>${time}</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${110 + (i % 60)}</gpxtpx:hr>` +
        '</gpxtpx:TrackPointExtension></extensions></trkpt>\n',
    );
  }
  parts.push('</trkseg></trk></gpx>\n');
  return parts.join('');
}

/** The DOM way: parse the whole document, then walk its `trkpt` elements. */
function summariseWithDom(text: string): { points: number; durationSeconds: number; distanceMeters: number } {
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  const points = doc.getElementsByTagName('trkpt');
  let distanceMeters = 0;
  let previous: LatLon | null = null;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const point = points.item(i)!;
    const here = { lat: Number(point.getAttribute('lat')), lon: Number(point.getAttribute('lon')) };
    if (previous) distanceMeters += haversineMeters(previous, here);
    previous = here;
    const ms = Date.parse(point.getElementsByTagName('time').item(0)?.textContent ?? '');
    first = Math.min(first, ms);
    last = Math.max(last, ms);
  }
  return { points: points.length, durationSeconds: (last - first) / 1000, distanceMeters };
}

/** In a child process: read the file, then parse it with one parser and print a Measure. */
async function measureInChild(parser: Parser, file: string): Promise<void> {
  const bytes = new Uint8Array(await readFile(file));
  const text = parser === 'dom' ? new TextDecoder().decode(bytes) : '';
  const baseKiB = process.resourceUsage().maxRSS;
  const started = performance.now();
  const summary =
    parser === 'saxes'
      ? (({ pointCount, durationSeconds, distanceMeters }) => ({ points: pointCount, durationSeconds, distanceMeters: distanceMeters ?? 0 }))(readGpx(bytes, file))
      : summariseWithDom(text);
  const ms = performance.now() - started;
  const peakMiB = (process.resourceUsage().maxRSS - baseKiB) / 1024;
  const measure: Measure = { parser, ms, peakMiB, ...summary };
  process.stdout.write(JSON.stringify(measure));
}

async function measure(parser: Parser, file: string): Promise<Measure> {
  const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(import.meta.url), 'child', parser, file], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as Measure;
}

/**
 * Prints the time and peak memory of both parsers on a generated 100,000-point GPX, and whether
 * the streaming reader stays within MAX_SHARE_OF_DOM of the DOM parser. Sets process.exitCode = 1
 * when it does not, or when the two disagree on the track.
 */
export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'garmin-sync-bench-gpx-'));
  try {
    const file = join(dir, 'track.gpx');
    const text = generateGpx();
    await writeFile(file, text);
    const ours = await measure('saxes', file);
    const dom = await measure('dom', file);
    console.log(`GPX, ${POINTS.toLocaleString('en')} points, ${(text.length / 1024 / 1024).toFixed(1)} MiB`);
    for (const m of [ours, dom]) {
      const name = m.parser === 'saxes' ? 'garmin-sync (saxes, streaming)' : '@xmldom/xmldom (DOM)';
      console.log(`  ${name.padEnd(32)} ${m.ms.toFixed(0).padStart(6)} ms   peak +${m.peakMiB.toFixed(0).padStart(4)} MiB   ${m.points} points, ${(m.distanceMeters / 1000).toFixed(2)} km`);
    }
    const agree = ours.points === dom.points && ours.durationSeconds === dom.durationSeconds && Math.abs(ours.distanceMeters - dom.distanceMeters) < 1;
    const fast = ours.ms <= dom.ms * MAX_SHARE_OF_DOM;
    const small = ours.peakMiB <= dom.peakMiB * MAX_SHARE_OF_DOM;
    console.log(`  bound: at most ${MAX_SHARE_OF_DOM * 100}% of the DOM parser's time and memory — ` +
      `time ${((ours.ms / dom.ms) * 100).toFixed(0)}% ${fast ? 'ok' : 'FAILED'}, memory ${((ours.peakMiB / Math.max(dom.peakMiB, 1)) * 100).toFixed(0)}% ${small ? 'ok' : 'FAILED'}` +
      `${agree ? '' : '; the two parsers DISAGREE on the track'}`);
    if (!fast || !small || !agree) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === 'child') await measureInChild(process.argv[3] as Parser, process.argv[4]);
  else await run();
}
