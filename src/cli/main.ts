#!/usr/bin/env node
/**
 * The garmin-sync command line: builds the commander program from one file per command and maps
 * every error to the exit codes of ../shared/design.md ("Exit codes").
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode, GarminSyncError } from '../errors.js';
import { registerConfig } from './commands/config.js';
import { registerCron } from './commands/cron.js';
import { registerDoctor } from './commands/doctor.js';
import { registerHistory } from './commands/history.js';
import { registerImport } from './commands/import.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerOutbox } from './commands/outbox.js';
import { registerPull } from './commands/pull.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerToken } from './commands/token.js';
import { registerWorkouts } from './commands/workouts.js';
import { info, style } from './output.js';

/** Exit status after Ctrl-C (128 + SIGINT, the shell's convention); nothing is printed. */
const INTERRUPTED = 130;

/** What a programming error (exit 1) adds after its message. */
const BUG_HINT = '`garmin-sync doctor` checks the setup; run the command again with --verbose to see every request';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('garmin-sync')
    .description('Sign in to Garmin Connect once, send workouts and activity files, and pull your data into plain JSON files.')
    .version(packageVersion())
    .option('--verbose', 'log every request on stderr (Authorization, cookies, tickets and tokens redacted)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  garmin-sync login
  garmin-sync import plan.txt --schedule 2026-12-01
  garmin-sync import ride.fit run.gpx
  garmin-sync pull
  garmin-sync status

Exit codes: 0 ok, 1 unexpected error, 2 usage or invalid file, 3 sign in again, 4 refused by
Garmin, 5 partial, 6 another run holds the lock, 7 could not reach Garmin (try again later).

Every command has --help with examples.`,
    )
    .exitOverride();
  for (const register of [registerLogin, registerLogout, registerStatus, registerImport, registerPull, registerSync, registerHistory, registerOutbox, registerToken, registerConfig, registerCron, registerDoctor, registerWorkouts]) {
    register(program);
  }
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit 0; any other parse error is a usage error.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    // Ctrl-C at a prompt (@inquirer/prompts rejects with ExitPromptError): quiet, like a shell.
    if (err instanceof Error && err.name === 'ExitPromptError') return INTERRUPTED;
    if (err instanceof GarminSyncError) {
      info(`${style.error('garmin-sync:')} ${err.message}`);
      if (err.exitCode === ExitCode.unexpected) info(BUG_HINT);
      return err.exitCode;
    }
    info(`${style.error('garmin-sync: unexpected error:')} ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    info(`This is a bug in garmin-sync. ${BUG_HINT}.`);
    return ExitCode.unexpected;
  }
}

// Ctrl-C outside a prompt: stop at once, quietly. Archive writes are atomic, and a pull left
// `running` is marked interrupted by the next run.
process.on('SIGINT', () => process.exit(INTERRUPTED));
process.exitCode = await main(process.argv);
