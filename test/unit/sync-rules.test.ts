import { describe, expect, it } from 'vitest';
import { importExitCode } from '../../src/cli/commands/import.js';
import { planRange } from '../../src/cli/commands/pull.js';
import { addDays, dateRange, isCalendarDate } from '../../src/sync/dates.js';
import { findArchivedDuplicate } from '../../src/sync/dedup.js';
import type { ActivityRecord } from '../../src/archive/archive.js';
import type { ImportResult } from '../../src/sync/import.js';

const archived = (over: Partial<ActivityRecord>): ActivityRecord =>
  ({ schemaVersion: 1, activityId: 7, activityName: 'Run', activityType: 'running', startTimeGMT: '2026-03-01T07:00:00Z', startTimeLocal: '2026-03-01T08:00:00', distanceMeters: 10_000, durationSeconds: 3000, averageHR: 150, maxHR: 170, raw: {}, ...over }) as ActivityRecord;
const file = (over: Partial<{ startTime: Date; distanceMeters: number | null; averageHR: number | null }>) => ({
  format: 'fit' as const, sport: 'running', startTime: new Date('2026-03-01T07:20:00Z'), durationSeconds: 3000, distanceMeters: 10_300 as number | null,
  averageHR: 153 as number | null, maxHR: 170, pointCount: 100, device: null, ...over,
});

describe('dedup before upload (start within 1 h, distance within 5 %, average HR within 5 bpm)', () => {
  it('matches an archived activity inside every bound', () => {
    expect(findArchivedDuplicate(file({}), [archived({})])?.activityId).toBe(7);
  });
  it.each([
    ['a start 61 minutes apart', { startTime: new Date('2026-03-01T08:01:00Z') }],
    ['a distance 6 % longer', { distanceMeters: 10_640 }],
    ['an average HR 6 bpm apart', { averageHR: 156 }],
  ])('does not match %s', (_what, over) => {
    expect(findArchivedDuplicate(file(over), [archived({})])).toBeNull();
  });
  it('ignores HR and distance when either side lacks them', () => {
    expect(findArchivedDuplicate(file({ averageHR: null, distanceMeters: null }), [archived({ averageHR: 120 })])?.activityId).toBe(7);
  });
});

describe('calendar dates', () => {
  it('rejects impossible dates and does day arithmetic across months and leap days', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dateRange('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
  it('takes the range --days/--since say; without them the cursors decide (test/store/pull-settings.test.ts)', () => {
    expect(planRange({}, '2026-11-22')).toBeNull();
    expect(planRange({ days: '1' }, '2026-11-22')).toEqual({ startDate: '2026-11-22', endDate: '2026-11-22' });
    expect(planRange({ since: '2026-11-01' }, '2026-11-22')).toEqual({ startDate: '2026-11-01', endDate: '2026-11-22' });
    expect(() => planRange({ since: '2026-12-01' }, '2026-11-22')).toThrow(/future/);
    expect(() => planRange({ days: '0' }, '2026-11-22')).toThrow(/--days/);
  });
});

describe('import exit codes', () => {
  const r = (status: ImportResult['status']) => ({ file: 'f', kind: 'activity', status, message: '' }) as ImportResult;
  it('is 0 when every file went through, duplicates included', () => {
    expect(importExitCode([r('uploaded'), r('duplicate'), r('skipped'), r('created')])).toBe(0);
  });
  it('is 2 when every file was refused before sending, 5 when some failed or were queued', () => {
    expect(importExitCode([r('invalid')])).toBe(2);
    expect(importExitCode([r('invalid'), r('invalid')])).toBe(2);
    expect(importExitCode([r('invalid'), r('uploaded')])).toBe(5);
    expect(importExitCode([r('queued')])).toBe(5);
    expect(importExitCode([r('failed'), r('invalid')])).toBe(5);
  });
});
