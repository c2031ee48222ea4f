/**
 * Hostile and broken workout texts (issue 13), the way an attacker or an unlucky editor makes them:
 * 2,400 seeded mutations of real workout texts (insertions, deletions, swapped lines, huge and
 * negative numbers, unicode, NUL, long lines, deep repeats, CRLF, BOM) go through the same
 * function `import --dry-run --json` runs (importFiles, in process: the machine has two slow cores);
 * the shapes that crashed or stalled the parser are fixed cases, and a handful of them also go
 * through the built CLI to prove the exit code and that no stack trace is printed.
 * Each must: finish (dry-run, exit 0) or be refused (invalid, exit 2) naming line and column, in
 * under a second, with no error other than a refusal.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../src/archive/archive.js';
import { AuthError } from '../../src/errors.js';
import { resolvePaths } from '../../src/archive/paths.js';
import { importExitCode } from '../../src/cli/commands/import.js';
import { MAX_REPEAT_DEPTH, MAX_WORKOUT_TEXT_BYTES } from '../../src/formats/workout/index.js';
import { importFiles, type ImportResult } from '../../src/sync/import.js';
import { CLI_PATH as CLI } from '../../src/emulator/cli-runner.js';
import { fixturePath, seededRandom } from '../shared.js';

const MUTATED_TEXTS = 2400;
const MAX_MS_PER_TEXT = 1000;

/** Texts written by hand for the grammar's corners, beside the shared fixtures. */
const EXTRA_SEEDS = [
  'sport: run\nthreshold pace: 4:10/km\n\nWarmup\n- 15m Z2 HR\n\nMain set 5x\n- 1km 4:00-4:10/km Pace\n- 2m easy\n\nCooldown\n- 10m Z1 HR',
  'sport: ride\nftp: 250\n\nMain 3x\n  2x\n    - 30s 120%\n    - 30s 50%\n  - 5m 60%\n\n- 10m ramp 50-75%',
  'name: A\nday: 1\n- 10m 70%\n---\nname: B\nday: 3\n- 4x 1m 110% 95rpm\n- 20m 65%',
  'sport: swim\npool length: 25m\ncss: 1:45/100m\n\n- 400mtr 1:55/100m stroke=free\n6x\n- 100mtr 1:40/100m\n- 20s 0',
  'Intervals\n\n- 10m Z2\n3x\n- 5\' 330w - 350w\n- 2\'30" 150w\n- press lap "cool it"',
];

const FRAGMENTS = [
  '10m', '30s', '2x', '  2x', '- ', '-', '5x', 'Main 2x', '400mtr', '75%', 'Z2 HR', '4:00/km', '---', ':', 'ftp: ', 'sport: ',
  '99999999999999999999', '-5', '-1x', '0x', '1e308m', '1000x', '1.5.5m', '٣m', '１０m', '\u00a0', '\u200b', '\u202e', 'é', '😀',
  '\u0000', '\u0007', '\t', '\r', '\r\n', '\uFEFF', '\uFFFD', '\\', '"', '""', '"unterminated', '<!>', '33^', 'ramp', 'press lap',
];

