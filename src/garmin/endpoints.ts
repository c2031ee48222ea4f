import { UsageError } from '../errors.js';
import type { Endpoints } from './types.js';

/**
 * Default hosts per Garmin domain (protocol §1; `.cn` accounts must use the `.cn` hosts, or
 * refresh fails with `invalid_grant`).
 */
const DEFAULT_HOSTS: Record<Endpoints['domain'], Omit<Endpoints, 'domain'>> = {
  'garmin.com': {
    ssoUrl: 'https://sso.garmin.com',
    apiUrl: 'https://connectapi.garmin.com',
    diauthUrl: 'https://diauth.garmin.com',
  },
  'garmin.cn': {
    ssoUrl: 'https://sso.garmin.cn',
    apiUrl: 'https://connectapi.garmin.cn',
    diauthUrl: 'https://diauth.garmin.cn',
  },
};

/** True for hosts that never leave this machine: 127.0.0.0/8, `localhost`, `[::1]`. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Checks one base URL from the environment and returns it without trailing slashes. */
function baseUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${variable} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${variable} must be an https:// URL, not ${url.protocol}//`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(`${variable} may use plain http:// only for a loopback host (127.0.0.1, localhost, [::1]); use https://`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(`${variable} must be a base URL without query, fragment or credentials`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Base URLs of the three Garmin hosts from the environment (../shared/design.md,
 * "Environment variables"): `GARMIN_SYNC_DOMAIN` (`garmin.com` default, or `garmin.cn`) picks
 * the defaults `https://sso.garmin.<tld>`, `https://connectapi.garmin.<tld>`,
 * `https://diauth.garmin.<tld>`; `GARMIN_SYNC_SSO_URL`, `GARMIN_SYNC_API_URL` and
 * `GARMIN_SYNC_DIAUTH_URL` override them one by one. Plain `http://` is accepted only for
 * loopback hosts (127.0.0.0/8, `localhost`, `[::1]`). Trailing slashes are stripped.
 * Throws UsageError for an unknown domain or a URL that breaks these rules.
 */
export function resolveEndpoints(env: NodeJS.ProcessEnv): Endpoints {
  const domainValue = env.GARMIN_SYNC_DOMAIN?.trim() || 'garmin.com';
  if (domainValue !== 'garmin.com' && domainValue !== 'garmin.cn') {
    throw new UsageError(`GARMIN_SYNC_DOMAIN must be garmin.com or garmin.cn, not "${domainValue}"`);
  }
  const defaults = DEFAULT_HOSTS[domainValue];
  const pick = (variable: string, fallback: string): string => {
    const value = env[variable]?.trim();
    return value ? baseUrl(variable, value) : fallback;
  };
  return {
    domain: domainValue,
    ssoUrl: pick('GARMIN_SYNC_SSO_URL', defaults.ssoUrl),
    apiUrl: pick('GARMIN_SYNC_API_URL', defaults.apiUrl),
    diauthUrl: pick('GARMIN_SYNC_DIAUTH_URL', defaults.diauthUrl),
  };
}
