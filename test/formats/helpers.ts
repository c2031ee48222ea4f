import { readFileSync } from 'node:fs';
import { InputError } from '../../src/errors.js';
import { fixturePath } from '../shared.js';

/** The shared fixtures (real files; see ../shared/fixtures/README.md). */
export const FIXTURES = fixturePath('');

export function fixture(kind: 'fit' | 'gpx' | 'workouts', name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}/${kind}/${name}`));
}

/** Runs `read` and returns the InputError it throws; fails the test when it throws nothing else. */
export function refusal(read: () => unknown): InputError {
  try {
    read();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError, but the file was accepted');
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
