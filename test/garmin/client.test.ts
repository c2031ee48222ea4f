import { readFixture } from '../shared.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, GarminApiError, RefusedError } from '../../src/errors.js';
import { resolveEndpoints } from '../../src/garmin/endpoints.js';
import { GarminClient, signIn as signInWithPassword, type GarminWorkout, type TokenBundle } from '../../src/garmin/index.js';
import { DEMO_EMAIL, DEMO_PASSWORD, DISPLAY_NAME } from '../../src/emulator/account.js';
import { type Emulator, startEmulator } from '../../src/emulator/server.js';

const TODAY = '2026-03-10';
const FIT = readFixture('fit/garmin-fenix-5-run.fit');

let emu: Emulator;
let tokens: TokenBundle;
beforeEach(async () => {
  emu = await startEmulator({ today: TODAY, days: 30, switches: { uploadPollsBeforeDone: 1 } });
});
afterEach(async () => {
  await emu.close();
});

/** Signs in (with the current switches) and starts counting requests after the login. */
async function signIn(): Promise<void> {
  const result = await signInWithPassword({ endpoints: resolveEndpoints(emu.env), email: DEMO_EMAIL, password: DEMO_PASSWORD });
  if (result.kind !== 'signedIn') throw new Error('the emulator asked for MFA');
  tokens = result.tokens;
  emu.requests.length = 0;
}

function client(extra: { saveTokens?: (b: TokenBundle) => Promise<void>; log?: (l: string) => void; timeoutMs?: number } = {}): GarminClient {
  return new GarminClient({ endpoints: resolveEndpoints(emu.env), tokens, saveTokens: extra.saveTokens ?? (async () => {}), log: extra.log, timeoutMs: extra.timeoutMs });
}

const refreshPosts = () => emu.requests.filter((r) => r.path === '/di-oauth2-service/oauth/token' && r.body?.includes('grant_type=refresh_token'));

describe('token refresh', () => {
  it('refreshes 15 minutes before expiry and saves the bundle before the new token is used', async () => {
    emu.switches.accessTokenTtlSeconds = 600;
    await signIn();
    emu.switches.accessTokenTtlSeconds = 86_400;
    const saved: Array<{ bundle: TokenBundle; requestsSoFar: number }> = [];
    // A slow store: the new token must not be used until the save has finished.
    const c = client({
      saveTokens: async (bundle) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        saved.push({ bundle, requestsSoFar: emu.requests.length });
      },
    });

    const profile = await c.socialProfile();
    expect(profile.displayName).toBe(DISPLAY_NAME);
    expect(saved).toHaveLength(1);
    // Saved right after the refresh grant and before the API request that uses the new token.
    expect(emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /di-oauth2-service/oauth/token', 'GET /userprofile-service/socialProfile']);
    expect(saved[0].requestsSoFar).toBe(1);
    const form = new URLSearchParams(emu.requests[0].body ?? '');
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('client_id')).toBe(tokens.di.clientId);
    expect(emu.requests[1].headers.authorization).toBe(`Bearer ${saved[0].bundle.di.accessToken}`);
    expect(saved[0].bundle.di.accessToken).not.toBe(tokens.di.accessToken);
    expect(c.tokens).toEqual(saved[0].bundle);
    expect(c.tokens.createdAt).toBe(tokens.createdAt);

    await c.userSettings();
    expect(refreshPosts()).toHaveLength(1);
  });

  it('concurrent requests share one refresh', async () => {
    emu.switches.accessTokenTtlSeconds = 60;
    await signIn();
    emu.switches.accessTokenTtlSeconds = 86_400;
    const save = vi.fn(async () => {});
    const c = client({ saveTokens: save });
    await Promise.all([c.socialProfile(), c.userSettings(), c.searchActivities({ start: 0, limit: 5 })]);
    expect(refreshPosts()).toHaveLength(1);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('refreshes once on a 401 and repeats the request once', async () => {
    await signIn();
    emu.state.accessTokens.delete(tokens.di.accessToken);
    const save = vi.fn(async () => {});
    const settings = await client({ saveTokens: save }).userSettings();
    expect(settings.userData?.measurementSystem).toBe('metric');
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /userprofile-service/userprofile/user-settings 401',
      'POST /di-oauth2-service/oauth/token 200',
      'GET /userprofile-service/userprofile/user-settings 200',
    ]);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('a second 401 after the refresh → AuthError asking to sign in again', async () => {
    await signIn();
    emu.state.accessTokens.delete(tokens.di.accessToken);
    emu.switches.tokenNotActiveCount = 1;
    const error = await client().socialProfile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe('Garmin rejected the saved tokens; run `garmin-sync login`');
    expect(refreshPosts()).toHaveLength(1);
  });

  it('a revoked refresh token → AuthError (exit 3) with "sign in again", nothing saved', async () => {
    emu.switches.accessTokenTtlSeconds = 60;
    await signIn();
    emu.switches.revokeRefreshTokens = true;
    const save = vi.fn(async () => {});
    const error = await client({ saveTokens: save }).socialProfile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).exitCode).toBe(3);
    expect((error as Error).message).toMatch(/invalid_grant.*sign in again: run `garmin-sync login`/);
    expect((error as Error).message).not.toContain(tokens.di.refreshToken);
    expect(save).not.toHaveBeenCalled();
    expect(emu.requests.filter((r) => r.path.startsWith('/userprofile'))).toHaveLength(0);
  });
});

