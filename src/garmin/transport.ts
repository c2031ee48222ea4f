/**
 * Which client carries the requests to Garmin (issue 12): impit (npm, Rust, prebuilt binaries),
 * which sends the TLS ClientHello and HTTP/2 settings of a real browser, so that Cloudflare's bot
 * checks (JA3/JA4, HTTP/2 fingerprint) see Chrome, Firefox or Safari rather than a script; or, for
 * `impersonate: none` and on a platform where impit's native module cannot load, undici (Node's
 * own TLS, with the browser-like cipher list of tls.ts for https SSO hosts).
 *
 * Every SSO request goes through {@link Transport.ssoFetch}; diauth and connectapi requests through
 * {@link Transport.apiFetch}, which is impit impersonating the Garmin app's HTTP stack (OkHttp) only
 * when `impersonateApi` is set. impit is imported here only, lazily, when a transport is opened.
 */
import { createRequire } from 'node:module';
import { IMPIT_DEFAULT_HEADERS, type HeaderList, type HeaderProfile, type Impersonation, type SignInFlow, headerProfile, placeCookie } from './browser-headers.js';
import type { FetchLike } from './http.js';
import { ssoFetch as undiciSsoFetch } from './tls.js';

/** Options of {@link openTransport}: the `impersonate` and `impersonateApi` settings. */
export interface TransportOptions {
  impersonate: Impersonation;
  impersonateApi: boolean;
}

/** The client the requests go through. */
export interface Transport {
  /** The setting asked for. */
  impersonate: Impersonation;
  /** `impit` when the impersonating client is in use, else `undici`. */
  client: 'impit' | 'undici';
  /** One line for --verbose and doctor, e.g. `impit 0.14.5 (TLS, HTTP/2 and headers of Chrome 151) for sign-in; Node's fetch for diauth and connectapi`. */
  description: string;
  /** Why impit is not used although `impersonate` asks for it (its module could not load), or null. */
  fallback: string | null;
  /** The headers of sign-in requests on `flow` (the `none` profile when undici carries them). */
  headers(flow: SignInFlow): HeaderProfile;
  /** A fetch for SSO requests of `flow` (no cookies: the caller wraps it with its cookie jar). */
  ssoFetch(flow: SignInFlow): FetchLike;
  /** A fetch for diauth and connectapi requests. */
  apiFetch(): FetchLike;
}

type ImpitModule = typeof import('impit');
type ImpitInstance = InstanceType<ImpitModule['Impit']>;

let loading: Promise<ImpitModule | Error> | undefined;

