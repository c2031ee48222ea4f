/**
 * The XML parser every XML reader here uses: saxes (streaming, no DOM), wired so that a
 * well-formedness error or any DOCTYPE becomes an InputError with the line and column.
 * A DOCTYPE is refused outright: its entity declarations are never expanded, so a
 * "billion laughs" file costs one linear scan. Sources: https://github.com/lddubeau/saxes,
 * https://owasp.org/www-community/vulnerabilities/XML_External_Entity_(XXE)_Processing.
 */
import { SaxesParser } from 'saxes';
import { InputError, type TextPosition } from '../errors.js';

/** How much text `xmlRootName` feeds the parser at a time while looking for the root. */
const ROOT_SCAN_CHUNK_CHARS = 4096;

/** Where the parser is, 1-based line and column (saxes counts columns from 0). */
export function parserPosition(parser: SaxesParser): TextPosition {
  return { line: parser.line, column: parser.column + 1 };
}

/** An element's name without its namespace prefix: `gpxtpx:hr` → `hr`. */
export function localName(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.indexOf(':') + 1);
}

/**
 * A saxes parser (no namespace processing) whose errors throw
 * `InputError(fileName, "not well-formed XML: <saxes reason>", line:column)` and which refuses a
 * DOCTYPE with `InputError(fileName, "XML with a DOCTYPE …", line:column)`. Register the content
 * handlers, then `write(text)` and `close()`; both may throw those InputErrors.
 */
export function createXmlParser(fileName: string): SaxesParser {
  const parser = new SaxesParser();
  parser.on('error', (err) => {
    // saxes prefixes its message with "line:column: "; we give the position separately.
    const reason = err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    throw new InputError(fileName, `not well-formed XML: ${reason}`, parserPosition(parser), { cause: err });
  });
  parser.on('doctype', () => {
    throw new InputError(
      fileName,
      'XML with a DOCTYPE or entity declarations is refused (entities are never expanded)',
      parserPosition(parser),
    );
  });
  return parser;
}

/**
 * The local name of the root element of an XML text (`gpx`, `TrainingCenterDatabase`, …),
 * parsing only as far as the root's start tag (past an XML declaration, comments and processing
 * instructions). Throws the InputErrors of `createXmlParser`, and
 * `InputError(fileName, "XML without a root element")` when the text ends first.
 */
export function xmlRootName(text: string, fileName: string): string {
  const parser = createXmlParser(fileName);
  let root: string | null = null;
  parser.on('opentagstart', (tag) => {
    root ??= localName(tag.name);
  });
  for (let start = 0; root === null && start < text.length; start += ROOT_SCAN_CHUNK_CHARS) {
    parser.write(text.slice(start, start + ROOT_SCAN_CHUNK_CHARS));
  }
  if (root === null) {
    parser.close(); // saxes fails here: "document must contain a root element"
    throw new InputError(fileName, 'XML without a root element');
  }
  return root;
}
