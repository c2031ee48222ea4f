/**
 * The request headers of the sign-in requests, per impersonated browser: values, and the order the
 * browser sends them in (Cloudflare compares both with the TLS and HTTP/2 fingerprint, issue 12).
 *
 * Three kinds of request: `navigate` (a page GET: the sign-in page, a redirect), `form` (an HTML
 * form POST: the legacy widget) and `json` (a `fetch()` from the page's script: the mobile and
 * portal JSON logins). Two flows: `web` (the widget and portal paths: a desktop browser) and
 * `mobile` (the mobile path: the web view of the platform the Garmin app runs on — Android's
 * Chromium WebView for `chrome`, iOS's WKWebView for `safari`, Firefox for Android for `firefox`).
 *
 * Sources: the values and base order are impit 0.14's own profiles for Chrome 151, Firefox 144 and
 * Safari on iOS 18 (printed from a loopback server); Origin, Referer, Content-Type, Cache-Control
 * and Cookie, which those profiles do not carry, are placed where Chrome and Firefox put them in
 * their HTTP/2 requests (Safari: after the headers impit sends). `none` keeps the headers of
 * protocol §1 (garth 0.8 and python-garminconnect with Node's own client).
 */

/** The values of the `impersonate` setting: a browser whose TLS, HTTP/2 and headers are sent, or `none` (Node's own client). */
export const IMPERSONATIONS = ['chrome', 'firefox', 'safari', 'none'] as const;
/** One value of the `impersonate` setting. */
export type Impersonation = (typeof IMPERSONATIONS)[number];

/** A page GET, an HTML form POST, or a script's `fetch()` POST with a JSON body. */
export type RequestKind = 'navigate' | 'form' | 'json';
/** `web`: the widget and portal paths (a desktop browser); `mobile`: the mobile path (the Garmin app's web view). */
export type SignInFlow = 'web' | 'mobile';

/** What a request adds to its kind's headers: the page it comes from (sets `Referer` and `Sec-Fetch-Site: same-origin`) and the `Origin` of a POST. */
export interface RequestContext {
  referer?: string;
  origin?: string;
}

/** An ordered header list, as sent. */
export type HeaderList = [string, string][];

/** The headers of one browser (or of `none`) for one flow. */
export interface HeaderProfile {
  impersonation: Impersonation;
  /** The browser named for people, e.g. `Chrome 151`; `Node.js` for none. */
  label: string;
  /** impit's `browser` option for this profile (none: undefined). */
  impitBrowser?: 'chrome151' | 'firefox144' | 'ios18';
  /** The ordered headers of a request of `kind` (names lowercase). */
  headers(kind: RequestKind, request?: RequestContext): HeaderList;
  /** Where this browser puts `Cookie`: before the first of these names present (none present: last). */
  cookieBefore: readonly string[];
}

const HTML_ACCEPT_CHROME = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/** What the SSO page's script (axios) accepts on its JSON calls (protocol §1, python-garminconnect mobile login). */
const JSON_ACCEPT = 'application/json, text/plain, */*';
const ENCODINGS = 'gzip, deflate, br, zstd';
const FORM = 'application/x-www-form-urlencoded';

/** Keeps the entries whose value is defined, in the order of `names`. */
function ordered(names: readonly string[], values: Record<string, string | undefined>): HeaderList {
  return names.filter((n) => values[n] !== undefined).map((n) => [n, values[n] as string]);
}

