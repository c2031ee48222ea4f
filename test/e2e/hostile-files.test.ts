/**
 * Broken and hostile files, end to end (issue 13). Archive files broken by hand heal: the command
 * that meets one succeeds with one notice, the broken file is kept aside, and the next pull
 * completes the archive identically to one that was never broken. A ZIP with a path-traversal
 * entry and a good FIT imports the FIT, lists the entry with its reason, and exits 5.
 */
import { readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveContents, createWorld, TODAY, fixture, type World } from './harness.js';

// The harness's fixed today (never the real date).

function daysBefore(days: number): string {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** A signed-in world whose archive holds a first pull of 10 days. */
async function pulledWorld(): Promise<World> {
  const w = await createWorld({ today: TODAY, days: 20 });
  expect((await w.login()).code).toBe(0);
  // config.json as `config set` writes it, without more CLI runs: 10 days, no wait between pulls.
  await writeFile(join(w.home, 'config.json'), JSON.stringify({ initialSyncDays: 10, minSyncIntervalMinutes: 0, requestsPerSecond: 100 }));
  const pull = await w.cli(['pull', '--quiet']);
  expect(pull.code, pull.stderr).toBe(0);
  return w;
}

/** The `notice:` lines of a run's stderr. */
const noticesOf = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('notice:'));

/** Names in `dir` that are kept-aside copies of `name`. */
async function asideCopies(dir: string, name: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith(`${name}.corrupt-`));
}

