/**
 * Workout service and calendar (protocol §3.6, §4 "Workouts"): create/read/replace/delete
 * workouts, schedule them (not idempotent: every POST adds a calendar item), unschedule, and the
 * month calendar with 0-based months. Validation follows the §3.6 id tables; invalid input → 400
 * (the real error shape is unrecorded; http.ts badRequest is invented).
 */
import { DISPLAY_NAME, FULL_NAME, PROFILE_ID } from './account.js';
import { toListItem } from './activities.js';
import { type Ctx, type Reply, badRequest, empty, isObject, json, notFoundJson, parseJsonBody } from './http.js';
import type { StoredWorkout } from './state.js';
import { LOCAL_OFFSET_MS, isIsoDate, localDateOf, tenthFormat } from './time-format.js';

/** Known ids (§3.6 tables). */
const SPORT_TYPE_IDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 17, 18]);
const STEP_TYPE_IDS = new Set([1, 2, 3, 4, 5, 6, 7, 8]);
const END_CONDITION_IDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const TARGET_TYPE_IDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 15]);
/** Most steps a workout may have, repeat groups included (the watches' limit). */
const MAX_STEPS = 50;

const isNumberOrNull = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));

function idOf(obj: unknown, key: string): unknown {
  return isObject(obj) ? obj[key] : undefined;
}

/** Validates one step (recursing into repeat groups); returns an error message or null. */
function checkStep(step: unknown, orders: Set<number>, count: { steps: number }): string | null {
  if (!isObject(step)) return 'workoutSteps must hold objects';
  count.steps++;
  const order = step.stepOrder;
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 1) return 'stepOrder must be a positive integer';
  if (orders.has(order)) return `duplicate stepOrder ${order}`;
  orders.add(order);
  const stepTypeId = idOf(step.stepType, 'stepTypeId');
  if (typeof stepTypeId !== 'number' || !STEP_TYPE_IDS.has(stepTypeId)) return `unknown stepTypeId at stepOrder ${order}`;
  const conditionId = idOf(step.endCondition, 'conditionTypeId');
  if (typeof conditionId !== 'number' || !END_CONDITION_IDS.has(conditionId)) return `unknown conditionTypeId at stepOrder ${order}`;
  if (!isNumberOrNull(step.endConditionValue)) return `endConditionValue must be a number at stepOrder ${order}`;
  if (step.type === 'RepeatGroupDTO') {
    const n = step.numberOfIterations;
    if (stepTypeId !== 6) return `a repeat group needs stepTypeId 6 at stepOrder ${order}`;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return `numberOfIterations must be at least 1 at stepOrder ${order}`;
    if (conditionId !== 7) return `a repeat group needs conditionTypeId 7 at stepOrder ${order}`;
    if (!Array.isArray(step.workoutSteps) || step.workoutSteps.length === 0) return `empty repeat group at stepOrder ${order}`;
    for (const child of step.workoutSteps) {
      const err = checkStep(child, orders, count);
      if (err) return err;
    }
    return null;
  }
  if (step.type !== 'ExecutableStepDTO') return `unknown step type at stepOrder ${order}`;
  if (conditionId !== 1 && typeof step.endConditionValue !== 'number') return `endConditionValue is required at stepOrder ${order}`;
  if (typeof step.endConditionValue === 'number' && step.endConditionValue < 0) return `endConditionValue must not be negative at stepOrder ${order}`;
  const targetId = idOf(step.targetType, 'workoutTargetTypeId');
  if (typeof targetId !== 'number' || !TARGET_TYPE_IDS.has(targetId)) return `unknown workoutTargetTypeId at stepOrder ${order}`;
  for (const key of ['targetValueOne', 'targetValueTwo', 'zoneNumber', 'weightValue']) {
    if (!isNumberOrNull(step[key])) return `${key} must be a number at stepOrder ${order}`;
  }
  return null;
}

