/**
 * Lints that need the whole document (the sport): `100m` meaning 100 minutes on a run or swim, a
 * bare `Z2` (a power zone) on a run, a guessed sport. workout-text.md §2.9 and §5 rules 2 and 4.
 */
import type { WorkoutDocument, WorkoutLint, WorkoutNode } from './document.js';

const MINUTES = /^(\d+(?:\.\d+)?)m$/i;
/** `m` values at or above these (minutes) on a run/swim step are probably metres (§2.9). */
const SUSPICIOUS_MINUTES = { anywhere: 100, inRepeat: 60 } as const;

/** The document-level lints of `doc`, unsorted. */
export function documentLints(doc: WorkoutDocument): WorkoutLint[] {
  const lints: WorkoutLint[] = [];
  const add = (position: { line: number; column: number }, message: string) => lints.push({ file: doc.file, ...position, message });
  if (doc.sportSource === 'inferred') {
    add({ line: 1, column: 1 }, `no \`sport:\` line; guessed ${doc.sport} from the targets (add e.g. \`sport: run\` at the top to be sure)`);
  }
  const footOrPool = doc.sport === 'running' || doc.sport === 'swimming' || doc.sport === 'walking';
  const walk = (nodes: WorkoutNode[], inRepeat: boolean) => {
    for (const node of nodes) {
      if (node.kind === 'repeat') {
        walk(node.children, true);
        continue;
      }
      const minutes = node.extent.kind === 'time' ? MINUTES.exec(node.extent.written) : null;
      if (footOrPool && minutes && node.extent.kind === 'time') {
        const value = Number(minutes[1]);
        if (value >= (inRepeat ? SUSPICIOUS_MINUTES.inRepeat : SUSPICIOUS_MINUTES.anywhere)) {
          add(node.extent.position, `\`${node.extent.written}\` is ${value} minutes — did you mean \`${minutes[1]}mtr\` (metres)?`);
        }
      }
      const target = node.target;
      if (doc.sport !== 'swimming' && (node.stroke || node.equipment)) {
        add(node.position, '`stroke=` and `equipment=` apply to swims only; they are ignored here');
      }
      if (doc.sport === 'swimming' && target?.domain === 'power') {
        add(target.position, `a power target (\`${target.unit === 'zone' ? `Z${target.low}` : 'W/%'}\`) does not fit a swim; swim steps take a pace (\`1:45/100m\`) or heart rate`);
      }
      if (doc.sport === 'cycling' && target?.domain === 'pace') {
        add(target.position, 'a pace target does not fit a ride; write a speed (`30kph`) or power');
      }
      if (doc.sport === 'running' && target?.domain === 'power' && target.unit === 'zone') {
        add(target.position, `\`Z${target.low}\` is a power zone; for heart rate write \`Z${target.low} HR\`, for pace \`Z${target.low} Pace\``);
      }
    }
  };
  walk(doc.steps, false);
  return lints;
}
