/**
 * Typed errors thrown below the CLI. Each carries the process exit code of the design's table
 * (../shared/design.md, "Exit codes") and a one-line message meant for the user. Nothing below
 * `src/cli/` prints: it throws one of these, and the CLI prints `message` and exits with `exitCode`.
 */

/** Exit codes, exactly as the design's table. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notSignedIn: 3,
  refused: 4,
  partial: 5,
  locked: 6,
  network: 7,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: a user-facing, one-line error with an exit code. */
export class GarminSyncError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Exit 2: a bad flag, argument or environment value. Nothing was sent. */
export class UsageError extends GarminSyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
  }
}

/** Position in a text file, 1-based. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Exit 2: an input file that cannot be used. The message names the file and, for text, the line
 * and column: `plan.txt:4:3: unknown unit "parsecs"`. Nothing was sent for that file.
 */
export class InputError extends GarminSyncError {
  readonly file: string;
  readonly position?: TextPosition;
  /** The reason without the file prefix, e.g. `FIT file CRC mismatch`. */
  readonly reason: string;
  constructor(file: string, reason: string, position?: TextPosition, options?: { cause?: unknown }) {
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    const lineWord = position ? ` (line ${position.line}, column ${position.column})` : '';
    super(`${where}: ${reason}${lineWord}`, ExitCode.usage, options);
    this.file = file;
    this.reason = reason;
    this.position = position;
  }
}

/** Exit 3: not signed in, or Garmin rejected the tokens and refresh failed. */
export class AuthError extends GarminSyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.notSignedIn, options);
  }
}

/** Exit 4: Garmin refused or rate-limited us (429/403, Cloudflare). Nothing was retried in a loop. */
export class RefusedError extends GarminSyncError {
  /** HTTP status Garmin answered with, when there was one. */
  readonly status?: number;
  /** Seconds Garmin asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
  constructor(message: string, status?: number, retryAfterSeconds?: number, options?: { cause?: unknown }) {
    super(message, ExitCode.refused, options);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Exit 5: some items succeeded, some failed. */
export class PartialError extends GarminSyncError {
  constructor(message: string) {
    super(message, ExitCode.partial);
  }
}

/** Exit 6: another garmin-sync run holds the lock. */
export class LockError extends GarminSyncError {
  constructor(message: string) {
    super(message, ExitCode.locked);
  }
}

/**
 * A Garmin API answer we did not expect (a 5xx, a 404 for a known path, a body that does not
 * parse). Exit 1 unless a caller maps it; `transient` says whether a later retry may succeed
 * (network errors, 5xx, 429), which is what decides whether an import goes to the outbox.
 */
export class GarminApiError extends GarminSyncError {
  readonly status?: number;
  readonly transient: boolean;
  constructor(message: string, opts: { status?: number; transient: boolean; cause?: unknown; exitCode?: ExitCodeValue }) {
    super(message, opts.exitCode ?? ExitCode.unexpected, { cause: opts.cause });
    this.status = opts.status;
    this.transient = opts.transient;
  }
}

/**
 * Exit 7: Garmin could not be reached (no network, DNS failure, refused connection, TLS failure,
 * timeout, a connection cut before the answer). A transient GarminApiError, so retries and the
 * outbox treat it as one. Message: `could not reach Garmin at HOST: WHAT; nothing was changed; try
 * again later` — for a request that may have arrived (a POST cut after sending) it says so instead
 * of "nothing was changed".
 */
export class NetworkError extends GarminApiError {
  /** `host[:port]` that could not be reached, e.g. `connectapi.garmin.com`. */
  readonly host: string;
  /** What happened, e.g. `connection refused`, `no answer within 30 s`. */
  readonly reason: string;
  constructor(host: string, reason: string, opts: { maybeReceived: boolean; cause?: unknown }) {
    const outcome = opts.maybeReceived ? 'Garmin may have received the request' : 'nothing was changed';
    super(`could not reach Garmin at ${host}: ${reason}; ${outcome}; try again later`, { transient: true, cause: opts.cause, exitCode: ExitCode.network });
    this.host = host;
    this.reason = reason;
  }
}