/** Validates a workout body; returns an error message or null. */
export function validateWorkout(body: unknown): string | null {
  if (!isObject(body)) return 'the body must be a JSON object';
  if (typeof body.workoutName !== 'string' || body.workoutName.trim() === '') return 'workoutName is required';
  const sportTypeId = idOf(body.sportType, 'sportTypeId');
  if (typeof sportTypeId !== 'number' || !SPORT_TYPE_IDS.has(sportTypeId)) return 'unknown sportTypeId';
  if (!Array.isArray(body.workoutSegments) || body.workoutSegments.length === 0) return 'workoutSegments is required';
  const orders = new Set<number>();
  const count = { steps: 0 };
  for (const segment of body.workoutSegments) {
    if (!isObject(segment) || !Array.isArray(segment.workoutSteps) || segment.workoutSteps.length === 0) return 'a segment needs workoutSteps';
    for (const step of segment.workoutSteps) {
      const err = checkStep(step, orders, count);
      if (err) return err;
    }
  }
  if (count.steps > MAX_STEPS) return `a workout may have at most ${MAX_STEPS} steps`;
  return null;
}

/** Gives every step (nested ones too) a server-assigned `stepId`. */
function assignStepIds(ctx: Ctx, steps: unknown[]): void {
  for (const step of steps) {
    if (!isObject(step)) continue;
    step.stepId = ctx.state.nextIds.step++;
    if (Array.isArray(step.workoutSteps)) assignStepIds(ctx, step.workoutSteps);
  }
}

function stamp(ctx: Ctx): string {
  return tenthFormat(ctx.state.now());
}

/** Builds the stored workout from a validated body. */
function store(ctx: Ctx, body: Record<string, unknown>, workoutId: number, createdDate: string): StoredWorkout {
  const workout: StoredWorkout = {
    ...structuredClone(body),
    workoutId,
    ownerId: PROFILE_ID,
    createdDate,
    updatedDate: stamp(ctx),
    author: { userProfilePk: PROFILE_ID, displayName: DISPLAY_NAME, fullName: FULL_NAME },
  };
  if (ctx.switches.workoutDropsPoolLength) {
    delete workout.poolLength;
    delete workout.poolLengthUnit;
  }
  for (const segment of workout.workoutSegments as Record<string, unknown>[]) assignStepIds(ctx, segment.workoutSteps as unknown[]);
  ctx.state.workouts.set(workoutId, workout);
  return workout;
}

function workoutParam(ctx: Ctx): StoredWorkout | undefined {
  return ctx.state.workouts.get(Number(ctx.params[0]));
}

/** `POST /workout-service/workout`: validates and stores; 200 with the stored workout. */
export function createWorkout(ctx: Ctx): Reply {
  const body = parseJsonBody(ctx);
  const err = validateWorkout(body);
  if (err) return badRequest(err);
  const { workoutId: _ignored, ownerId: _owner, ...rest } = body as Record<string, unknown>;
  return json(200, store(ctx, rest, ctx.state.nextIds.workout++, stamp(ctx)));
}

/** `GET /workout-service/workout/{id}`. */
export function getWorkout(ctx: Ctx): Reply {
  const workout = workoutParam(ctx);
  return workout ? json(200, workout) : notFoundJson();
}

/** `PUT /workout-service/workout/{id}`: full replace (body `workoutId` must match); 204 like the recorded activity PUT. */
export function replaceWorkout(ctx: Ctx): Reply {
  const existing = workoutParam(ctx);
  if (!existing) return notFoundJson();
  const body = parseJsonBody(ctx);
  const err = validateWorkout(body);
  if (err) return badRequest(err);
  const b = body as Record<string, unknown>;
  if (b.workoutId !== undefined && b.workoutId !== existing.workoutId) return badRequest('workoutId does not match the path');
  store(ctx, b, existing.workoutId, String(existing.createdDate));
  return empty(204);
}

/** `DELETE /workout-service/workout/{id}`: 204; its calendar items go too. */
export function deleteWorkout(ctx: Ctx): Reply {
  const workout = workoutParam(ctx);
  if (!workout) return notFoundJson();
  ctx.state.workouts.delete(workout.workoutId);
  for (const [id, s] of ctx.state.schedules) if (s.workoutId === workout.workoutId) ctx.state.schedules.delete(id);
  return empty(204);
}

/** `GET /workout-service/workouts?start&limit`: summaries (no segments), newest first. */
export function listWorkouts(ctx: Ctx): Reply {
  const start = Math.max(0, Number(ctx.query.start ?? 0) || 0);
  const limit = Math.max(0, Number(ctx.query.limit ?? 100) || 100);
  const all = [...ctx.state.workouts.values()].sort((a, b) => b.workoutId - a.workoutId);
  return json(
    200,
    all.slice(start, start + limit).map(({ workoutSegments: _segments, ...summary }) => summary),
  );
}

