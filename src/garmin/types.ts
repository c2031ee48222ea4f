/**
 * Shapes shared by the Garmin client, the token stores and the CLI.
 * Source: ../shared/reference/garmin-protocol.md §1 (hosts), §2.3 (DI OAuth2), §2.7 (formats).
 */

/** Base URLs of the three Garmin hosts the client talks to (no trailing slash). */
export interface Endpoints {
  /** `garmin.com` or `garmin.cn`. */
  domain: 'garmin.com' | 'garmin.cn';
  /** CAS SSO, e.g. `https://sso.garmin.com`. */
  ssoUrl: string;
  /** Data API, e.g. `https://connectapi.garmin.com`. */
  apiUrl: string;
  /** DI OAuth2 token host, e.g. `https://diauth.garmin.com`. */
  diauthUrl: string;
}

/**
 * A DI OAuth2 token pair as garmin-sync keeps it (protocol §2.3). Times are unix seconds.
 */
export interface DiToken {
  /** The DI client id that minted the token, e.g. `GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2`; refresh must reuse it. */
  clientId: string;
  /** JWT bearer for connectapi. */
  accessToken: string;
  /** Opaque refresh token (rotates on refresh). */
  refreshToken: string;
  /** Unix seconds when the access token expires (from the JWT `exp`, else now + expires_in). */
  accessExpiresAt: number;
  /** Unix seconds when the refresh token expires, or null when Garmin did not say. */
  refreshExpiresAt: number | null;
  /** OAuth2 scope string, when Garmin sent one. */
  scope?: string;
}

/**
 * Everything a signed-in session needs, as stored in the keychain/file store and as printed by
 * `garmin-sync token export`. Contains secrets: never log or print it outside `token export`.
 */
export interface TokenBundle {
  schemaVersion: 1;
  domain: 'garmin.com' | 'garmin.cn';
  di: DiToken;
  /** ISO time the bundle was first created by a login. */
  createdAt: string;
  /**
   * The persistent SSO cookies of the last sign-in (a tough-cookie jar's serialization, session
   * cookies left out): among them the one Garmin sets for a browser that asked to be remembered
   * after its MFA code (`rememberMyBrowser: true`, protocol §2.4), which the next sign-in sends
   * back so that it is not asked for a code again. Absent when there were none.
   */
  rememberedBrowser?: unknown;
}
