/**
 * `garmin-sync login`: signs in once and saves the tokens (OS keychain, or the file store).
 * Paths: email + password (mobile JSON → widget → portal, protocol §2.3, with MFA prompted, by
 * flag, or two-phase), `--ticket`, `--browser`, `--import-tokens`. The password lives in memory
 * for the login only: it is never written, logged or put in an error. A login is never retried
 * automatically, and after a rate limit no new attempt is sent before the recorded time unless
 * `--force` (retries are what lock accounts).
 */
import { readFile } from 'node:fs/promises';
import { input, password as passwordPrompt } from '@inquirer/prompts';
import type { Command } from 'commander';
import * as v from 'valibot';
import { AuthError, ExitCode, RefusedError, UsageError } from '../../errors.js';
import { parseImportedTokens } from '../../credentials/import.js';
import { clearLoginRefusal, readLoginRefusal, recordLoginRefusal } from '../../credentials/login-refusal.js';
import { findBrowser, ticketFromBrowser } from '../../garmin/auth/browser.js';
import { PendingSignInSchema, resumeSignIn, sessionFromTicket, signIn, type MfaChallenge, type SignedIn } from '../../garmin/auth/login.js';
import { PathRefusedError } from '../../garmin/auth/sign-in-path.js';
import { MOBILE_SERVICE_URL } from '../../garmin/auth/sso.js';
import { GarminClient } from '../../garmin/client.js';
import type { TokenBundle } from '../../garmin/types.js';
import { confirmed, interactive } from '../confirm.js';
import { contextOf, type Context } from '../context.js';
import { formatLocalTime, info, out, style } from '../output.js';
import { readStdinText } from '../stdin.js';

/** Codes a person may type at the prompt in one sign-in when Garmin rejects one. */
const MFA_PROMPT_ATTEMPTS = 3;
/** Garmin's security codes are six digits (email and SMS alike). */
const MFA_CODE_RE = /^\d{6}$/;
/** How to start a two-phase sign-in (named when none is waiting). */
const START_TWO_PHASE = '`garmin-sync login --email <address> --password-stdin --no-prompt`, then `garmin-sync login --mfa-code <code>`';

/** How long a person has to finish a `--browser` sign-in. */
const BROWSER_TIMEOUT_MS = 5 * 60 * 1000;

interface LoginOptions {
  email?: string;
  passwordStdin?: boolean;
  mfaCode?: string;
  /** false with --no-prompt. */
  prompt: boolean;
  ticket?: string;
  service: string;
  browser?: boolean;
  importTokens?: string;
  force?: boolean;
}

/** Standard input without its final newline (the rest of a password is kept as typed). */
async function readStdin(): Promise<string> {
  return (await readStdinText()).replace(/\r?\n$/, '');
}

async function askEmail(opts: LoginOptions): Promise<string> {
  if (opts.email) return opts.email;
  if (!opts.prompt || !interactive()) throw new UsageError('no terminal to ask for the email: pass --email <address>');
  return input({ message: 'Garmin account email:', validate: (v) => v.includes('@') || 'an email address' }, { output: process.stderr });
}

async function askPassword(opts: LoginOptions): Promise<string> {
  if (opts.passwordStdin) {
    const password = await readStdin();
    if (!password) throw new UsageError('--password-stdin read an empty password');
    return password;
  }
  if (!opts.prompt || !interactive()) throw new UsageError('no terminal to ask for the password: pipe it in with --password-stdin');
  return passwordPrompt({ message: 'Password:', mask: '*', validate: (v) => v.length > 0 || 'the password cannot be empty' }, { output: process.stderr });
}

/**
 * The MFA callback and how many codes it may give: the --mfa-code value (one), a prompt on a
 * terminal (up to three, saying when Garmin rejected the previous one), none with --no-prompt
 * (two-phase), else a usage error.
 */
