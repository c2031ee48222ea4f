/**
 * Runs the built garmin-sync CLI (dist/cli/main.js, the bundle that ships) as a child process, the way a user or
 * cron does. Used by the end-to-end tests and by `npm run demo`. Asynchronous on purpose: the
 * emulator usually runs in the calling process and must keep answering while the CLI runs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packageRootUrl } from '../package-root.js';

/** Absolute path of the built CLI entry point, dist/cli/main.js (what bin/garmin-sync.js runs). */
export const CLI_PATH = fileURLToPath(new URL('dist/cli/main.js', packageRootUrl()));

/** What a finished CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of one CLI run. */
export interface CliRunOptions {
  /** Environment of the child, on top of PATH, HOME and DBUS_SESSION_BUS_ADDRESS (nothing else is inherited). */
  env: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** Stream the child's output to this process's stdout/stderr as it comes (the demo). */
  echo?: boolean;
  cwd?: string;
  /** Kill the child after this many ms (default 120 s). */
  timeoutMs?: number;
}

/** Runs `garmin-sync <args>` and resolves when it exits. */
export function runCli(args: string[], options: CliRunOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS, ...options.env },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (options.echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (options.echo) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
