/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`), for what only happens at a
 * terminal: prompts. Each step waits for a pattern in the output, then types an answer.
 */
import { spawn } from 'node:child_process';
import { CLI_PATH } from '../../src/emulator/cli-runner.js';

/** What the terminal showed (colours and cursor moves removed) and how the CLI exited. */
export interface TerminalRun {
  code: number;
  output: string;
}

/** One prompt and the keys typed at it (`\r` is Enter). */
export type TerminalStep = [waitFor: RegExp, type: string];

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

/**
 * Runs `garmin-sync <args>` with stdin, stdout and stderr on a terminal, typing each step's
 * answer once its pattern has appeared (after the previous step's). Kills it after `timeoutMs`.
 */
export function runInTerminal(args: string[], env: Record<string, string>, steps: TerminalStep[] = [], timeoutMs = 60_000): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    // A wide terminal, so prompts are not wrapped across lines.
    const command = `stty cols 200 rows 50; exec ${[process.execPath, CLI_PATH, ...args].map(quote).join(' ')}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    let seenUpTo = 0;
    let next = 0;
    const advance = () => {
      while (next < steps.length) {
        const [pattern, keys] = steps[next];
        const text = plain(raw);
        const match = pattern.exec(text.slice(seenUpTo));
        if (!match) return;
        seenUpTo += match.index + match[0].length;
        next += 1;
        child.stdin.write(keys);
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
      advance();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, output: plain(raw) });
    });
  });
}