describe('API calls', () => {
  beforeEach(signIn);

  it('lists, reads, splits and renames activities', async () => {
    const c = client();
    const page = await c.searchActivities({ start: 0, limit: 3, startDate: '2026-02-20', endDate: TODAY });
    expect(page.length).toBeGreaterThan(0);
    expect(emu.requests[0].query).toEqual({ start: '0', limit: '3', startDate: '2026-02-20', endDate: TODAY });
    const id = page[0].activityId;
    const detail = await c.activity(id);
    expect(detail.activityId).toBe(id);
    expect(detail.activityName).toBe(page[0].activityName);
    const splits = await c.activitySplits(id);
    expect(splits.lapDTOs?.length).toBeGreaterThan(0);
    await c.updateActivity(id, { activityName: 'Renamed run', description: 'by garmin-sync' });
    expect((await c.activity(id)).activityName).toBe('Renamed run');
    expect(await c.searchActivities({ start: 10_000, limit: 3 })).toEqual([]);
  });

  it('an unknown activity → GarminApiError 404, not transient', async () => {
    const error = await client().activity(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarminApiError);
    expect(error).toMatchObject({ status: 404, transient: false });
  });

  it('uploads a FIT file, waits for the activity id, and reports a second upload as a duplicate of it', async () => {
    const c = client();
    const outcome = await c.uploadActivity({ fileName: 'garmin-fenix-5-run.fit', bytes: FIT });
    expect(outcome.status).toBe('accepted');
    if (outcome.status !== 'accepted') return;
    expect(outcome.statusUrl).toMatch(new RegExp(`^${emu.url}/activity-service/activity/status/\\d+/[0-9a-f]{32}$`));
    expect(outcome.pollDelayMs).toBe(1000);
    const upload = emu.requests.find((r) => r.path === '/upload-service/upload')!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toBe(`<multipart file=garmin-fenix-5-run.fit ${FIT.length} bytes>`);

    const activityId = await c.waitForUpload(outcome);
    expect(emu.requests.filter((r) => r.path.startsWith('/activity-service/activity/status/')).map((r) => r.status)).toEqual([202, 200]);
    expect(emu.state.activities.has(activityId)).toBe(true);
    expect((await c.activity(activityId)).activityId).toBe(activityId);

    expect(await c.uploadActivity({ fileName: 'again.fit', bytes: FIT })).toEqual({ status: 'duplicate', activityId });
  });

  it('a file Garmin does not read → GarminApiError (not transient) with Garmin\'s words', async () => {
    const error = await client().uploadActivity({ fileName: 'notes.fit', bytes: new TextEncoder().encode('not a FIT file') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarminApiError);
    expect(error).toMatchObject({ transient: false });
    expect((error as Error).message).toMatch(/notes\.fit.*The file is of a type we do not support\. \(code 415\)/);
  });

  it('an upload answered 503 → transient GarminApiError', async () => {
    emu.switches.uploadFailCount = 1;
    const error = await client().uploadActivity({ fileName: 'run.fit', bytes: FIT }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, transient: true });
  });

  it('gives up waiting for an upload after the timeout with a transient error', async () => {
    emu.switches.uploadPollsBeforeDone = 100;
    const c = client();
    const outcome = await c.uploadActivity({ fileName: 'run.fit', bytes: FIT });
    if (outcome.status !== 'accepted') throw new Error('expected accepted');
    const error = await c.waitForUpload({ ...outcome, pollDelayMs: 10 }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarminApiError);
    expect(error).toMatchObject({ transient: true });
  });

  it('creates, reads and schedules a workout', async () => {
    const running = { sportTypeId: 1, sportTypeKey: 'running', displayOrder: 1 };
    const workout: GarminWorkout = {
      workoutName: 'Intervals',
      description: '6 x 400 m',
      sportType: running,
      estimatedDurationInSecs: 1200,
      workoutSegments: [{
        segmentOrder: 1,
        sportType: running,
        workoutSteps: [
          { type: 'ExecutableStepDTO', stepOrder: 1, stepType: { stepTypeId: 1, stepTypeKey: 'warmup', displayOrder: 1 },
            endCondition: { conditionTypeId: 2, conditionTypeKey: 'time', displayOrder: 2, displayable: true }, endConditionValue: 600,
            targetType: { workoutTargetTypeId: 1, workoutTargetTypeKey: 'no.target', displayOrder: 1 } },
          { type: 'RepeatGroupDTO', stepOrder: 2, childStepId: 1, stepType: { stepTypeId: 6, stepTypeKey: 'repeat', displayOrder: 6 },
            numberOfIterations: 6, smartRepeat: false,
            endCondition: { conditionTypeId: 7, conditionTypeKey: 'iterations', displayOrder: 7, displayable: false }, endConditionValue: 6,
            workoutSteps: [
              { type: 'ExecutableStepDTO', stepOrder: 3, childStepId: 1, stepType: { stepTypeId: 3, stepTypeKey: 'interval', displayOrder: 3 },
                endCondition: { conditionTypeId: 3, conditionTypeKey: 'distance', displayOrder: 3, displayable: true }, endConditionValue: 400,
                targetType: { workoutTargetTypeId: 6, workoutTargetTypeKey: 'pace.zone', displayOrder: 6 }, targetValueOne: 4.0, targetValueTwo: 4.3478 },
            ] },
        ],
      }],
    };
    const c = client();
    const stored = await c.createWorkout(workout);
    expect(stored.workoutId).toBeGreaterThan(0);
    expect(stored.workoutName).toBe('Intervals');
    const steps = stored.workoutSegments?.[0].workoutSteps ?? [];
    expect(steps.map((s) => s.type)).toEqual(['ExecutableStepDTO', 'RepeatGroupDTO']);
    expect((await c.workout(stored.workoutId)).workoutName).toBe('Intervals');
    const { workoutScheduleId } = await c.scheduleWorkout(stored.workoutId, '2026-03-12');
    expect(emu.state.schedules.get(workoutScheduleId)).toMatchObject({ workoutId: stored.workoutId, calendarDate: '2026-03-12' });
  });

  it('reads wellness: sleep and heart rate by displayName, HRV; a night without HRV → null', async () => {
    const c = client();
    const sleep = await c.dailySleep('2026-03-09');
    expect(sleep.dailySleepDTO?.calendarDate).toBe('2026-03-09');
    const hr = await c.dailyHeartRate('2026-03-09');
    expect(hr.calendarDate).toBe('2026-03-09');
    expect(hr.restingHeartRate).toBeGreaterThan(0);
    const hrv = await c.hrv('2026-03-09');
    expect(hrv?.hrvSummary?.calendarDate).toBe('2026-03-09');
    expect(await c.hrv('2020-01-01')).toBeNull();
    const paths = emu.requests.map((r) => r.path);
    expect(paths).toContain(`/wellness-service/wellness/dailySleepData/${DISPLAY_NAME}`);
    expect(paths).toContain(`/wellness-service/wellness/dailyHeartRate/${DISPLAY_NAME}`);
    expect(paths.filter((p) => p === '/userprofile-service/socialProfile')).toHaveLength(1);
  });
});

