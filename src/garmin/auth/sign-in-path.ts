/**
 * What every credential sign-in path (protocol §2.3 step 1: mobile JSON, legacy widget, portal
 * JSON) has in common: how it ends (a ticket, or a pending MFA step), and the one error that lets
 * the login go on to the next path.
 *
 * The rule (../shared/design.md "Command line", protocol §0 and §2.3, python-garminconnect's
 * fall-through), in one place:
 * - a rate limit (429, a JSON `status-code: 429`, or Cloudflare's "rate limited" page) on any step
 *   stops the whole login at once: every further attempt re-arms Garmin's lockout;
 * - a wrong password or MFA code, or a locked account, stops it too (another path would say the same);
 * - a path that is refused for any other reason — a 403 or another Cloudflare page (that path's
 *   bot check), a 404 or an unexpected page, CAPTCHA_REQUIRED, a token the API calls "not active"
 *   — throws PathRefusedError, and the next path is tried. No path is ever tried twice.
 */
import { RefusedError } from '../../errors.js';
import type { HeaderProfile } from '../browser-headers.js';
import type { HttpContext } from '../http.js';

/** The credential sign-in paths, in the order they are tried (protocol §2.3 table). */
export const SIGN_IN_PATHS = ['mobile', 'widget', 'portal'] as const;
/** One credential sign-in path. */
export type SignInPath = (typeof SIGN_IN_PATHS)[number];

/** The HttpContext of one sign-in path: its fetch (with the path's cookie jar) and the headers of the browser it presents as. */
export interface SsoContext extends HttpContext {
  profile: HeaderProfile;
}

/** How Garmin sent the MFA code: `method` from `mfaLastMethodUsed`/`mfaMethod` (`email`, `sms`, …), `sentTo` masked, e.g. `mt*****@gmail.com`. */
export interface MfaChallenge {
  method: string;
  sentTo: string | null;
}

/**
 * Exit 4 when it ends the login: this path is refused for a reason other than a rate limit
 * (a 403 bot check, 404, an unexpected page, CAPTCHA_REQUIRED, a minted token the API calls "not
 * active"), so the login goes on to the next path. `path` names it in the summary.
 */
export class PathRefusedError extends RefusedError {
  readonly path: SignInPath;
  constructor(path: SignInPath, message: string, status?: number) {
    super(message, status);
    this.path = path;
  }
}

/**
 * Where a path stands after the credentials were posted: a service ticket for `service`, or an MFA
 * step whose `state` (strings only: URLs, CSRF tokens, the MFA method) lets it be finished later,
 * in this process or another (two-phase MFA; the cookies travel separately).
 */
export type PathOutcome =
  | { kind: 'ticket'; ticket: string; service: string }
  | { kind: 'mfa'; challenge: MfaChallenge; service: string; state: Record<string, string> };
