/**
 * `garmin-sync completion bash|zsh|fish`: prints a shell completion script (@pnpm/tabtab's, the
 * one pnpm uses). On TAB the script calls `garmin-sync completion-server` with the command line in
 * COMP_LINE/COMP_POINT; that answers command names from the index without loading any command,
 * and a command's subcommands and flags by loading that one command.
 */
import type { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import { COMMANDS } from '../command-index.js';
import { HELP_TOPICS } from '../help-topics.js';
import { out } from '../output.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** One candidate: a word the shell may put in, with a line of description (zsh and fish show it). */
export interface Candidate {
  name: string;
  description: string;
}

/** Registers `completion`. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .argument('<shell>', SHELLS.join(', '))
    .description('print a shell completion script (bash, zsh or fish)')
    .addHelpText(
      'after',
      `
Examples:
  echo 'eval "$(garmin-sync completion bash)"' >> ~/.bashrc
  garmin-sync completion zsh > "\${fpath[1]}/_garmin-sync"
  garmin-sync completion fish > ~/.config/fish/completions/garmin-sync.fish`,
    )
    .action(async (shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`completion: unknown shell "${shell}": use ${SHELLS.join(', ')}`);
      const { default: tabtab } = await import('@pnpm/tabtab');
      out(await tabtab.getCompletionScript({ name: 'garmin-sync', completer: 'garmin-sync', shell: shell as (typeof SHELLS)[number] }));
    });
}

/** Registers the hidden `completion-server`, which the completion script calls on TAB. */
export function registerCompletionServer(program: Command): void {
  program
    .command('completion-server', { hidden: true })
    .description('answer the completion script (called by the shell on TAB)')
    .argument('[words...]')
    .allowUnknownOption()
    .action(async () => {
      const { default: tabtab } = await import('@pnpm/tabtab');
      const env = tabtab.parseEnv(process.env);
      if (!env.complete) return;
      const answer = await candidatesFor(env.partial);
      if (answer === 'files') return tabtab.logFiles();
      tabtab.log(answer, tabtab.getShellFromEnv(process.env));
    });
}

const flagsOf = (command: Command): Candidate[] =>
  (command.options as readonly Option[]).filter((o) => !o.hidden && o.long).map((o) => ({ name: o.long!, description: o.description }));

/**
 * What may come at the end of `line` (the command line up to the cursor, starting with
 * `garmin-sync`): command names, subcommand names, flags, or `files` for the shell's own file
 * completion.
 */
export async function candidatesFor(line: string): Promise<Candidate[] | 'files'> {
  const words = line.trimStart().split(/\s+/).slice(1);
  const current = words.pop() ?? '';
  const previous = words.at(-1);
  const commandWords = words.filter((w) => !w.startsWith('-'));
  const visible = COMMANDS.filter((c) => !c.hidden);
  if (commandWords.length === 0) {
    if (current.startsWith('-')) return [{ name: '--verbose', description: 'log every request on stderr (redacted)' }, { name: '--help', description: 'show help' }, { name: '--version', description: 'show the version' }];
    return [...visible.map((c) => ({ name: c.name, description: c.summary })), { name: 'help', description: 'help for a command, or a topic' }];
  }
  if (commandWords[0] === 'help') {
    if (commandWords.length > 1) return [];
    return [...visible.map((c) => ({ name: c.name, description: c.summary })), ...Object.keys(HELP_TOPICS).map((t) => ({ name: t, description: 'help topic' }))];
  }
  const descriptor = visible.find((c) => c.name === commandWords[0]);
  if (!descriptor) return [];
  const { buildProgram } = await import('../program.js');
  let command = (await buildProgram([descriptor.name])).commands.find((c) => c.name() === descriptor.name)!;
  for (const word of commandWords.slice(1)) {
    const sub = command.commands.find((c) => c.name() === word);
    if (!sub) break;
    command = sub;
  }
  const takesValue = (command.options as readonly Option[]).find((o) => o.long === previous && (o.required || o.optional));
  if (takesValue) return 'files';
  if (current.startsWith('-')) return flagsOf(command);
  const subcommands = command.commands.filter((c) => c.name() !== 'help');
  if (subcommands.length) return subcommands.map((c) => ({ name: c.name(), description: c.description() }));
  if (command.registeredArguments.length) return 'files';
  return flagsOf(command);
}
