/**
 * Asking before something that cannot be undone (`logout --purge`, replacing the signed-in
 * account): a yes/no prompt on a terminal (default no), a flag everywhere else.
 */
import { confirm } from '@inquirer/prompts';
import { UsageError } from '../errors.js';

/** True when a person can answer prompts (stdin and stderr, where prompts are drawn, are terminals). */
export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * Resolves true to go ahead: at once when `yes` (the flag was given), else after a "yes" at the
 * prompt `question` on a terminal; false when the person answers no.
 * @throws UsageError (exit 2) `withoutTerminal` when there is no terminal to ask and no flag.
 */
export async function confirmed(question: string, opts: { yes?: boolean; withoutTerminal: string }): Promise<boolean> {
  if (opts.yes) return true;
  if (!interactive()) throw new UsageError(opts.withoutTerminal);
  return confirm({ message: question, default: false }, { output: process.stderr });
}
