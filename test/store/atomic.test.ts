import fs from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../../src/archive/atomic.js';
import { GarminSyncError } from '../../src/errors.js';
import { killGroup, runToEnd, spawnTsx, tempDir, waitForOutput } from './helpers.js';

/** The JSON a file holds, as the next reader sees it. */
const readJson = async <T = unknown>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

describe('writeJsonAtomic', () => {
  it('writes 2-space JSON with a trailing newline, creating parent dirs, and leaves no temp file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'a', 'b', 'state.json');
    await writeJsonAtomic(file, { schemaVersion: 1, list: [1] });
    await writeJsonAtomic(file, { schemaVersion: 1, list: [1, 2] });
    expect(await readFile(file, 'utf8')).toBe('{\n  "schemaVersion": 1,\n  "list": [\n    1,\n    2\n  ]\n}\n');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['state.json']);
  });

  it('applies the requested mode', async () => {
    const file = join(await tempDir(), 'tokens.json');
    await writeJsonAtomic(file, {}, { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('keeps the previous content whole and removes its temp file when the write fails mid-way', async () => {
    const dir = await tempDir();
    const file = join(dir, 'history.json');
    await writeJsonAtomic(file, { version: 'old' });
    // write-file-atomic calls fs.fsync after writing the temp file: make the disk fail there.
    const original = fs.fsync;
    (fs as { fsync: unknown }).fsync = (_fd: number, callback: (err: Error) => void) =>
      callback(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    try {
      const failure = writeJsonAtomic(file, { version: 'new' });
      await expect(failure).rejects.toBeInstanceOf(GarminSyncError);
      await expect(failure).rejects.toThrow(`cannot write ${file}: EIO`);
    } finally {
      fs.fsync = original;
    }
    expect(await readJson(file)).toEqual({ version: 'old' });
    expect(await readdir(dir)).toEqual(['history.json']);
  });

  it('leaves a whole file, old or new, when the writing process is killed at any moment', async () => {
    const file = join(await tempDir(), 'big.json');
    const child = spawnTsx('write-loop.ts', [file]);
    const ended = runToEnd(child);
    await waitForOutput(child, 'writing');
    await new Promise((resolve) => setTimeout(resolve, 400));
    killGroup(child, 'SIGKILL');
    await ended;
    const value = await readJson<{ fill: string; rows: unknown[] }>(file);
    expect(['a', 'b']).toContain(value?.fill);
    expect(value?.rows).toHaveLength(20_000);
  });
});

describe('writeFileAtomic', () => {
  it('writes the bytes exactly', async () => {
    const file = join(await tempDir(), 'fit', '1.fit');
    const bytes = new Uint8Array([0, 1, 2, 255, 14, 16]);
    await writeFileAtomic(file, bytes);
    expect(new Uint8Array(await readFile(file))).toEqual(bytes);
  });
});