function mfaCodeSource(opts: LoginOptions): { promptMfaCode?: (challenge: MfaChallenge, attempt: number) => Promise<string>; mfaAttempts: number } {
  if (opts.mfaCode) return { promptMfaCode: async () => opts.mfaCode!.trim(), mfaAttempts: 1 };
  if (!opts.prompt) return { mfaAttempts: 1 };
  const promptMfaCode = async (challenge: MfaChallenge, attempt: number) => {
    if (!interactive()) {
      throw new UsageError(
        `Garmin asks for a security code (sent by ${challenge.method}): run login again with --mfa-code <code>, or use --no-prompt to sign in in two steps`,
      );
    }
    if (attempt > 1) {
      const left = MFA_PROMPT_ATTEMPTS - attempt + 1;
      info(style.warn(`Garmin rejected that code; ${left} ${left === 1 ? 'try' : 'tries'} left.`));
    }
    const where = challenge.sentTo ? ` sent to ${challenge.sentTo}` : ` (${challenge.method})`;
    const code = await input(
      { message: `Security code${where}:`, validate: (v) => MFA_CODE_RE.test(v.trim()) || 'the 6 digits of the code' },
      { output: process.stderr },
    );
    return code.trim();
  };
  return { promptMfaCode, mfaAttempts: MFA_PROMPT_ATTEMPTS };
}

/** `--ticket`: exchange a ticket copied from a browser. */
async function loginWithTicket(ctx: Context, ticket: string, service: string): Promise<SignedIn> {
  if (!/^ST-[\w-]+$/.test(ticket)) throw new UsageError('--ticket takes a service ticket like ST-0123456-AbCdEfGhIjKlMnOpQrSt-sso');
  return { ...(await sessionFromTicket(ctx.endpoints(), ticket, service, ctx.log, (await ctx.transport()).apiFetch())), path: 'ticket' };
}

/** `--browser`: the person signs in in their own Chrome/Chromium; the ticket is read from the page's answer. */
async function loginWithBrowser(ctx: Context): Promise<SignedIn> {
  const executablePath = findBrowser(ctx.env);
  const { ticket, service } = await ticketFromBrowser({
    endpoints: ctx.endpoints(),
    executablePath,
    // For tests and CI against the emulator only: nobody can type into a headless window.
    headless: ctx.env.GARMIN_SYNC_BROWSER_HEADLESS === '1',
    timeoutMs: BROWSER_TIMEOUT_MS,
    log: ctx.log,
  });
  return { ...(await sessionFromTicket(ctx.endpoints(), ticket, service, ctx.log, (await ctx.transport()).apiFetch())), path: 'browser' };
}

/**
 * `--import-tokens <file|->`: our `token export` output or python-garminconnect's
 * garmin_tokens.json; checked with one profile call (refreshed first when it expires soon).
 */
