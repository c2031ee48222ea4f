import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { resolveEndpoints } from '../../src/garmin/endpoints.js';

describe('resolveEndpoints', () => {
  it('defaults to the garmin.com hosts', () => {
    expect(resolveEndpoints({})).toEqual({
      domain: 'garmin.com',
      ssoUrl: 'https://sso.garmin.com',
      apiUrl: 'https://connectapi.garmin.com',
      diauthUrl: 'https://diauth.garmin.com',
    });
  });

  it('switches all three defaults for garmin.cn', () => {
    expect(resolveEndpoints({ GARMIN_SYNC_DOMAIN: 'garmin.cn' })).toEqual({
      domain: 'garmin.cn',
      ssoUrl: 'https://sso.garmin.cn',
      apiUrl: 'https://connectapi.garmin.cn',
      diauthUrl: 'https://diauth.garmin.cn',
    });
  });

  it('takes overrides one by one and strips trailing slashes', () => {
    const e = resolveEndpoints({ GARMIN_SYNC_API_URL: 'https://proxy.example/connectapi//', GARMIN_SYNC_DOMAIN: 'garmin.cn' });
    expect(e.apiUrl).toBe('https://proxy.example/connectapi');
    expect(e.ssoUrl).toBe('https://sso.garmin.cn');
  });

  it.each(['http://127.0.0.1:8123', 'http://127.5.4.3', 'http://localhost:9000/', 'http://[::1]:4000'])('accepts plain http for the loopback host %s', (url) => {
    expect(resolveEndpoints({ GARMIN_SYNC_SSO_URL: url }).ssoUrl).toBe(url.replace(/\/$/, ''));
  });

  it.each(['http://example.com', 'http://192.168.1.5:8080', 'http://128.0.0.1', 'http://localhost.example.com'])('refuses plain http for %s', (url) => {
    expect(() => resolveEndpoints({ GARMIN_SYNC_DIAUTH_URL: url })).toThrow(UsageError);
    expect(() => resolveEndpoints({ GARMIN_SYNC_DIAUTH_URL: url })).toThrow(/GARMIN_SYNC_DIAUTH_URL.*loopback/);
  });

  it('refuses an unknown domain and a URL that is not one', () => {
    expect(() => resolveEndpoints({ GARMIN_SYNC_DOMAIN: 'garmin.de' })).toThrow(UsageError);
    expect(() => resolveEndpoints({ GARMIN_SYNC_API_URL: 'connectapi' })).toThrow(/GARMIN_SYNC_API_URL is not a URL/);
    expect(() => resolveEndpoints({ GARMIN_SYNC_API_URL: 'ftp://127.0.0.1' })).toThrow(UsageError);
  });
});
