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
