/** Shared helpers of the emulator tests: cassette loading, shape comparison, sign-in. */
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/emulator/account.js';
import type { Emulator } from '../../src/emulator/server.js';
import { recorded } from '../shared.js';

/** The JSON body of interaction `index` of a cassette (path relative to recorded/garth). */
export function cassetteBody(file: string, index = 0): unknown {
  return JSON.parse(recorded(file)[index].body);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Differences between an emulator object and a recorded one: keys the recording lacks, and keys
 * whose value types differ (null on either side is accepted: Garmin nulls fields per day/sport).
 */
export function shapeDiff(actual: Record<string, unknown>, recorded: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(actual)) {
    if (!(key in recorded)) out.push(`extra key ${key}`);
    else if (value !== null && recorded[key] !== null && kind(value) !== kind(recorded[key])) {
      out.push(`${key}: ${kind(value)} vs recorded ${kind(recorded[key])}`);
    }
  }
  return out;
}

/** The mobile (Android) SSO service. */
export const ANDROID_SERVICE = 'https://mobile.integration.garmin.com/gcm/android';
/** The grant of the DI service-ticket exchange. */
export const TICKET_GRANT = 'https://connectapi.garmin.com/di-oauth2-service/oauth/grant/service_ticket';
/** The first DI client id clients try. */
export const CLIENT_ID = 'GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2';

/** The mobile login URL for a client id/service. */
export function loginUrl(emu: Emulator, clientId = 'GCM_ANDROID_DARK', service = ANDROID_SERVICE, path = 'mobile/api/login'): string {
  return `${emu.url}/${path}?clientId=${clientId}&locale=en-US&service=${encodeURIComponent(service)}`;
}

/** POSTs the mobile login with JSON credentials. */
export function postLogin(emu: Emulator, password = DEMO_PASSWORD, cookie?: string): Promise<Response> {
  return fetch(loginUrl(emu), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ username: DEMO_EMAIL, password, rememberMe: false, captchaToken: '' }),
  });
}

/** POSTs to diauth's token endpoint with Basic `clientId:` and a form body. */
export function postToken(emu: Emulator, form: Record<string, string>, clientId = CLIENT_ID): Promise<Response> {
  return fetch(`${emu.url}/di-oauth2-service/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, ...form }),
  });
}

/** Exchanges a ticket for tokens. */
export function exchangeTicket(emu: Emulator, ticket: string, service = ANDROID_SERVICE, clientId = CLIENT_ID): Promise<Response> {
  return postToken(emu, { service_ticket: ticket, grant_type: TICKET_GRANT, service_url: service }, clientId);
}

/** Full login + exchange; returns the token JSON. */
export async function signIn(emu: Emulator): Promise<{ access_token: string; refresh_token: string }> {
  const login = (await (await postLogin(emu)).json()) as { serviceTicketId: string };
  const res = await exchangeTicket(emu, login.serviceTicketId);
  return (await res.json()) as { access_token: string; refresh_token: string };
}

/** GET with a Bearer. */
export function apiGet(emu: Emulator, path: string, accessToken: string): Promise<Response> {
  return fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
}
