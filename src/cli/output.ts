/**
 * Everything the CLI prints goes through here: plain lines on stdout, diagnostics on stderr,
 * one JSON document for `--json`. Colour follows chalk's detection, off under `NO_COLOR` or when
 * stdout is not a terminal.
 */
import chalk from 'chalk';

if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') chalk.level = 0;

/** Styles for the few things that deserve colour. */
export const style = {
  ok: (s: string) => chalk.green(s),
  warn: (s: string) => chalk.yellow(s),
  error: (s: string) => chalk.red(s),
  dim: (s: string) => chalk.dim(s),
  bold: (s: string) => chalk.bold(s),
};

/**
 * Streams whose reader went away (EPIPE: `garmin-sync config list | head -1`). Later writes to
 * them are dropped and the command goes on to its end (a pull finishes and records its run), quietly:
 * never Node's `Unhandled 'error' event`. Any other stream error is still thrown.
 */
const closedStreams = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closedStreams.add(stream);
  });
}

function write(stream: NodeJS.WriteStream, text: string): void {
  if (!closedStreams.has(stream)) stream.write(text);
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
