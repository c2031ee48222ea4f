/**
 * Builds the commander program for one run, loading only the command that runs (issue 11). The
 * command word is found in argv before commander parses it; that command's module is imported and
 * registered, and nothing else. When there is no command word (`--help`, `--version`, no
 * arguments), or an unknown one, every command is registered as a stub carrying only its name and
 * summary from the index, which is all the top-level help shows and all commander needs to say
 * "unknown command … did you mean …?". `help <command>` loads that command for its help.
 */
import { Command, Help } from 'commander';
import { UsageError } from '../errors.js';
import { COMMANDS, findCommand, type CommandDescriptor } from './command-index.js';
import { HELP_TOPICS } from './help-topics.js';
import { packageVersion } from './version.js';

/** Width of the top-level help, in columns. */
const TOP_LEVEL_HELP_WIDTH = 80;

/** Options of the top-level program that take no value (the command word is the first other word). */
const GLOBAL_FLAGS = new Set(['--verbose']);

/**
 * The command whose module a run needs, from the words after `node garmin-sync`: the first word
 * that is not a global flag; for `help <command>`, that command. Undefined when a help or version
 * flag (or anything else) comes first, or when there is no command word.
 */
export function commandToLoad(args: readonly string[]): CommandDescriptor | undefined {
  const index = args.findIndex((word) => !GLOBAL_FLAGS.has(word));
  const word = args[index];
  if (word === undefined || word.startsWith('-')) return undefined;
  if (word === 'help') return findCommand(args.slice(index + 1).find((w) => !w.startsWith('-')));
  return findCommand(word);
}

/** The program with its global options, help text and exit override, and no commands yet. */
function baseProgram(): Command {
  return new Command('garmin-sync')
    .description('Sign in to Garmin Connect once, send workouts and activity files, and pull your data into plain JSON files.')
    .version(packageVersion())
    .option('--verbose', 'log every request on stderr (Authorization, cookies, tickets and tokens redacted)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  garmin-sync demo          # try everything against a built-in Garmin emulator
  garmin-sync login
  garmin-sync import plan.txt --schedule 2026-12-01
  garmin-sync import ride.fit run.gpx
  garmin-sync pull
  garmin-sync status

Exit codes: 0 ok, 1 unexpected error, 2 usage or invalid file, 3 sign in again,
4 refused by Garmin, 5 partial, 6 another run holds the lock, 7 could not reach
Garmin (try again later).

Every command has --help with examples. More: garmin-sync help environment,
garmin-sync help exit-codes.`,
    )
    .exitOverride();
}

/** Registers a command by its name and summary only (for the top-level help and the "unknown command" check). */
function addStub(program: Command, descriptor: CommandDescriptor, terms: Map<Command, string>): void {
  const stub = new Command(descriptor.name).description(descriptor.summary);
  program.addCommand(stub, { hidden: descriptor.hidden });
  terms.set(stub, descriptor.term);
}

/** `help [topic]`: the top-level help, a command's help, or one of HELP_TOPICS. */
function addHelpCommand(program: Command): void {
  program.helpCommand(false);
  program
    .command('help [topic]')
    .description(`help for a command, or a topic: ${Object.keys(HELP_TOPICS).join(', ')}`)
    .action((topic: string | undefined) => {
      if (topic === undefined) return program.outputHelp();
      const text = HELP_TOPICS[topic];
      if (text) return void process.stdout.write(text());
      const command = program.commands.find((c) => c.name() === topic && c.name() !== 'help');
      if (command) return command.outputHelp();
      throw new UsageError(`no help for "${topic}": name a command (see garmin-sync --help), or one of ${Object.keys(HELP_TOPICS).join(', ')}`);
    });
}

/**
 * The program for a run with these arguments (the words after `node garmin-sync`): the command
 * that will run loaded and registered, the others as stubs when they are needed for help.
 * `loadAll` registers every command for real (tests comparing the index with the commands, and
 * completion).
 */
export async function buildProgram(args: readonly string[], options: { loadAll?: boolean } = {}): Promise<Command> {
  const program = baseProgram();
  const terms = new Map<Command, string>();
  const needed = commandToLoad(args);
  if (options.loadAll) {
    for (const descriptor of COMMANDS) (await descriptor.load())(program);
  } else if (needed) {
    (await needed.load())(program);
  } else {
    for (const descriptor of COMMANDS) addStub(program, descriptor, terms);
  }
  for (const command of program.commands) command.exitOverride();
  addHelpCommand(program);
  // 80 columns whatever the terminal: the help the build caches (help-cache.ts) is then exactly this.
  program.configureHelp({ helpWidth: TOP_LEVEL_HELP_WIDTH, subcommandTerm: (cmd) => terms.get(cmd) ?? Help.prototype.subcommandTerm.call(program.createHelp(), cmd) });
  return program;
}

/**
 * Parses and runs one command line (`argv` as process.argv). No arguments at all print the help
 * on stdout, like `--help`.
 * @throws whatever the command throws; commander's own exits as CommanderError (exitOverride).
 */
export async function runProgram(argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  const program = await buildProgram(args);
  if (args.length === 0) return program.outputHelp();
  await program.parseAsync(argv as string[]);
}
