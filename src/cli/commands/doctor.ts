/**
 * `garmin-sync doctor` (and `status --check`): one line per thing a run needs — Node version,
 * the environment settings (domain, base URLs, token store, store key), the client sign-in goes
 * through (the `impersonate` setting; a `warn` when impit cannot load), token store reachable with
 * tokens in it, their expiry, one authenticated call, the archive readable (every data file read;
 * broken ones healed, see archive/heal.ts), the run lock free, no recent sign-in refusal — each
 * `ok` or what to do.
 */
import type { Command } from 'commander';
import lockfile from 'proper-lockfile';
import { readLoginRefusal } from '../../credentials/login-refusal.js';
import { ExitCode, type ExitCodeValue, GarminSyncError } from '../../errors.js';
import type { TokenBundle } from '../../garmin/types.js';
import { withClient } from '../../sync/session.js';
import { contextOf, type Context } from '../context.js';
import { settingsProblems } from '../settings.js';
import { formatLocalTime, out, outJson, style } from '../output.js';

/**
 * One check: what was checked, whether it is fine, what the user should do otherwise, and the exit
 * code it implies. `warning`: fine for a run, but worse than it should be (shown as `warn`).
 */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  exitCode: ExitCodeValue;
  warning?: boolean;
}

const MIN_NODE = [20, 19] as const;
/** The run lock's staleness (archive/lock.ts): an older lock belongs to a dead process. */
const LOCK_STALE_MS = 10 * 60 * 1000;

const pass = (name: string, detail: string): Check => ({ name, ok: true, detail, exitCode: ExitCode.ok });
const fail = (name: string, detail: string, exitCode: ExitCodeValue = ExitCode.unexpected): Check => ({ name, ok: false, detail, exitCode });

/** The message and exit code of a failure. */
function failure(name: string, err: unknown): Check {
  if (err instanceof GarminSyncError) return fail(name, err.message, err.exitCode);
  return fail(name, err instanceof Error ? err.message : String(err));
}

/** An instant (Unix seconds) for people: local time and how far away (UTC stays in the tokens' --json fields). */
const iso = (unixSeconds: number) => formatLocalTime(unixSeconds * 1000);

/** Runs every check in order; later checks that need tokens are skipped when there are none. */
export async function runChecks(ctx: Context): Promise<Check[]> {
  const checks: Check[] = [];
  const [major, minor] = process.versions.node.split('.').map(Number);
  checks.push(
    major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])
      ? pass('node', `Node.js ${process.versions.node}`)
      : fail('node', `Node.js ${process.versions.node} is too old: install ${MIN_NODE.join('.')} or newer`, ExitCode.usage),
  );

  const problems = settingsProblems(ctx.env);
  checks.push(problems.length ? fail('settings', problems.join('; '), ExitCode.usage) : pass('settings', 'GARMIN_SYNC_* environment settings valid'));

  try {
    const transport = await ctx.transport();
    checks.push(
      transport.fallback
        ? {
            ...pass('transport', `impersonate ${transport.impersonate}, but impit could not load (${transport.fallback}): sign-in uses Node's TLS, which Cloudflare may block; reinstall garmin-sync with its optional dependencies, or sign in with --browser or --ticket`),
            warning: true,
          }
        : pass('transport', `impersonate ${transport.impersonate}: ${transport.description}`),
    );
  } catch (err) {
    checks.push(failure('transport', err));
  }

  const store = ctx.store();
  let tokens: TokenBundle | null = null;
  try {
    tokens = await store.load();
    checks.push(tokens ? pass('tokens', `${store.kind} store reachable, tokens present`) : fail('tokens', `${store.kind} store reachable, but no tokens: run \`garmin-sync login\``, ExitCode.notSignedIn));
  } catch (err) {
    checks.push(failure('tokens', err));
  }

  if (tokens) {
    const now = Date.now() / 1000;
    const refreshEnd = tokens.di.refreshExpiresAt;
    if (refreshEnd !== null && refreshEnd <= now) {
      checks.push(fail('expiry', `the refresh token expired at ${iso(refreshEnd)}: run \`garmin-sync login\``, ExitCode.notSignedIn));
    } else {
      checks.push(pass('expiry', `access token until ${iso(tokens.di.accessExpiresAt)} (refreshed automatically), refresh token until ${refreshEnd === null ? 'unknown' : iso(refreshEnd)}`));
    }
    try {
      const profile = await withClient(ctx.session(), (client) => client.socialProfile());
      const state = await ctx.archive.readState();
      if (state.account) {
        state.account = { ...state.account, isValid: true, validationError: null, lastValidatedAt: new Date().toISOString() };
        await ctx.archive.writeState(state);
      }
      checks.push(pass('garmin', `Garmin answered as ${profile.displayName}`));
    } catch (err) {
      checks.push(failure('garmin', err));
    }
  }

  try {
    await ctx.archive.readState();
    // Every data file is read: a broken one is moved aside (a notice each) and fetched again by the next pull.
    const { files, broken } = await ctx.archive.checkDataFiles();
    await ctx.archive.counts();
    const healed = broken ? `; ${broken} broken file(s) kept aside, the next pull fetches them again` : '';
    checks.push(pass('archive', `archive readable at ${ctx.paths.dataDir} (${files} data files${healed})`));
  } catch (err) {
    checks.push(failure('archive', err));
  }

  // Only looked at, never taken: a check must not get in the way of a run.
  const held = await lockfile.check(ctx.paths.lockFile, { lockfilePath: ctx.paths.lockFile, realpath: false, stale: LOCK_STALE_MS }).catch(() => false);
  checks.push(held ? fail('lock', 'another garmin-sync run holds the lock: wait for it, or pass --wait to pull/sync', ExitCode.locked) : pass('lock', 'no other garmin-sync run holds the lock'));

  const refusal = await readLoginRefusal(ctx.paths.configDir);
  if (refusal && Date.parse(refusal.retryAfter) > Date.now()) {
    checks.push(fail('sign-in', `Garmin refused a sign-in at ${formatLocalTime(refusal.refusedAt)}: wait until ${formatLocalTime(refusal.retryAfter)} before \`garmin-sync login\` (or use --ticket/--browser)`, ExitCode.refused));
  }
  return checks;
}

/** Prints the checks, one line each, and sets the exit code of the first failure. */
export function reportChecks(checks: Check[]): void {
  for (const check of checks) {
    const mark = !check.ok ? style.error('FAIL') : check.warning ? style.warn('warn') : style.ok('ok  ');
    out(`${mark}  ${check.name.padEnd(9)} ${check.detail}`);
  }
  const first = checks.find((c) => !c.ok);
  if (first) process.exitCode = first.exitCode;
}

/** Registers `doctor`. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check everything a run needs, one line each: ok, or what to do')
    .addHelpText('after', '\nExamples:\n  garmin-sync doctor\n  garmin-sync doctor --json')
    .option('--json', 'print the checks as one JSON document')
    .addHelpText('after', '\nExits 0 when every line is ok; otherwise with the exit code of the first failing check (2: a bad setting, 3: sign in again, 4: wait, 6: lock held).')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const checks = await runChecks(contextOf(command));
      if (opts.json) {
        outJson({ checks });
        const first = checks.find((c) => !c.ok);
        if (first) process.exitCode = first.exitCode;
        return;
      }
      reportChecks(checks);
    });
}
