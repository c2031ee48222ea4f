/**
 * The one-line workout summary sent as the Garmin workout `description`, e.g.
 * `WU 10' / 5x(1 km @ 4:00-4:10/km, 2' jog) / CD 10'` (workout-text.md §4.6).
 */
import type { WorkoutDocument, WorkoutNode, WorkoutStep } from './document.js';
import { formatExtent, formatTarget } from './units.js';

/** Garmin's notes field holds about 512 characters (workout-text.md §4.4); longer summaries end in `…`. */
export const MAX_SUMMARY_LENGTH = 512;

/** The compact summary of `doc`, at most {@link MAX_SUMMARY_LENGTH} characters. */
export function summarizeWorkout(doc: WorkoutDocument): string {
  const summary = doc.steps.map(summarizeNode).join(' / ');
  return summary.length <= MAX_SUMMARY_LENGTH ? summary : `${summary.slice(0, MAX_SUMMARY_LENGTH - 1)}…`;
}

function summarizeNode(node: WorkoutNode): string {
  if (node.kind === 'repeat') return `${node.iterations}x(${node.children.map(summarizeNode).join(', ')})`;
  return summarizeStep(node);
}

function summarizeStep(step: WorkoutStep): string {
  const parts: string[] = [];
  if (step.stepType === 'warmup') parts.push('WU');
  if (step.stepType === 'cooldown') parts.push('CD');
  parts.push(formatExtent(step.extent, 'apostrophe'));
  if (step.target) parts.push(`@ ${formatTarget(step.target)}`);
  if (step.cue) parts.push(lowerFirst(step.cue));
  else if (step.stepType === 'rest') parts.push('rest');
  return parts.join(' ');
}

/** `Jog` → `jog`, but `RPE9` stays as written. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
