/**
 * The workout text parser: lines → {@link WorkoutDocument} (workout-text.md §2 and §5).
 * Front matter at the top; headers (any non-`-` line) label sections, and a header ending in `Nx`
 * or a bare `Nx` line opens a repeat that owns the following `-` lines up to a blank line or the
 * next header. Indented `- Nx` lines nest repeats (ext); `- 4x 50yds drill` is an inline repeat (ext);
 * a first line followed by a blank line can be the workout's title (ext, §6 example 14).
 */
import path from 'node:path';
import { InputError, type TextPosition } from '../../errors.js';
import type {
  WorkoutDocument, WorkoutLint, WorkoutNode, WorkoutRepeat, WorkoutStep, WorkoutStepType, PaceUnit,
} from './document.js';
import { applyMetaLine, isFrontMatterKey, matchMetaLine, FRONT_MATTER_KEYS, type FrontMatter } from './frontmatter.js';
import { isLowerIntensity } from './intensity.js';
import { lexLine, type LineToken } from './lex.js';
import { checkTextLimits, MAX_GARMIN_STEPS, MAX_REPEAT_DEPTH, MAX_REPEAT_ITERATIONS } from './limits.js';
import { documentLints } from './lints.js';
import { inferSport } from './sport.js';
import { parseStepTokens, type StepParts } from './step.js';
import { PACE_UNITS } from './units.js';

