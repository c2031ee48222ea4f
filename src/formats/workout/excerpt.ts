/**
 * The offending line of a text with a caret under a column, for errors and lints
 * (`file:line:column: reason`, then the line, then `^`).
 */

/** Two lines: line `line` of `text` (tabs shown as spaces) and a caret under `column` (1-based); '' when out of range. */
export function excerptAt(text: string, line: number, column: number): string {
  const source = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[line - 1];
  if (source === undefined) return '';
  const shown = source.replace(/\t/g, ' ');
  return `    ${shown}\n    ${' '.repeat(Math.max(0, column - 1))}^`;
}