describe('failures', () => {
  beforeEach(signIn);

  it('429 without Retry-After → RefusedError at once', async () => {
    emu.switches.api429 = { count: 1 };
    const error = await client().socialProfile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect(error).toMatchObject({ exitCode: 4, status: 429, retryAfterSeconds: undefined });
    expect(emu.requests).toHaveLength(1);
  });

  it('429 with a long Retry-After → RefusedError carrying it', async () => {
    emu.switches.api429 = { count: 1, retryAfterSeconds: 3600 };
    await expect(client().socialProfile()).rejects.toMatchObject({ status: 429, retryAfterSeconds: 3600 });
  });

  it('429 with a short Retry-After → one retry after the wait', async () => {
    emu.switches.api429 = { count: 1, retryAfterSeconds: 1 };
    const started = Date.now();
    expect((await client().socialProfile()).displayName).toBe(DISPLAY_NAME);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(emu.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('5xx → transient GarminApiError, no retry', async () => {
    emu.switches.api5xxCount = 1;
    const error = await client().userSettings().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarminApiError);
    expect(error).toMatchObject({ status: 500, transient: true });
    expect(emu.requests).toHaveLength(1);
  });

  it('a dropped connection → transient GarminApiError', async () => {
    emu.switches.dropConnectionsCount = 1;
    const error = await client().userSettings().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarminApiError);
    expect(error).toMatchObject({ transient: true });
    expect((error as Error).message).toMatch(/^could not reach Garmin at 127\.0\.0\.1:\d+: the connection was cut during GET \/userprofile-service\/userprofile\/user-settings/);
    expect(error).toMatchObject({ exitCode: 7 });
  });

  it('a slow answer → transient GarminApiError after the timeout', async () => {
    emu.switches.latencyMs = 500;
    const error = await client({ timeoutMs: 100 }).userSettings().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GarminApiError);
    expect(error).toMatchObject({ transient: true });
    expect((error as Error).message).toMatch(/^could not reach Garmin at 127\.0\.0\.1:\d+: no answer to GET \/userprofile-service\/userprofile\/user-settings within 100 ms; nothing was changed; try again later$/);
  });

  it('--verbose logs one line per request and answer, with the token redacted', async () => {
    const lines: string[] = [];
    await client({ log: (l) => lines.push(l) }).hrv('2026-03-09');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`→ GET ${emu.url}/hrv-service/hrv/2026-03-09`);
    expect(lines[1]).toMatch(new RegExp(`^← 200 GET ${emu.url}/hrv-service/hrv/2026-03-09 \\d+ ms$`));
    expect(lines.join('\n')).not.toContain(tokens.di.accessToken);
  });
});
