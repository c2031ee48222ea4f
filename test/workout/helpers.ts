import {
  parseWorkoutText, type GarminExecutableStep, type GarminRepeatGroup, type GarminWorkoutStep, type WorkoutNode,
} from '../../src/formats/workout/index.js';

/** Parses `lines` joined with newlines as `plan.txt`. */
export function parse(lines: string[]) {
  return parseWorkoutText(lines.join('\n'), 'plan.txt');
}

export { inputErrorOf } from '../shared.js';

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
