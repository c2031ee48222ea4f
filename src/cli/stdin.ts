/** Standard input as text, for the flags that read a secret from it (`--password-stdin`, `--new-key-stdin`, `--import-tokens -`). */
import { readStreamLimited } from '../sync/import-sources.js';

/** All of standard input as UTF-8 text (bounded like an imported file). */
export async function readStdinText(): Promise<string> {
  return Buffer.from(await readStreamLimited(process.stdin, 'standard input')).toString('utf8');
}
