/**
 * transport.ts without a server: impit's Rust error dumps become the one-line causes http.ts
 * prints (with the errno code undici would give), and each setting picks its impit profile.
 */
import { describe, expect, it } from 'vitest';
import { impitFetchError, openTransport } from '../../src/garmin/transport.js';

/** impit's message for a refused connection, as it prints it. */
const REFUSED = `Failed to connect to the server.
Reason: hyper_util::client::legacy::Error(
    Connect,
    ConnectError(
        "tcp connect error",
        127.0.0.1:1,
        Os {
            code: 111,
            kind: ConnectionRefused,
            message: "Connection refused",
        },
    ),
)`;
const DNS = `Failed to connect to the server.
Reason: hyper_util::client::legacy::Error(
    Connect,
    ConnectError(
        "dns error",
        Custom {
            kind: Uncategorized,
            error: "failed to lookup address information: Name or service not known",
        },
    ),
)`;

describe('impit errors as undici reports them', () => {
  it.each([
    [REFUSED, 'ECONNREFUSED', 'connection refused'],
    [DNS, 'ENOTFOUND', 'DNS lookup failed (failed to lookup address information: Name or service not known)'],
  ])('%#: a TypeError("fetch failed") whose cause has the errno code and one line', (message, code, line) => {
    const mapped = impitFetchError(Object.assign(new Error(message), { name: 'ConnectError' })) as TypeError;
    expect(mapped).toBeInstanceOf(TypeError);
    expect(mapped.message).toBe('fetch failed');
    expect(mapped.cause).toMatchObject({ code, message: line });
  });

  it('a timeout or an abort passes through untouched (http.ts names the time limit)', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(impitFetchError(timeout)).toBe(timeout);
  });
});

describe('the impersonate setting', () => {
  it.each([
    ['chrome', 'chrome151', 'Chrome 151', 'Chrome 151 (Android WebView)'],
    ['firefox', 'firefox144', 'Firefox 144', 'Firefox 144 (Android)'],
    ['safari', 'ios18', 'Safari 18 (iOS)', 'Safari 18 (iOS web view)'],
  ] as const)('%s: impit %s, desktop %s, mobile sign-in as %s', async (impersonate, browser, web, mobile) => {
    const transport = await openTransport({ impersonate, impersonateApi: false });
    expect(transport.client).toBe('impit');
    expect(transport.headers('web')).toMatchObject({ impitBrowser: browser, label: web });
    expect(transport.headers('mobile')).toMatchObject({ impitBrowser: browser, label: mobile });
  });

  it('none: undici, and no impit', async () => {
    const transport = await openTransport({ impersonate: 'none', impersonateApi: true });
    expect(transport).toMatchObject({ client: 'undici', fallback: null });
    expect(transport.description).toMatch(/^undici/);
  });
});
