/**
 * The shape of JSON answers, merged over several recorded samples, and the differences of another
 * answer from it: keys at every depth and the kind of every value (null, array, object, string,
 * number, boolean). Used by the recordings-fidelity test.
 */

/** `null`, `array`, `object`, `string`, `number` or `boolean`. */
export function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** The merged shape of the values seen at one path. */
export interface Shape {
  /** Kinds seen. */
  kinds: Set<string>;
  /** Objects seen here. */
  objects: number;
  /** Per key: its shape and in how many of the objects it appeared. */
  keys: Map<string, { shape: Shape; seen: number }>;
  /** Objects keyed by ids (every key all digits, e.g. `reportData.<deviceId>`): the merged shape of their values. */
  mapValues: Shape | null;
  /** The merged shape of array elements (null while no element was seen). */
  elements: Shape | null;
}

function emptyShape(): Shape {
  return { kinds: new Set(), objects: 0, keys: new Map(), mapValues: null, elements: null };
}

/** True for an object keyed by ids (device ids, …): `{"3469703076": {...}}`. */
function isIdMap(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
}

/** Adds one sample to `shape` (a new shape when omitted) and returns it. */
export function addSample(value: unknown, shape: Shape = emptyShape()): Shape {
  const k = kind(value);
  if (k === 'object' && isIdMap(value as Record<string, unknown>)) {
    shape.kinds.add('idMap');
    for (const v of Object.values(value as Record<string, unknown>)) shape.mapValues = addSample(v, shape.mapValues ?? undefined);
    return shape;
  }
  shape.kinds.add(k);
  if (k === 'array') for (const e of value as unknown[]) shape.elements = addSample(e, shape.elements ?? undefined);
  if (k === 'object') {
    shape.objects += 1;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const entry = shape.keys.get(key) ?? { shape: emptyShape(), seen: 0 };
      entry.seen += 1;
      addSample(v, entry.shape);
      shape.keys.set(key, entry);
    }
  }
  return shape;
}

/**
 * How `value` differs from the recorded `shape`, one line per difference with its path:
 * - a key no recording has at that path (`extra key`), a key every recording has that is absent
 *   (`missing key`); a key only some recordings have (per sport, per day) may be absent;
 * - a kind no recording has there (`null where recorded array`, …). Where the recordings have
 *   only null, any kind is accepted (the type is unknown); an empty object stands for an empty
 *   id map and the reverse.
 */
export function shapeDifferences(value: unknown, shape: Shape, path = '$'): string[] {
  const k = kind(value);
  const recorded = [...shape.kinds];
  if (recorded.length === 0 || (recorded.length === 1 && recorded[0] === 'null')) return [];
  const empty = k === 'object' && Object.keys(value as object).length === 0;
  if (k === 'object' && (isIdMap(value as Record<string, unknown>) || (empty && shape.kinds.has('idMap')))) {
    if (!shape.kinds.has('idMap') && !(shape.kinds.has('object') && shape.keys.size === 0)) return [`${path}: id map where recorded ${recorded.join('|')}`];
    if (!shape.mapValues) return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([id, v]) => shapeDifferences(v, shape.mapValues!, `${path}.<${id}>`));
  }
  if (!shape.kinds.has(k) && !(empty && shape.kinds.has('idMap'))) return [`${path}: ${k} where recorded ${recorded.join('|')}`];
  if (k === 'array') {
    if (!shape.elements) return [];
    const out: string[] = [];
    // Every element is checked; one line per distinct difference.
    for (const e of value as unknown[]) for (const d of shapeDifferences(e, shape.elements, `${path}[]`)) if (!out.includes(d)) out.push(d);
    return out;
  }
  if (k !== 'object') return [];
  const object = value as Record<string, unknown>;
  const out: string[] = [];
  for (const [key, entry] of shape.keys) {
    if (!(key in object) && entry.seen === shape.objects) out.push(`${path}.${key}: missing key`);
  }
  for (const [key, v] of Object.entries(object)) {
    const entry = shape.keys.get(key);
    if (!entry) out.push(`${path}.${key}: extra key`);
    else out.push(...shapeDifferences(v, entry.shape, `${path}.${key}`));
  }
  return out;
}
