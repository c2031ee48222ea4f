/**
 * Front matter of a workout text: `key: value` lines at the top (workout-text.md §5, `meta`),
 * e.g. `sport: run`, `ftp: 250`, `pool length: 25m`. Values are checked here; a bad value throws
 * InputError at the value's column.
 */
import { isCalendarDate } from '../../calendar-date.js';
import { InputError, type TextPosition } from '../../errors.js';
import type { PoolLength, Thresholds, WorkoutSport } from './document.js';

/** The front-matter keys this version knows, in their canonical spelling. */
export const FRONT_MATTER_KEYS = ['sport', 'name', 'title', 'description', 'date', 'day', 'ftp', 'lthr', 'max hr', 'threshold pace', 'css', 'pool length'] as const;
/** One of {@link FRONT_MATTER_KEYS}. */
export type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

/** Everything the front matter can set. */
export interface FrontMatter {
  sport?: WorkoutSport;
  name?: string;
  date?: string;
  /** `day: 3`: day 1 is the plan's `--start` date. */
  day?: number;
  /** `description: …`: the Garmin workout description instead of the generated summary. */
  description?: string;
  poolLength?: PoolLength;
  thresholds: Thresholds;
}

/** A `key: value` line split up; positions are 1-based. */
export interface MetaLine {
  /** Lowercased key with single spaces (`Max  HR` → `max hr`). */
  key: string;
  keyPosition: TextPosition;
  value: string;
  valuePosition: TextPosition;
}

/** A key: a letter, then letters and spaces (checked after the first `:` is found). */
const META_KEY = /^[A-Za-z][A-Za-z ]*$/;

const SPORTS: Record<string, WorkoutSport> = {
  run: 'running', running: 'running',
  ride: 'cycling', bike: 'cycling', cycling: 'cycling',
  swim: 'swimming', swimming: 'swimming',
  walk: 'walking', walking: 'walking',
  strength: 'strength_training',
  other: 'other',
};

/**
 * Splits a line that looks like `key: value` (the value not being a repeat mark like `4x`),
 * or returns null. `line` is the 1-based line number.
 */
export function matchMetaLine(text: string, line: number): MetaLine | null {
  // Split at the first `:` by hand: a regex with a lazy key and optional spaces backtracks
  // quadratically on a long line of spaces.
  const body = text.trimStart();
  const indent = text.length - body.length;
  const colon = body.indexOf(':');
  if (colon < 0) return null;
  const key = body.slice(0, colon).trimEnd();
  const value = body.slice(colon + 1).trim();
  if (!META_KEY.test(key) || value === '' || /^\d+\s*[x×]$/i.test(value)) return null;
  const valueIndex = text.indexOf(value, indent + colon + 1);
  return {
    key: key.toLowerCase().replace(/ +/g, ' '),
    keyPosition: { line, column: indent + 1 },
    value,
    valuePosition: { line, column: valueIndex + 1 },
  };
}

/** Whether `key` is a known front-matter key. */
export function isFrontMatterKey(key: string): key is FrontMatterKey {
  return (FRONT_MATTER_KEYS as readonly string[]).includes(key);
}

/** Applies one known meta line to `into`. Throws InputError (value position) on a bad value. */
export function applyMetaLine(meta: MetaLine & { key: FrontMatterKey }, into: FrontMatter, file: string): void {
  const bad = (expected: string): never => {
    throw new InputError(file, `bad \`${meta.key}:\` value \`${meta.value}\` (expected ${expected})`, meta.valuePosition);
  };
  const value = meta.value.toLowerCase();
  switch (meta.key) {
    case 'sport':
      into.sport = SPORTS[value] ?? bad('run, ride, swim, walk, strength or other');
      return;
    case 'name':
    case 'title':
      into.name = meta.value;
      return;
    case 'description':
      into.description = meta.value;
      return;
    case 'day': {
      const day = Number(value);
      into.day = /^\d+$/.test(value) && day >= 1 && day <= 3660 ? day : bad('a day number from 1, e.g. `day: 3` (day 1 is the --start date)');
      return;
    }
    case 'date': {
      into.date = isCalendarDate(value) ? value : bad('a date like 2026-09-20');
      return;
    }
    case 'ftp':
      into.thresholds.ftpWatts = positive(/^(\d+(?:\.\d+)?)\s*w?$/.exec(value)?.[1]) ?? bad('watts, e.g. `ftp: 250`');
      return;
    case 'lthr':
      into.thresholds.lthrBpm = positive(/^(\d+)\s*(?:bpm)?$/.exec(value)?.[1]) ?? bad('bpm, e.g. `lthr: 170`');
      return;
    case 'max hr':
      into.thresholds.maxHrBpm = positive(/^(\d+)\s*(?:bpm)?$/.exec(value)?.[1]) ?? bad('bpm, e.g. `max hr: 190`');
      return;
    case 'threshold pace': {
      const match = /^(\d+):([0-5]\d)\s*(\/km|\/mi)?$/.exec(value);
      const seconds = match ? positive(String(Number(match[1]) * 60 + Number(match[2]))) : undefined;
      if (!match || seconds === undefined) return bad('a pace, e.g. `threshold pace: 4:10/km`');
      into.thresholds.thresholdPaceSecondsPerKm = match[3] === '/mi' ? seconds / 1.609344 : seconds;
      return;
    }
    case 'css': {
      const match = /^(\d+):([0-5]\d)\s*(\/100m|\/100y)?$/.exec(value);
      const seconds = match ? positive(String(Number(match[1]) * 60 + Number(match[2]))) : undefined;
      if (!match || seconds === undefined) return bad('a pace per 100 m, e.g. `css: 1:45/100m`');
      into.thresholds.cssSecondsPer100m = match[3] === '/100y' ? seconds / 0.9144 : seconds;
      return;
    }
    case 'pool length': {
      const match = /^(\d+(?:\.\d+)?)\s*(m|mtr|meters?|metres?|yd|yds|yards?|y)$/.exec(value);
      const length = positive(match?.[1]);
      if (!match || length === undefined) return bad('25m, 50m or 25yd');
      into.poolLength = { value: length, unit: match[2].startsWith('y') ? 'yard' : 'meter' };
      return;
    }
  }
}

function positive(text: string | undefined): number | undefined {
  const n = Number(text);
  return text !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}
