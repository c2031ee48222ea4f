/** Nothing lost: failed uploads wait in the outbox; `pull` mentions them, `sync` delivers each exactly once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, fixture, type World } from './harness.js';

const accepted = (w: World) => w.seen('/upload-service/upload', 'POST').filter((r) => r.status === 202);

describe('garmin-sync import → outbox → sync', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
  });
  afterAll(async () => world.close());

  it('queues what Garmin cannot take, records each failed retry, and delivers every file exactly once', async () => {
    world.emulator.switches.uploadFailCount = 2;
    const files = [fixture('fit/garmin-fenix-5-run.fit'), fixture('gpx/cerknicko-jezero.gpx')];
    const run = await world.cli(['import', '--json', '--name', 'Queued run', ...files]);
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).results.map((r: any) => r.status)).toEqual(['queued', 'queued']);

    const list = JSON.parse((await world.cli(['outbox', 'list', '--json'])).stdout).items;
    expect(list.map((i: any) => [i.fileName, i.attempts, i.options.activityName])).toEqual([
      ['garmin-fenix-5-run.fit', 0, 'Queued run'],
      ['cerknicko-jezero.gpx', 0, 'Queued run'],
    ]);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).counts.outbox).toBe(2);

    // pull alone only pulls, and says that two imports wait.
    const pull = await world.cli(['pull', '--days', '1']);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stderr).toContain('2 imports wait in the outbox: `garmin-sync sync` sends them.');
    expect(accepted(world)).toHaveLength(0);

    // sync: the first send fails again (recorded on the item), the second goes through.
    world.emulator.switches.uploadFailCount = 1;
    const sync1 = await world.cli(['sync', '--days', '1']);
    expect(sync1.code).toBe(5);
    expect(sync1.stderr).toMatch(/garmin-fenix-5-run\.fit: still queued after 1 attempt \(/);
    expect(sync1.stdout).toMatch(/cerknicko-jezero\.gpx: uploaded as activity \d+/);
    const [waiting] = JSON.parse((await world.cli(['outbox', 'list', '--json'])).stdout).items;
    expect(waiting).toMatchObject({ fileName: 'garmin-fenix-5-run.fit', attempts: 1 });
    expect(Date.parse(waiting.lastAttemptAt)).not.toBeNaN();
    expect((await world.cli(['outbox', 'list'])).stdout).toMatch(/garmin-fenix-5-run\.fit .*1 attempt/);

    const sync2 = await world.cli(['sync', '--days', '1']);
    expect(sync2.code, sync2.stderr).toBe(0);
    expect(sync2.stdout).toMatch(/garmin-fenix-5-run\.fit: uploaded as activity \d+/);
    const sync3 = await world.cli(['sync', '--days', '1']);
    expect(sync3.code).toBe(0);

    expect(accepted(world)).toHaveLength(2);
    const names = world.seen('/activity-service/activity/', 'PUT').map((r) => (r.json as any).activityName);
    expect(names).toEqual(['Queued run', 'Queued run']);
    expect(JSON.parse((await world.cli(['status', '--json'])).stdout).counts.outbox).toBe(0);
  });
});
