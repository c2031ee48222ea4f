/**
 * The offending line of a text with a caret under a column, for errors and lints
 * (`file:line:column: reason`, then the line, then `^`).
 */

/** How much of a long line an excerpt shows (characters), centred on the column. */
const EXCERPT_WIDTH = 100;

/** Two lines: line `line` of `text` (tabs shown as spaces) and a caret under `column` (1-based); '' when out of range. */
export function excerptAt(text: string, line: number, column: number): string {
  return excerptsOf(text)(line, column);
}

/**
 * {@link excerptAt} for many positions of one text: the text is split into lines once. A line
 * longer than EXCERPT_WIDTH is shown as the part around the column, with `…` where it is cut.
 */
export function excerptsOf(text: string): (line: number, column: number) => string {
  let lines: string[] | null = null;
  return (line, column) => {
    lines ??= text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    const source = lines[line - 1];
    if (source === undefined) return '';
    let shown = source.replace(/\t/g, ' ');
    let caret = Math.max(0, column - 1);
    if (shown.length > EXCERPT_WIDTH) {
      const from = Math.max(0, Math.min(caret - EXCERPT_WIDTH / 2, shown.length - EXCERPT_WIDTH));
      const head = from > 0 ? '…' : '';
      const tail = from + EXCERPT_WIDTH < shown.length ? '…' : '';
      shown = `${head}${shown.slice(from, from + EXCERPT_WIDTH)}${tail}`;
      caret = caret - from + head.length;
    }
    return `    ${shown}\n    ${' '.repeat(caret)}^`;
  };
}
