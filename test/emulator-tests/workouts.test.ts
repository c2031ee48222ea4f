import { exampleIntervalRun } from '../shared.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';
import { apiGet, signIn } from './helpers.js';

let emu: Emulator;
let token: string;
const send = (method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
/** The reference example workout (a real Garmin interval run). */
const example = (): Record<string, any> => exampleIntervalRun();

beforeAll(async () => {
  emu = await startEmulator({ today: '2026-01-08', days: 30 });
  token = (await signIn(emu)).access_token;
});
afterAll(async () => {
  await emu.close();
});

describe('workouts', () => {
  it('creates a workout with server-assigned ids and reads it back', async () => {
    const res = await send('POST', '/workout-service/workout', example());
    expect(res.status).toBe(200);
    const stored = (await res.json()) as Record<string, any>;
    expect(stored.workoutId).toEqual(expect.any(Number));
    expect(stored.ownerId).toEqual(expect.any(Number));
    expect(stored.createdDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(stored.workoutSegments[0].workoutSteps.every((s: any) => typeof s.stepId === 'number')).toBe(true);
    expect(await (await apiGet(emu, `/workout-service/workout/${stored.workoutId}`, token)).json()).toEqual(stored);
    const list = (await (await apiGet(emu, '/workout-service/workouts?start=0&limit=10', token)).json()) as any[];
    expect(list.map((w) => w.workoutId)).toContain(stored.workoutId);
  });

  it.each([
    ['a duplicate stepOrder', (w: any) => { w.workoutSegments[0].workoutSteps[1].stepOrder = w.workoutSegments[0].workoutSteps[0].stepOrder; }],
    ['an unknown end condition', (w: any) => { w.workoutSegments[0].workoutSteps[0].endCondition.conditionTypeId = 99; }],
    ['a non-numeric value', (w: any) => { w.workoutSegments[0].workoutSteps[0].endConditionValue = '600'; }],
    ['no name', (w: any) => { delete w.workoutName; }],
  ])('refuses %s with 400', async (_what, mutate) => {
    const w = example();
    mutate(w);
    expect((await send('POST', '/workout-service/workout', w)).status).toBe(400);
  });

  it('refuses a repeat group with zero iterations', async () => {
    const w = example();
    const repeat = JSON.stringify(w).includes('RepeatGroupDTO');
    expect(repeat).toBe(true);
    const walk = (steps: any[]): void => steps.forEach((s) => { if (s.type === 'RepeatGroupDTO') s.numberOfIterations = 0; if (s.workoutSteps) walk(s.workoutSteps); });
    walk(w.workoutSegments[0].workoutSteps);
    expect((await send('POST', '/workout-service/workout', w)).status).toBe(400);
  });

  it('scheduling is not idempotent; the calendar (0-based month) shows both; unschedule removes one', async () => {
    const { workoutId } = (await (await send('POST', '/workout-service/workout', example())).json()) as { workoutId: number };
    const a = (await (await send('POST', `/workout-service/schedule/${workoutId}`, { date: '2026-02-03' })).json()) as Record<string, any>;
    const b = (await (await send('POST', `/workout-service/schedule/${workoutId}`, { date: '2026-02-03' })).json()) as Record<string, any>;
    expect(a.workoutScheduleId).not.toBe(b.workoutScheduleId);
    expect(a).toMatchObject({ calendarDate: '2026-02-03', workout: { workoutId } });
    const month = (await (await apiGet(emu, '/calendar-service/year/2026/month/1', token)).json()) as { calendarItems: any[] };
    expect(month.calendarItems.filter((i) => i.itemType === 'workout' && i.workoutId === workoutId)).toHaveLength(2);
    expect((await send('DELETE', `/workout-service/schedule/${a.workoutScheduleId}`)).status).toBe(204);
    expect((await apiGet(emu, `/workout-service/schedule/${a.workoutScheduleId}`, token)).status).toBe(404);
    expect((await send('POST', `/workout-service/schedule/${workoutId}`, { date: '2026-02-30' })).status).toBe(400);
    expect((await send('DELETE', `/workout-service/workout/${workoutId}`)).status).toBe(204);
    expect((await apiGet(emu, `/workout-service/workout/${workoutId}`, token)).status).toBe(404);
  });
});
