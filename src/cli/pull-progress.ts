/**
 * What `pull` shows while it runs (issue 6, "Cron"): on a terminal, one ora spinner whose text
 * gives each data type's days done (stderr); without one, nothing while it runs. Either way one
 * plain line per data type when it finishes (stdout), errors on stderr; `quiet` keeps only errors.
 * The spinner follows its own stream: drawn only when that stream is a terminal.
 */
import ora, { type Ora } from 'ora';
import type { PullCounts, PullEvent, PullType } from '../sync/pull.js';
import { info, out, style } from './output.js';

/** The progress sink `pull` reports to. */
export interface PullProgress {
  onProgress(event: PullEvent): void;
  /** Stops the spinner (call once the pull ended, also on error). */
  stop(): void;
}

/** The line printed when a type finished. */
export function countsLine(type: PullType, counts: PullCounts): string {
  return `${type}: ${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged`;
}

/** A progress display for a pull; `quiet` (or `--json`) shows only failures. */
export function createPullProgress(opts: { quiet: boolean; stream?: NodeJS.WriteStream }): PullProgress {
  const stream = opts.stream ?? process.stderr;
  // The spinner is drawn only where it writes: a terminal (and not under CI), never into a pipe.
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  const state = new Map<PullType, string>();
  let spinner: Ora | null = null;
  const render = () => {
    if (spinner) spinner.text = [...state].map(([type, text]) => `${type} ${text}`).join(' · ');
  };
  const above = (print: () => void) => {
    if (!spinner) return print();
    spinner.clear();
    print();
    spinner.render();
  };
  return {
    onProgress(e) {
      if (e.phase === 'failed') {
        state.set(e.type, style.error('failed'));
        above(() => info(`${style.error(`${e.type}: failed`)} — ${e.message}`));
        render();
        return;
      }
      if (opts.quiet) return;
      if (e.phase === 'done') {
        state.set(e.type, style.ok('done'));
        above(() => out(countsLine(e.type, e.counts)));
      } else {
        state.set(e.type, `${e.daysDone}/${e.daysTotal} days`);
        if (tty && !spinner) spinner = ora({ stream, discardStdin: false }).start();
      }
      render();
    },
    stop() {
      spinner?.stop();
      spinner = null;
    },
  };
}
