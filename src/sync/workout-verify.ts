/**
 * Read-back check after a workout create/update (issue 4 "Verified"): what Garmin stored is
 * compared with what was sent, so an encoding Garmin silently drops or changes is reported
 * (workout-text.md §7: e.g. `poolLength` dropped on create).
 */

/** Numbers closer than this are equal (Garmin may store pace with fewer decimals). */
const TOLERANCE = 1e-6;

/**
 * The differences between `sent` and `stored`, one line each, e.g.
 * `workoutSegments[0].workoutSteps[1].targetValueOne: sent 4.166667, Garmin has 4.17`.
 * Only keys that were sent are compared (Garmin adds ids, dates and display keys); a sent `null`
 * equals a missing key; `description` is compared too (it carries the provenance marker).
 */
export function workoutDifferences(sent: unknown, stored: unknown): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (a === null || a === undefined) {
      if (b !== null && b !== undefined && typeof b !== 'object') out.push(`${path}: sent null, Garmin has ${show(b)}`);
      return;
    }
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || b.length !== a.length) {
        out.push(`${path}: sent ${a.length} items, Garmin has ${Array.isArray(b) ? b.length : show(b)}`);
        return;
      }
      a.forEach((item, i) => walk(item, b[i], `${path}[${i}]`));
      return;
    }
    if (typeof a === 'object') {
      if (b === null || typeof b !== 'object' || Array.isArray(b)) {
        out.push(`${path || 'workout'}: sent an object, Garmin has ${show(b)}`);
        return;
      }
      for (const [key, value] of Object.entries(a)) walk(value, (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      return;
    }
    if (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= TOLERANCE) return;
    if (a !== b) out.push(`${path}: sent ${show(a)}, Garmin has ${b === undefined ? 'nothing (dropped)' : show(b)}`);
  };
  walk(sent, stored, '');
  return out;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
