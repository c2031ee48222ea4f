import { readFileSync } from 'node:fs';
import { fixturePath } from '../shared.js';

/** The shared fixtures (real files; see ../shared/fixtures/README.md). */
export const FIXTURES = fixturePath('');

export function fixture(kind: 'fit' | 'gpx' | 'workouts', name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}/${kind}/${name}`));
}

export { inputErrorOf } from '../shared.js';

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
