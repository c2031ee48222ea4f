import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { parseImportedTokens } from '../../src/credentials/import.js';
import { UsageError } from '../../src/errors.js';
import { portalPath } from '../../src/garmin/auth/sso.js';
import { widgetService } from '../../src/garmin/auth/widget.js';
import { resolveEndpoints } from '../../src/garmin/endpoints.js';
import { BROWSER_CIPHERS, ssoFetch } from '../../src/garmin/tls.js';

/** A JWT-shaped token with the given claims (unsigned: clients never verify it). */
const jwt = (claims: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

describe('Garmin China (GARMIN_SYNC_DOMAIN=garmin.cn)', () => {
  it('switches every host and every service URL built from a host', () => {
    const endpoints = resolveEndpoints({ GARMIN_SYNC_DOMAIN: 'garmin.cn' });
    expect(endpoints).toEqual({ domain: 'garmin.cn', ssoUrl: 'https://sso.garmin.cn', apiUrl: 'https://connectapi.garmin.cn', diauthUrl: 'https://diauth.garmin.cn' });
    expect(portalPath(endpoints).service).toBe('https://connect.garmin.cn/app');
    expect(widgetService(endpoints)).toBe('https://sso.garmin.cn/sso/embed');
  });

  it('an imported python-garminconnect token issued by diauth.garmin.com is refused under garmin.cn (refresh would fail)', () => {
    const text = JSON.stringify({ di_token: jwt({ exp: 2_000_000_000, iss: 'https://diauth.garmin.com' }), di_refresh_token: 'r', di_client_id: 'GARMIN_CONNECT_MOBILE_ANDROID_DI' });
    expect(() => parseImportedTokens(text, 'garmin_tokens.json', 'garmin.cn')).toThrow(UsageError);
    expect(() => parseImportedTokens(text, 'garmin_tokens.json', 'garmin.cn')).toThrow(/GARMIN_SYNC_DOMAIN=garmin.com/);
    const cn = JSON.stringify({ di_token: jwt({ exp: 2_000_000_000, iss: 'https://diauth.garmin.cn' }), di_refresh_token: 'r', di_client_id: 'X' });
    expect(parseImportedTokens(cn, 'f', 'garmin.cn')).toMatchObject({ domain: 'garmin.cn', di: { accessExpiresAt: 2_000_000_000, refreshExpiresAt: null, clientId: 'X' } });
  });
});

describe('browser-like TLS for the SSO hosts', () => {
  let server: Server | undefined;
  let dir: string | undefined;
  afterEach(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts an https server on loopback with a fresh self-signed certificate; `tls` narrows what it accepts. */
  async function tlsServer(tls: { ciphers?: string; maxVersion?: 'TLSv1.2' }): Promise<{ url: string; ca: string; ciphers: string[] }> {
    dir = mkdtempSync(join(tmpdir(), 'garmin-sync-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const ciphers: string[] = [];
    server = createServer({ key: readFileSync(key), cert: readFileSync(cert), ...tls }, (req, res) => {
      ciphers.push((req.socket as TLSSocket).getCipher().name);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/sso/embed`, ca: readFileSync(cert, 'utf8'), ciphers };
  }

  it('an https SSO request negotiates one of the browser cipher suites', async () => {
    const { url, ca, ciphers } = await tlsServer({ maxVersion: 'TLSv1.2' });
    expect(await (await ssoFetch(ca)(url)).text()).toBe('ok');
    expect(BROWSER_CIPHERS.split(':')).toContain(ciphers[0]);
  });

  it('a server accepting only a suite browsers do not offer (but Node does) is refused: the browser list is really applied', async () => {
    const { url, ca } = await tlsServer({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-SHA384' });
    const nodeDefault = await new Promise<number | undefined>((resolve, reject) => {
      request(url, { ca }, (res) => resolve(res.statusCode)).on('error', reject).end();
    });
    expect(nodeDefault).toBe(200);
    await expect(ssoFetch(ca)(url)).rejects.toThrow();
  });
});
