/**
 * Imports workouts: a workout text or plan (parse with file:line:column errors, lint, resolve
 * thresholds, encode), a Zwift `.zwo` file, an MRC/ERG file, or a FIT workout file; then sends them without
 * duplicates and schedules them (workouts-send.ts). One ImportResult per file.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { readConfig } from '../archive/config.js';
import { AuthError, InputError, NetworkError, RefusedError } from '../errors.js';
import { decodeFitWorkout } from '../formats/fit-workout.js';
import {
  describeWorkout, encodeGarminWorkout, excerptAt, excerptsOf, formatWorkoutText, parseWorkoutPlan, parseWorkoutText,
  type GarminWorkoutJson, type PlanEntry, type Thresholds, type WorkoutDocument, type WorkoutLint,
} from '../formats/workout/index.js';
import { parseMrc } from '../formats/mrc.js';
import { parseZwo } from '../formats/zwo.js';
import { addDays } from './dates.js';
import { failedSend, type ImportDeps, type ImportOptions, type ImportResult } from './import-result.js';
import { missingThresholds, thresholdsFromConfig, thresholdsFromGarmin, type ThresholdKey } from './workout-thresholds.js';
import { provenanceOf, sendWorkouts, withMarker, type WorkoutOutcome, type WorkoutToSend } from './workouts-send.js';

/** A workout ready to send, with what to show for it. */
interface Prepared {
  json: GarminWorkoutJson;
  tree: string;
  date: string | null;
}

/**
 * Imports the workout text (or plan) read from `path`. Dates: the workout's `date:`, else its
 * `day: N` counted from `options.start` (day 1), else `options.schedule`.
 * A text that does not parse or encode (a `day:` without `--start`, a lint under `--strict`, a
 * % target whose threshold is nowhere) gives an `invalid` result naming file:line:column, with the
 * offending line and a caret; nothing is sent for any workout of the file.
 */
export async function importWorkoutText(path: string, text: string, options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  return withExcerpts(path, text, async () => {
    const entries = parseWorkoutPlan(text, path);
    const excerpt = excerptsOf(text);
    const lints = entries.flatMap((e) => e.lints).map((l) => ({ ...l, excerpt: excerpt(l.line, l.column) }));
    return importPlan(path, text, entries, lints, options, deps);
  });
}

/**
 * Runs `run`; an InputError at a position of this file becomes an `invalid` result whose message
 * shows the offending line with a caret under the column.
 */
async function withExcerpts(path: string, text: string, run: () => Promise<ImportResult>): Promise<ImportResult> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof InputError && err.position && err.file === path)) throw err;
    const excerpt = excerptAt(text, err.position.line, err.position.column);
    return { file: path, kind: 'workout', status: 'invalid', message: excerpt ? `${err.message}\n${excerpt}` : err.message };
  }
}

async function importPlan(path: string, text: string, entries: PlanEntry[], lints: WorkoutLint[], options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  const firstLint = lints[0];
  if (options.strict && firstLint) {
    throw new InputError(path, `${firstLint.message} (--strict)`, { line: firstLint.line, column: firstLint.column });
  }
  const docs = entries.map((e) => e.workout);
  const { thresholds, note } = await thresholdsFor(docs, options, deps);
  const prepared = entries.map(({ workout, line }): Prepared => ({
    json: encodeGarminWorkout(workout, { thresholds, expandRampsSeconds: options.expandRampsSeconds }),
    tree: describeWorkout(workout),
    date: dateOf(workout, line, path, options),
  }));
  return send(path, text, prepared, lints, options, deps, note);
}

/** Imports a Zwift workout (`.zwo`); % FTP / % threshold pace are resolved like a text's. */
export async function importZwoWorkout(path: string, text: string, options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  return importParsedWorkout(path, text, parseZwo, options, deps);
}

/**
 * Imports an MRC (% FTP) or ERG (watts) workout file (src/formats/mrc.ts); % FTP is resolved like a
 * text's, and a bad row gives an `invalid` result at the file's own line:column with a caret.
 */
