/**
 * A plan: several workouts in one text, separated by lines of three or more dashes (`---`), each
 * with its own front matter (`name:`, `date:` or `day:`). Line numbers in errors and lints stay
 * those of the whole file.
 */
import path from 'node:path';
import type { WorkoutDocument, WorkoutLint } from './document.js';
import { checkTextLimits } from './limits.js';
import { parseWorkoutLines, splitLines } from './parse.js';

const SEPARATOR = /^\s*-{3,}\s*$/;

/** One parsed workout of a plan. */
export interface PlanEntry {
  workout: WorkoutDocument;
  lints: WorkoutLint[];
  /** 1-based line where this workout's text starts. */
  line: number;
}

/**
 * Parses every workout of `text`. A file without `---` lines is a plan of one. In a plan of several,
 * a workout without `name:` (or a title line) is named `<file name> <n>` (n from 1). Throws InputError at the first
 * error, with the line and column in the whole file.
 */
export function parseWorkoutPlan(text: string, fileName: string): PlanEntry[] {
  checkTextLimits(text, fileName);
  const lines = splitLines(text);
  const starts = [0];
  lines.forEach((line, i) => {
    if (SEPARATOR.test(line)) starts.push(i + 1);
  });
  if (starts.length === 1) {
    const { workout, lints } = parseWorkoutLines(lines, 0, lines.length, fileName);
    return [{ workout, lints, line: 1 }];
  }
  const base = path.basename(fileName, path.extname(fileName));
  const entries: PlanEntry[] = [];
  starts.forEach((start, index) => {
    const end = index + 1 < starts.length ? starts[index + 1] - 1 : lines.length;
    if (lines.slice(start, end).every((l) => l.trim() === '' || /^\s*(#|\/\/)/.test(l))) return;
    // Only this workout's lines are read; positions stay those of the file.
    const { workout, lints, named } = parseWorkoutLines(lines, start, end, fileName);
    if (!named) workout.name = `${base} ${entries.length + 1}`;
    entries.push({ workout, lints, line: start + 1 });
  });
  return entries;
}
