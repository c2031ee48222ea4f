/**
 * The "try again after" record of a refused login (issue 3 "Never hammer"; protocol §0: Garmin's
 * Cloudflare lockout re-arms on every attempt). When a login step is rate limited (429, 403, a
 * Cloudflare page) the time and the earliest sensible retry are written to
 * `<configDir>/login-refused.json`; `login` refuses to send anything before that time unless
 * `--force`. The record holds no secret.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { writeJsonAtomic } from '../archive/atomic.js';
import type { RefusedError } from '../errors.js';

/** How long to wait when Garmin gives no Retry-After, in seconds (Cloudflare's 1015 bans last about an hour). */
export const DEFAULT_REFUSAL_WAIT_SECONDS = 3600;

/** The record: ISO times `refusedAt` and `retryAfter`, and the one-line reason Garmin's answer gave. */
const LoginRefusalSchema = v.object({ refusedAt: v.string(), retryAfter: v.string(), reason: v.string() });
/** See LoginRefusalSchema. */
export type LoginRefusal = v.InferOutput<typeof LoginRefusalSchema>;

function fileOf(configDir: string): string {
  return join(configDir, 'login-refused.json');
}

/** The recorded refusal, or null when there is none or it cannot be read (a damaged record never blocks a login). */
export async function readLoginRefusal(configDir: string): Promise<LoginRefusal | null> {
  try {
    return v.parse(LoginRefusalSchema, JSON.parse(await readFile(fileOf(configDir), 'utf8')));
  } catch {
    return null;
  }
}

/**
 * Records a rate-limit refusal: retry after Retry-After seconds when Garmin sent it (at least a
 * minute), else after DEFAULT_REFUSAL_WAIT_SECONDS. Written atomically. Returns the record.
 */
export async function recordLoginRefusal(configDir: string, error: RefusedError, nowMs = Date.now()): Promise<LoginRefusal> {
  const waitSeconds = Math.max(error.retryAfterSeconds ?? DEFAULT_REFUSAL_WAIT_SECONDS, 60);
  const record: LoginRefusal = {
    refusedAt: new Date(nowMs).toISOString(),
    retryAfter: new Date(nowMs + waitSeconds * 1000).toISOString(),
    reason: error.message,
  };
  await writeJsonAtomic(fileOf(configDir), record, { mode: 0o600 });
  return record;
}

/** Deletes the record (after a successful login). */
export async function clearLoginRefusal(configDir: string): Promise<void> {
  await rm(fileOf(configDir), { force: true });
}
