/** Shared helpers of the store tests: throwaway directories and child processes run with tsx. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { resolvePaths, type GarminSyncPaths } from '../../src/archive/paths.js';
import type { TokenBundle } from '../../src/garmin/types.js';

const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) killGroup(child, 'SIGKILL');
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'garmin-sync-store-'));
  dirs.push(dir);
  return dir;
}

/** Paths with GARMIN_SYNC_HOME set to a fresh directory. */
export async function tempPaths(): Promise<GarminSyncPaths> {
  return resolvePaths({ GARMIN_SYNC_HOME: await tempDir() });
}

/**
 * Runs `npx tsx <script> ...args` from the repository root, in its own process group (npx and tsx
 * each start a child: signals go to the whole group through killGroup). Killed after the test.
 */
export function spawnTsx(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcessWithoutNullStreams {
  const child = spawn('npx', ['tsx', join(import.meta.dirname, script), ...args], {
    cwd: join(import.meta.dirname, '../..'),
    env,
    detached: true,
  });
  children.push(child);
  return child;
}

/** Sends `signal` to every process of a spawnTsx child's group; no error when it is gone. */
export function killGroup(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already exited
  }
}

/** Resolves with the child's stdout once it contains `text`; rejects when the child exits first. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(text)) resolve(out);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before printing ${text}: ${out}${err}`)));
  });
}

/** Resolves with the exit code and output of a child. */
export function runToEnd(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A token bundle whose secrets are easy to grep for. */
export function sampleBundle(accessToken = 'ACCESS-SECRET-eyJhbGciOiJSUzI1NiJ9'): TokenBundle {
  return {
    schemaVersion: 1,
    domain: 'garmin.com',
    di: {
      clientId: 'GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2',
      accessToken,
      refreshToken: 'REFRESH-SECRET-0f9e8d7c',
      accessExpiresAt: 1_767_225_600,
      refreshExpiresAt: 1_769_817_600,
      scope: 'CONNECT_READ CONNECT_WRITE',
    },
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}
