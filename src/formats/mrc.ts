/**
 * TrainerRoad-style MRC and ERG workout files → a {@link WorkoutDocument} (a ride), like the text
 * parser gives. Spec: https://support.trainerroad.com/hc/en-us/articles/201944204-Creating-a-Workout-from-an-ERG-or-MRC-File
 * (workout-text.md §3; example E8 of §2.8 and §6 item 8). Shape:
 *
 * ```
 * [COURSE HEADER]
 * FILE NAME = Sweet spot.mrc
 * DESCRIPTION = …
 * MINUTES PERCENT            (MRC: % FTP; ERG: MINUTES WATTS)
 * [END COURSE HEADER]
 * [COURSE DATA]
 * 0.00	50                    (minutes, value; tab or spaces)
 * 10.00	75
 * [END COURSE DATA]
 * ```
 *
 * The rows are a piecewise-linear power curve: two rows at the same minute are a jump; the span
 * between two rows is a steady step when both values are equal, else a ramp. Section lines are
 * optional (E8 has a `FILE NAME` line and two rows only); `[COURSE TEXT]` lines are ignored.
 */
import path from 'node:path';
import { InputError, type TextPosition } from '../errors.js';
import { importedWorkoutDocument, type WorkoutDocument, type WorkoutStep, type WorkoutTarget } from './workout/document.js';
import { checkTextLimits, MAX_GARMIN_STEPS } from './workout/limits.js';

/** What the values of the rows are: % FTP (MRC) or watts (ERG). */
type MrcUnit = 'percent' | 'watts';

/** One `[COURSE DATA]` row as read, with positions for errors. */
interface Row {
  minutes: number;
  value: number;
  line: number;
  minutesColumn: number;
  valueColumn: number;
}

/** A span between two rows with a duration, before rounding to whole seconds. */
interface Segment {
  from: Row;
  endMinutes: number;
  startValue: number;
  endValue: number;
}

const FIELD_KEY = /^[A-Za-z][A-Za-z ]*$/;
const UNITS_LINE = /^MINUTES\s+(\S+)$/i;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const TWO_NUMBERS = /^\s*(?:\d+(?:\.\d*)?|\.\d+)\s+(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

/**
 * Whether `text` is an MRC/ERG file: it has a `[COURSE HEADER]` or `[COURSE DATA]` line, a
 * `MINUTES PERCENT` / `MINUTES WATTS` line, or (E8's shape) a `FILE NAME = …` line followed by a
 * row of two numbers. Case-insensitive; never throws.
 */
export function isMrcText(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((l) => l.trim());
  if (lines.some((l) => /^\[\s*COURSE (HEADER|DATA)\s*\]$/i.test(l) || /^MINUTES\s+(PERCENT|WATTS)$/i.test(l))) return true;
  const fileName = lines.findIndex((l) => /^FILE NAME\s*=/i.test(l));
  return fileName >= 0 && lines.slice(fileName + 1).some((l) => TWO_NUMBERS.test(l));
}

/**
 * Parses an MRC (`MINUTES PERCENT`, values % FTP) or ERG (`MINUTES WATTS`) file into a cycling
 * {@link WorkoutDocument}: one `interval` step per span between rows (a jump makes none; adjacent
 * steady spans at the same value are one step), durations rounded to whole seconds, targets
 * `percentFtp` or `watts` (`ramp: true` when the values differ, low..high in the file's order).
 * Without a `MINUTES …` line the unit follows the `FILE NAME` extension, else `fileName`'s
 * (`.erg` → watts), else % FTP. `name` is `FILE NAME` without directory and extension, else
 * `fileName`'s base name; `description` is `DESCRIPTION`. Each step's position is its first row.
 * Throws InputError(fileName, reason, {line, column}) for a row that is not two numbers ≥ 0, a
 * row whose minutes go back, an unknown `[SECTION]` or `MINUTES` unit, more steps than Garmin's
 * 50; and without a position for a file whose rows span no time.
 */
export function parseMrc(text: string, fileName: string): WorkoutDocument {
  checkTextLimits(text, fileName);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const fail = (position: TextPosition, reason: string): never => {
    throw new InputError(fileName, reason, position);
  };
  const fields: Record<string, string> = {};
  const rows: Row[] = [];
  let unit: MrcUnit | null = null;
  let inCourseText = false;

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (trimmed === '') return;
    const section = sectionOf(trimmed);
    if (section !== null) {
      const name = section.toUpperCase().replace(/\s+/g, ' ');
      if (!/^(END )?COURSE (HEADER|DATA|TEXT)$/.test(name)) {
        fail({ line, column: indent + 1 }, `unknown section \`${trimmed}\` (known: [COURSE HEADER], [COURSE DATA], [COURSE TEXT] and their [END …])`);
      }
      inCourseText = name === 'COURSE TEXT';
      return;
    }
    if (inCourseText) return;
    const field = fieldOf(trimmed);
    if (field) {
      fields[field.key.toUpperCase().replace(/\s+/g, ' ')] = field.value;
      return;
    }
    const units = UNITS_LINE.exec(trimmed);
    if (units) {
      const word = units[1].toUpperCase();
      if (word !== 'PERCENT' && word !== 'WATTS') {
        fail({ line, column: indent + trimmed.indexOf(units[1], 7) + 1 }, `unknown unit \`${units[1]}\`: write MINUTES PERCENT (% FTP) or MINUTES WATTS`);
      }
      unit = word === 'PERCENT' ? 'percent' : 'watts';
      return;
    }
    rows.push(readRow(raw, line, rows[rows.length - 1], fail));
  });

  const fileNameField = fields['FILE NAME']?.trim();
  const resolvedUnit = unit ?? unitFromExtension(fileNameField ?? fileName);
  const steps = segmentsOf(rows).map((segment) => stepOf(segment, resolvedUnit));
  if (steps.length === 0) throw new InputError(fileName, 'no steps: the data rows (`<minutes> <value>`) must span some time, e.g. `0 80` and `60 80`');
  if (steps.length > MAX_GARMIN_STEPS) {
    fail(steps[MAX_GARMIN_STEPS].position, `too many steps: Garmin allows at most ${MAX_GARMIN_STEPS} per workout; this is step ${MAX_GARMIN_STEPS + 1}`);
  }
  const baseName = (name: string) => path.basename(name.replace(/\\/g, '/'), path.extname(name));
  const description = fields.DESCRIPTION?.trim();
  return importedWorkoutDocument({
    file: fileName,
    name: (fileNameField && baseName(fileNameField)) || baseName(fileName),
    sport: 'cycling',
    description: description || null,
    steps,
  });
}

