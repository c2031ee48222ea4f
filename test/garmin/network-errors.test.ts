/**
 * How the one fetch wrapper (src/garmin/http.ts `send`) names a request that got no answer: a
 * NetworkError (exit 7) with the host and what happened, never a bug (issue 10, point 2).
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, GarminApiError, NetworkError } from '../../src/errors.js';
import { send } from '../../src/garmin/http.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      for (const socket of sockets.splice(0)) socket.destroy();
      return new Promise((resolve) => s.close(resolve));
    }),
  );
});
const sockets: Socket[] = [];

const ctx = (timeoutMs = 2000) => ({ fetch: (input: string, init?: RequestInit) => fetch(input, init), timeoutMs });

async function listen<T extends Server>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.then(
    () => expect.fail('the request should have failed'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  return error as NetworkError;
}

describe('send: no answer', () => {
  it('a refused connection: exit 7, transient, "nothing was changed"', async () => {
    const port = await listen(createServer());
    await new Promise((resolve) => servers.pop()!.close(resolve)); // nothing listens there now
    const error = await failure(send(ctx(), 'POST', `http://127.0.0.1:${port}/upload-service/upload`));
    expect(error).toBeInstanceOf(GarminApiError);
    expect(error).toMatchObject({ exitCode: ExitCode.network, transient: true, host: `127.0.0.1:${port}`, reason: 'connection refused' });
    expect(error.message).toBe(`could not reach Garmin at 127.0.0.1:${port}: connection refused; nothing was changed; try again later`);
  });

  it('a TLS failure (https:// to a server that does not speak TLS)', async () => {
    const port = await listen(createHttpServer((_req, res) => res.end('plain')));
    const error = await failure(send(ctx(), 'GET', `https://127.0.0.1:${port}/`));
    expect(error.message).toMatch(new RegExp(`^could not reach Garmin at 127\\.0\\.0\\.1:${port}: TLS failure \\(ERR_SSL_WRONG_VERSION_NUMBER\\); nothing was changed; try again later$`));
  });

  it('a POST whose connection is cut after it was sent: says Garmin may have received it', async () => {
    const port = await listen(createServer((socket) => socket.once('data', () => socket.destroy())));
    const error = await failure(send(ctx(), 'POST', `http://127.0.0.1:${port}/workout-service/workout`, { body: '{}' }));
    expect(error.message).toMatch(/: the connection was cut during POST \/workout-service\/workout \(.+\); Garmin may have received the request; try again later$/);
  });

  it('no answer within the timeout', async () => {
    const port = await listen(createServer((socket) => void sockets.push(socket))); // accepts, never answers
    const error = await failure(send(ctx(150), 'GET', `http://127.0.0.1:${port}/hrv-service/hrv/daily/x`));
    expect(error.message).toBe(`could not reach Garmin at 127.0.0.1:${port}: no answer to GET /hrv-service/hrv/daily/x within 150 ms; nothing was changed; try again later`);
  });
});
