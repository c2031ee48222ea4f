/**
 * Metrics when one of Garmin's metrics routes fails (issue 12 item 4): the weekly training-status
 * gateway route answering 404 falls back to the per-day `trainingstatus/latest/{date}` route and
 * the metrics files come out the same; a 404 on one metrics part is no data, not a failed type.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFiles, createWorld, TODAY, type World } from './harness.js';

// The harness's fixed today (never the real date).
const DAYS = 10;
const WEEKLY = '/mobile-gateway/usersummary/trainingstatus/weekly/';
const LATEST = '/mobile-gateway/usersummary/trainingstatus/latest/';

/** A signed-in world (same seed each time, so the same Garmin data) that pulls fast. */
async function world(): Promise<World> {
  const w = await createWorld({ today: TODAY, days: 40 });
  expect((await w.login()).code).toBe(0);
  expect((await w.cli(['config', 'set', 'requestsPerSecond', '100'])).code).toBe(0);
  return w;
}

async function metricsDays(w: World): Promise<any[]> {
  const files = (await allFiles(join(w.home, 'metrics'))).sort();
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
}

describe('pull metrics when a metrics route fails', () => {
  let normal: World;
  beforeAll(async () => {
    normal = await world();
    const run = await normal.cli(['pull', '--days', String(DAYS), '--only', 'metrics']);
    expect(run.code, run.stderr).toBe(0);
    expect(normal.seen(LATEST)).toHaveLength(0);
    expect((await metricsDays(normal)).length).toBe(DAYS);
  });
  afterAll(async () => normal.close());

  it('weekly training status answering 404: the per-day latest route gives the same complete metrics files', async () => {
    const w = await world();
    try {
      w.emulator.switches.notFoundPathPrefixes = [WEEKLY];
      const run = await w.cli(['pull', '--days', String(DAYS), '--only', 'metrics']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^metrics: ${DAYS} new, 0 updated, 0 unchanged$`, 'm'));
      expect(w.seen(WEEKLY).map((r) => r.status)).toEqual([404]);
      expect(w.seen(LATEST).filter((r) => r.status === 200)).toHaveLength(DAYS);
      const days = await metricsDays(w);
      expect(days).toHaveLength(DAYS);
      for (const d of days) expect(d.trainingStatus, d.calendarDate).toMatch(/^(PRODUCTIVE|MAINTAINING|RECOVERY|DETRAINING)/);
      expect(days.some((d) => d.vo2MaxRunning !== null)).toBe(true);
      expect(days.some((d) => d.trainingReadinessScore !== null)).toBe(true);
      // What the weekly route gave: VO2max, status and readiness all landed; the status entries are
      // the same but for sinceDate, which only the latest route fills in.
      const withoutSince = (d: any) => ({ ...d, raw: { ...d.raw, trainingStatus: d.raw.trainingStatus.map((e: any) => ({ ...e, sinceDate: null })) } });
      expect(days.map(withoutSince)).toEqual((await metricsDays(normal)).map(withoutSince));
      expect(days.every((d) => d.raw.trainingStatus.every((e: any) => e.sinceDate <= d.calendarDate))).toBe(true);
    } finally {
      await w.close();
    }
  });

  it('training readiness answering 404 is no readiness, not a failed metrics run', async () => {
    const w = await world();
    try {
      w.emulator.switches.notFoundPathPrefixes = ['/metrics-service/metrics/trainingreadiness/'];
      const run = await w.cli(['pull', '--days', String(DAYS), '--only', 'metrics']);
      expect(run.code, run.stderr).toBe(0);
      const days = await metricsDays(w);
      expect(days).toHaveLength(DAYS);
      const expected = new Map((await metricsDays(normal)).map((d) => [d.calendarDate, d]));
      for (const d of days) {
        expect(d.trainingReadinessScore).toBeNull();
        expect(d.raw.trainingReadiness).toEqual([]);
        expect(d.trainingStatus).toBe(expected.get(d.calendarDate).trainingStatus);
        expect(d.vo2MaxRunning).toBe(expected.get(d.calendarDate).vo2MaxRunning);
      }
    } finally {
      await w.close();
    }
  });

  it('maxmet answering 404 too: status and readiness still land, VO2max from the latest route where it is dated that day', async () => {
    const w = await world();
    try {
      w.emulator.switches.notFoundPathPrefixes = [WEEKLY, '/metrics-service/metrics/maxmet/daily/'];
      const run = await w.cli(['pull', '--days', String(DAYS), '--only', 'metrics']);
      expect(run.code, run.stderr).toBe(0);
      const days = await metricsDays(w);
      expect(days).toHaveLength(DAYS);
      const expected = new Map((await metricsDays(normal)).map((d) => [d.calendarDate, d]));
      for (const d of days) {
        expect(d.trainingStatus).toBe(expected.get(d.calendarDate).trainingStatus);
        expect(d.trainingReadinessScore).toBe(expected.get(d.calendarDate).trainingReadinessScore);
        // The latest route carries only the newest VO2max: the same value on its own day, null on the others.
        // A running and a cycling value of different days: each lands on its own day only.
        if (d.vo2MaxRunning !== null) expect(d.vo2MaxRunning, d.calendarDate).toBe(expected.get(d.calendarDate).vo2MaxRunning);
        if (d.vo2MaxCycling !== null) expect(d.vo2MaxCycling, d.calendarDate).toBe(expected.get(d.calendarDate).vo2MaxCycling);
      }
    } finally {
      await w.close();
    }
  });
});