/** The Sec-Fetch-* and Priority values of a request (they are the same for every browser but Priority). */
function fetchMetadata(kind: RequestKind, request: RequestContext): Record<string, string | undefined> {
  const site = request.referer ? 'same-origin' : 'none';
  if (kind === 'json') return { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };
  return { 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate', 'sec-fetch-user': '?1', 'sec-fetch-dest': 'document', 'upgrade-insecure-requests': '1' };
}

/** Chrome 151 (impit `chrome151`): desktop Windows, or Android's WebView (the Garmin Connect app) on the mobile flow. */
function chrome(flow: SignInFlow): HeaderProfile {
  const identity =
    flow === 'mobile'
      ? {
          'sec-ch-ua': '"Not=A?Brand";v="99", "Android WebView";v="151", "Chromium";v="151"',
          'sec-ch-ua-mobile': '?1',
          'sec-ch-ua-platform': '"Android"',
          'user-agent': 'Mozilla/5.0 (Linux; Android 13; sdk_gphone64_arm64 Build/TE1A.220922.034; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/151.0.0.0 Mobile Safari/537.36',
        }
      : {
          'sec-ch-ua': '"Not=A?Brand";v="99", "Google Chrome";v="151", "Chromium";v="151"',
          'sec-ch-ua-mobile': '?0',
          'sec-ch-ua-platform': '"Windows"',
          'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/151.0.0.0 Safari/537.36',
        };
  // Chrome orders a navigation and a fetch() differently (sec-ch-ua-platform leads a fetch).
  const navigation = ['cache-control', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'origin', 'content-type', 'upgrade-insecure-requests', 'user-agent', 'accept', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-user', 'sec-fetch-dest', 'referer', 'accept-encoding', 'accept-language', 'priority'];
  const script = ['sec-ch-ua-platform', 'user-agent', 'accept', 'sec-ch-ua', 'content-type', 'sec-ch-ua-mobile', 'origin', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'referer', 'accept-encoding', 'accept-language', 'priority'];
  return {
    impersonation: 'chrome',
    label: flow === 'mobile' ? 'Chrome 151 (Android WebView)' : 'Chrome 151',
    impitBrowser: 'chrome151',
    cookieBefore: ['priority'],
    headers: (kind, request = {}) =>
      ordered(kind === 'json' ? script : navigation, {
        ...identity,
        ...fetchMetadata(kind, request),
        'cache-control': kind === 'form' ? 'max-age=0' : undefined,
        origin: kind === 'navigate' ? undefined : request.origin,
        'content-type': kind === 'form' ? FORM : kind === 'json' ? 'application/json' : undefined,
        accept: kind === 'json' ? JSON_ACCEPT : HTML_ACCEPT_CHROME,
        referer: request.referer,
        'accept-encoding': ENCODINGS,
        'accept-language': 'en-US,en;q=0.9',
        priority: kind === 'json' ? 'u=1, i' : 'u=0, i',
      }),
  };
}

/** Firefox 144 (impit `firefox144`): desktop macOS, or Firefox for Android on the mobile flow. */
function firefox(flow: SignInFlow): HeaderProfile {
  const userAgent =
    flow === 'mobile' ? 'Mozilla/5.0 (Android 13; Mobile; rv:144.0) Gecko/144.0 Firefox/144.0' : 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:144.0) Gecko/20100101 Firefox/144.0';
  const names = ['user-agent', 'accept', 'accept-language', 'accept-encoding', 'content-type', 'origin', 'referer', 'upgrade-insecure-requests', 'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user', 'priority', 'te'];
  return {
    impersonation: 'firefox',
    label: flow === 'mobile' ? 'Firefox 144 (Android)' : 'Firefox 144',
    impitBrowser: 'firefox144',
    cookieBefore: ['upgrade-insecure-requests', 'sec-fetch-dest', 'priority', 'te'],
    headers: (kind, request = {}) =>
      ordered(names, {
        ...fetchMetadata(kind, request),
        'user-agent': userAgent,
        accept: kind === 'json' ? JSON_ACCEPT : HTML_ACCEPT,
        'accept-language': 'en-US,en;q=0.5',
        'accept-encoding': ENCODINGS,
        'content-type': kind === 'form' ? FORM : kind === 'json' ? 'application/json' : undefined,
        origin: kind === 'navigate' ? undefined : request.origin,
        referer: request.referer,
        priority: kind === 'json' ? 'u=4' : 'u=0, i',
        te: 'trailers',
      }),
  };
}

/** Safari on iOS 18 (impit `ios18`); on the mobile flow with the Garmin Connect app's WKWebView User-Agent (protocol §1). */
function safari(flow: SignInFlow): HeaderProfile {
  const userAgent =
    flow === 'mobile'
      ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148'
      : 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.5 Mobile/15E148 Safari/604.1';
  const names = ['content-type', 'origin', 'user-agent', 'accept', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'referer', 'accept-language', 'priority', 'accept-encoding'];
  return {
    impersonation: 'safari',
    label: flow === 'mobile' ? 'Safari 18 (iOS web view)' : 'Safari 18 (iOS)',
    impitBrowser: 'ios18',
    cookieBefore: [],
    headers: (kind, request = {}) => {
      const { 'sec-fetch-user': _user, 'upgrade-insecure-requests': _upgrade, ...metadata } = fetchMetadata(kind, request);
      return ordered(names, {
        ...metadata,
        'content-type': kind === 'form' ? FORM : kind === 'json' ? 'application/json' : undefined,
        origin: kind === 'navigate' ? undefined : request.origin,
        'user-agent': userAgent,
        accept: kind === 'json' ? JSON_ACCEPT : HTML_ACCEPT,
        referer: request.referer,
        'accept-language': 'en-US,en;q=0.9',
        priority: kind === 'json' ? 'u=3, i' : 'u=0, i',
        'accept-encoding': ENCODINGS,
      });
    },
  };
}

/** The iPhone web view User-Agent of protocol §1 (garth 0.8, python-garminconnect). */
const SSO_USER_AGENT = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';

/** `none`: the headers of protocol §1 (garth 0.8 `SSO_PAGE_HEADERS`, python-garminconnect's mobile login), order as there. */
function plain(): HeaderProfile {
  return {
    impersonation: 'none',
    label: 'Node.js',
    cookieBefore: [],
    headers: (kind, request = {}) => {
      if (kind === 'json') {
        return ordered(['user-agent', 'accept', 'accept-language', 'content-type', 'origin', 'referer'], {
          'user-agent': SSO_USER_AGENT,
          accept: JSON_ACCEPT,
          'accept-language': 'en-US,en;q=0.9',
          'content-type': 'application/json',
          origin: request.origin,
          referer: request.referer,
        });
      }
      return ordered(['user-agent', 'accept', 'accept-language', 'sec-fetch-mode', 'sec-fetch-dest', 'sec-fetch-site', 'content-type', 'referer', 'origin'], {
        'user-agent': SSO_USER_AGENT,
        accept: HTML_ACCEPT,
        'accept-language': 'en-US,en;q=0.9',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-dest': 'document',
        'sec-fetch-site': request.referer ? 'same-origin' : 'none',
        'content-type': kind === 'form' ? FORM : undefined,
        referer: request.referer,
        origin: kind === 'form' ? request.origin : undefined,
      });
    },
  };
}

/** The header profile of `impersonation` on `flow` (see the module comment). */
export function headerProfile(impersonation: Impersonation, flow: SignInFlow): HeaderProfile {
  if (impersonation === 'chrome') return chrome(flow);
  if (impersonation === 'firefox') return firefox(flow);
  if (impersonation === 'safari') return safari(flow);
  return plain();
}

/** Every header name impit's browser profiles add by themselves (blanked when a request does not send it, so only ours go out). */
export const IMPIT_DEFAULT_HEADERS = [
  'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'upgrade-insecure-requests', 'user-agent', 'accept', 'sec-fetch-site',
  'sec-fetch-mode', 'sec-fetch-user', 'sec-fetch-dest', 'accept-encoding', 'accept-language', 'priority', 'te',
] as const;

/**
 * Moves a `cookie` header (the cookie jar appends it last) to where `profile`'s browser sends it.
 * Returns a new list; the other headers keep their order.
 */
export function placeCookie(headers: HeaderList, profile: Pick<HeaderProfile, 'cookieBefore'>): HeaderList {
  const cookie = headers.filter(([name]) => name.toLowerCase() === 'cookie');
  if (cookie.length === 0) return headers;
  const rest = headers.filter(([name]) => name.toLowerCase() !== 'cookie');
  const at = rest.findIndex(([name]) => profile.cookieBefore.includes(name.toLowerCase()));
  return at < 0 ? [...rest, ...cookie] : [...rest.slice(0, at), ...cookie, ...rest.slice(at)];
}
