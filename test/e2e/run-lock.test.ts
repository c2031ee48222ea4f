/**
 * The run lock is always released (issue 10, point 1): under GARMIN_SYNC_HOME the token refresh
 * lock and the run lock live in one folder, and a refresh during a pull must not leave the run
 * lock behind (which made every later run exit 6 for 10 minutes).
 */
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './harness.js';

const DAY_MS = 86_400_000;
let world: World;
afterEach(async () => world?.close());

const lockLeftovers = async () => (await readdir(world.home)).filter((name) => name.includes('.lock'));

describe('the run lock under GARMIN_SYNC_HOME', () => {
  it('a pull that refreshes the token releases the lock: the next pull runs at once', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    world.emulator.state.clockOffsetMs = 2 * DAY_MS; // the access token expires: the pull refreshes it
    const first = await world.cli(['pull', '--days', '1']);
    expect(first.code, first.stderr).toBe(0);
    expect(world.seen('/di-oauth2-service/oauth/token', 'POST').some((r) => r.body?.includes('grant_type=refresh_token'))).toBe(true);
    expect(await lockLeftovers()).toEqual([]);
    const second = await world.cli(['pull', '--days', '1', '--force']);
    expect(second.code, second.stderr).toBe(0);
    const status = await world.cli(['status']);
    expect(status.code, status.stderr).toBe(0);
  });

  it('after invalid_grant (exit 3) and a new login, the next pull runs (not exit 6)', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    world.emulator.switches.revokeRefreshTokens = true;
    world.emulator.state.clockOffsetMs = 2 * DAY_MS;
    expect((await world.cli(['pull', '--days', '1'])).code).toBe(3);
    expect(await lockLeftovers()).toEqual([]);
    world.emulator.switches.revokeRefreshTokens = false;
    world.emulator.state.clockOffsetMs = 0;
    expect((await world.login(['--force'])).code).toBe(0);
    const pull = await world.cli(['pull', '--days', '1']);
    expect(pull.code, pull.stderr).toBe(0);
  });
});
