/**
 * `garmin-sync token export`: prints the saved token bundle, to move a session to another machine.
 * `garmin-sync token rotate-key`: re-encrypts the file token store with a new key.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { AuthError, UsageError } from '../../errors.js';
import { FileTokenStore } from '../../credentials/file-store.js';
import { contextOf } from '../context.js';
import { info, out, outJson } from '../output.js';
import { readStdinText } from '../stdin.js';

/** Registers `token`. */
export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('manage the saved tokens')
    .addHelpText('after', '\nExamples:\n  garmin-sync token export > bundle.json     # then on a server: GARMIN_SYNC_TOKENS="$(cat bundle.json)" garmin-sync pull\n  GARMIN_SYNC_TOKEN_STORE=file garmin-sync token rotate-key');
  token
    .command('export')
    .description('print the token bundle as JSON on stdout (a secret: treat it like a password)')
    .addHelpText(
      'after',
      `
Use it on another machine for one run:  GARMIN_SYNC_TOKENS="$(cat bundle.json)" garmin-sync pull
or save it there:                       garmin-sync token export | ssh server garmin-sync login --import-tokens -`,
    )
    .action(async (_opts: unknown, command: Command) => {
      const bundle = await contextOf(command).store().load();
      if (!bundle) throw new AuthError('not signed in: run `garmin-sync login` first');
      outJson(bundle);
    });
  token
    .command('rotate-key')
    .description('re-encrypt the file token store with a new key (GARMIN_SYNC_TOKEN_STORE=file)')
    .option('--new-key-stdin', 'read the new key (base64 of 32 bytes) from stdin instead of generating one')
    .option('--decrypt', 'write the tokens back in plain text (still mode 0600)')
    .addHelpText(
      'after',
      `
The current key is GARMIN_SYNC_STORE_KEY (unset when the file is plain). Without --new-key-stdin a
new random key is printed on stdout: store it where GARMIN_SYNC_STORE_KEY comes from, at once.

Examples:
  GARMIN_SYNC_STORE_KEY="$OLD" garmin-sync token rotate-key > new-key.txt
  openssl rand -base64 32 | GARMIN_SYNC_STORE_KEY="$OLD" garmin-sync token rotate-key --new-key-stdin`,
    )
    .action(async (opts: { newKeyStdin?: boolean; decrypt?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const store = ctx.store();
      if (!(store instanceof FileTokenStore)) {
        throw new UsageError(`rotate-key applies to the file token store (GARMIN_SYNC_TOKEN_STORE=file); this run uses the ${store.kind} store`);
      }
      if (opts.decrypt && opts.newKeyStdin) throw new UsageError('use either --decrypt or --new-key-stdin');
      const generated = !opts.decrypt && !opts.newKeyStdin;
      const newKey = opts.decrypt ? null : opts.newKeyStdin ? (await readStdinText()).trim() : randomBytes(32).toString('base64');
      const keyId = await store.rotateKey(newKey);
      if (generated) out(newKey!);
      info(keyId ? `Tokens re-encrypted with key ${keyId}: set GARMIN_SYNC_STORE_KEY to the new key everywhere garmin-sync runs.` : 'Tokens written in plain text: unset GARMIN_SYNC_STORE_KEY.');
    });
}
