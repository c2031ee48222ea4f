/**
 * `garmin-sync login`: signs in once and saves the tokens (OS keychain, or the file store).
 * The password lives in memory for the login only: it is never written, logged or put in an error.
 * A login is never retried automatically — retries are what lock accounts.
 */
import { input, password as passwordPrompt } from '@inquirer/prompts';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { exchangeServiceTicket, loginWithPassword, validateTokens, type MfaChallenge } from '../../garmin/auth/login.js';
import type { TokenBundle } from '../../garmin/types.js';
import type { SocialProfile } from '../../garmin/api/profile.js';
import { contextOf, type Context } from '../context.js';
import { out, style } from '../output.js';

/** The CAS service a ticket copied from the Android sign-in page belongs to (protocol §2.3). */
const ANDROID_SERVICE = 'https://mobile.integration.garmin.com/gcm/android';

interface LoginOptions {
  email?: string;
  passwordStdin?: boolean;
  mfaCode?: string;
  ticket?: string;
  service: string;
}

/** True when a person can answer prompts (stdin and stderr, where prompts are drawn, are terminals). */
function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function askEmail(opts: LoginOptions): Promise<string> {
  if (opts.email) return opts.email;
  if (!interactive()) throw new UsageError('no terminal to ask for the email: pass --email <address>');
  return input({ message: 'Garmin account email:', validate: (v) => v.includes('@') || 'an email address' }, { output: process.stderr });
}

async function askPassword(opts: LoginOptions): Promise<string> {
  if (opts.passwordStdin) {
    const password = await readStdin();
    if (!password) throw new UsageError('--password-stdin read an empty password');
    return password;
  }
  if (!interactive()) throw new UsageError('no terminal to ask for the password: pipe it in with --password-stdin');
  return passwordPrompt({ message: 'Password:', mask: '*' }, { output: process.stderr });
}

async function askMfaCode(opts: LoginOptions, challenge: MfaChallenge): Promise<string> {
  if (opts.mfaCode) return opts.mfaCode.trim();
  if (!interactive()) {
    throw new UsageError(`Garmin asks for a security code (sent by ${challenge.method}): run login again with --mfa-code <code>`);
  }
  const where = challenge.sentTo ? ` sent to ${challenge.sentTo}` : ` (${challenge.method})`;
  return input({ message: `Security code${where}:`, validate: (v) => /^\d{4,8}$/.test(v.trim()) || 'the digits of the code' }, { output: process.stderr });
}

async function loginWithTicket(ctx: Context, ticket: string, service: string): Promise<{ tokens: TokenBundle; profile: SocialProfile }> {
  if (!/^ST-[\w-]+$/.test(ticket)) throw new UsageError('--ticket takes a service ticket like ST-0123456-AbCdEfGhIjKlMnOpQrSt-sso');
  const tokens = await exchangeServiceTicket(ctx.endpoints(), ticket, service, ctx.log);
  return { tokens, profile: await validateTokens(ctx.endpoints(), tokens, ctx.log) };
}

async function runLogin(ctx: Context, opts: LoginOptions): Promise<void> {
  const store = ctx.store();
  const { tokens, profile } = opts.ticket
    ? await loginWithTicket(ctx, opts.ticket, opts.service)
    : await loginWithPassword({
        endpoints: ctx.endpoints(),
        email: await askEmail(opts),
        password: await askPassword(opts),
        promptMfaCode: (challenge) => askMfaCode(opts, challenge),
        log: ctx.log,
      });
  await store.save(tokens);
  const state = await ctx.archive.readState();
  state.account = {
    displayName: String(profile.displayName),
    fullName: profile.fullName ?? null,
    profileId: profile.profileId ?? null,
    isValid: true,
    lastValidatedAt: new Date().toISOString(),
    validationError: null,
  };
  await ctx.archive.writeState(state);
  const name = profile.fullName ? `${profile.fullName} (${profile.displayName})` : String(profile.displayName);
  out(`${style.ok('Signed in')} as ${name}. Tokens saved in the ${store.kind === 'keychain' ? 'OS keychain' : store.kind === 'file' ? `file store (${ctx.paths.tokenFile})` : 'environment, for this run only'}.`);
}

/** Registers `login`. */
export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('sign in to Garmin Connect and save the tokens (the password is never stored)')
    .option('--email <email>', 'account email (asked on a terminal when missing)')
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .option('--mfa-code <code>', 'the security code Garmin sent, when the account uses MFA')
    .option('--ticket <ST-…>', 'sign in with a service ticket copied from a browser instead of a password')
    .option('--service <url>', 'the CAS service the ticket was issued for', ANDROID_SERVICE)
    .addHelpText(
      'after',
      `
Examples:
  garmin-sync login
  printf '%s' "$GARMIN_PASSWORD" | garmin-sync login --email me@example.com --password-stdin
  garmin-sync login --email me@example.com --password-stdin --mfa-code 123456 < pw.txt

Tokens go to the OS keychain; set GARMIN_SYNC_TOKEN_STORE=file to keep them in a 0600 file instead.
A refused login is never retried automatically: Garmin's lockout re-arms on every attempt.`,
    )
    .action(async (opts: LoginOptions, command: Command) => runLogin(contextOf(command), opts));
}
