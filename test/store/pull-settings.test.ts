import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { configFile, defaultConfig, readConfig, setConfigValue } from '../../src/archive/config.js';
import { advanceCursor, planType } from '../../src/sync/cursors.js';
import { chunksNewestFirst } from '../../src/sync/dates.js';
import { RequestGate, backoffDelayMs } from '../../src/garmin/politeness.js';
import { tempPaths } from './helpers.js';

describe('config', () => {
  it('has the documented defaults when nothing is stored', async () => {
    const config = await readConfig(await tempPaths());
    expect(config).toMatchObject({
      syncActivities: true, syncWellness: true, syncFitnessMetrics: true, initialSyncDays: 365, incrementalSyncDays: 7,
      minSyncIntervalMinutes: 60, maxRetries: 3, concurrency: 4, fit: false, ftp: null, thresholdPace: null,
    });
  });

  it('stores a valid value and reads it back; only changed settings land in the file', async () => {
    const paths = await tempPaths();
    await setConfigValue(paths, 'fit', 'true');
    await setConfigValue(paths, 'thresholdPace', '4:30/km');
    await setConfigValue(paths, 'css', '1:45/100m');
    await setConfigValue(paths, 'ftp', '250');
    expect(await readConfig(paths)).toMatchObject({ fit: true, thresholdPace: '4:30/km', css: '1:45/100m', ftp: 250 });
    expect(JSON.parse(await readFile(configFile(paths), 'utf8'))).toEqual({ fit: true, ftp: 250, thresholdPace: '4:30/km', css: '1:45/100m' });
    await setConfigValue(paths, 'ftp', 'none');
    expect((await readConfig(paths)).ftp).toBeNull();
  });

  it.each([
    ['concurrency', '0'], ['concurrency', 'four'], ['initialSyncDays', '-3'], ['fit', 'maybe'], ['thresholdPace', '4:30'],
    ['thresholdPace', '4:75/km'], ['css', '1:45/km'], ['maxHr', '400'], ['incrementalSyncDays', '1.5'],
  ])('refuses %s = %s with exit 2 and writes nothing', async (key, value) => {
    const paths = await tempPaths();
    await expect(setConfigValue(paths, key as never, value)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(key) });
    expect(await readConfig(paths)).toEqual(defaultConfig());
  });

  it('names the file and key when a hand-edited config.json holds a bad value', async () => {
    const paths = await tempPaths();
    await mkdir(paths.configDir, { recursive: true });
    await writeFile(configFile(paths), JSON.stringify({ concurrency: 99 }));
    await expect(readConfig(paths)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/config\.json: concurrency must be a whole number from 1 to 16/) });
  });
});

describe('cursors', () => {
  const settings = { initialSyncDays: 365, incrementalSyncDays: 7 };

  it('a first run backfills initialSyncDays up to today, in chunks newest first', () => {
    const plan = planType(undefined, settings, '2026-07-10');
    expect(plan).toEqual({ spans: [{ startDate: '2025-07-11', endDate: '2026-07-10' }], backfilling: true, backfillFrom: '2025-07-11' });
    const chunks = chunksNewestFirst(plan.spans[0], 28);
    expect(chunks[0]).toEqual({ startDate: '2026-06-13', endDate: '2026-07-10' });
    expect(chunks.at(-1)!.startDate).toBe('2025-07-11');
    expect(chunks.length).toBe(14);
  });

  it('an interrupted backfill resumes below the oldest finished chunk, after the incremental window', () => {
    let cursor = advanceCursor(undefined, { startDate: '2026-06-13', endDate: '2026-07-10' }, 't1', '2025-07-11');
    cursor = advanceCursor(cursor, { startDate: '2026-05-16', endDate: '2026-06-12' }, 't2', '2025-07-11');
    expect(cursor).toMatchObject({ oldestDate: '2026-05-16', newestDate: '2026-07-10', backfillFrom: '2025-07-11', lastSyncedAt: 't2' });
    const plan = planType(cursor, settings, '2026-07-11');
    expect(plan.spans).toEqual([
      { startDate: '2026-07-05', endDate: '2026-07-11' },
      { startDate: '2025-07-11', endDate: '2026-05-15' },
    ]);
    expect(plan.backfilling).toBe(true);
  });

  it('after the backfill, a run fetches the incremental window, widened to the last day pulled', () => {
    const done = { lastSyncedAt: 't', oldestDate: '2025-07-11', newestDate: '2026-07-10', backfillFrom: '2025-07-11' };
    expect(planType(done, settings, '2026-07-10')).toMatchObject({ spans: [{ startDate: '2026-07-04', endDate: '2026-07-10' }], backfilling: false });
    // cron did not run for 20 days: the gap is fetched too
    expect(planType(done, settings, '2026-07-30').spans).toEqual([{ startDate: '2026-07-11', endDate: '2026-07-30' }]);
  });

  it('a span apart from the archived range does not move the cursor', () => {
    const cursor = { lastSyncedAt: 't', oldestDate: '2026-01-01', newestDate: '2026-01-31' };
    expect(advanceCursor(cursor, { startDate: '2026-03-01', endDate: '2026-03-07' }, 'u')).toEqual({ ...cursor, lastSyncedAt: 'u' });
    expect(advanceCursor(cursor, { startDate: '2026-02-01', endDate: '2026-02-07' }, 'u').newestDate).toBe('2026-02-07');
  });
});

describe('politeness', () => {
  it('backoff doubles per retry, stays within [step/2, step], and is capped', () => {
    const policy = { backoffBaseMs: 500, backoffCapMs: 4000 };
    expect([1, 2, 3, 4, 5].map((r) => backoffDelayMs(r, policy, () => 0))).toEqual([250, 500, 1000, 2000, 2000]);
    expect([1, 2, 3, 4, 5].map((r) => backoffDelayMs(r, policy, () => 1))).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it('the gate keeps at most `concurrency` requests in flight and spaces their starts', async () => {
    const gate = new RequestGate(2, 50); // 20 ms apart
    let inFlight = 0;
    let peak = 0;
    const starts: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, () =>
        gate.run(async () => {
          starts.push(performance.now() - started);
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight -= 1;
        }),
      ),
    );
    expect(peak).toBeLessThanOrEqual(2);
    expect(starts.at(-1)!).toBeGreaterThanOrEqual(7 * 20 - 5);
  });
});
