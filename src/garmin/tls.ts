/**
 * The undici side of transport.ts (`impersonate none`, or when impit cannot load): TLS settings
 * for the SSO hosts, closer to a browser's ClientHello than Node's defaults
 * (protocol §0: Cloudflare fingerprints TLS; python-garminconnect impersonates browsers with
 * curl_cffi). Node lets us choose the cipher suites and their order, the key-exchange groups, the
 * signature algorithms and ALPN; it does NOT let us choose the extension order, GREASE values,
 * the TLS 1.3 cipher order beyond OpenSSL's, or the HTTP/2 settings frame, so the JA3/JA4
 * fingerprint still differs from Chrome's. This lowers the odds of a block; it cannot prevent one.
 * Used for `https://` SSO URLs only (loopback `http://` test URLs go through plain fetch).
 */
import { type Dispatcher, Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from './http.js';

/** Chrome's cipher suite order (TLS 1.3 first, then the ECDHE AEAD suites, then the CBC fallbacks), as OpenSSL names them. */
export const BROWSER_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA',
  'AES256-SHA',
].join(':');

/** Chrome's key-exchange groups without the post-quantum hybrid Node's OpenSSL may lack. */
export const BROWSER_GROUPS = 'X25519:P-256:P-384';

/** Chrome's signature algorithms, in its order. */
export const BROWSER_SIGALGS = [
  'ecdsa_secp256r1_sha256',
  'rsa_pss_rsae_sha256',
  'rsa_pkcs1_sha256',
  'ecdsa_secp384r1_sha384',
  'rsa_pss_rsae_sha384',
  'rsa_pkcs1_sha384',
  'rsa_pss_rsae_sha512',
  'rsa_pkcs1_sha512',
].join(':');

/** The `connect` options of the SSO dispatcher (node:tls options). `ca` adds trusted roots (tests). */
export function browserTlsOptions(ca?: string): { ciphers: string; ecdhCurve: string; sigalgs: string; minVersion: 'TLSv1.2'; ALPNProtocols: string[]; ca?: string } {
  return { ciphers: BROWSER_CIPHERS, ecdhCurve: BROWSER_GROUPS, sigalgs: BROWSER_SIGALGS, minVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1'], ...(ca ? { ca } : {}) };
}

let shared: Dispatcher | undefined;

/**
 * A fetch for SSO requests: `https://` URLs go through an undici Agent with
 * {@link browserTlsOptions}; other URLs (loopback `http://`) through the global fetch.
 * `ca` is for tests with a self-signed server (it replaces the default roots, as node:tls does).
 */
export function ssoFetch(ca?: string): FetchLike {
  const dispatcher = ca ? new Agent({ connect: browserTlsOptions(ca) }) : (shared ??= new Agent({ connect: browserTlsOptions() }));
  return (input, init) => {
    if (!input.startsWith('https:')) return fetch(input, init);
    return undiciFetch(input, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  };
}
