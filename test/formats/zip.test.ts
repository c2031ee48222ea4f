import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, looksLikeActivityFile } from '../../src/formats/detect.js';
import { isZip, listZipEntries, readZipEntry } from '../../src/formats/zip.js';
import { importSources, readStreamLimited } from '../../src/sync/import-sources.js';
import { fixture, inputErrorOf, utf8 } from './helpers.js';

const FIT = fixture('fit', 'garmin-fenix-5-run.fit');
const GPX = fixture('gpx', 'cerknicko-jezero.gpx');

/** Sets a 32-bit little-endian field of every ZIP header with `signature` (at `offset` from it). */
function patchHeaders(zip: Uint8Array, signature: number, offset: number, value: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) {
    if (view.getUint32(i, true) === signature) view.setUint32(i + offset, value, true);
  }
}

describe('ZIP archives', () => {
  it('lists file entries (not directories) and reads each one', () => {
    const zip = zipSync({ 'activities/': {}, 'activities/1.fit.gz': gzipSync(FIT), 'activities/2.gpx': GPX, 'activities.csv': utf8('id\n1\n') });
    expect(isZip(zip)).toBe(true);
    const entries = listZipEntries(zip, 'export.zip');
    expect(entries.map((e) => e.name)).toEqual(['activities/1.fit.gz', 'activities/2.gpx', 'activities.csv']);
    expect(readZipEntry(zip, entries[1], 'export.zip:activities/2.gpx')).toEqual(GPX);
  });

  it('a corrupt ZIP is refused with its name', () => {
    const zip = zipSync({ 'a.gpx': GPX });
    const err = inputErrorOf(() => listZipEntries(zip.subarray(0, zip.length - 30), 'broken.zip'));
    expect(err.message).toMatch(/^broken\.zip: corrupt ZIP file/);
  });

  it('an entry declaring more than the size limit is refused unread (a zip bomb)', () => {
    const zip = zipSync({ 'bomb.fit': new Uint8Array(1024) });
    patchHeaders(zip, 0x02014b50, 24, MAX_FILE_BYTES + 1); // central directory: uncompressed size
    const [entry] = listZipEntries(zip, 'b.zip');
    expect(inputErrorOf(() => readZipEntry(zip, entry, 'b.zip:bomb.fit')).message).toBe('b.zip:bomb.fit: unzips to more than 256 MiB');
  });

  it('an entry that lies about its size is inflated no further than it declared', () => {
    const zip = zipSync({ 'liar.gpx': new Uint8Array(1024 * 1024).fill(0x20) });
    patchHeaders(zip, 0x02014b50, 24, 100);
    patchHeaders(zip, 0x04034b50, 22, 100);
    const [entry] = listZipEntries(zip, 'l.zip');
    expect(readZipEntry(zip, entry, 'l.zip:liar.gpx').length).toBeLessThanOrEqual(100);
  });

  it('entries whose names climb out of a directory are refused, never written anywhere', () => {
    const zip = zipSync({ '../../evil.gpx': GPX, '/etc/x.gpx': GPX });
    for (const entry of listZipEntries(zip, 'e.zip')) {
      expect(inputErrorOf(() => readZipEntry(zip, entry, `e.zip:${entry.name}`)).reason).toMatch(/^unsafe path in the ZIP/);
    }
  });
});

