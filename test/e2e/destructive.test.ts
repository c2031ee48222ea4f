/**
 * Destructive commands (issue 10, point 5): `workouts delete` deletes only what garmin-sync
 * created unless `--any`, an unknown id is exit 2; `logout --purge` asks on a terminal and needs
 * `--yes` elsewhere; `logout` when not signed in says so.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, exists, fixture, type World } from './harness.js';
import { runInTerminal } from './terminal.js';

const deletes = (w: World, from: number) => w.emulator.requests.slice(from).filter((r) => r.method === 'DELETE').map((r) => r.path);

describe('workouts delete', () => {
  let world: World;
  let dir: string;
  let made = 0;
  beforeAll(async () => {
    world = await createWorld();
    dir = await mkdtemp(join(tmpdir(), 'garmin-sync-delete-'));
    expect((await world.login()).code).toBe(0);
  });
  afterAll(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Imports a copy of the fixture workout (a new file each time, so a new workout); returns its workoutId. */
  async function created(): Promise<number> {
    const file = join(dir, `easy-${(made += 1)}.txt`);
    await writeFile(file, await readFile(fixture('workouts/hr-easy-strides.txt')));
    const run = await world.cli(['import', file]);
    expect(run.code, run.stderr).toBe(0);
    return Number(/ as (\d+)/.exec(run.stdout)![1]);
  }

  /** A workout made in Garmin Connect (no record, no marker): a copy of `template` under a new id. */
  function foreign(template: number, name: string): number {
    const id = world.emulator.state.nextIds.workout++;
    world.emulator.state.workouts.set(id, { ...structuredClone(world.emulator.state.workouts.get(template)!), workoutId: id, workoutName: name, description: 'made on the website' });
    return id;
  }

  it('refuses a workout garmin-sync did not create, naming it; --any deletes it', async () => {
    const ours = await created();
    const theirs = foreign(ours, 'Coach’s long run');
    const before = world.emulator.requests.length;
    const refused = await world.cli(['workouts', 'delete', String(theirs)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`workout ${theirs} ("Coach’s long run") was not created by garmin-sync; nothing was deleted (pass --any`);
    expect(deletes(world, before)).toEqual([]);
    expect(world.emulator.state.workouts.has(theirs)).toBe(true);

    const forced = await world.cli(['workouts', 'delete', String(theirs), '--any']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`deleted "Coach’s long run" (${theirs})`);
    expect(world.emulator.state.workouts.has(theirs)).toBe(false);
    expect(world.emulator.state.workouts.has(ours)).toBe(true);
  });

  it('deletes a workout that carries garmin-sync’s marker even when the archive lost its record', async () => {
    const ours = await created();
    await rm(join(world.home, 'workouts', `${ours}.json`));
    const run = await world.cli(['workouts', 'delete', String(ours)]);
    expect(run.code, run.stderr).toBe(0);
    expect(world.emulator.state.workouts.has(ours)).toBe(false);
  });

  it('an id that was never there is exit 2 and nothing is deleted', async () => {
    const before = world.emulator.requests.length;
    const run = await world.cli(['workouts', 'delete', '987654321']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no workout 987654321 on Garmin Connect');
    expect(deletes(world, before)).toEqual([]);
  });

  it('a recorded workout already deleted on Garmin: its record is removed, and it says so', async () => {
    const ours = await created();
    world.emulator.state.workouts.delete(ours);
    const run = await world.cli(['workouts', 'delete', String(ours)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`(${ours}) was no longer on Garmin Connect; its record is removed`);
    expect(await exists(join(world.home, 'workouts', `${ours}.json`))).toBe(false);
    expect((await world.cli(['workouts', 'delete', String(ours)])).code).toBe(2);
  });
});

describe('logout', () => {
  let world: World;
  afterEach(async () => world?.close());

  async function signedInWithArchive(): Promise<World> {
    const w = await createWorld();
    expect((await w.login()).code).toBe(0);
    expect((await w.cli(['config', 'set', 'requestsPerSecond', '100'])).code).toBe(0);
    expect((await w.cli(['pull', '--days', '2'])).code).toBe(0);
    return w;
  }

  it('--purge without a terminal needs --yes: exit 2 and nothing deleted; with --yes it purges', async () => {
    world = await signedInWithArchive();
    const refused = await world.cli(['logout', '--purge']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('add --yes to confirm');
    expect(await exists(join(world.home, 'wellness'))).toBe(true);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).signedIn).toBe(true);

    const purged = await world.cli(['logout', '--purge', '--yes']);
    expect(purged.code, purged.stderr).toBe(0);
    expect(purged.stdout).toContain('Signed out: tokens deleted from the file store, and the archive');
    expect(await exists(join(world.home, 'wellness'))).toBe(false);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).signedIn).toBe(false);
  });

  it('--purge on a terminal asks: "no" keeps everything, "yes" deletes', async () => {
    world = await signedInWithArchive();
    const no = await runInTerminal(['logout', '--purge'], world.env, [[/This cannot be undone\./, 'n\r']]);
    expect(no.code, no.output).toBe(0);
    expect(no.output).toContain('Nothing was deleted.');
    expect(await exists(join(world.home, 'wellness'))).toBe(true);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).signedIn).toBe(true);

    const yes = await runInTerminal(['logout', '--purge'], world.env, [[/This cannot be undone\./, 'y\r']]);
    expect(yes.code, yes.output).toBe(0);
    expect(yes.output).toContain('Signed out');
    expect(await exists(join(world.home, 'wellness'))).toBe(false);
  });

  it('when not signed in says so (exit 0)', async () => {
    world = await createWorld();
    const run = await world.cli(['logout']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Not signed in: no tokens were saved in the file store.');
    expect(run.stdout).not.toContain('Signed out');
  });
});