function scheduleBody(ctx: Ctx, scheduleId: number): Record<string, unknown> | null {
  const s = ctx.state.schedules.get(scheduleId);
  const workout = s && ctx.state.workouts.get(s.workoutId);
  if (!s || !workout) return null;
  return {
    workoutScheduleId: s.workoutScheduleId,
    workout,
    calendarDate: s.calendarDate,
    createdDate: tenthFormat(s.createdAtMs),
    ownerId: PROFILE_ID,
    newName: null,
    consumer: null,
    itemType: 'workout',
  };
}

/** `POST /workout-service/schedule/{workoutId}` `{"date"}` → 200 `{workoutScheduleId, workout, calendarDate, …}`; not idempotent. */
export function scheduleWorkout(ctx: Ctx): Reply {
  const workout = workoutParam(ctx);
  if (!workout) return notFoundJson();
  const body = parseJsonBody(ctx);
  if (!isObject(body) || typeof body.date !== 'string' || !isIsoDate(body.date)) return badRequest('date must be YYYY-MM-DD');
  const workoutScheduleId = ctx.state.nextIds.schedule++;
  ctx.state.schedules.set(workoutScheduleId, { workoutScheduleId, workoutId: workout.workoutId, calendarDate: body.date, createdAtMs: ctx.state.now() });
  return json(200, scheduleBody(ctx, workoutScheduleId));
}

/** `GET /workout-service/schedule/{scheduleId}`. */
export function getSchedule(ctx: Ctx): Reply {
  const body = scheduleBody(ctx, Number(ctx.params[0]));
  return body ? json(200, body) : notFoundJson();
}

/** `DELETE /workout-service/schedule/{scheduleId}` → 204. */
export function deleteSchedule(ctx: Ctx): Reply {
  return ctx.state.schedules.delete(Number(ctx.params[0])) ? empty(204) : notFoundJson();
}

/**
 * `GET /calendar-service/year/{y}/month/{m0}` (0-based month): scheduled workouts and activities.
 * Only `calendarItems` is documented ([code], §3.6); the other top-level keys are invented.
 */
export function calendarMonth(ctx: Ctx): Reply {
  const year = Number(ctx.params[0]);
  const month0 = Number(ctx.params[1]);
  if (month0 < 0 || month0 > 11) return badRequest('month must be 0-11');
  const prefix = `${String(year).padStart(4, '0')}-${String(month0 + 1).padStart(2, '0')}-`;
  const items: Record<string, unknown>[] = [];
  for (const s of ctx.state.schedules.values()) {
    const workout = ctx.state.workouts.get(s.workoutId);
    if (!workout || !s.calendarDate.startsWith(prefix)) continue;
    const sport = workout.sportType as Record<string, unknown> | undefined;
    items.push({ id: s.workoutScheduleId, itemType: 'workout', workoutId: s.workoutId, title: workout.workoutName, date: s.calendarDate, sportTypeKey: sport?.sportTypeKey ?? null });
  }
  for (const a of ctx.state.activities.values()) {
    const date = localDateOf(a.startGmtMs);
    if (!a.visible || !date.startsWith(prefix)) continue;
    const item = toListItem(a);
    items.push({
      id: a.activityId, itemType: 'activity', activityTypeId: (item.activityType as { typeId: number }).typeId, title: a.activityName,
      date, startTimestampLocal: tenthFormat(a.startGmtMs, LOCAL_OFFSET_MS), duration: a.durationSeconds, distance: a.distanceMeters,
    });
  }
  items.sort((x, y) => String(x.date).localeCompare(String(y.date)));
  return json(200, { year, month: month0, calendarItems: items });
}

/** The demo account's cycling FTP, watts. */
export const DEMO_FTP_WATTS = 250;

/**
 * `GET /biometric-service/biometric/latestFunctionalThresholdPower/CYCLING` (workout-text.md §4.7):
 * an array with one record, the shape public clients parse (`functionalThresholdPower` in W).
 */
export function latestCyclingFtp(ctx: Ctx): Reply {
  return json(200, [{ sport: 'CYCLING', functionalThresholdPower: DEMO_FTP_WATTS, weight: 72000, calendarDate: localDateOf(ctx.state.now()), isStale: false }]);
}
