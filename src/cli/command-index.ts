/**
 * The index of garmin-sync's commands: what the top-level `--help` lists, and how to load each
 * command's module. A command's module (and the dependencies it pulls in: the Garmin client,
 * undici, prompts, the FIT SDK…) is imported only when that command runs, so `--version`,
 * `--help` and light commands such as `status` start in about the time of Node itself (issue 11;
 * `npm run bench` measures it). Nothing here may import more than `commander` types.
 *
 * Each `summary` and `term` must equal what the command's own register function declares
 * (its `.description()`, and commander's usage term): test/cli/program.test.ts compares them.
 */
import type { Command } from 'commander';

/** Adds one command (with its options, subcommands and action) to the program. */
export type RegisterCommand = (program: Command) => void;

/** One top-level command, as the index knows it without loading it. */
export interface CommandDescriptor {
  /** The command's name, e.g. `import`. */
  name: string;
  /** How `--help` lists it: name, `[options]` and arguments, e.g. `import [options] <paths...>`. */
  term: string;
  /** One line for the top-level `--help`. */
  summary: string;
  /** Left out of the top-level `--help` (the completion callback). */
  hidden?: boolean;
  /** Imports the command's module and returns its register function. */
  load(): Promise<RegisterCommand>;
}

/** Every top-level command except `help`, in the order `--help` lists them. */
export const COMMANDS: readonly CommandDescriptor[] = [
  {
    name: 'login',
    term: 'login [options]',
    summary: 'sign in to Garmin Connect and save the tokens (the password is never stored)',
    load: async () => (await import('./commands/login.js')).registerLogin,
  },
  {
    name: 'logout',
    term: 'logout [options]',
    summary: 'delete the saved tokens (the archive stays unless --purge)',
    load: async () => (await import('./commands/logout.js')).registerLogout,
  },
  {
    name: 'status',
    term: 'status [options]',
    summary: 'show the account, the tokens, the last sync and the archive counts',
    load: async () => (await import('./commands/status.js')).registerStatus,
  },
  {
    name: 'import',
    term: 'import [options] <paths...>',
    summary: 'send workout texts, FIT, GPX and TCX activities to Garmin Connect',
    load: async () => (await import('./commands/import.js')).registerImport,
  },
  {
    name: 'pull',
    term: 'pull [options]',
    summary: 'fetch activities, wellness days and fitness metrics into the local archive',
    load: async () => (await import('./commands/pull.js')).registerPull,
  },
  {
    name: 'sync',
    term: 'sync [options]',
    summary: 'send the imports waiting in the outbox, then pull',
    load: async () => (await import('./commands/sync.js')).registerSync,
  },
  {
    name: 'history',
    term: 'history [options]',
    summary: 'list past pull/sync runs, newest first',
    load: async () => (await import('./commands/history.js')).registerHistory,
  },
  {
    name: 'outbox',
    term: 'outbox',
    summary: 'imports waiting to be sent (sent by `garmin-sync sync`)',
    load: async () => (await import('./commands/outbox.js')).registerOutbox,
  },
  {
    name: 'token',
    term: 'token',
    summary: 'manage the saved tokens',
    load: async () => (await import('./commands/token.js')).registerToken,
  },
  {
    name: 'config',
    term: 'config',
    summary: 'show or change the settings (stored as JSON in the config directory)',
    load: async () => (await import('./commands/config.js')).registerConfig,
  },
  {
    name: 'cron',
    term: 'cron [options]',
    summary: 'print a crontab line (or a systemd timer, or a launchd agent) that runs `sync` on a schedule',
    load: async () => (await import('./commands/cron.js')).registerCron,
  },
  {
    name: 'doctor',
    term: 'doctor [options]',
    summary: 'check everything a run needs, one line each: ok, or what to do',
    load: async () => (await import('./commands/doctor.js')).registerDoctor,
  },
  {
    name: 'workouts',
    term: 'workouts',
    summary: 'list, delete, unschedule or export the workouts garmin-sync created (create them with `import`)',
    load: async () => (await import('./commands/workouts.js')).registerWorkouts,
  },
  {
    name: 'demo',
    term: 'demo',
    summary: 'the whole job against a built-in Garmin emulator, in a temporary home: no account, no network',
    load: async () => (await import('./commands/demo.js')).registerDemo,
  },
  {
    name: 'emulator',
    term: 'emulator [options]',
    summary: 'serve the built-in Garmin emulator on loopback, and print the account and the export lines to use it',
    load: async () => (await import('./commands/emulator.js')).registerEmulator,
  },
  {
    name: 'completion',
    term: 'completion <shell>',
    summary: 'print a shell completion script (bash, zsh or fish)',
    load: async () => (await import('./commands/completion.js')).registerCompletion,
  },
  {
    name: 'completion-server',
    term: 'completion-server',
    summary: 'answer the completion script (called by the shell on TAB)',
    hidden: true,
    load: async () => (await import('./commands/completion.js')).registerCompletionServer,
  },
];

/** The descriptor of a top-level command, or undefined. */
export function findCommand(name: string | undefined): CommandDescriptor | undefined {
  return name === undefined ? undefined : COMMANDS.find((c) => c.name === name);
}
