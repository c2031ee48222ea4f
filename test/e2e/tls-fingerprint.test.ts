/**
 * Measured, not claimed (issue 12): what Cloudflare sees of `garmin-sync login`. A local TCP
 * server reads each TLS ClientHello (read-tls-client-hello computes its JA4) and then hangs up;
 * GARMIN_SYNC_SSO_URL points the built CLI at it. Where Debian's Chromium is installed (CI
 * installs it), the same server records headless Chromium's ClientHello, and both are printed
 * side by side.
 *
 * JA4 is `t13d1516h2_8daaf6152771_02713d6af862`: protocol+version+SNI, cipher and extension
 * counts, first ALPN; then a hash of the sorted cipher suites; then a hash of the sorted
 * extensions and signature algorithms. The cipher hash and ALPN are what a browser shares across
 * versions; the extension hash moves with every Chrome release.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJa4, getExtensionData, readTlsClientHello } from 'read-tls-client-hello';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from './harness.js';

/** One recorded ClientHello: its JA4 and the ALPN protocols offered, in order. */
interface Hello {
  ja4: string;
  alpn: string[];
}

/** Chrome's JA4 cipher hash (every Chrome since 110, and impit's Chrome profiles); Firefox's; Safari's (iOS 18). */
const CHROME_CIPHERS = '8daaf6152771';
const FIREFOX_CIPHERS = '5b57614c22b0';
const SAFARI_CIPHERS = 'a09f3c656075';

let server: Server;
let port: number;
const hellos: Hello[] = [];
let world: World;

beforeAll(async () => {
  server = createServer((socket) => {
    socket.on('error', () => {});
    readTlsClientHello(socket)
      .then((hello) => hellos.push({ ja4: calculateJa4(hello), alpn: getExtensionData(hello, 'alpn')?.protocols ?? [] }))
      .catch(() => {})
      .finally(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  world = await createWorld();
  world.env.GARMIN_SYNC_SSO_URL = ssoUrl();
});
afterAll(async () => {
  server.close();
  await world.close();
});

/** Runs `garmin-sync login` against the recording server; returns the first ClientHello it sent. */
async function loginHello(): Promise<Hello> {
  hellos.length = 0;
  const run = await world.login(['--force']);
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.stderr).toMatch(/could not reach Garmin/);
  expect(hellos.length).toBeGreaterThan(0);
  return hellos[0];
}

/** `https://localhost:<port>/`: a host name, so the ClientHello carries SNI as it does for sso.garmin.com. */
const ssoUrl = () => `https://localhost:${port}`;

/** Debian's Chromium, where installed. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** Starts headless Chromium on the recording server and returns its first ClientHello (it is killed then). */
async function chromiumHello(executable: string): Promise<Hello> {
  hellos.length = 0;
  const profile = mkdtempSync(join(tmpdir(), 'garmin-sync-chromium-'));
  const flags = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--ignore-certificate-errors',
  ];
  // Its own process group, so that Chromium's helper processes end with it.
  const child = spawn(executable, [...flags, `${ssoUrl()}/mobile/sso/en_US/sign-in`], { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const started = Date.now();
    while (hellos.length === 0 && Date.now() - started < 60_000 && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(hellos.length, 'Chromium sent no ClientHello within 60 s').toBeGreaterThan(0);
    return hellos[0];
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

describe('the TLS ClientHello of garmin-sync login (JA4)', () => {
  it("impersonate chrome (the default): Chrome's cipher hash, h2 first in ALPN", async () => {
    const hello = await loginHello();
    console.log(`garmin-sync login (impersonate chrome): ${hello.ja4}  ALPN ${hello.alpn.join(',')}`);
    expect(hello.ja4.split('_')[1]).toBe(CHROME_CIPHERS);
    expect(hello.ja4.slice(0, 4)).toBe('t13d');
    expect(hello.ja4.slice(8, 10)).toBe('h2');
    expect(hello.alpn).toEqual(['h2', 'http/1.1']);
  });

  it.each([
    ['firefox', FIREFOX_CIPHERS],
    ['safari', SAFARI_CIPHERS],
  ])("impersonate %s: that browser's cipher hash, h2 in ALPN", async (browser, ciphers) => {
    expect((await world.cli(['config', 'set', 'impersonate', browser])).code).toBe(0);
    try {
      const hello = await loginHello();
      console.log(`garmin-sync login (impersonate ${browser}): ${hello.ja4}  ALPN ${hello.alpn.join(',')}`);
      expect(hello.ja4.split('_')[1]).toBe(ciphers);
      expect(hello.alpn[0]).toBe('h2');
    } finally {
      await world.cli(['config', 'set', 'impersonate', 'chrome']);
    }
  });

  it("impersonate none (undici): HTTP/1.1 only and not Chrome's extension set — what Cloudflare sees as a script", async () => {
    const chrome = await loginHello();
    expect((await world.cli(['config', 'set', 'impersonate', 'none'])).code).toBe(0);
    try {
      const hello = await loginHello();
      console.log(`garmin-sync login (impersonate none):   ${hello.ja4}  ALPN ${hello.alpn.join(',')}`);
      // tls.ts offers Chrome's cipher suites, so on Node 24's OpenSSL the cipher hash may equal
      // Chrome's (on Node 20 an extra suite changes it); what Node cannot copy is the extension
      // set, GREASE and HTTP/2, and those still give it away.
      expect(hello.ja4.slice(8, 10)).toBe('h1');
      expect(hello.alpn).toEqual(['http/1.1']);
      expect(hello.ja4.split('_')[2]).not.toBe(chrome.ja4.split('_')[2]);
      expect(hello.ja4.slice(6, 8), 'extension count').not.toBe(chrome.ja4.slice(6, 8));
    } finally {
      await world.cli(['config', 'set', 'impersonate', 'chrome']);
    }
  });

  it.skipIf(!CHROMIUM)("side by side with Debian's headless Chromium: the same cipher hash and ALPN", async () => {
    const ours = await loginHello();
    const chromium = await chromiumHello(CHROMIUM!);
    console.log(['', `  Chromium (headless)  ${chromium.ja4}  ALPN ${chromium.alpn.join(',')}`, `  garmin-sync login    ${ours.ja4}  ALPN ${ours.alpn.join(',')}`, ''].join('\n'));
    expect(ours.ja4.split('_')[1]).toBe(chromium.ja4.split('_')[1]);
    expect(ours.ja4.slice(8, 10)).toBe(chromium.ja4.slice(8, 10));
    expect(ours.alpn[0]).toBe(chromium.alpn[0]);
  }, 90_000);
});