async function loginWithImportedTokens(ctx: Context, from: string): Promise<SignedIn> {
  const source = from === '-' ? 'standard input' : from;
  let text: string;
  try {
    text = from === '-' ? await readStdin() : await readFile(from, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let tokens: TokenBundle = parseImportedTokens(text, source, ctx.endpoints().domain);
  const client = new GarminClient({
    endpoints: ctx.endpoints(),
    tokens,
    saveTokens: async (bundle) => {
      tokens = bundle;
    },
    log: ctx.log,
    fetch: (await ctx.transport()).apiFetch(),
  });
  const profile = await client.socialProfile();
  return { tokens, profile, path: 'import' };
}

/**
 * Email + password through the paths of §2.3, or the second half of a two-phase MFA sign-in.
 * `saved` is the bundle in the store, whose remembered browser the sign-in sends again.
 */
async function loginWithCredentials(ctx: Context, opts: LoginOptions, saved: TokenBundle | null): Promise<SignedIn | null> {
  const store = ctx.store();
  if (secondPhase(opts)) {
    const waiting = await store.loadPendingSignIn();
    if (waiting === null) {
      throw new AuthError(`no sign-in is waiting for a code (one waits 5 minutes and takes one code): start one with ${START_TWO_PHASE}`);
    }
    const pending = v.safeParse(PendingSignInSchema, waiting);
    // Used or not, a pending sign-in is good for one code: a retry starts over.
    await store.clearPendingSignIn();
    if (!pending.success) throw new AuthError(`the saved pending sign-in is unreadable and was removed: start a new one with ${START_TWO_PHASE}`);
    try {
      return await resumeSignIn({ endpoints: ctx.endpoints(), pending: pending.output, code: opts.mfaCode!, log: ctx.log, transport: await ctx.transport() });
    } catch (err) {
      if (err instanceof AuthError && !(err instanceof RefusedError)) {
        throw new AuthError(`${err.message.replace(/[;:] run `garmin-sync login` again.*$/, '')}. No sign-in is waiting now (each takes one code): start a new one with ${START_TWO_PHASE}`, { cause: err });
      }
      throw err;
    }
  }
  const result = await signIn({
    endpoints: ctx.endpoints(),
    email: await askEmail(opts),
    password: await askPassword(opts),
    ...mfaCodeSource(opts),
    log: ctx.log,
    transport: await ctx.transport(),
    // A browser Garmin remembered after an earlier MFA code is not asked for one again.
    rememberedBrowser: saved?.rememberedBrowser,
  });
  if (result.kind === 'signedIn') return result;
  await store.savePendingSignIn(result.pending);
  const where = result.pending.challenge.sentTo ? ` to ${result.pending.challenge.sentTo}` : '';
  out(`Garmin sent a security code by ${result.pending.challenge.method}${where}. Within 5 minutes run: garmin-sync login --mfa-code <code>`);
  return null;
}

/** True for `login --mfa-code <code>` alone: the second half of a two-phase sign-in. */
function secondPhase(opts: LoginOptions): boolean {
  return Boolean(opts.mfaCode && !opts.email && !opts.passwordStdin && !opts.ticket && !opts.browser && !opts.importTokens);
}

/**
 * When a session is saved (and not known to be dead), names its account and, on a terminal,
 * asks before a new sign-in replaces it; without a terminal (scripts, --no-prompt) or with
 * --force it goes ahead and says so on stderr. Resolves false when the person said no. `saved` is
 * the bundle in the store (null when there is none or it cannot be read).
 */
async function confirmReplacing(ctx: Context, opts: LoginOptions, saved: TokenBundle | null): Promise<boolean> {
  if (secondPhase(opts)) return true; // the first half already went through this
  if (saved === null) return true;
  const account = (await ctx.archive.readState()).account;
  if (account?.isValid === false) return true; // Garmin refused it: signing in again is the fix
  const name = account ? (account.fullName ? `${account.fullName} (${account.displayName})` : account.displayName) : 'an account garmin-sync cannot name';
  if (opts.force || !opts.prompt || !interactive()) {
    info(`Replacing the saved session of ${name}.`);
    return true;
  }
  return confirmed(`Signed in as ${name}. Sign in again and replace that session?`, { withoutTerminal: '' });
}

/** Refuses to contact Garmin's sign-in before the recorded "try again after" time, unless --force. */
async function checkRefusalRecord(ctx: Context, opts: LoginOptions): Promise<void> {
  if (opts.force) return;
  const record = await readLoginRefusal(ctx.paths.configDir);
  if (record && Date.parse(record.retryAfter) > Date.now()) {
    throw new RefusedError(
      `Garmin refused the last sign-in at ${formatLocalTime(record.refusedAt)}; not trying again before ${formatLocalTime(record.retryAfter)} (each attempt re-arms the lockout). Pass --force to try anyway, or use --ticket, --browser or --import-tokens`,
    );
  }
}

async function runLogin(ctx: Context, opts: LoginOptions): Promise<void> {
  const paths = [opts.ticket, opts.browser, opts.importTokens].filter(Boolean).length;
  if (paths > 1) throw new UsageError('use one of --ticket, --browser and --import-tokens');
  if (opts.mfaCode !== undefined && !MFA_CODE_RE.test(opts.mfaCode.trim())) throw new UsageError('--mfa-code takes the 6 digits of the code Garmin sent');
  const store = ctx.store();
  await store.checkWritable(); // before anything is sent: a sign-in is never spent on tokens that cannot be kept
  const saved = await store.load().catch(() => null);
  if (!(await confirmReplacing(ctx, opts, saved))) {
    out('Kept the saved session; nothing was sent to Garmin.');
    return;
  }
  const contactsSso = !opts.ticket && !opts.importTokens;
  if (contactsSso) await checkRefusalRecord(ctx, opts);
  let signedIn: SignedIn | null;
  try {
    signedIn = opts.importTokens
      ? await loginWithImportedTokens(ctx, opts.importTokens)
      : opts.ticket
        ? await loginWithTicket(ctx, opts.ticket, opts.service)
        : opts.browser
          ? await loginWithBrowser(ctx)
          : await loginWithCredentials(ctx, opts, saved);
  } catch (err) {
    if (err instanceof RefusedError && !(err instanceof PathRefusedError) && (err.status === 429 || err.status === 403)) {
      const record = await recordLoginRefusal(ctx.paths.configDir, err);
      throw new RefusedError(`${err.message}. garmin-sync will not try again before ${formatLocalTime(record.retryAfter)} unless --force`, err.status, err.retryAfterSeconds);
    }
    throw err;
  }
  if (!signedIn) {
    process.exitCode = ExitCode.notSignedIn;
    return;
  }
  const { tokens, profile } = signedIn;
  await store.save(tokens);
  await store.clearPendingSignIn();
  await clearLoginRefusal(ctx.paths.configDir);
  const state = await ctx.archive.readState();
  state.account = {
    displayName: String(profile.displayName),
    fullName: profile.fullName ?? null,
    profileId: profile.profileId ?? null,
    isValid: true,
    lastValidatedAt: new Date().toISOString(),
    validationError: null,
    signInPath: signedIn.path,
    signedInAt: new Date().toISOString(),
  };
  await ctx.archive.writeState(state);
  const name = profile.fullName ? `${profile.fullName} (${profile.displayName})` : String(profile.displayName);
  const where = store.kind === 'keychain' ? 'OS keychain' : store.kind === 'file' ? `file store (${ctx.paths.tokenFile})` : 'environment, for this run only';
  out(`${style.ok('Signed in')} as ${name}. Tokens saved in the ${where}.`);
}

/** Registers `login`. */
export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('sign in to Garmin Connect and save the tokens (the password is never stored)')
    .option('--email <email>', 'account email (asked on a terminal when missing)')
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .option('--mfa-code <code>', 'the security code Garmin sent; alone, finishes a sign-in started with --no-prompt')
    .option('--no-prompt', 'never ask: when Garmin wants a code, save the half-done sign-in (5 minutes) and exit 3')
    .option('--ticket <ST-…>', 'sign in with a service ticket copied from a browser instead of a password')
    .option('--service <url>', 'the CAS service the ticket was issued for', MOBILE_SERVICE_URL)
    .option('--browser', 'sign in in your own Chrome/Chromium (MFA and captchas included)')
    .option('--import-tokens <file|->', "use tokens from `garmin-sync token export` or python-garminconnect's garmin_tokens.json ('-' reads stdin)")
    .option('--force', 'try even though Garmin refused a sign-in recently; replace a saved session without asking')
    .addHelpText(
      'after',
      `
Examples:
  garmin-sync login
  printf '%s' "$GARMIN_PASSWORD" | garmin-sync login --email me@example.com --password-stdin
  garmin-sync login --email me@example.com --password-stdin --mfa-code 123456 < pw.txt
  garmin-sync login --email me@example.com --password-stdin --no-prompt < pw.txt   # then:
  garmin-sync login --mfa-code 123456
  garmin-sync login --browser
  garmin-sync login --import-tokens ~/.garminconnect/garmin_tokens.json
  garmin-sync token export | ssh server garmin-sync login --import-tokens -

With a password, the sign-in paths are tried in this order, one attempt each: Garmin's mobile app
sign-in, the legacy web widget, the web portal, through a browser's TLS and HTTP/2 (the
impersonate setting). A path that is blocked (403, a Cloudflare page), unavailable, wants a
CAPTCHA or yields a token the API calls "not active" hands over to the next; a rate limit (429)
stops at once, exit 4, and no new attempt is made before the time it names unless --force.

Getting a ticket for --ticket: open
  https://sso.garmin.com/mobile/sso/en_US/sign-in?clientId=GCM_ANDROID_DARK&service=https://mobile.integration.garmin.com/gcm/android
in a browser with the developer tools open (Network tab), sign in, click the request to
/mobile/api/login (or /mobile/api/mfa/verifyCode after a code) and copy "serviceTicketId"
(ST-…). Tickets are single use and expire within a minute or two: run the command at once.

Tokens go to the OS keychain; set GARMIN_SYNC_TOKEN_STORE=file to keep them in a 0600 file instead.`,
    )
    .action(async (opts: LoginOptions, command: Command) => runLogin(contextOf(command), opts));
}
