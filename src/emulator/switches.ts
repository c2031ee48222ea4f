/**
 * Failure and behaviour switches of the emulator. All are mutable at any time; tests flip them
 * between commands. Each maps to a failure users meet (design.md "The emulator").
 */

/** The four DI OAuth2 client ids clients try in order (protocol §2.3). */
export const DI_CLIENT_IDS = [
  'GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2',
  'GARMIN_CONNECT_MOBILE_ANDROID_DI_2024Q4',
  'GARMIN_CONNECT_MOBILE_ANDROID_DI',
  'GARMIN_CONNECT_MOBILE_IOS_DI',
] as const;

/** What SSO login POSTs answer when rate limited (protocol §2.1, §2.2, §3.8). */
export type LoginRateLimit = null | 'cloudflare429' | 'cloudflare403' | 'json429';

/** The three SSO sign-in paths (protocol §2.1 widget, §2.2 mobile JSON, §2.3 portal JSON). */
export type LoginPath = 'mobile' | 'portal' | 'widget';

/**
 * How a sign-in path refuses when switched off: `notFound` (the route answers the 404 page, as when
 * Garmin retires an endpoint), `captcha` (JSON paths answer CAPTCHA_REQUIRED, protocol §2.2) or
 * `cloudflare403` (its credential POST answers Cloudflare's 403 block page, error 1020: that path's
 * bot check, protocol §2.1 "Cloudflare").
 */
export type LoginPathRefusal = 'notFound' | 'captcha' | 'cloudflare403';

/** The emulator's switches (defaults in DEFAULT_SWITCHES). */
export interface Switches {
  /** The account requires MFA (mobile JSON flow, §2.4). */
  mfa: boolean;
  /** Login answers the (invented) locked-account shape. */
  lockedAccount: boolean;
  /** What every SSO login POST (and MFA verify POST) answers; null = normal. */
  loginRateLimit: LoginRateLimit;
  /** Sign-in paths that refuse, and how (the client must fall through to the next path, §2.3). */
  loginPathRefusals: Partial<Record<LoginPath, LoginPathRefusal>>;
  /**
   * The sign-in page's own JavaScript fills in the demo account (and the MFA code when asked) and
   * submits by itself, so a real browser driven by `login --browser` signs in without a person.
   */
  browserAutofill: boolean;
  /** Lifetime of newly minted access tokens, seconds. */
  accessTokenTtlSeconds: number;
  /** Lifetime of newly minted refresh tokens, seconds. */
  refreshTokenTtlSeconds: number;
  /** DI client ids diauth accepts; others get 401 invalid_client. */
  acceptedClientIds: string[];
  /** The next N freshly minted access tokens are rejected by connectapi with 401 "Token is not active". */
  tokenNotActiveCount: number;
  /** The refresh grant answers 400 invalid_grant. */
  revokeRefreshTokens: boolean;
  /** The next `count` connectapi requests answer 429 (with Retry-After when given). */
  api429: null | { count: number; retryAfterSeconds?: number };
  /** The next N connectapi requests answer 500, then 503, alternating. */
  api5xxCount: number;
  /** The next N connectapi requests are cut (socket destroyed without an answer). */
  dropConnectionsCount: number;
  /** Delay before every answer, ms. */
  latencyMs: number;
  /** The next `count` requests whose path starts with `pathPrefix` are answered only after `delayMs` (a slow Garmin, deterministically). */
  slowResponses: null | { count: number; delayMs: number; pathPrefix: string };
  /** The next N uploads answer 503. */
  uploadFailCount: number;
  /** How many times an upload's status URL answers 202 before the final 200. */
  uploadPollsBeforeDone: number;
  /** Workout create/replace silently drops `poolLength`/`poolLengthUnit` (reported for a public client, workout-text.md §4.4). */
  workoutDropsPoolLength: boolean;
}

/** Fresh defaults (a new object each call). */
export function defaultSwitches(): Switches {
  return {
    mfa: false,
    lockedAccount: false,
    loginRateLimit: null,
    loginPathRefusals: {},
    browserAutofill: false,
    accessTokenTtlSeconds: 86_400,
    refreshTokenTtlSeconds: 2_592_000,
    acceptedClientIds: [...DI_CLIENT_IDS],
    tokenNotActiveCount: 0,
    revokeRefreshTokens: false,
    api429: null,
    api5xxCount: 0,
    dropConnectionsCount: 0,
    latencyMs: 0,
    slowResponses: null,
    uploadFailCount: 0,
    uploadPollsBeforeDone: 1,
    workoutDropsPoolLength: false,
  };
}
