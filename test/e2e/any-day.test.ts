/**
 * Tests that hold on any day (issue 10, point 10): the CLI and the emulator share a fixed "today"
 * (GARMIN_SYNC_TODAY, the emulator's `today`), and a pull is right on the days calendar code gets
 * wrong: a month end, a leap day, and the days a time zone changes to and from summer time (the
 * CLI runs in that zone).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TIME_ZONE } from '../../src/emulator/account.js';
import { allFiles, createWorld, type World } from './harness.js';

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const localDate = (gmtMs: number) => new Date(gmtMs + TIME_ZONE.offsetMinutes * 60_000).toISOString().slice(0, 10);
const DAYS = 35; // more than one 28-day chunk, and across the month boundary

const DAYS_TO_TRY = [
  { today: '2026-01-31', tz: 'UTC', why: 'a month end' },
  { today: '2028-02-29', tz: 'UTC', why: 'a leap day' },
  { today: '2028-03-01', tz: 'UTC', why: 'the day after a leap day' },
  { today: '2026-03-29', tz: 'Europe/Berlin', why: 'the spring DST change in Berlin' },
  { today: '2026-11-01', tz: 'America/New_York', why: 'the autumn DST change in New York' },
];

describe.each(DAYS_TO_TRY)('pull when today is $today ($why)', ({ today, tz }) => {
  let world: World;
  afterEach(async () => world?.close());

  it(`archives exactly the ${DAYS} days ending on today, and a second pull changes nothing`, async () => {
    world = await createWorld({ today, days: 60 }, { TZ: tz });
    expect((await world.login()).code).toBe(0);
    expect((await world.cli(['config', 'set', 'requestsPerSecond', '100'])).code).toBe(0);
    const run = await world.cli(['pull', '--days', String(DAYS)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`from ${addDays(today, -(DAYS - 1))} to ${today}`);

    const expectedDates = Array.from({ length: DAYS }, (_, i) => addDays(today, -i)).sort();
    const wellness = (await allFiles(join(world.home, 'wellness'))).map((f) => f.slice(-15, -5)).sort();
    expect(wellness).toEqual(expectedDates);
    const metrics = (await allFiles(join(world.home, 'metrics'))).map((f) => f.slice(-15, -5)).sort();
    expect(metrics).toEqual(expectedDates);
    // Files are filed under the year of their date (2027-12-31 → 2027/, 2028-01-01 → 2028/).
    expect((await readdir(join(world.home, 'wellness'))).sort()).toEqual([...new Set(expectedDates.map((d) => d.slice(0, 4)))]);

    const first = expectedDates[0];
    const activities = await allFiles(join(world.home, 'activities'));
    const expected = [...world.emulator.state.activities.values()].filter((a) => localDate(a.startGmtMs) >= first && localDate(a.startGmtMs) <= today);
    expect(expected.length).toBeGreaterThan(5);
    expect(activities.length).toBe(expected.length);

    const again = await world.cli(['pull', '--days', String(DAYS), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).counts.wellness).toEqual({ new: 0, updated: 0, unchanged: DAYS });
  });
});

describe('GARMIN_SYNC_TODAY', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a value that is not a date is exit 2, before anything is sent', async () => {
    world = await createWorld();
    expect((await world.login()).code).toBe(0);
    const before = world.emulator.requests.length;
    const run = await world.cli(['pull', '--days', '2'], { env: { GARMIN_SYNC_TODAY: '2026-02-30' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GARMIN_SYNC_TODAY takes a date written YYYY-MM-DD');
    expect(world.emulator.requests.length).toBe(before);
  });
});
