/**
 * `login --browser`: drives the person's own Chrome or Chromium with playwright-core (an optional
 * dependency; no browser is ever downloaded) to Garmin's mobile sign-in page, lets them sign in
 * (MFA and captchas included: a real browser passes Cloudflare's checks where scripts fail,
 * protocol §0 and §2.3 "Manual fallback"), and reads the `serviceTicketId` from the page's own
 * `/mobile/api/login` or `/mobile/api/mfa/verifyCode` answer. The ticket is then exchanged like
 * any other. The browser runs with a fresh temporary profile that playwright deletes on close.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthError, UsageError } from '../../errors.js';
import { type RequestLogger, redact } from '../http.js';
import type { Endpoints } from '../types.js';
import { mobilePath, signInPageUrl } from './sso.js';

/** Where Chrome and Chromium usually live, per platform (the first that exists is used). */
function usualBrowserPaths(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      join(homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
    ];
  }
  if (platform === 'win32') {
    const roots = [process.env['PROGRAMFILES'], process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => [join(root, 'Google/Chrome/Application/chrome.exe'), join(root, 'Chromium/Application/chrome.exe')]);
  }
  return ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];
}

/**
 * The browser to drive: `GARMIN_SYNC_BROWSER` when set, else the first of the usual Chrome and
 * Chromium paths of this platform that exists.
 * @throws UsageError (exit 2) when GARMIN_SYNC_BROWSER names no file, or nothing is found.
 */
export function findBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const chosen = env.GARMIN_SYNC_BROWSER?.trim();
  if (chosen) {
    if (!existsSync(chosen)) throw new UsageError(`GARMIN_SYNC_BROWSER names ${chosen}, which does not exist`);
    return chosen;
  }
  const found = usualBrowserPaths(platform).find((path) => existsSync(path));
  if (!found) {
    throw new UsageError('no Chrome or Chromium found: install one, or set GARMIN_SYNC_BROWSER to its executable (or use `garmin-sync login --ticket <ST-…>`)');
  }
  return found;
}

/** Options of {@link ticketFromBrowser}. */
export interface BrowserSignInOptions {
  endpoints: Endpoints;
  /** The Chrome/Chromium executable ({@link findBrowser}). */
  executablePath: string;
  /** Without a window (tests and CI against the emulator; nobody can type into it). */
  headless: boolean;
  /** How long the person has to sign in, ms. */
  timeoutMs: number;
  log?: RequestLogger;
}

/** The JSON answers that carry the ticket (protocol §2.2, §2.4). */
const TICKET_ANSWER = /\/(mobile|portal)\/api\/(login|mfa\/verifyCode)(\?|$)/;

/** Chromium flags: no first-run UI and no background traffic; no sandbox when running as root (containers), where Chromium refuses to start with one. */
function chromiumArgs(): string[] {
  const args = ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * Opens Garmin's mobile sign-in page in the browser and waits until its own login (or MFA) answer
 * carries a service ticket. Returns the ticket and the service it was issued for.
 * @throws UsageError (exit 2) when playwright-core is not installed or the browser cannot start;
 *   AuthError (exit 3) when the window is closed or `timeoutMs` passes without a ticket.
 */
export async function ticketFromBrowser(o: BrowserSignInOptions): Promise<{ ticket: string; service: string }> {
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new UsageError('`login --browser` needs playwright-core (an optional dependency of garmin-sync): `npm install -g playwright-core`, or use `garmin-sync login --ticket <ST-…>`');
  }
  const sso = mobilePath();
  const url = signInPageUrl(o.endpoints, sso);
  let browser: import('playwright-core').Browser;
  try {
    browser = await playwright.chromium.launch({ executablePath: o.executablePath, headless: o.headless, args: chromiumArgs() });
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200);
    throw new UsageError(`could not start ${o.executablePath}: ${reason}`);
  }
  try {
    const page = await browser.newPage();
    const found = new Promise<{ ticket: string; service: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AuthError(`no sign-in within ${Math.round(o.timeoutMs / 1000)} s in the browser; run \`garmin-sync login --browser\` again`)), o.timeoutMs);
      page.on('close', () => {
        clearTimeout(timer);
        reject(new AuthError('the browser window was closed before the sign-in finished'));
      });
      page.on('response', (response) => {
        if (!TICKET_ANSWER.test(response.url())) return;
        o.log?.(`browser ← ${response.status()} ${response.request().method()} ${redact(response.url())}`);
        response
          .json()
          .then((answer: { serviceTicketId?: unknown; serviceURL?: unknown }) => {
            if (typeof answer.serviceTicketId !== 'string' || !answer.serviceTicketId) return;
            clearTimeout(timer);
            resolve({ ticket: answer.serviceTicketId, service: typeof answer.serviceURL === 'string' && answer.serviceURL ? answer.serviceURL : sso.service });
          })
          .catch(() => {});
      });
    });
    found.catch(() => {});
    o.log?.(`browser → GET ${redact(url)}`);
    await page.goto(url);
    return await found;
  } finally {
    await browser.close().catch(() => {});
  }
}
