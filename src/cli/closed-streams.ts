/**
 * Streams whose reader went away (EPIPE: `garmin-sync config list | head -1`,
 * `garmin-sync import --help | head -1`). Installed by main.ts before anything is printed, so
 * commander's help and every later write are covered: writes to a closed stream are dropped and
 * the command goes on to its end (a pull finishes and records its run), quietly, never with
 * Node's `Unhandled 'error' event`. Any other stream error is still thrown. Loads nothing.
 */
const closedStreams = new Set<NodeJS.WriteStream>();

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closedStreams.add(stream);
  });
}

/** Whether `stream`'s reader has gone away (a write to it failed with EPIPE). */
export function isClosed(stream: NodeJS.WriteStream): boolean {
  return closedStreams.has(stream);
}
