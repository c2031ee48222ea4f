/**
 * Guesses the sport of a text without `sport:` (workout-text.md §5 rule 4): swim pace units or a
 * pool length → swimming; any other pace or speed → running; power or cadence → cycling; else other.
 */
import type { PoolLength, WorkoutNode, WorkoutSport, WorkoutStep } from './document.js';

const SWIM_PACE_UNITS = new Set(['/100m', '/100y']);

/** The sport the targets of `nodes` point to. */
export function inferSport(nodes: WorkoutNode[], poolLength: PoolLength | null): WorkoutSport {
  const steps = flattenSteps(nodes);
  const targets = steps.map((s) => s.target).filter((t) => t !== null);
  if (poolLength || targets.some((t) => t.domain === 'pace' && t.unit === 'absolute' && SWIM_PACE_UNITS.has(t.per.label))) {
    return 'swimming';
  }
  if (targets.some((t) => t.domain === 'pace' || t.domain === 'speed')) return 'running';
  if (targets.some((t) => t.domain === 'power') || steps.some((s) => s.cadence)) return 'cycling';
  return 'other';
}

/** Every executable step of the tree, in document order. */
function flattenSteps(nodes: WorkoutNode[]): WorkoutStep[] {
  return nodes.flatMap((node) => (node.kind === 'step' ? [node] : flattenSteps(node.children)));
}