export async function importMrcWorkout(path: string, text: string, options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  return importParsedWorkout(path, text, parseMrc, options, deps);
}

/** Parses one workout of another format with `parse`, then resolves, encodes and sends it like a text's. */
async function importParsedWorkout(
  path: string, text: string, parse: (text: string, fileName: string) => WorkoutDocument, options: ImportOptions, deps: ImportDeps,
): Promise<ImportResult> {
  return withExcerpts(path, text, async () => {
    const workout = parse(text, path);
    const { thresholds, note } = await thresholdsFor([workout], options, deps);
    const json = encodeGarminWorkout(workout, { thresholds, expandRampsSeconds: options.expandRampsSeconds });
    return send(path, text, [{ json, tree: describeWorkout(workout), date: options.schedule ?? null }], [], options, deps, note);
  });
}

/** Imports a decoded FIT workout file (`messages` from inspectFit) as the same Garmin workout. */
export async function importFitWorkout(path: string, bytes: Uint8Array, messages: Record<string, unknown[]>, options: ImportOptions, deps: ImportDeps): Promise<ImportResult> {
  const json = decodeFitWorkout(messages, path);
  return send(path, bytes, [{ json, tree: treeOfJson(json, path), date: options.schedule ?? null }], [], options, deps);
}

/** The readable tree of a workout JSON (through its text form), or its name when it has none. */
function treeOfJson(json: GarminWorkoutJson, path: string): string {
  try {
    return describeWorkout(parseWorkoutText(formatWorkoutText(json, path), path).workout);
  } catch {
    return `${json.workoutName} (${json.sportType.sportTypeKey}; steps the text form cannot show)`;
  }
}

async function send(
  path: string, source: string | Uint8Array, prepared: Prepared[], lints: WorkoutLint[], options: ImportOptions, deps: ImportDeps, thresholdNote: string | null = null,
): Promise<ImportResult> {
  const sourceHash = createHash('sha256').update(source).digest('hex');
  const seen = new Map<string, number>();
  const items: WorkoutToSend[] = prepared.map((p) => {
    const occurrence = (seen.get(p.json.workoutName) ?? 0) + 1;
    seen.set(p.json.workoutName, occurrence);
    return { json: p.json, provenance: provenanceOf(path === '-' ? path : resolve(path), p.json.workoutName, occurrence), sourceFile: path, sourceHash, date: p.date };
  });
  const single = items.length === 1;
  const sentJson = (list: GarminWorkoutJson[]) => (single ? list[0] : list);
  const base = { file: path, kind: 'workout' as const, tree: prepared.map((p) => p.tree).join('\n'), lints };
  const indent = `\n${' '.repeat(10)}`;
  const noted = (lines: string[]) => `${path}: ${[...lines, ...(thresholdNote ? [thresholdNote] : [])].join(indent)}`;
  if (options.dryRun) {
    const lines = items.map((i) => `workout "${i.json.workoutName}" would be created or updated${i.date ? `, to be scheduled on ${i.date}` : ''}`);
    return { ...base, workoutJson: sentJson(items.map((i) => withMarker(i.json, i.provenance))), status: 'dry-run', message: noted(lines) };
  }
  try {
    const outcomes = await sendWorkouts(items, { replace: Boolean(options.replace) }, await deps.client(), deps.archive);
    const created = outcomes.some((o) => o.action === 'created');
    const changed = outcomes.some((o) => o.action !== 'unchanged' || o.schedule === 'scheduled' || o.unscheduled.length > 0);
    return {
      ...base,
      workoutJson: sentJson(outcomes.map((o) => o.sent)),
      status: created ? 'created' : changed ? 'updated' : 'unchanged',
      workoutId: outcomes[0].workoutId,
      workouts: outcomes.map(({ sent: _sent, ...o }) => o),
      message: noted(outcomes.map(describeOutcome)),
    };
  } catch (err) {
    return failedSend({ ...base, workoutJson: sentJson(items.map((i) => withMarker(i.json, i.provenance))) }, path, err);
  }
}

