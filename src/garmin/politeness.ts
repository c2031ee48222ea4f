/**
 * How politely the client calls connectapi (issue 6, "Polite and robust HTTP"; protocol §3.8):
 * a global limit on requests in flight (p-limit) and on requests started per second, and the
 * retry rules for answers that may pass (429, 5xx, dropped connections, timeouts).
 *
 * Retry delays: Garmin's `Retry-After` when it sends one (§3.8: rare on these endpoints), else
 * exponential backoff with "equal jitter" (half the exponential step fixed, half random), as
 * garth (factor 0.5) and python-garminconnect do. No installed library computes this (p-limit only
 * limits; `retry` is merely a transitive dependency), so it is the small function below.
 */
import pLimit from 'p-limit';

/** What the client does about passing failures; shared by every request of a client. */
export interface RequestPolicy {
  /** Starts requests within the concurrency and per-second limits. */
  gate: RequestGate;
  /** Retries of one request after a 429, a 5xx, a dropped connection or a timeout. */
  maxRetries: number;
  /** A 429 asking for a longer wait than this (seconds) is not waited for: RefusedError (exit 4). */
  maxRetryAfterSeconds: number;
  /** First backoff step, ms (doubles each retry). */
  backoffBaseMs: number;
  /** Longest backoff step, ms. */
  backoffCapMs: number;
}

/** Options of {@link createRequestPolicy}; the defaults are the config defaults (src/archive/config.ts). */
export interface RequestPolicyOptions {
  concurrency?: number;
  requestsPerSecond?: number;
  maxRetries?: number;
  maxRetryAfterSeconds?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

/** A policy: 4 in flight, 10 per second, 3 retries, Retry-After up to 5 minutes, backoff 0.5 s … 30 s. */
export function createRequestPolicy(o: RequestPolicyOptions = {}): RequestPolicy {
  return {
    gate: new RequestGate(o.concurrency ?? 4, o.requestsPerSecond ?? 10),
    maxRetries: o.maxRetries ?? 3,
    maxRetryAfterSeconds: o.maxRetryAfterSeconds ?? 300,
    backoffBaseMs: o.backoffBaseMs ?? 500,
    backoffCapMs: o.backoffCapMs ?? 30_000,
  };
}

/**
 * Runs request functions with at most `concurrency` in flight and their starts spaced at least
 * `1000 / requestsPerSecond` ms apart. Throws RangeError for a limit below 1.
 */
export class RequestGate {
  readonly #limit: ReturnType<typeof pLimit>;
  readonly #spacingMs: number;
  #nextStart = 0;

  constructor(concurrency: number, requestsPerSecond: number) {
    if (!(concurrency >= 1) || !(requestsPerSecond > 0)) throw new RangeError('concurrency and requestsPerSecond must be at least 1');
    this.#limit = pLimit(concurrency);
    this.#spacingMs = 1000 / requestsPerSecond;
  }

  /** Runs `send` when a slot is free and the rate allows; resolves or rejects with its result. */
  run<T>(send: () => Promise<T>): Promise<T> {
    return this.#limit(async () => {
      const now = performance.now();
      const start = Math.max(now, this.#nextStart);
      this.#nextStart = start + this.#spacingMs;
      if (start > now) await sleep(start - now);
      return send();
    });
  }
}

/**
 * Delay before retry number `retry` (1-based), in ms: `step = min(cap, base · 2^(retry-1))`, then
 * `step/2 + random · step/2` — never below half the step, so retries never come back at once.
 */
export function backoffDelayMs(retry: number, policy: Pick<RequestPolicy, 'backoffBaseMs' | 'backoffCapMs'>, random: () => number = Math.random): number {
  const step = Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
