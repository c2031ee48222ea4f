/**
 * The switches of `garmin-sync emulator` (src/cli/commands/emulator.ts): `--mfa` and `--switch name=value`, repeatable,
 * for any switch of switches.ts (faults included): `--switch api5xxCount=3`,
 * `--switch 'api429={"count":2,"retryAfterSeconds":5}'`, `--switch loginRateLimit=cloudflare429`,
 * `--switch notFoundPathPrefixes=["/mobile-gateway/"]`. A value is read as JSON, else as a string.
 */
import { type Switches, defaultSwitches } from './switches.js';

/** The kind a switch's value must have: its default's, or any non-null for a switch that defaults to null (a fault that is off). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * The switches named by `--switch name=value` arguments (and `mfa` when `mfa` is true).
 * @throws Error naming the argument when the switch is unknown or its value has the wrong kind.
 */
export function switchesFromArgs(assignments: readonly string[], mfa = false): Partial<Switches> {
  const defaults = defaultSwitches() as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = mfa ? { mfa: true } : {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new Error(`--switch takes name=value, got "${assignment}"`);
    const name = assignment.slice(0, eq);
    const text = assignment.slice(eq + 1);
    if (!(name in defaults)) throw new Error(`--switch: unknown switch "${name}" (known: ${Object.keys(defaults).join(', ')})`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    const expected = kindOf(defaults[name]);
    const actual = kindOf(value);
    const fits = expected === 'null' ? true : actual === expected;
    if (!fits) throw new Error(`--switch ${name}: expected a ${expected}, got ${actual} "${text}"`);
    out[name] = value;
  }
  return out as Partial<Switches>;
}