/** `.erg` → watts; anything else (`.mrc`, none) → % FTP. */
function unitFromExtension(name: string): MrcUnit {
  return path.extname(name).toLowerCase() === '.erg' ? 'watts' : 'percent';
}

/** Reads one data row, checking it against the previous one (minutes must not go back). */
function readRow(raw: string, line: number, previous: Row | undefined, fail: (position: TextPosition, reason: string) => never): Row {
  const tokens = [...raw.matchAll(/\S+/g)].map((m) => ({ text: m[0], column: m.index + 1 }));
  if (tokens.length !== 2) {
    const at = tokens[2] ?? tokens[0];
    fail({ line, column: at.column }, `a data row is two numbers, minutes and value (e.g. \`10.5 80\`), not \`${raw.trim()}\``);
  }
  const [minutesToken, valueToken] = tokens;
  for (const [token, what] of [[minutesToken, 'minutes'], [valueToken, 'value']] as const) {
    if (!NUMBER.test(token.text)) fail({ line, column: token.column }, `\`${token.text}\` is not a number ≥ 0 (the ${what} of this row)`);
  }
  const row = { minutes: Number(minutesToken.text), value: Number(valueToken.text), line, minutesColumn: minutesToken.column, valueColumn: valueToken.column };
  if (previous && row.minutes < previous.minutes) {
    fail({ line, column: row.minutesColumn }, `minutes go back from ${previous.minutes} (line ${previous.line}) to ${row.minutes}; rows must be in time order`);
  }
  return row;
}

/** The spans between consecutive rows that last some time; adjacent steady spans at one value are merged. */
function segmentsOf(rows: Row[]): Segment[] {
  const segments: Segment[] = [];
  for (let i = 1; i < rows.length; i++) {
    const [from, to] = [rows[i - 1], rows[i]];
    if (Math.round((to.minutes - from.minutes) * 60) === 0) continue; // a jump
    const last = segments[segments.length - 1];
    const steady = from.value === to.value;
    if (steady && last && last.startValue === last.endValue && last.endValue === from.value && last.endMinutes === from.minutes) {
      last.endMinutes = to.minutes;
      continue;
    }
    segments.push({ from, endMinutes: to.minutes, startValue: from.value, endValue: to.value });
  }
  return segments;
}

function stepOf(segment: Segment, unit: MrcUnit): WorkoutStep {
  const { from } = segment;
  const position = { line: from.line, column: from.minutesColumn };
  const seconds = Math.round((segment.endMinutes - from.minutes) * 60);
  const target: WorkoutTarget = {
    domain: 'power',
    unit: unit === 'percent' ? 'percentFtp' : 'watts',
    ramp: segment.startValue !== segment.endValue,
    low: segment.startValue,
    high: segment.endValue,
    position: { line: from.line, column: from.valueColumn },
  };
  return {
    kind: 'step',
    stepType: 'interval',
    cue: null,
    section: null,
    extent: { kind: 'time', seconds, written: `${seconds}s`, position },
    target,
    cadence: null,
    pressLap: false,
    position,
  };
}

/**
 * The name inside a `[ SECTION ]` line (trimmed), or null. By hand, not by a regex with a lazy
 * middle and optional spaces, which backtracks quadratically on a long line of spaces.
 */
function sectionOf(trimmed: string): string | null {
  return trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1).trim() : null;
}

/** A `KEY = value` line split at its first `=` (key: letters and spaces), or null; by hand like sectionOf. */
function fieldOf(trimmed: string): { key: string; value: string } | null {
  const equals = trimmed.indexOf('=');
  if (equals < 0) return null;
  const key = trimmed.slice(0, equals).trimEnd();
  return FIELD_KEY.test(key) ? { key, value: trimmed.slice(equals + 1).trim() } : null;
}
