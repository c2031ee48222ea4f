/**
 * The DI ticket exchange's fall-through (protocol §2.3 step 2, python-garminconnect): the next
 * client id after any failure but a rate limit, one attempt per id; a 429 or Cloudflare's
 * rate-limit page stops at once. A scripted token endpoint on loopback answers each attempt.
 */
import { type AddressInfo } from 'node:net';
import { type Server, createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, GarminApiError, RefusedError } from '../../src/errors.js';
import { DI_CLIENT_IDS, exchangeTicketForDiToken } from '../../src/garmin/auth/diauth.js';
import type { Endpoints } from '../../src/garmin/types.js';

const jwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp: 2_000_000_000 })).toString('base64url')}.c2ln`;
type Answer = { status: number; type?: string; body: string };
const cloudflare = (status: number, text: string): Answer => ({
  status,
  type: 'text/html',
  body: `<!DOCTYPE html><html><head><title>Access denied | sso.garmin.com used Cloudflare to restrict access</title></head><body>${text}</body></html>`,
});
const TOKEN: Answer = { status: 200, type: 'application/json', body: JSON.stringify({ access_token: jwt, refresh_token: 'r', expires_in: 3600 }) };

let server: Server | undefined;
afterEach(() => server?.close());

/** A token endpoint answering the scripted answers in turn; returns the endpoints and the client ids it was asked with. */
async function tokenEndpoint(answers: Answer[]): Promise<{ endpoints: Endpoints; asked: string[] }> {
  const asked: string[] = [];
  server = createServer((req, res) => {
    asked.push(Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().replace(/:$/, ''));
    const answer = answers[asked.length - 1] ?? { status: 500, body: 'unexpected' };
    req.resume().on('end', () => res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' }).end(answer.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoints: { domain: 'garmin.com', ssoUrl: url, apiUrl: url, diauthUrl: url }, asked };
}

const exchange = (endpoints: Endpoints) =>
  exchangeTicketForDiToken({ fetch: (i, init) => fetch(i, init), timeoutMs: 5000 }, endpoints, 'ST-0000001-AbCdEfGhIjKlMnOpQrSt-sso', 'https://mobile.integration.garmin.com/gcm/android');

describe('the DI client ids', () => {
  it('a Cloudflare 403, a 500 and a 401 each move on to the next id; the fourth is accepted', async () => {
    const { endpoints, asked } = await tokenEndpoint([cloudflare(403, 'error code: 1020'), { status: 500, body: '' }, { status: 401, body: '{"error":"invalid_client"}' }, TOKEN]);
    const token = await exchange(endpoints);
    expect(token.clientId).toBe(DI_CLIENT_IDS[3]);
    expect(asked).toEqual([...DI_CLIENT_IDS]);
  });

  it.each([
    ['a 429', { status: 429, body: '' }],
    ["Cloudflare's rate-limit page (error 1015) under a 403", cloudflare(403, '<h1>Error 1015</h1><p>You are being rate limited</p>')],
  ])('%s stops at once: one attempt, no other id', async (_name, answer) => {
    const { endpoints, asked } = await tokenEndpoint([answer, TOKEN]);
    const error = await exchange(endpoints).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect(asked).toEqual([DI_CLIENT_IDS[0]]);
  });

  it('every id refused: the last answer decides the error (403: refused, 5xx: transient, 4xx: sign in again)', async () => {
    const four = (answer: Answer) => [answer, answer, answer, answer];
    let { endpoints } = await tokenEndpoint(four(cloudflare(403, 'error code: 1020')));
    expect(await exchange(endpoints).catch((e: unknown) => e)).toBeInstanceOf(RefusedError);
    server!.close();
    ({ endpoints } = await tokenEndpoint(four({ status: 503, body: '' })));
    const transient = await exchange(endpoints).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(GarminApiError);
    expect((transient as GarminApiError).transient).toBe(true);
    server!.close();
    ({ endpoints } = await tokenEndpoint(four({ status: 400, body: '{"error":"invalid_grant"}' })));
    expect(await exchange(endpoints).catch((e: unknown) => e)).toBeInstanceOf(AuthError);
  });
});