/** Imports impit once per process; resolves to the module or to the error that stopped it. */
function loadImpit(): Promise<ImpitModule | Error> {
  loading ??= import('impit').then(
    (module) => module,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  return loading;
}

/** impit's package version, or `?`. */
function impitVersion(): string {
  try {
    return (createRequire(import.meta.url)('impit/package.json') as { version: string }).version;
  } catch {
    return '?';
  }
}

/** The first line of why a native module did not load, without impit's advice paragraphs. */
function firstLine(error: Error): string {
  return (error.message.split('\n').map((l) => l.trim()).find(Boolean) ?? error.name).replace(/\.$/, '');
}

/**
 * An impit error as undici reports one (`TypeError('fetch failed')` with a cause carrying an errno
 * `code` where one can be told), so http.ts turns both into the same one-line message. impit's
 * messages are multi-line Rust debug dumps: the cause keeps their gist only.
 */
export function impitFetchError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name === 'AbortError' || error.name === 'TimeoutError') return error;
  const text = error.message;
  const osMessage = /message:\s*"([^"]+)"/.exec(text)?.[1] ?? /error:\s*"([^"]+)"/.exec(text)?.[1];
  let code: string | undefined;
  let what: string;
  if (/ConnectionRefused/.test(text)) [code, what] = ['ECONNREFUSED', 'connection refused'];
  else if (/ConnectionReset/.test(text)) [code, what] = ['ECONNRESET', 'connection reset'];
  else if (/dns error/i.test(text)) [code, what] = ['ENOTFOUND', `DNS lookup failed${osMessage ? ` (${osMessage})` : ''}`];
  else if (/TimedOut|timed out/i.test(text)) [code, what] = ['ETIMEDOUT', 'connection timed out'];
  else if (/certificate|InvalidCertificate|InvalidMessage|HandshakeFailure|AlertReceived|tls/i.test(text)) [code, what] = ['ERR_TLS_HANDSHAKE', 'TLS handshake failed'];
  else what = osMessage ?? firstLine(error);
  const cause = Object.assign(new Error(what), code ? { code } : {});
  return new TypeError('fetch failed', { cause });
}

/** Headers of a request as an ordered list (a Headers object would sort them). */
function headerList(headers: RequestInit['headers']): HeaderList {
  if (!headers) return [];
  if (headers instanceof Headers) return [...headers.entries()];
  if (Array.isArray(headers)) return headers.map(([name, value]) => [name, value] as [string, string]);
  return Object.entries(headers as Record<string, string>);
}

/**
 * A fetch over one impit instance. For a browser profile, the request's headers are sent exactly
 * in their order (the Cookie the jar appends moved to the browser's place) and the profile
 * headers impit would add by itself are dropped, so only what the caller built goes out.
 */
function impitFetch(impit: ImpitInstance, profile: Pick<HeaderProfile, 'cookieBefore'> | null): FetchLike {
  return async (input, init = {}) => {
    let headers = headerList(init.headers);
    if (profile) {
      headers = placeCookie(headers, profile);
      const sent = new Set(headers.map(([name]) => name.toLowerCase()));
      headers = [...headers, ...IMPIT_DEFAULT_HEADERS.filter((name) => !sent.has(name)).map((name): [string, string] => [name, ''])];
    }
    try {
      const response = await impit.fetch(input, { ...(init as object), headers } as Parameters<ImpitInstance['fetch']>[1]);
      return response as unknown as Response;
    } catch (error) {
      throw impitFetchError(error);
    }
  };
}

const nodeFetch: FetchLike = (input, init) => fetch(input, init);

/** The transport of `impersonate: none`, or the fallback when impit cannot load (`fallback` says why). */
function undiciTransport(o: TransportOptions, fallback: string | null): Transport {
  const why = fallback ? `; impit could not load (${fallback}), so Cloudflare sees Node's TLS` : '';
  return {
    impersonate: o.impersonate,
    client: 'undici',
    description: `undici (Node's TLS with a browser-like cipher list, HTTP/1.1) for sign-in and API${why}`,
    fallback,
    headers: () => headerProfile('none', 'web'),
    ssoFetch: () => undiciSsoFetch(),
    apiFetch: () => nodeFetch,
  };
}

/**
 * Opens the transport the settings ask for. Never throws: when impit's native module cannot
 * load, the undici transport is returned with `fallback` set (the caller tells the user once).
 */
export async function openTransport(o: TransportOptions): Promise<Transport> {
  if (o.impersonate === 'none') return undiciTransport(o, null);
  const impit = await loadImpit();
  if (impit instanceof Error) return undiciTransport(o, firstLine(impit));
  const web = headerProfile(o.impersonate, 'web');
  const mobile = headerProfile(o.impersonate, 'mobile');
  const clients = new Map<string, ImpitInstance>();
  const client = (browser: NonNullable<HeaderProfile['impitBrowser']> | 'okhttp') => {
    let instance = clients.get(browser);
    if (!instance) clients.set(browser, (instance = new impit.Impit({ browser, followRedirects: false })));
    return instance;
  };
  const api = o.impersonateApi ? "impit (TLS and HTTP/2 of the Garmin app's OkHttp)" : "Node's fetch";
  return {
    impersonate: o.impersonate,
    client: 'impit',
    description: `impit ${impitVersion()} (TLS, HTTP/2 and headers of ${web.label}; mobile sign-in as ${mobile.label}) for sign-in; ${api} for diauth and connectapi`,
    fallback: null,
    headers: (flow) => (flow === 'mobile' ? mobile : web),
    ssoFetch: (flow) => {
      const profile = flow === 'mobile' ? mobile : web;
      return impitFetch(client(profile.impitBrowser!), profile);
    },
    apiFetch: () => (o.impersonateApi ? impitFetch(client('okhttp'), null) : nodeFetch),
  };
}
