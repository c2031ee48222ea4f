/**
 * A first line as the workout's name (ext, §6 example 14), and "a lower target than the first step
 * of a repeat → recovery" across target kinds on the threshold scale (src/formats/workout/intensity.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseWorkoutPlan } from '../../src/formats/workout/index.js';
import { parse, shape } from './helpers.js';

describe('a title line', () => {
  it('names the workout when a blank line follows it and there is no name:', () => {
    expect(parse(['sport: run', '', 'Tempo Run', '', '- 10m Z2 HR']).workout.name).toBe('Tempo Run');
    expect(parse(['sport: run', 'name: Tempo', 'Tempo Run', '', '- 10m Z2 HR']).workout.name).toBe('Tempo');
  });

  it('is not taken from a header with steps under it, a warmup header, a repeat or a step-like line', () => {
    for (const first of [['Main set', '- 10m 80%'], ['Warmup', '', '- 10m 60%'], ['10m 70%', '', '- 10m 60%']]) {
      expect(parse(first).workout.name, first[0]).toBe('plan');
    }
  });

  it('names a workout of a plan, which is otherwise numbered after the file', () => {
    const entries = parseWorkoutPlan(['- 10m 60%', '---', 'Over-unders', '', '- 10m 95%'].join('\n'), 'week.txt');
    expect(entries.map((e) => e.workout.name)).toEqual(['week 1', 'Over-unders']);
  });
});

describe('a later step with a lower intensity than the first of its repeat is a recovery', () => {
  const repeat = (first: string, second: string) => shape(parse(['3x', `- 4m ${first}`, `- 2m ${second}`]).workout.steps);

  it('compares % FTP, power and HR zones, % LTHR, % max HR, % threshold pace and pace zones', () => {
    expect(repeat('105%', 'Z2 HR')).toBe('R3[INT REC]');
    expect(repeat('Z2 HR', '95% pace')).toBe('R3[INT INT]');
    expect(repeat('90% HR', '95% LTHR')).toBe('R3[INT REC]'); // 90 % of max HR ≈ 100 % of LTHR
    expect(repeat('Z4 HR', 'Z5 HR')).toBe('R3[INT INT]');
    expect(repeat('100% pace', 'Z2 Pace')).toBe('R3[INT REC]');
    expect(repeat('Z4', '80% LTHR')).toBe('R3[INT REC]');
  });

  it('absolute targets compare only with the same unit', () => {
    expect(repeat('300w', '50%')).toBe('R3[INT INT]');
    expect(repeat('300w', '150w')).toBe('R3[INT REC]');
    expect(repeat('170bpm', 'Z1 HR')).toBe('R3[INT INT]');
  });
});
