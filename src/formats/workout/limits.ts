/**
 * The limits a workout text is held to, checked while it is read so that no input can make the
 * parser slow or deep: Garmin's own (steps per workout, repeat iterations, nesting) and the size of
 * the text itself. Every refusal names the line and column (an {@link InputError} with a position).
 * Garmin's step limit: workout-text.md §4.4 ("at most 50 steps per workout", repeat groups count
 * once plus their children) and §5 rule 7.
 */
import { InputError } from '../../errors.js';

/** Garmin's limit on steps per workout (repeat groups count once, plus their children); workout-text.md §4.4. */
export const MAX_GARMIN_STEPS = 50;

/**
 * The most iterations of one repeat. The reference (workout-text.md §4.3) gives none; 99 is the
 * largest the Garmin Connect workout editor offers (two digits), the conservative choice.
 */
export const MAX_REPEAT_ITERATIONS = 99;

/**
 * How deep repeats may nest (a repeat inside a repeat is depth 2). The reference is silent on a
 * nesting limit; with 50 steps a workout can never need more than a handful of levels, so 10 is
 * generous and keeps every walk over the step tree shallow.
 */
export const MAX_REPEAT_DEPTH = 10;

/**
 * The largest workout text (bytes of UTF-8, or UTF-16 code units once decoded): a year of daily
 * workouts in one plan is about 200 KB, so a text over 1 MiB is not a workout.
 */
export const MAX_WORKOUT_TEXT_BYTES = 1024 * 1024;

/** The longest line of a workout text (characters); a step line is rarely over 100. */
export const MAX_LINE_CHARS = 2000;

/**
 * Refuses a text over {@link MAX_WORKOUT_TEXT_BYTES} (at the line where it passes the limit) or
 * with a line over {@link MAX_LINE_CHARS} (at the first character past it), in one linear scan and
 * before anything else reads it.
 * @throws InputError(fileName, reason, {line, column})
 */
export function checkTextLimits(text: string, fileName: string): void {
  const size = Buffer.byteLength(text, 'utf8');
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 10;
    if (i - lineStart === MAX_LINE_CHARS && code !== 10 && code !== 13) {
      let end = i;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      throw new InputError(fileName, `line ${line} is ${end - lineStart} characters long; a workout text line has at most ${MAX_LINE_CHARS}`, { line, column: MAX_LINE_CHARS + 1 });
    }
    if (i === MAX_WORKOUT_TEXT_BYTES && size > MAX_WORKOUT_TEXT_BYTES) {
      throw new InputError(fileName, `a workout text over ${MAX_WORKOUT_TEXT_BYTES / 1024} KB is not a workout (this one is ${Math.ceil(size / 1024)} KB)`, { line, column: i - lineStart + 1 });
    }
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  if (size > MAX_WORKOUT_TEXT_BYTES) {
    throw new InputError(fileName, `a workout text over ${MAX_WORKOUT_TEXT_BYTES / 1024} KB is not a workout (this one is ${Math.ceil(size / 1024)} KB)`, { line, column: 1 });
  }
}
