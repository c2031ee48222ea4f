/**
 * Runs the built CLI on a pseudo-terminal (stdin, stdout and stderr all the terminal, as for a
 * person at a shell), driven by Python 3's `pty` module: waits until the output shows `waitFor`,
 * then types `keys` (e.g. "\x03", Ctrl-C), and reports the exit code and everything the terminal
 * showed. For the tests of Ctrl-C at a prompt and during a pull.
 */
import { spawn } from 'node:child_process';
import { CLI_PATH } from '../../src/emulator/cli-runner.js';

/** What the terminal showed and how the CLI exited (128 + n when killed by signal n). */
export interface PtyRun {
  code: number;
  output: string;
  /** Whether `waitFor` appeared (the keys were typed only then). */
  sawPrompt: boolean;
}

const DRIVER = String.raw`
import fcntl, json, os, pty, select, struct, sys, termios, time
args, wait_for, keys, timeout = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(args[0], args)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))  # a terminal of 80 x 24
out = b''
saw = False
deadline = time.time() + timeout
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    if not saw and wait_for.encode() in out:
        saw = True
        time.sleep(0.2)
        os.write(fd, keys.encode())
        deadline = time.time() + timeout
    pid_done, status = os.waitpid(pid, os.WNOHANG)
    if pid_done:
        break
else:
    os.kill(pid, 9)
    pid_done, status = 0, None
if not pid_done:
    _, status = os.waitpid(pid, 0)
print(json.dumps({'code': os.waitstatus_to_exitcode(status) if status is not None else -1, 'output': out.decode('utf-8', 'replace'), 'sawPrompt': saw}))
`;

/** Runs `garmin-sync <args>` on a terminal; see the module comment. */
export function runOnPty(args: string[], opts: { env: Record<string, string>; waitFor: string; keys: string; timeoutSeconds?: number }): Promise<PtyRun> {
  const spec = JSON.stringify([[process.execPath, CLI_PATH, ...args], opts.waitFor, opts.keys, opts.timeoutSeconds ?? 30]);
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', DRIVER, spec], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...opts.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const run = JSON.parse(stdout) as { code: number; output: string; sawPrompt: boolean };
        // waitstatus_to_exitcode gives -n for a signal n.
        resolve({ ...run, code: run.code < 0 ? 128 - run.code : run.code });
      } catch {
        reject(new Error(`the pty driver failed (exit ${code}): ${stdout}`));
      }
    });
  });
}