const REPEAT_MARK = /^(\d+)\s*[x×]$/i;
const WARMUP = /^(warm ?up|wu)$/i;
const COOLDOWN = /^(cool ?down|cd)$/i;
const RECOVERY_CUE = /\b(recover\w*|easy|jog\w*|float\w*)\b/i;
const REST_CUE = /\brest\b/i;
const LOOKS_LIKE_STEP = /^\d+(?:\.\d+)?(?:s|m|h|km|mtr|mi|yd|yds|'|")?(?:\s|$)/i;

/** An open repeat (or the document root) that `-` lines are added to. */
interface Container {
  children: WorkoutNode[];
  repeat: WorkoutRepeat | null;
  /** `-` lines belong here while their indentation is greater than this (-1: any `-` line). */
  ownerIndent: number;
  /** How the repeat was opened, for the empty-repeat message. */
  opener: 'header' | 'dash';
}

/** The current section: the text of the last header and the step type it implies. */
interface Section {
  label: string;
  stepType: 'warmup' | 'cooldown' | null;
}

/**
 * Parses one workout text. Returns the document, the lints (sorted by position), and `named`:
 * whether the name came from the text (`name:`/`title:`, or a title line) rather than `fileName`.
 * A title line (ext, §6 example 14) is the first line after the front matter when it is neither a
 * step, a repeat, a warmup/cooldown header nor step-like, a blank line follows it, and there is no
 * `name:`; intervals.icu reads it as a header without steps, so it means nothing else there.
 * A text over the limits of limits.ts (size, line length) is refused before it is read.
 * Throws InputError(fileName, reason, {line, column}) at the first error.
 */
export function parseWorkoutText(text: string, fileName: string): ParsedWorkout {
  checkTextLimits(text, fileName);
  const lines = splitLines(text);
  return parseWorkoutLines(lines, 0, lines.length, fileName);
}

/** What {@link parseWorkoutText} returns. */
export interface ParsedWorkout {
  workout: WorkoutDocument;
  lints: WorkoutLint[];
  named: boolean;
}

/** The lines of a text (a leading BOM dropped; CRLF, CR and LF all end a line). */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/**
 * Parses the workout in `lines[start, end)` (a plan's workout; the other lines are not read), with
 * line numbers of the whole file. The caller has checked the text's limits (checkTextLimits).
 * Linear in the lines read: every step is one pass over its line, and the step tree is at most
 * MAX_REPEAT_DEPTH deep and MAX_GARMIN_STEPS large (errors at the node past either limit).
 * Throws InputError(fileName, reason, {line, column}) at the first error.
 */
export function parseWorkoutLines(lines: readonly string[], start: number, end: number, fileName: string): ParsedWorkout {
  const lints: WorkoutLint[] = [];
  const lintAt = (position: TextPosition, message: string) => lints.push({ file: fileName, ...position, message });
  const fail = (position: TextPosition, reason: string): never => {
    throw new InputError(fileName, reason, position);
  };

  const { front, bodyStart, metaLines } = readFrontMatter(lines, start, end, fileName);
  const title = front.name === undefined ? titleAt(lines, bodyStart, end) : null;
  if (title !== null) metaLines.add(bodyStart);
  const defaultPaceUnit: PaceUnit =
    front.sport === 'swimming' || (front.sport === undefined && front.poolLength)
      ? front.poolLength?.unit === 'yard' ? PACE_UNITS['/100y'] : PACE_UNITS['/100m']
      : PACE_UNITS['/km'];

  const root: Container = { children: [], repeat: null, ownerIndent: -Infinity, opener: 'header' };
  const stack: Container[] = [root];
  let section: Section | null = null;
  const top = () => stack[stack.length - 1];
  let nodeCount = 0;
  /** Adds a node to a container, refusing the node past Garmin's step limit (in document order). */
  const add = (children: WorkoutNode[], node: WorkoutNode) => {
    nodeCount++;
    if (nodeCount > MAX_GARMIN_STEPS) {
      fail(node.position, `too many steps: Garmin allows at most ${MAX_GARMIN_STEPS} per workout (repeats count once plus their steps); this is step ${nodeCount}`);
    }
    children.push(node);
  };

  const close = (container: Container) => {
    const repeat = container.repeat!;
    if (repeat.children.length > 0) return;
    const mark = `${repeat.iterations}x`;
    fail(repeat.position, container.opener === 'header'
      ? `repeat \`${mark}\` has no steps; did you forget the \`-\`? (write its steps as \`- 10m 70%\` lines under it)`
      : `repeat \`${mark}\` has no steps; indent its steps under it (e.g. \`  - 1m Z5 HR\`)`);
  };
  const closeAll = (byHeaderAt: TextPosition | null) => {
    let unterminated = false;
    while (stack.length > 1) {
      const container = stack.pop()!;
      close(container);
      if (container.ownerIndent < 0) unterminated = true;
    }
    if (byHeaderAt && unterminated) {
      lintAt(byHeaderAt, 'no blank line after the repeat block: intervals.icu needs an empty line to end a repeat');
    }
  };
  const openRepeat = (iterations: number, label: string | null, position: TextPosition, ownerIndent: number, opener: Container['opener']) => {
    if (iterations < 1) fail(position, `a repeat needs at least 1 iteration, not ${iterations}x`);
    if (iterations > MAX_REPEAT_ITERATIONS) fail(position, `a repeat has at most ${MAX_REPEAT_ITERATIONS} iterations on Garmin, not ${iterations}x`);
    if (stack.length > MAX_REPEAT_DEPTH) fail(position, `repeats nest at most ${MAX_REPEAT_DEPTH} deep; this one would be level ${stack.length}`);
    const repeat: WorkoutRepeat = { kind: 'repeat', iterations, label, children: [], position };
    add(top().children, repeat);
    stack.push({ children: repeat.children, repeat, ownerIndent, opener });
  };

  for (let index = bodyStart; index < end; index++) {
    const lineNumber = index + 1;
    const raw = lines[index];
    const trimmed = raw.trim();
    if (metaLines.has(index) || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    if (trimmed === '') {
      closeAll(null);
      section = null;
      continue;
    }
    const indent = raw.length - raw.trimStart().length;

    if (trimmed.startsWith('-')) {
      while (stack.length > 1 && top().ownerIndent >= indent) close(stack.pop()!);
      const afterDash = raw.slice(indent + 1);
      const contentOffset = indent + 1 + (afterDash.length - afterDash.trimStart().length);
      const tokens = lexLine(afterDash.trimStart(), contentOffset);
      if (tokens.length === 0) fail({ line: lineNumber, column: indent + 1 }, 'empty step: write a duration or distance after `-`, e.g. `- 10m`');
      const last = tokens[tokens.length - 1];
      const labelled = REPEAT_MARK.exec(last.text);
      if (labelled && !last.quoted && tokens.slice(0, -1).every((t) => !/^\d/.test(t.text))) {
        // `- 4x` or `- Strides 6x` alone on its line: a repeat owning the more indented `-` lines.
        const markPosition = { line: lineNumber, column: last.column };
        const label = tokens.slice(0, -1).map((t) => t.text).join(' ') || null;
        lintAt(markPosition, 'a `- Nx` repeat line is an extension: intervals.icu cannot read it');
        openRepeat(Number(labelled[1]), label, markPosition, indent, 'dash');
        continue;
      }
      const mark = REPEAT_MARK.exec(tokens[0].text);
      const markPosition = { line: lineNumber, column: tokens[0].column };
      if (mark && !tokens[0].quoted) {
        lintAt(markPosition, 'an inline repeat `- Nx step` is an extension: intervals.icu cannot read it');
        openRepeat(Number(mark[1]), null, markPosition, indent, 'dash');
        const inline = stack.pop()!;
        add(inline.children, buildStep(tokens.slice(1), lineNumber, inline));
        continue;
      }
      add(top().children, buildStep(tokens, lineNumber, top()));
      continue;
    }

    // A header (any other line), or a bare `Nx` line.
    const position = { line: lineNumber, column: indent + 1 };
    const meta = matchMetaLine(raw, lineNumber);
    if (meta && isFrontMatterKey(meta.key)) fail(meta.keyPosition, `\`${meta.key}:\` must be at the top of the file, before the first step`);
    const bareMark = REPEAT_MARK.exec(trimmed);
    if (bareMark && indent > 0 && stack.length > 1) {
      while (stack.length > 1 && top().ownerIndent >= indent) close(stack.pop()!);
      lintAt(position, 'nested repeats are an extension: intervals.icu cannot read them');
      openRepeat(Number(bareMark[1]), null, position, indent, 'header');
      continue;
    }
    closeAll(position);
    if (LOOKS_LIKE_STEP.test(trimmed)) {
      lintAt(position, `\`${trimmed}\` is read as a header because it does not start with \`-\`; did you forget the \`-\`?`);
    }
    const headerRepeat = headerRepeatOf(trimmed);
    if (headerRepeat) {
      const label = headerRepeat.label.replace(/:$/, '').trim();
      const markColumn = indent + 1 + headerRepeat.markIndex;
      if (label !== '') section = sectionOf(label);
      openRepeat(headerRepeat.iterations, label || null, { line: lineNumber, column: markColumn }, -1, 'header');
    } else {
      section = sectionOf(trimmed.replace(/:$/, ''));
    }
  }
  closeAll(null);

  if (nodeCount === 0) {
    fail({ line: start + 1, column: 1 }, 'no steps found: write each step on a line starting with `- `, e.g. `- 10m 60%`');
  }

  const sport = front.sport ?? inferSport(root.children, front.poolLength ?? null);
  const workout: WorkoutDocument = {
    file: fileName,
    name: front.name ?? title ?? path.basename(fileName, path.extname(fileName)),
    sport,
    sportSource: front.sport ? 'front matter' : 'inferred',
    poolLength: front.poolLength ?? null,
    date: front.date ?? null,
    day: front.day ?? null,
    description: front.description ?? null,
    thresholds: front.thresholds,
    steps: root.children,
  };
  lints.push(...documentLints(workout));
  lints.sort((a, b) => a.line - b.line || a.column - b.column);
  return { workout, lints, named: front.name !== undefined || title !== null };

  function buildStep(tokens: LineToken[], lineNumber: number, container: Container): WorkoutStep {
    const parts = parseStepTokens(tokens, {
      file: fileName,
      line: lineNumber,
      defaultPaceUnit,
      lint: (column, message) => lintAt({ line: lineNumber, column }, message),
    });
    const position = { line: lineNumber, column: tokens[0]?.column ?? 1 };
    const extent = parts.extent ?? (parts.pressLap ? { kind: 'lap.button' as const, position } : null);
    if (!extent) {
      return fail(position, 'this step has no duration or distance (e.g. `10m`, `30s`, `400mtr`, `2km`) and no `press lap`');
    }
    const firstSibling = container.repeat ? firstStep(container.children) : null;
    return {
      kind: 'step',
      stepType: stepTypeOf(parts, section, container.repeat !== null, firstSibling),
      cue: parts.cue,
      section: section?.label ?? null,
      extent,
      target: parts.target,
      cadence: parts.cadence,
      pressLap: parts.pressLap,
      stroke: parts.stroke,
      equipment: parts.equipment,
      position,
    };
  }
}

/** Reads the front matter at the top of `lines[start, end)`, and any `pool length:` line further down (example 15). */
function readFrontMatter(lines: readonly string[], start: number, end: number, file: string): { front: FrontMatter; bodyStart: number; metaLines: Set<number> } {
  const front: FrontMatter = { thresholds: {} };
  const metaLines = new Set<number>();
  let bodyStart = start;
  for (; bodyStart < end; bodyStart++) {
    const trimmed = lines[bodyStart].trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    const meta = matchMetaLine(lines[bodyStart], bodyStart + 1);
    if (!meta || trimmed.startsWith('-')) break;
    if (!isFrontMatterKey(meta.key)) {
      throw new InputError(file, `unknown front-matter key \`${meta.key}\` (known: ${FRONT_MATTER_KEYS.join(', ')})`, meta.keyPosition);
    }
    applyMetaLine({ ...meta, key: meta.key }, front, file);
  }
  for (let index = bodyStart; index < end; index++) {
    const meta = matchMetaLine(lines[index], index + 1);
    if (meta?.key === 'pool length') {
      applyMetaLine({ ...meta, key: meta.key }, front, file);
      metaLines.add(index);
    }
  }
  return { front, bodyStart, metaLines };
}

/** The title on line `index` (see parseWorkoutText), or null when that line is not one; lines from `end` on count as blank. */
function titleAt(lines: readonly string[], index: number, end: number): string | null {
  const trimmed = index < end ? lines[index].trim() : '';
  if (trimmed === '' || (index + 1 < end && lines[index + 1].trim() !== '')) return null;
  const label = trimmed.replace(/:$/, '');
  if (trimmed.startsWith('-') || headerRepeatOf(trimmed) || LOOKS_LIKE_STEP.test(trimmed) || sectionOf(label).stepType) return null;
  return label;
}

/**
 * A header that ends in a repeat mark (`Main set 5x`, `Main set: 5 x`, `5x`): the text before the
 * number, the iterations, and the 0-based index of the number in `trimmed`; null otherwise.
 * Scans from the end, so a long line costs one pass (a regex with a lazy prefix would backtrack).
 */
function headerRepeatOf(trimmed: string): { label: string; iterations: number; markIndex: number } | null {
  let i = trimmed.length - 1;
  if (i < 0 || !/[x×]/i.test(trimmed[i])) return null;
  i--;
  while (i >= 0 && /\s/.test(trimmed[i])) i--;
  const digitsEnd = i + 1;
  while (i >= 0 && trimmed[i] >= '0' && trimmed[i] <= '9') i--;
  const markIndex = i + 1;
  if (markIndex === digitsEnd) return null;
  return { label: trimmed.slice(0, markIndex).trimEnd(), iterations: Number(trimmed.slice(markIndex, digitsEnd)), markIndex };
}

function sectionOf(label: string): Section {
  return { label, stepType: WARMUP.test(label) ? 'warmup' : COOLDOWN.test(label) ? 'cooldown' : null };
}

/** Step type rules of workout-text.md §5 rule 5, in order. */
function stepTypeOf(parts: StepParts, section: Section | null, inRepeat: boolean, firstSibling: WorkoutStep | null): WorkoutStepType {
  if (parts.intensity) return parts.intensity;
  if (parts.restZero || (parts.cue && REST_CUE.test(parts.cue))) return 'rest';
  if (section?.stepType) return section.stepType;
  if (inRepeat) {
    if (parts.cue && RECOVERY_CUE.test(parts.cue)) return 'recovery';
    if (firstSibling?.target && parts.target && isLowerIntensity(parts.target, firstSibling.target)) return 'recovery';
    return 'interval';
  }
  if (parts.cue && WARMUP.test(parts.cue)) return 'warmup';
  if (parts.cue && COOLDOWN.test(parts.cue)) return 'cooldown';
  return 'interval';
}

/** The first executable step of a repeat's subtree (the reference for "a lower target → recovery"). */
function firstStep(nodes: WorkoutNode[]): WorkoutStep | null {
  for (const node of nodes) {
    const step = node.kind === 'step' ? node : firstStep(node.children);
    if (step) return step;
  }
  return null;
}
