/**
 * 10,000 seeded random texts (valid and mutated): the parser and encoder throw nothing but
 * InputError, always with a position ≥ 1:1, and every text that encodes round-trips
 * text → JSON → text → JSON to the same JSON.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { encodeGarminWorkout, formatWorkoutText, parseWorkoutText } from '../../src/formats/workout/index.js';
import { seededRandom } from '../shared.js';

const FRAGMENTS = [
  '10m', '30s', '1h2m30s', '1m30', "5'", '30"', "1'30\"", '45min', '0s', '400mtr', '2km', '1mi', '100yds', '0km', '100m',
  '75%', '95-105%', '50%-75%', '220w', '200-240w', '315w', '-', '330w', 'Z2', 'Z3-Z4', 'Z9', 'Z0', 'HR', 'LTHR', 'Pace', 'pace',
  '70%', '140-150bpm', '4:00/km', '4:00-4:10/km', '7:15-7:00/km', '1:45/100m', '1:30/100y', '0:00/km', '4:75/km', '5:00',
  '90rpm', '85-95', 'rpm', '30kph', '12mph', '0', 'ramp', 'press', 'lap', 'Easy', 'Jog', 'Recovery', 'rest', 'Warmup',
  'intensity=rest', 'intensity=bogus', 'stroke=free', 'x=1', '12', 'parsecs', '4x', 'CZ1', '33^Hi', '60%', 'MMP', ',', '×',
  '99999999999999999999h', '25h', '0kph', '0% Pace', '0:01/km', '1e5m', '.5km', '5.km', ':', '/km', '%', 'Z', 'z22', '-5m',
];
const EXTENTS = ['10m', '30s', '1h2m30s', '1m30', "5'", '400mtr', '2km', '1mi', '100yds', 'press lap'];
const TARGETS = ['75%', '95-105%', '220w', '315w - 330w', 'Z2', 'Z2 HR', '70% HR', '140-150bpm', '4:00-4:10/km Pace', '1:45/100m', '85% Pace', '90rpm', '75% 85-95rpm', '0', 'ramp 50-75%'];
const LINE_STARTS = ['- ', '- ', '- ', '  - ', '    - ', '', '  ', 'Warmup', 'Main set 5x', '3x', '  2x', 'Cooldown', '# ', 'sport: ', 'ftp: ', 'pool length: ', 'css: ', 'max hr: ', '- 4x '];
const SPORT_VALUES = ['run', 'ride', 'swim', 'walk', 'other', 'golf'];

/** Every number anywhere inside `value`. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

function randomText(next: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const lines: string[] = [];
  const count = 1 + Math.floor(next() * 12);
  for (let i = 0; i < count; i++) {
    const start = pick(LINE_STARTS);
    if (start === 'sport: ') lines.push(start + pick(SPORT_VALUES));
    else if (start.endsWith(': ')) lines.push(start + pick(['250', '4:10/km', '1:45/100m', '25m', '25yd', 'abc', '0']));
    else if (next() < 0.15) lines.push('');
    else if (next() < 0.8) lines.push(`${start}${next() < 0.3 ? 'Easy ' : ''}${pick(EXTENTS)} ${next() < 0.7 ? pick(TARGETS) : ''}`);
    else lines.push(start + Array.from({ length: Math.floor(next() * 5) }, () => pick(FRAGMENTS)).join(next() < 0.8 ? ' ' : ''));
  }
  return lines.join(next() < 0.9 ? '\n' : '\r\n');
}

describe('random workout texts (seeded)', () => {
  it('never throw anything but InputError, every InputError has a line and column ≥ 1, and valid texts round-trip', () => {
    let parsed = 0;
    let encoded = 0;
    for (let seed = 1; seed <= 10_000; seed++) {
      const next = seededRandom(seed);
      const text = randomText(next);
      let json: ReturnType<typeof encodeGarminWorkout>;
      try {
        const { workout, lints } = parseWorkoutText(text, `random-${seed}.txt`);
        parsed++;
        for (const lint of lints) expect(lint.line >= 1 && lint.column >= 1, `seed ${seed}: lint ${JSON.stringify(lint)}`).toBe(true);
        json = encodeGarminWorkout(workout, { thresholds: next() < 0.5 ? { ftpWatts: 250, lthrBpm: 170, maxHrBpm: 190, thresholdPaceSecondsPerKm: 250, cssSecondsPer100m: 105 } : {} });
        const numbers = numbersIn(json);
        expect(numbers.every((n) => Number.isFinite(Number(n)) && Number(n) >= 0), `seed ${seed}: ${JSON.stringify(json)}`).toBe(true);
        encoded++;
      } catch (error) {
        expect(error, `seed ${seed}: ${String(error)}\n${text}`).toBeInstanceOf(InputError);
        const position = (error as InputError).position;
        expect(position && position.line >= 1 && position.column >= 1, `seed ${seed}: position ${JSON.stringify(position)}\n${text}`).toBe(true);
        continue;
      }
      const text2 = formatWorkoutText(json, `random-${seed}.txt`);
      const json2 = encodeGarminWorkout(parseWorkoutText(text2, `random-${seed}.txt`).workout);
      expect(json2, `seed ${seed}: round trip\n${text}\n---\n${text2}`).toEqual(json);
    }
    // The generator must exercise both paths, or the test proves nothing.
    expect(parsed).toBeGreaterThan(1000);
    expect(encoded).toBeGreaterThan(500);
  });
});
