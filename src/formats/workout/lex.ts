/**
 * Line tokenizer of the workout text language (workout-text.md §5): splits one line into
 * whitespace-separated words with their 1-based columns, and glues the spellings that people
 * write with spaces back into one token (`315w - 330w` → `315w-330w`, `85-95 rpm` → `85-95rpm`).
 */

/** A word of a line and where it starts. */
export interface LineToken {
  /** The token text as written (glued tokens keep their parts without the spaces). */
  text: string;
  /** 1-based column of the token's first character. */
  column: number;
  /** True for a `"quoted cue"`: its text (unescaped) is cue text, never a number or target. */
  quoted?: boolean;
}

/** Unit words that may follow a number after a space (`85-95 rpm`, `140 bpm`, `2 km`). */
const DETACHED_UNITS = new Set([
  'rpm', 'spm', 'bpm', 'w', 'kph', 'km/h', 'mph', 'km', 'mtr', 'meters', 'metres', 'mi', 'mile', 'miles',
  'yd', 'yds', 'yrd', 'yards', 'min', 'mins', 'sec', 'secs', 'hr', 'hrs', 's', 'm', 'h',
]);

const NUMBERISH = /^\d+(?:[.:]\d+)*(?:-\d+(?:[.:]\d+)*)?$/;
const RANGE_END = /^(?:\d|z\d)/i;
const RANGE_START = /^(?:\d|z\d)/i;

/** A `"…"` at the start of a step (ext): `\"` and `\\` are escapes inside it. */
const QUOTED = /^"((?:[^"\\]|\\.)*)"(?=\s|$)/;

/**
 * Splits `text` into tokens; columns are 1-based and count from the start of `text` + `columnOffset`.
 * A step that starts with a `"quoted cue"` (ext, written by the JSON → text formatter) keeps the
 * quoted text as one cue token.
 */
export function lexLine(text: string, columnOffset = 0): LineToken[] {
  const quoted = QUOTED.exec(text);
  const head: LineToken[] = quoted ? [{ text: quoted[1].replace(/\\(.)/g, '$1'), column: 1 + columnOffset, quoted: true }] : [];
  const rest = quoted ? quoted[0].length : 0;
  const raw: LineToken[] = [];
  for (const match of text.slice(rest).matchAll(/\S+/g)) raw.push({ text: match[0], column: match.index + rest + 1 + columnOffset });
  return [...head, ...glue(raw)];
}

/** `text` as a quoted cue that {@link lexLine} reads back verbatim. */
export function quoteCue(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Glues `A - B` ranges and `N unit` pairs; every other token is kept as it is. */
function glue(raw: LineToken[]): LineToken[] {
  const out: LineToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i];
    const previous = out[out.length - 1];
    // "315w - 330w", "50% - 75%", "Z3 - Z4": join around a lone dash.
    if (token.text === '-' && previous && RANGE_START.test(previous.text) && raw[i + 1] && RANGE_END.test(raw[i + 1].text)) {
      previous.text = `${previous.text}-${raw[i + 1].text}`;
      i++;
      continue;
    }
    // "315w -330w" / "315w- 330w": a dash stuck to one side.
    if (previous && RANGE_START.test(previous.text) && previous.text.endsWith('-') && RANGE_END.test(token.text)) {
      previous.text += token.text;
      continue;
    }
    if (previous && /^\d/.test(previous.text) && token.text.startsWith('-') && RANGE_END.test(token.text.slice(1)) && /[\dw%]$/i.test(previous.text)) {
      previous.text += token.text;
      continue;
    }
    // "85-95 rpm", "140 bpm", "2 km": a bare number followed by a unit word.
    if (previous && NUMBERISH.test(previous.text) && DETACHED_UNITS.has(stripTrailingPunctuation(token.text).toLowerCase())) {
      previous.text += token.text;
      continue;
    }
    out.push({ ...token });
  }
  return out;
}

/** Removes a trailing `,`, `;` or `.` (written after a target: `40-50 rpm, power is…`). */
export function stripTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ',' || text[end - 1] === ';' || text[end - 1] === '.')) end--;
  return text.slice(0, end);
}
