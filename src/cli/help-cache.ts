/**
 * The top-level help as the build wrote it (dist/cli/help.txt, written by scripts/bundle-cli.mjs
 * from commander's own output), so that `garmin-sync`, `--help`, `-h` and `help` answer without
 * loading commander (issue 11: `--help` within 1.5x of a bare Node start). The top-level help is
 * always 80 columns wide (program.ts), so the file is exactly what commander would print.
 * test/e2e/help-completion.test.ts compares the two. Loads nothing.
 */
import { readFileSync } from 'node:fs';

/** The argument lists the cached text answers: none, `--help`, `-h`, `help`. */
export function asksTopLevelHelp(args: readonly string[]): boolean {
  return args.length === 0 || (args.length === 1 && (args[0] === '--help' || args[0] === '-h' || args[0] === 'help'));
}

/** The cached top-level help, or null where there is none (tsc's dist/src/, vitest): commander then prints it. */
export function cachedTopLevelHelp(): string | null {
  try {
    return readFileSync(new URL('help.txt', import.meta.url), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