/** One line per workout: `workout "X" created as 12, scheduled on 2026-12-01`. */
function describeOutcome(o: WorkoutOutcome): string {
  const what = o.action === 'created' ? `created as ${o.workoutId}` : o.action === 'updated' ? `updated in place (${o.workoutId})` : `unchanged (${o.workoutId})`;
  const when = o.schedule === 'scheduled' ? `, scheduled on ${o.date}` : o.schedule === 'already' ? `, already on ${o.date}` : '';
  const replaced = o.unscheduled.length ? `; unscheduled ${o.unscheduled.map((u) => `${u.workoutId} from ${u.date}`).join(', ')}` : '';
  const differs = o.differences.length ? `; Garmin stored it differently: ${o.differences.join('; ')}` : '';
  return `workout "${o.workoutName}" ${what}${when}${replaced}${differs}`;
}

/** The calendar date of a plan workout (see importWorkoutText). */
function dateOf(doc: WorkoutDocument, line: number, path: string, options: ImportOptions): string | null {
  if (doc.date) return doc.date;
  if (doc.day !== null) {
    if (!options.start) throw new InputError(path, `\`day: ${doc.day}\` needs --start YYYY-MM-DD (the date of day 1)`, { line, column: 1 });
    return addDays(options.start, doc.day - 1);
  }
  return options.schedule ?? null;
}

/** How each threshold reads in the note, with its unit. */
const THRESHOLD_LABEL: Record<ThresholdKey, (v: number) => string> = {
  ftpWatts: (v) => `FTP ${Math.round(v)} W`,
  lthrBpm: (v) => `LTHR ${Math.round(v)} bpm`,
  maxHrBpm: (v) => `max HR ${Math.round(v)} bpm`,
  thresholdPaceSecondsPerKm: (v) => `threshold pace ${Math.floor(v / 60)}:${String(Math.round(v % 60)).padStart(2, '0')}/km`,
  cssSecondsPer100m: (v) => `CSS ${Math.floor(v / 60)}:${String(Math.round(v % 60)).padStart(2, '0')}/100m`,
};

/**
 * Thresholds for the % targets of `docs` that their front matter does not give: config first,
 * then the Garmin profile for what is still missing — in a dry run too, when signed in, so the
 * dry run shows what the import will send. `note` says which values came from where (null when
 * none was needed); a dry run that cannot ask Garmin says so in it.
 */
async function thresholdsFor(docs: WorkoutDocument[], options: ImportOptions, deps: ImportDeps): Promise<{ thresholds: Thresholds; note: string | null }> {
  const needed = new Set<ThresholdKey>(docs.flatMap((d) => [...missingThresholds(d)]));
  if (needed.size === 0) return { thresholds: {}, note: null };
  const config = thresholdsFromConfig(await readConfig(deps.archive.paths));
  const stillNeeded = new Set([...needed].filter((k) => config[k] === undefined));
  let garmin: Thresholds = {};
  let unreachable: string | null = null;
  if (stillNeeded.size > 0) {
    if (options.dryRun) {
      try {
        garmin = await thresholdsFromGarmin(await deps.client(), stillNeeded);
      } catch (err) {
        if (err instanceof AuthError) unreachable = 'not signed in, so Garmin was not asked';
        else if (err instanceof NetworkError || err instanceof RefusedError) unreachable = `Garmin could not be asked (${err.message})`;
        else throw err;
      }
    } else {
      garmin = await thresholdsFromGarmin(await deps.client(), stillNeeded);
    }
  }
  const thresholds = { ...garmin, ...config };
  const from = (source: Thresholds, where: string) => {
    const keys = [...needed].filter((k) => source[k] !== undefined && (where === 'config' || config[k] === undefined));
    return keys.length ? `${keys.map((k) => THRESHOLD_LABEL[k](source[k]!)).join(', ')} from ${where}` : null;
  };
  const parts = [from(config, 'config'), from(garmin, 'Garmin'), unreachable].filter((p): p is string => p !== null);
  return { thresholds, note: parts.length ? `% targets use ${parts.join('; ')}` : null };
}
