/**
 * Decodes bytes as UTF-8 text, dropping a leading byte-order mark (U+FEFF). Returns null when
 * the bytes are not valid UTF-8 (it never substitutes U+FFFD).
 * Source: WHATWG Encoding, https://encoding.spec.whatwg.org/#utf-8-decode.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes the bytes of an XML file: UTF-16 (little or big endian) when they start with its
 * byte-order mark (FF FE / FE FF), else UTF-8 (BOM allowed). Returns null when the bytes are not
 * valid in that encoding. Source: XML 1.0 §4.3.3 and appendix F (encoding detection by BOM).
 */
export function decodeXmlBytes(bytes: Uint8Array): string | null {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (encoding === null) return decodeUtf8(bytes);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Whether bytes start with a UTF-16 byte-order mark (FF FE or FE FF). */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}
