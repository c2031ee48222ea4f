/**
 * `garmin-sync status`: who is signed in, where the tokens live and when they expire, the last
 * sync, and what the archive holds. `--json` prints the document of design.md
 * ("Machine-readable output"). `--check` first runs the checks of `doctor` (one authenticated
 * call among them, which records the account's validity), adds them (`checks` in --json) and
 * exits with the first failing check's code.
 */
import type { Command } from 'commander';
import { GarminSyncError } from '../../errors.js';
import type { TokenBundle } from '../../garmin/types.js';
import { contextOf } from '../context.js';
import { settingsProblems } from '../settings.js';
import type { Check } from './doctor.js';
import { out, outJson, style } from '../output.js';

const iso = (unixSeconds: number | null | undefined) => (unixSeconds == null ? null : new Date(unixSeconds * 1000).toISOString());

/** Registers `status`. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the account, the tokens, the last sync and the archive counts')
    .addHelpText('after', '\nExamples:\n  garmin-sync status\n  garmin-sync status --json | jq .counts\n  garmin-sync status --check   # also one call to Garmin, the keychain, the archive and the lock')
    .option('--json', 'print one JSON document on stdout')
    .option('--check', 'also check the tokens with one call to Garmin, the keychain, the archive and the lock')
    .action(async (opts: { json?: boolean; check?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const store = ctx.store();
      // doctor's checks (and the Garmin client they use) are loaded only for --check: plain status starts fast.
      const doctor = opts.check ? await import('./doctor.js') : null;
      const checks: Check[] | null = doctor ? await doctor.runChecks(ctx) : null;
      let tokens: TokenBundle | null = null;
      let storeError: string | null = null;
      try {
        tokens = await store.load();
      } catch (err) {
        if (!(err instanceof GarminSyncError)) throw err;
        storeError = err.message;
      }
      const state = await ctx.archive.readState();
      const counts = await ctx.archive.counts();
      const account = state.account;
      const doc = {
        signedIn: tokens !== null,
        account: account
          ? { displayName: account.displayName, fullName: account.fullName, signInPath: account.signInPath ?? null, signedInAt: account.signedInAt ?? null }
          : null,
        tokenStore: store.kind,
        tokens: tokens
          ? {
              accessExpiresAt: iso(tokens.di.accessExpiresAt),
              refreshExpiresAt: iso(tokens.di.refreshExpiresAt),
              isValid: account?.isValid ?? null,
              lastValidatedAt: account?.lastValidatedAt ?? null,
              validationError: account?.validationError ?? null,
            }
          : null,
        tokenStoreError: storeError,
        /** Bad environment settings (GARMIN_SYNC_DOMAIN, the URLs, the store key), one message each. */
        settingsProblems: settingsProblems(ctx.env),
        lastSync: state.lastSync,
        lastSyncByType: Object.fromEntries(Object.entries(state.cursors).map(([type, c]) => [type, c.lastSyncedAt])),
        counts,
        dataDir: ctx.paths.dataDir,
        ...(checks ? { checks } : {}),
      };
      const failed = checks?.find((c) => !c.ok);
      if (failed) process.exitCode = failed.exitCode;
      if (opts.json) return outJson(doc);
      if (!tokens) out(`Account:     ${style.warn('not signed in')}${storeError ? ` (${storeError})` : ' — run `garmin-sync login`'}`);
      else {
        const who = account ? `${account.fullName ?? ''} (${account.displayName})`.trim() : 'signed in';
        out(`Account:     ${who}${account?.signInPath ? `, signed in by the ${account.signInPath} path` : ''}`);
        const validity = account?.isValid === false ? style.error(`invalid: ${account.validationError ?? 'rejected by Garmin'} — run \`garmin-sync login\``) : style.ok('valid');
        out(`Tokens:      ${store.kind} store, ${validity}; access until ${doc.tokens?.accessExpiresAt}, refresh until ${doc.tokens?.refreshExpiresAt ?? 'unknown'}`);
      }
      for (const problem of doc.settingsProblems) out(`Settings:    ${style.error(problem)}`);
      out(`Last sync:   ${state.lastSync ?? 'never'}`);
      for (const [type, c] of Object.entries(state.cursors)) out(`             ${type} ${c.oldestDate ?? '?'} to ${c.newestDate ?? '?'}, last ${c.lastSyncedAt}`);
      out(`Archive:     ${ctx.paths.dataDir}`);
      out(`             ${counts.activities} activities, ${counts.wellnessDays} wellness days, ${counts.metricsDays} metrics days, ${counts.workouts} workouts, ${counts.outbox} waiting in the outbox`);
      if (doctor && checks) doctor.reportChecks(checks);
    });
}