describe('an archive that heals', () => {
  let reference: Map<string, string>;
  const worlds: World[] = [];
  const world = async () => {
    const w = await pulledWorld();
    worlds.push(w);
    return w;
  };
  beforeAll(async () => {
    const w = await world();
    reference = await archiveContents(w.home);
    expect([...reference.keys()].filter((k) => k.startsWith('wellness/')).length).toBe(10);
  });
  afterAll(async () => {
    await Promise.all(worlds.map((w) => w.close()));
  });

  /** The next pull exits 0 and leaves the archive as an unbroken one is. */
  const expectNextPullCompletes = async (w: World) => {
    const pull = await w.cli(['pull', '--quiet']);
    expect(pull.code, pull.stderr).toBe(0);
    const contents = await archiveContents(w.home);
    expect([...contents.keys()].filter((k) => !k.includes('.corrupt-'))).toEqual([...reference.keys()]);
    for (const [path, bytes] of reference) expect(contents.get(path), path).toBe(bytes);
  };

  it('a truncated state.json: status succeeds with one notice, the file is kept aside, cursors come back from the files', async () => {
    const w = await world();
    const state = await readFile(join(w.home, 'state.json'), 'utf8');
    await writeFile(join(w.home, 'state.json'), state.slice(0, state.length / 2));
    // The oldest day is missing too: the rebuilt cursor must not claim it, so the next pull fetches it.
    const oldest = daysBefore(9);
    await unlink(join(w.home, 'wellness', oldest.slice(0, 4), `${oldest}.json`));

    const status = await w.cli(['status']);
    expect(status.code, status.stderr).toBe(0);
    expect(noticesOf(status.stderr)).toEqual([expect.stringMatching(/^notice: state\.json could not be read \(not valid JSON: .*\); kept as state\.json\.corrupt-\S+, cursors rebuilt from the archive's files$/)]);
    expect(status.stderr).not.toMatch(/looks like a bug/i);
    const [aside] = await asideCopies(w.home, 'state.json');
    expect(await readFile(join(w.home, aside), 'utf8')).toBe(state.slice(0, state.length / 2));
    expect((await w.json('state.json')).cursors.wellness).toMatchObject({ oldestDate: daysBefore(8), newestDate: TODAY });

    // Every later command reads the rebuilt state without another word.
    const again = await w.cli(['status']);
    expect(noticesOf(again.stderr)).toEqual([]);
    await expectNextPullCompletes(w);
  });

  it('garbage in history.json: history succeeds with one notice, the file is kept aside, a new history starts', async () => {
    const w = await world();
    await writeFile(join(w.home, 'history.json'), '<<<not json>>>');
    const history = await w.cli(['history', '--json']);
    expect(history.code, history.stderr).toBe(0);
    expect(JSON.parse(history.stdout)).toEqual(expect.anything());
    expect(noticesOf(history.stderr)).toEqual([expect.stringMatching(/^notice: history\.json could not be read \(not valid JSON: .*\); kept as history\.json\.corrupt-\S+, a new history starts here$/)]);
    expect(await asideCopies(w.home, 'history.json')).toHaveLength(1);
    await expectNextPullCompletes(w);
    expect((await w.json('history.json')).map((e: { status: string }) => e.status)).toEqual(['completed']);
  });

  it('a broken wellness day outside the pull window: doctor keeps it aside with one notice, the next pull fetches it again', async () => {
    const w = await world();
    const day = daysBefore(8);
    const dir = join(w.home, 'wellness', day.slice(0, 4));
    await writeFile(join(dir, `${day}.json`), '{"schemaVersion":1,"calendarDate":"');
    const doctor = await w.cli(['doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(noticesOf(doctor.stderr)).toEqual([expect.stringMatching(new RegExp(`^notice: wellness/${day.slice(0, 4)}/${day}\\.json could not be read \\(not valid JSON.*\\); kept as ${day}\\.json\\.corrupt-\\S+; pull fetches it again$`))]);
    expect(doctor.stdout).toMatch(/ok\s+archive .*1 broken file\(s\) kept aside, the next pull fetches them again/);
    expect(await asideCopies(dir, `${day}.json`)).toHaveLength(1);
    await expectNextPullCompletes(w);
  });

  it('a wellness day garbled by hand outside the pull window: the pull itself finds it (changed since the last pull), keeps it aside and fetches it again', async () => {
    const w = await world();
    const day = daysBefore(9);
    const dir = join(w.home, 'wellness', day.slice(0, 4));
    await writeFile(join(dir, `${day}.json`), 'garbage typed into the wrong window');
    const pull = await w.cli(['pull', '--quiet']);
    expect(pull.code, pull.stderr).toBe(0);
    expect(noticesOf(pull.stderr)).toEqual([expect.stringMatching(new RegExp(`^notice: wellness/${day.slice(0, 4)}/${day}\\.json could not be read \\(not valid JSON.*\\); kept as ${day}\\.json\\.corrupt-\\S+; pull fetches it again$`))]);
    expect(await asideCopies(dir, `${day}.json`)).toHaveLength(1);
    const contents = await archiveContents(w.home);
    const path = `wellness/${day.slice(0, 4)}/${day}.json`;
    expect(contents.get(path)).toBe(reference.get(path));
    await expectNextPullCompletes(w);
  });

  it('a broken metrics day and a broken activity: the pull keeps them aside, fetches them again, one notice each', async () => {
    const w = await world();
    const day = daysBefore(1);
    await writeFile(join(w.home, 'metrics', day.slice(0, 4), `${day}.json`), 'null');
    const year = TODAY.slice(0, 4);
    const activities = (await readdir(join(w.home, 'activities', year))).filter((n) => n.endsWith('.json')).sort();
    const newest = activities.at(-1)!;
    await writeFile(join(w.home, 'activities', year, newest), '{"activityId": 1,');
    const pull = await w.cli(['pull']);
    expect(pull.code, pull.stderr).toBe(0);
    expect(noticesOf(pull.stderr).map((n) => n.replace(/\(.*\)/, '(…)')).sort()).toEqual([
      expect.stringMatching(new RegExp(`^notice: activities/${year}/${newest.replace('.', '\\.')} could not be read \\(…\\); kept as \\S+; pull fetches it again$`)),
      expect.stringMatching(new RegExp(`^notice: metrics/${day.slice(0, 4)}/${day}\\.json could not be read \\(…\\); kept as ${day}\\.json\\.corrupt-\\S+; pull fetches it again$`)),
    ]);
    const contents = await archiveContents(w.home);
    for (const path of [`metrics/${day.slice(0, 4)}/${day}.json`, `activities/${year}/${newest}`]) expect(contents.get(path), path).toBe(reference.get(path));
    await expectNextPullCompletes(w);
  });
});

describe('a config.json broken by hand', () => {
  it('every command that reads it says so in one line naming the file, exit 2; the file is left as it was', async () => {
    const w = await createWorld();
    try {
      const file = join(w.home, 'config.json');
      await writeFile(file, '{"initialSyncDays": 10,\n', { mode: 0o600 });
      for (const args of [['pull'], ['config', 'list'], ['config', 'set', 'initialSyncDays', '5']]) {
        const run = await w.cli(args);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
        const lines = run.stderr.trim().split('\n');
        expect(lines, args.join(' ')).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^garmin-sync: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON: .+; fix it, or delete it to go back to the default settings$`));
        expect(run.stderr).not.toMatch(/bug|at .*\.js:\d+/);
      }
      expect(await readFile(file, 'utf8')).toBe('{"initialSyncDays": 10,\n');
      expect(w.emulator.requests).toHaveLength(0);
    } finally {
      await w.close();
    }
  });
});

describe('a ZIP with a path-traversal entry', () => {
  let w: World;
  let zip: string;
  beforeAll(async () => {
    w = await createWorld();
    expect((await w.login()).code).toBe(0);
    zip = join(w.home, 'export.zip');
    await writeFile(zip, zipSync({
      '../../evil.fit': new Uint8Array(await readFile(fixture('fit/garmin-fenix-5-walk.fit'))),
      'activities/ride.fit': new Uint8Array(await readFile(fixture('fit/garmin-edge-820-bike.fit'))),
    }));
  });
  afterAll(async () => {
    await rm(zip, { force: true });
    await w.close();
  });

  it('imports the good FIT, lists the refused entry with its reason, and exits 5', async () => {
    const before = w.seen('/upload-service/upload', 'POST').length;
    const run = await w.cli(['import', zip]);
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain(`${zip}:../../evil.fit: unsafe path in the ZIP: "../../evil.fit"`);
    expect(run.stdout).toMatch(/uploaded\s.*activities\/ride\.fit/);
    expect(run.stdout + run.stderr).not.toMatch(/Nothing to import/);
    expect(w.seen('/upload-service/upload', 'POST').length - before).toBe(1);

    const json = await w.cli(['import', '--json', zip]);
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout).results.map((r: { file: string; status: string }) => [r.file.slice(zip.length + 1), r.status])).toEqual([
      ['../../evil.fit', 'invalid'],
      ['activities/ride.fit', 'skipped'],
    ]);
  });
});
