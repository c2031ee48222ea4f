/**
 * Everything the CLI prints goes through here: plain lines on stdout, diagnostics on stderr,
 * one JSON document for `--json`. Colour follows chalk's detection, off under `NO_COLOR` or when
 * stdout is not a terminal.
 */
import chalk from 'chalk';
import { isClosed } from './closed-streams.js';

if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') chalk.level = 0;

/** Styles for the few things that deserve colour. */
export const style = {
  ok: (s: string) => chalk.green(s),
  warn: (s: string) => chalk.yellow(s),
  error: (s: string) => chalk.red(s),
  dim: (s: string) => chalk.dim(s),
  bold: (s: string) => chalk.bold(s),
};

function write(stream: NodeJS.WriteStream, text: string): void {
  if (!isClosed(stream)) stream.write(text);
}

/** A line on stdout. */
export function out(line = ''): void {
  write(process.stdout, `${line}\n`);
}

/** A line on stderr (diagnostics, progress, warnings). */
export function info(line: string): void {
  write(process.stderr, `${line}\n`);
}

/** One JSON document on stdout, as `--json` promises (design.md, "Machine-readable output"). */
export function outJson(value: unknown): void {
  write(process.stdout, `${JSON.stringify(value, null, 2)}\n`);
}

/** Formats seconds as `1:02:03` or `12:03`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** Formats meters as `9.03 km` or `158 m`. */
export function formatDistance(meters: number | null | undefined): string {
  if (meters == null || !Number.isFinite(meters)) return '-';
  return meters >= 1000 ? `${(meters / 1000).toFixed(2)} km` : `${Math.round(meters)} m`;
}

/** `1 file`, `2 files`; `plural` when the word does not just take an s (`1 activity`, `2 activities`). */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/**
 * How far `at` is from `now`, roughly: `in 23 h`, `5 min ago`, `in 12 days`, `just now`.
 */
export function relativeTime(at: Date, now: Date = new Date()): string {
  const seconds = Math.round((at.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const say = (text: string) => (seconds >= 0 ? `in ${text}` : `${text} ago`);
  if (abs < 60) return 'just now';
  if (abs < 3600) return say(`${Math.round(abs / 60)} min`);
  if (abs < 48 * 3600) return say(`${Math.round(abs / 3600)} h`);
  return say(count(Math.round(abs / 86400), 'day'));
}

/**
 * An instant for people: local date and time of this machine (`2026-12-07 14:03`) and how far it
 * is from now (`in 23 h`). `--json` keeps the ISO UTC form instead. '-' for null or an unparsable value.
 */
export function formatLocalTime(value: string | number | Date | null | undefined, opts: { now?: Date; relative?: boolean } = {}): string {
  if (value === null || value === undefined) return '-';
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return '-';
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return opts.relative === false ? local : `${local} (${relativeTime(at, opts.now)})`;
}

/** Rows as a table: every column but the last padded to its widest cell (header included), two spaces apart. */
export function formatTable(header: string[] | null, rows: string[][]): string[] {
  const all = header ? [header, ...rows] : rows;
  const widths = all[0]?.map((_, i) => Math.max(...all.map((row) => visibleLength(row[i] ?? '')))) ?? [];
  return all.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - visibleLength(cell)))).join('  ').trimEnd());
}

/** Length without colour codes. */
function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}
