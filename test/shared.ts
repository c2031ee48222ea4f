/**
 * Where the project's shared material lives: `../shared` beside the repository (fixtures,
 * protocol reference, recorded Garmin exchanges). Resolved from this file, so it works from any
 * clone location — CI clones main with shared/ beside it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { InputError } from '../src/errors.js';

/** Absolute path of `../shared/<relative>`. */
export function sharedPath(relative: string): string {
  return fileURLToPath(new URL(`../../shared/${relative}`, import.meta.url));
}

/** Absolute path of a fixture, e.g. `fit/garmin-fenix-5-run.fit`. */
export function fixturePath(relative: string): string {
  return sharedPath(`fixtures/${relative}`);
}

/** Bytes of a fixture. */
export function readFixture(relative: string): Buffer {
  return readFileSync(fixturePath(relative));
}

/** The protocol reference's example workout JSON (reference/example-interval-run.garmin.json). */
export function exampleIntervalRun(): Record<string, any> {
  return JSON.parse(readFileSync(sharedPath('reference/example-interval-run.garmin.json'), 'utf8'));
}

interface Interaction {
  request: { method: string; uri: string };
  response: { status: { code: number }; body: { string: string | Uint8Array } };
}

/** One recorded Garmin answer: request method and URI, status, body text. */
export interface RecordedAnswer {
  method: string;
  uri: string;
  status: number;
  body: string;
}

/**
 * Every interaction of a garth cassette (path relative to reference/recorded/garth) whose request
 * URI contains `uriPart`; gzip bodies are decoded.
 */
export function recorded(cassette: string, uriPart = ''): RecordedAnswer[] {
  const doc = parse(readFileSync(sharedPath(`reference/recorded/garth/${cassette}`), 'utf8')) as { interactions: Interaction[] };
  return doc.interactions
    .filter((i) => i.request.uri.includes(uriPart))
    .map((i) => {
      const raw = i.response.body.string;
      const body = typeof raw === 'string' ? raw : gunzipSync(Buffer.from(raw)).toString('utf8');
      return { method: i.request.method, uri: i.request.uri, status: i.response.status.code, body };
    });
}

/** The InputError `fn` throws; fails the test when it throws something else or nothing. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

/** Numbers in [0, 1) from `seed`, always the same sequence (mulberry32), so a failing case of a seeded test reproduces from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