describe('ZIP entries refused whatever they hold', () => {
  it('a symbolic link entry (Unix mode S_IFLNK) is marked and refused; a plain file beside it is not', () => {
    const zip = zipSync({
      'activities/link.fit': [utf8('../../../etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
      'activities/1.gpx': [GPX, { os: 3, attrs: (0o100644 << 16) >>> 0 }],
    });
    const entries = listZipEntries(zip, 's.zip');
    expect(entries.map((e) => [e.name, Boolean(e.symlink)])).toEqual([['activities/link.fit', true], ['activities/1.gpx', false]]);
    expect(inputErrorOf(() => readZipEntry(zip, entries[0], 's.zip:activities/link.fit')).reason).toBe('a symbolic link in the ZIP: "activities/link.fit" (links are never followed)');
    expect(readZipEntry(zip, entries[1], 's.zip:activities/1.gpx')).toEqual(GPX);
  });

  it('importSources lists a `..`, an absolute and a backslash-climbing entry with their reasons instead of passing them over as hidden', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garmin-sync-zip-'));
    try {
      const path = join(dir, 'e.zip');
      await writeFile(path, zipSync({ '../../evil.fit': FIT, '/etc/x.fit': FIT, '..\\..\\win.fit': FIT, '.hidden/ok.fit': FIT, 'good.fit': FIT }));
      const seen: string[] = [];
      for await (const source of importSources([path], async () => new Uint8Array())) {
        const outcome = await source.read().then(() => 'read', (err: Error) => err.message.slice(path.length + 1));
        seen.push(outcome);
      }
      expect(seen).toEqual([
        '../../evil.fit: unsafe path in the ZIP: "../../evil.fit"',
        '/etc/x.fit: unsafe path in the ZIP: "/etc/x.fit"',
        '..\\..\\win.fit: unsafe path in the ZIP: "..\\..\\win.fit"',
        'read',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('looksLikeActivityFile', () => {
  it('is true for FIT, gzip and XML, false for photos, CSV and JSON', () => {
    expect([FIT, gzipSync(utf8('x')), GPX, utf8('\uFEFF  \n<TrainingCenterDatabase/>')].map(looksLikeActivityFile)).toEqual([true, true, true, true]);
    expect([new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), utf8('id,name\n'), utf8('{"a":1}')].map(looksLikeActivityFile)).toEqual([false, false, false]);
  });
});

describe('importSources', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-sources-'));
    await mkdir(join(dir, 'b', 'deep'), { recursive: true });
    await mkdir(join(dir, '.hidden'));
    await writeFile(join(dir, 'a.gpx'), GPX);
    await writeFile(join(dir, 'b', 'deep', 'c.fit'), FIT);
    await writeFile(join(dir, '.hidden', 'd.fit'), FIT);
    await writeFile(join(dir, 'export.zip'), zipSync({ 'activities/1.fit.gz': gzipSync(FIT), '__MACOSX/activities/._1.fit.gz': utf8('x') }));
    await symlink(dir, join(dir, 'loop'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const labels = async (paths: string[]) => {
    const out: string[] = [];
    for await (const s of importSources(paths, async () => utf8('stdin'))) out.push(`${s.inContainer ? 'in' : 'given'} ${s.label.replace(dir, '<dir>')}`);
    return out;
  };

  it('a directory yields every file below it in name order, ZIP entries included; hidden entries and symlinks are passed over', async () => {
    expect(await labels([dir])).toEqual(['in <dir>/a.gpx', 'in <dir>/b/deep/c.fit', 'in <dir>/export.zip:activities/1.fit.gz']);
  });

  it('named files, a missing one and - keep their order; the missing one fails when read', async () => {
    expect(await labels([join(dir, 'a.gpx'), join(dir, 'nope.fit'), '-'])).toEqual(['given <dir>/a.gpx', 'given <dir>/nope.fit', 'given -']);
    const sources = importSources([join(dir, 'nope.fit')], async () => new Uint8Array());
    const missing = (await sources.next()).value!;
    await expect(missing.read()).rejects.toThrow(/nope\.fit: no such file/);
  });

  it('standard input is read up to the size limit', async () => {
    async function* chunks() {
      yield utf8('<gpx>');
      yield '</gpx>';
    }
    expect(new TextDecoder().decode(await readStreamLimited(chunks(), '-'))).toBe('<gpx></gpx>');
    async function* endless() {
      for (let i = 0; i < 300; i++) yield new Uint8Array(1024 * 1024);
    }
    await expect(readStreamLimited(endless(), '-')).rejects.toThrow('-: larger than 256 MiB');
  });
});
