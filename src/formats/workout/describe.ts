/**
 * A readable multi-line tree of a workout for `import --dry-run`: durations as `10:00`, distances
 * as `1 km`, targets in the text's own units (`4:00-4:10/km`, `88-92% FTP`, `Z2 HR`).
 */
import type { WorkoutDocument, WorkoutNode, WorkoutStepType } from './document.js';
import { formatCadence, formatExtent, formatTarget } from './units.js';

const STEP_LABEL: Record<WorkoutStepType, string> = {
  warmup: 'Warmup', cooldown: 'Cooldown', interval: 'Interval', recovery: 'Recovery', rest: 'Rest', other: 'Other',
};
const LABEL_WIDTH = 9;

/**
 * The tree of `doc`, one line per step, two spaces of indentation per repeat level, e.g.
 * `5x1km (running)` / `Warmup    10:00` / `Repeat 5x  Main set` / `  Interval  1 km @ 4:00-4:10/km`.
 */
export function describeWorkout(doc: WorkoutDocument): string {
  const pool = doc.poolLength ? `, pool ${doc.poolLength.value} ${doc.poolLength.unit === 'meter' ? 'm' : 'yd'}` : '';
  const date = doc.date ? `, ${doc.date}` : '';
  const lines = [`${doc.name} (${doc.sport}${pool}${date})`];
  const walk = (nodes: WorkoutNode[], depth: number) => {
    const indent = '  '.repeat(depth);
    for (const node of nodes) {
      if (node.kind === 'repeat') {
        lines.push(`${indent}Repeat ${node.iterations}x${node.label ? `  ${node.label}` : ''}`);
        walk(node.children, depth + 1);
        continue;
      }
      let line = `${indent}${STEP_LABEL[node.stepType].padEnd(LABEL_WIDTH)} ${formatExtent(node.extent, 'clock')}`;
      if (node.target) line += ` @ ${formatTarget(node.target)}`;
      if (node.cadence) line += ` + ${formatCadence(node.cadence)}`;
      if (node.pressLap && node.extent.kind !== 'lap.button') line += ' (or press lap)';
      if (node.stroke) line += `, stroke ${node.stroke}`;
      if (node.equipment) line += `, ${node.equipment.replace('_', ' ')}`;
      if (node.cue) line += `  "${node.cue}"`;
      lines.push(line);
    }
  };
  walk(doc.steps, 0);
  return lines.join('\n');
}
