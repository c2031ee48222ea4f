import { InputError } from '../../src/errors.js';
import {
  parseWorkoutText, type GarminExecutableStep, type GarminRepeatGroup, type GarminWorkoutStep, type WorkoutNode,
} from '../../src/formats/workout/index.js';

/** Parses `lines` joined with newlines as `plan.txt`. */
export function parse(lines: string[]) {
  return parseWorkoutText(lines.join('\n'), 'plan.txt');
}

/** The InputError `fn` throws (fails the test when it throws something else or nothing). */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

/** A compact shape of the tree: `WU`, `INT`, `REC`, `REST`, `R4[…]`. */
export function shape(nodes: WorkoutNode[]): string {
  const abbr = { warmup: 'WU', cooldown: 'CD', interval: 'INT', recovery: 'REC', rest: 'REST', other: 'OTHER' } as const;
  return nodes.map((n) => (n.kind === 'repeat' ? `R${n.iterations}[${shape(n.children)}]` : abbr[n.stepType])).join(' ');
}

export function asStep(step: GarminWorkoutStep | undefined): GarminExecutableStep {
  if (step?.type !== 'ExecutableStepDTO') throw new Error(`expected an executable step, got ${step?.type}`);
  return step;
}

export function asRepeat(step: GarminWorkoutStep | undefined): GarminRepeatGroup {
  if (step?.type !== 'RepeatGroupDTO') throw new Error(`expected a repeat group, got ${step?.type}`);
  return step;
}