function mutate(text: string, next: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const at = (s: string) => Math.floor(next() * (s.length + 1));
  let out = text;
  const rounds = 1 + Math.floor(next() * 4);
  for (let r = 0; r < rounds; r++) {
    const lines = out.split('\n');
    switch (Math.floor(next() * 12)) {
      case 0: { // insert a fragment
        const i = at(out);
        out = out.slice(0, i) + pick(FRAGMENTS) + out.slice(i);
        break;
      }
      case 1: { // delete a range
        const i = at(out);
        out = out.slice(0, i) + out.slice(i + 1 + Math.floor(next() * 12));
        break;
      }
      case 2: { // swap two lines
        const i = Math.floor(next() * lines.length);
        const j = Math.floor(next() * lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        out = lines.join('\n');
        break;
      }
      case 3: // huge, negative and odd numbers
        out = out.replace(/\d+/, pick(['99999999999999999999', '-5', '0', '1e308', '00000000001', '4294967296', '1.7976931348623157e308']));
        break;
      case 4: { // unicode and control characters
        const i = at(out);
        out = out.slice(0, i) + pick(['😀', 'é', '\u0301', '\u202e', '\u0000', '\u0001', '\u001b[31m', '\uFFFE', '漢字', '\uD800']) + out.slice(i);
        break;
      }
      case 5: { // a long line
        const token = pick(['10m ', '1', ' ', ',', '2x ', '- ', 'a', '75% ']);
        lines.splice(Math.floor(next() * lines.length), 0, `- ${token.repeat(10 + Math.floor(next() * 1200))}`);
        out = lines.join('\n');
        break;
      }
      case 6: { // deep repeats: `Main 2x` then ` 2x` indented one more space per line
        const depth = 2 + Math.floor(next() * (next() < 0.5 ? 15 : 400));
        const deep = ['Main 2x', ...Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}2x`), `${' '.repeat(depth + 1)}- 1m`];
        lines.splice(Math.floor(next() * lines.length), 0, ...deep);
        out = lines.join('\n');
        break;
      }
      case 7:
        out = out.replace(/\n/g, '\r\n');
        break;
      case 8:
        out = next() < 0.5 ? `\uFEFF${out}` : out.replace(/\n/g, '\r');
        break;
      case 9: { // duplicate a line many times (past the step limit)
        const line = pick(lines);
        lines.splice(Math.floor(next() * lines.length), 0, ...Array.from({ length: 1 + Math.floor(next() * 80) }, () => line));
        out = lines.join('\n');
        break;
      }
      case 10: { // indentation noise
        const i = Math.floor(next() * lines.length);
        lines[i] = `${' '.repeat(Math.floor(next() * 9))}${lines[i]}`;
        out = lines.join('\n');
        break;
      }
      default: { // a random byte-ish character
        const i = at(out);
        out = out.slice(0, i) + String.fromCharCode(Math.floor(next() * 0x250)) + out.slice(i);
      }
    }
  }
  return out;
}

/** The deep-repeat shape that overflowed the stack (`countNodes`). */
function deepRepeats(depth: number): string {
  return ['Main 2x', ...Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}2x`), `${' '.repeat(depth + 1)}- 1m`].join('\n');
}

/** The shapes that crashed or took seconds to minutes before issue 13. */
const FIXED_CASES: Record<string, string> = {
  'deep repeats, 1400 levels (just under the size limit)': deepRepeats(1400),
  'deep repeats, 3000 levels (over the size limit: the indentation grows with the depth)': deepRepeats(3000),
  'deep repeats, one past the limit': deepRepeats(MAX_REPEAT_DEPTH),
  '100 KB of `- 10m 10m 10m …` on one line': `- ${'10m '.repeat(25_000)}`,
  '1 MB of `- 10m 10m 10m …` on one line': `- ${'10m '.repeat(250_000)}`,
  'a 100 KB header of digits': '1'.repeat(100_000),
  'a 1 MB plan of 1990-character step lines': Array.from({ length: 500 }, () => `- ${'10m '.repeat(497)}`).join('\n'),
  'a text over the size limit': `- 10m\n${'# a comment line that is long enough\n'.repeat(Math.ceil(MAX_WORKOUT_TEXT_BYTES / 36))}`,
  '10,000 steps': Array.from({ length: 10_000 }, () => '- 1m 70%').join('\n'),
  'a repeat of 10^20 iterations': '99999999999999999999x\n- 1m',
  'a NUL in a step': 'sport: run\n- 10m\u0000 Z2 HR',
  'an MRC file of long unclosed section lines': `[COURSE HEADER]\n${Array.from({ length: 500 }, () => `[ a${' '.repeat(1990)}b`).join('\n')}`,
};

/** Runs one text through importFiles as `import --dry-run --json -` does. */
async function dryRun(archive: Archive, text: string): Promise<{ results: ImportResult[]; exitCode: number; ms: number }> {
  const bytes = new TextEncoder().encode(text);
  const started = performance.now();
  const results = await importFiles(['-'], { dryRun: true, force: false, strict: false, fields: {} }, {
    archive,
    // As when not signed in: a dry run asks Garmin only for thresholds, and only when signed in.
    client: () => Promise.reject(new AuthError('not signed in')),
    readStdin: async () => bytes,
  });
  return { results, exitCode: importExitCode(results), ms: performance.now() - started };
}

/** What is wrong with one outcome ('' when nothing). */
function problemOf(outcome: { results: ImportResult[]; exitCode: number; ms: number }): string {
  const [result] = outcome.results;
  if (outcome.results.length !== 1) return `${outcome.results.length} results`;
  if (outcome.ms > MAX_MS_PER_TEXT) return `took ${Math.round(outcome.ms)} ms`;
  if (outcome.exitCode !== 0 && outcome.exitCode !== 2) return `exit ${outcome.exitCode}`;
  if (/\n\s+at /.test(result.message)) return `a stack trace: ${result.message}`;
  if (result.status === 'invalid' && !/^-:\d+:\d+: /.test(result.message)) return `a refusal without line and column: ${result.message}`;
  return '';
}

describe('hostile workout texts through import --dry-run --json (in process)', () => {
  let home: string;
  let archive: Archive;
  let seeds: string[];
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'garmin-sync-hostile-'));
    archive = new Archive(resolvePaths({ GARMIN_SYNC_HOME: home }));
    const dir = fixturePath('workouts/');
    const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
    seeds = [...(await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')))), ...EXTRA_SEEDS];
  });
  afterAll(async () => rm(home, { recursive: true, force: true }));

  it(`${MUTATED_TEXTS} seeded mutations: exit 0 or 2, no crash, under ${MAX_MS_PER_TEXT} ms, line and column on every refusal`, { timeout: 120_000 }, async () => {
    const exits = { 0: 0, 2: 0 } as Record<number, number>;
    const problems: string[] = [];
    for (let seed = 1; seed <= MUTATED_TEXTS; seed++) {
      const next = seededRandom(seed);
      const text = mutate(seeds[seed % seeds.length], next);
      let outcome;
      try {
        outcome = await dryRun(archive, text);
      } catch (err) {
        problems.push(`seed ${seed}: crashed: ${(err as Error).stack}`);
        continue;
      }
      const problem = problemOf(outcome);
      if (problem) problems.push(`seed ${seed}: ${problem}\n${JSON.stringify(text.slice(0, 300))}`);
      exits[outcome.exitCode] = (exits[outcome.exitCode] ?? 0) + 1;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    // Both outcomes must be exercised, or the test proves little.
    expect(exits[0]).toBeGreaterThan(MUTATED_TEXTS / 10);
    expect(exits[2]).toBeGreaterThan(MUTATED_TEXTS / 10);
  });

  for (const [name, text] of Object.entries(FIXED_CASES)) {
    it(`${name}: refused with line and column, quickly`, async () => {
      const outcome = await dryRun(archive, text);
      expect(problemOf(outcome)).toBe('');
      expect(outcome.exitCode).toBe(2);
    });
  }

  it('the limits are named in the refusals', async () => {
    const messageOf = async (text: string) => (await dryRun(archive, text)).results[0].message;
    expect(await messageOf(FIXED_CASES['deep repeats, 1400 levels (just under the size limit)'])).toMatch(/^-:11:11: repeats nest at most 10 deep/);
    expect(await messageOf(FIXED_CASES['100 KB of `- 10m 10m 10m …` on one line'])).toMatch(/^-:1:2001: line 1 is 100002 characters long; a workout text line has at most 2000/);
    expect(await messageOf(FIXED_CASES['a text over the size limit'])).toMatch(/a workout text over 1024 KB is not a workout/);
    expect(await messageOf(FIXED_CASES['10,000 steps'])).toMatch(/^-:51:3: too many steps: Garmin allows at most 50/);
    expect(await messageOf(FIXED_CASES['a repeat of 10^20 iterations'])).toMatch(/^-:1:1: a repeat has at most 99 iterations on Garmin/);
    expect(await messageOf(FIXED_CASES['a NUL in a step'])).toMatch(/^-:2:6: not a FIT, GPX, TCX or workout text file: line 2 cannot be read/);
  });
});

describe('hostile workout texts through the built CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-hostile-cli-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  /** Runs `garmin-sync import --dry-run --json <file>` on `text` (no emulator: a dry run sends nothing). */
  const run = async (name: string, text: string) => {
    const file = join(dir, name);
    await writeFile(file, text);
    return new Promise<{ code: number; stdout: string; stderr: string; ms: number }>((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, [CLI, 'import', '--dry-run', '--json', file], {
        env: { PATH: process.env.PATH, HOME: dir, GARMIN_SYNC_HOME: dir, GARMIN_SYNC_TOKEN_STORE: 'file', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }));
    });
  };

  const cases: Array<[string, string, RegExp]> = [
    ['deep.txt', deepRepeats(1400), /deep\.txt:11:11: repeats nest at most 10 deep/],
    ['long-line.txt', FIXED_CASES['1 MB of `- 10m 10m 10m …` on one line'], /long-line\.txt:1:2001: line 1 is 1000002 characters long/],
    ['nul.txt', FIXED_CASES['a NUL in a step'], /nul\.txt:2:6: not a FIT, GPX, TCX or workout text file/],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name}: exit 2, one refusal with line and column in the JSON, no stack trace`, async () => {
      const result = await run(name, text);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at |RangeError|This looks like a bug/);
      const [entry] = JSON.parse(result.stdout).results;
      expect(entry.status).toBe('invalid');
      expect(entry.message).toMatch(expected);
    });
  }
});
