/**
 * GarminClient: typed connectapi calls (protocol §3) on a DI token bundle that refreshes itself
 * (§2.6): 15 minutes before `accessExpiresAt`, and once on a 401 (the request is then repeated
 * once). `saveTokens` is awaited with the new bundle before the new token is used; concurrent
 * requests share one in-flight refresh.
 */
import * as v from 'valibot';
import { AuthError, GarminApiError, UsageError } from '../errors.js';
import { ActivityDetailSchema, ActivityListSchema, ActivitySplitsSchema, type ActivityDetail, type ActivityListItem, type ActivitySplits } from './api/activities.js';
import { SocialProfileSchema, UserSettingsSchema, type SocialProfile, type UserSettings } from './api/profile.js';
import { UploadAnswerSchema, duplicateActivityId, failureText, type UploadAccepted, type UploadOutcome } from './api/upload.js';
import { DailyHeartRateSchema, DailySleepSchema, HrvDaySchema, type DailyHeartRate, type DailySleep, type HrvDay } from './api/wellness.js';
import { DailySummarySchema, HrvRangeSchema, type DailySummary, type HrvRange } from './api/wellness.js';
import {
  MaxMetRangeSchema, TrainingReadinessSchema, TrainingStatusLatestSchema, TrainingStatusRangeSchema,
  type MaxMetEntry, type TrainingReadinessEntry, type TrainingStatusLatest, type TrainingStatusRange,
} from './api/metrics.js';
import type { RequestPolicy } from './politeness.js';
import {
  CalendarMonthSchema, LatestFtpSchema, StoredWorkoutSchema, WorkoutListSchema, WorkoutScheduleSchema,
  type CalendarItem, type GarminWorkout, type StoredWorkout, type WorkoutListItem,
} from './api/workouts.js';
import { nowSeconds, refreshDiToken } from './auth/diauth.js';
import { type ApiAnswer, type ApiCall, callConnectApi, parseAnswer, statusError } from './connectapi.js';
import { DEFAULT_TIMEOUT_MS, type FetchLike, type HttpContext, type RequestLogger, tryParseJson } from './http.js';
import type { Endpoints, TokenBundle } from './types.js';

export type { UploadAccepted, UploadOutcome } from './api/upload.js';

/** Refresh this many seconds before the access token expires (python-garminconnect: 900 s; protocol §2.6). */
const REFRESH_MARGIN_SECONDS = 15 * 60;
/** Default and longest wait between upload status polls, in ms. */
const DEFAULT_POLL_DELAY_MS = 1000;
const MAX_POLL_DELAY_MS = 10_000;
/** How long {@link GarminClient.waitForUpload} waits by default, in ms. */
const DEFAULT_UPLOAD_WAIT_MS = 120_000;

/** Options of {@link GarminClient}. */
export interface GarminClientOptions {
  endpoints: Endpoints;
  tokens: TokenBundle;
  /**
   * Called with the new bundle after every refresh, BEFORE the new token is used. When it throws,
   * the request fails with that error and the client keeps the old bundle.
   */
  saveTokens: (bundle: TokenBundle) => Promise<void>;
  log?: RequestLogger;
  /** Per-request timeout, default 30 s. */
  timeoutMs?: number;
  /**
   * Runs a refresh under a cross-process lock (credentials/refresh-lock.ts). Without it, refreshes
   * are coordinated within this process only.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Reads the stored bundle inside `exclusive`, to adopt a refresh another process made. */
  reloadTokens?: () => Promise<TokenBundle | null>;
  /** Limits and retries of connectapi calls (politeness.ts); none: one attempt each, no limit. */
  policy?: RequestPolicy;
  /** The fetch of diauth and connectapi requests (transport.ts `apiFetch`); default: Node's. */
  fetch?: FetchLike;
}

/** Returns `date` when it is `YYYY-MM-DD`; else throws UsageError (nothing is sent). */
function assertDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`expected a date as YYYY-MM-DD, got "${date}"`);
  return date;
}

/**
 * The upload status URL from a `location` header, on the configured API host: the bearer token
 * is never sent to another origin (a foreign origin is rebased onto `apiUrl`).
 */
function statusUrlFrom(location: string, apiUrl: string): string {
  if (!/^https?:\/\//i.test(location)) return `${apiUrl}${location.startsWith('/') ? '' : '/'}${location}`;
  const target = new URL(location);
  return target.origin === new URL(apiUrl).origin ? target.href : `${apiUrl}${target.pathname}${target.search}`;
}

/** A delay hint header in ms, capped, or `fallback`. */
function pollDelay(headers: Headers, fallback: number): number {
  const hinted = Number(headers.get('location-in-milliseconds'));
  return Math.min(Number.isFinite(hinted) && hinted > 0 ? hinted : fallback, MAX_POLL_DELAY_MS);
}

/** A Garmin Connect session for one account. All methods throw the typed errors of src/errors.ts. */
export class GarminClient {
  readonly #endpoints: Endpoints;
  readonly #saveTokens: (bundle: TokenBundle) => Promise<void>;
  readonly #ctx: HttpContext;
  readonly #exclusive: <T>(work: () => Promise<T>) => Promise<T>;
  readonly #reloadTokens: () => Promise<TokenBundle | null>;
  #bundle: TokenBundle;
  #refreshing: Promise<void> | null = null;
  #displayName: Promise<string> | null = null;

  /** Takes the bundle as loaded from a token store; nothing is sent until a method is called. */
  constructor(o: GarminClientOptions) {
    this.#endpoints = o.endpoints;
    this.#bundle = o.tokens;
    this.#saveTokens = o.saveTokens;
    this.#exclusive = o.exclusive ?? ((work) => work());
    this.#reloadTokens = o.reloadTokens ?? (async () => null);
    this.#ctx = { fetch: o.fetch ?? ((input, init) => fetch(input, init)), log: o.log, timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS, policy: o.policy };
  }

  /** The current bundle (after any refresh). Contains secrets. */
  get tokens(): TokenBundle {
    return this.#bundle;
  }

  /**
   * Refreshes unless another caller already replaced `staleToken`; joins a refresh in flight.
   * Under `exclusive`: reloads the stored bundle first and adopts it when another process already
   * replaced `staleToken` (and it has not expired); otherwise refreshes, saves, then adopts.
   */
  #refresh(staleToken: string): Promise<void> {
    if (this.#bundle.di.accessToken !== staleToken) return Promise.resolve();
    this.#refreshing ??= this.#exclusive(async () => {
      const stored = await this.#reloadTokens();
      if (stored && stored.di.accessToken !== staleToken && stored.di.accessExpiresAt > nowSeconds()) {
        this.#bundle = stored;
        return;
      }
      const di = await refreshDiToken(this.#ctx, this.#endpoints, (stored ?? this.#bundle).di);
      const bundle: TokenBundle = { ...(stored ?? this.#bundle), di };
      await this.#saveTokens(bundle);
      this.#bundle = bundle;
    }).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** The access token to send, refreshed first when it expires within 15 minutes. */
  async #accessToken(): Promise<string> {
    if (this.#refreshing) await this.#refreshing;
    const token = this.#bundle.di.accessToken;
    if (this.#bundle.di.accessExpiresAt - REFRESH_MARGIN_SECONDS <= nowSeconds()) await this.#refresh(token);
    return this.#bundle.di.accessToken;
  }

  /** Sends a call; on 401 refreshes once and repeats it once. A second 401 → AuthError. */
  async #call(call: ApiCall): Promise<ApiAnswer> {
    const token = await this.#accessToken();
    const answer = await callConnectApi(this.#ctx, this.#endpoints.apiUrl, token, call);
    if (answer.status !== 401) return answer;
    await this.#refresh(token);
    const repeated = await callConnectApi(this.#ctx, this.#endpoints.apiUrl, this.#bundle.di.accessToken, call);
    if (repeated.status === 401) throw new AuthError('Garmin rejected the saved tokens; run `garmin-sync login`');
    return repeated;
  }

  /** GET a JSON resource and parse it; any status but 200 is an error. */
  async #getJson<T>(schema: v.GenericSchema<unknown, T>, call: Omit<ApiCall, 'method'>): Promise<T> {
    const answer = await this.#call({ ...call, method: 'GET' });
    if (answer.status !== 200) throw statusError(answer);
    return parseAnswer(schema, answer);
  }

  /** The user's displayName for wellness URLs, from socialProfile (fetched once). */
  #userDisplayName(): Promise<string> {
    this.#displayName ??= this.socialProfile().then((p) => p.displayName);
    this.#displayName.catch(() => {
      this.#displayName = null;
    });
    return this.#displayName;
  }

  /** `GET /userprofile-service/socialProfile` (protocol §3.1). */
  socialProfile(): Promise<SocialProfile> {
    return this.#getJson(SocialProfileSchema, { path: '/userprofile-service/socialProfile' });
  }

  /** `GET /userprofile-service/userprofile/user-settings` (protocol §3.1). */
  userSettings(): Promise<UserSettings> {
    return this.#getJson(UserSettingsSchema, { path: '/userprofile-service/userprofile/user-settings' });
  }

  /**
   * `GET /activitylist-service/activities/search/activities` (protocol §3.2): newest first,
   * `start` offset, `limit` page size, optional inclusive local dates `YYYY-MM-DD`. `[]` past the end.
   */
  searchActivities(q: { start: number; limit: number; startDate?: string; endDate?: string }): Promise<ActivityListItem[]> {
    return this.#getJson(ActivityListSchema, {
      path: '/activitylist-service/activities/search/activities',
      query: {
        start: q.start,
        limit: q.limit,
        startDate: q.startDate && assertDate(q.startDate),
        endDate: q.endDate && assertDate(q.endDate),
      },
    });
  }

  /** `GET /activity-service/activity/{id}` (protocol §3.3). Unknown id → GarminApiError{status:404}. */
  activity(activityId: number): Promise<ActivityDetail> {
    return this.#getJson(ActivityDetailSchema, { path: `/activity-service/activity/${activityId}` });
  }

  /** `GET /activity-service/activity/{id}/splits` (protocol §3.3). */
  activitySplits(activityId: number): Promise<ActivitySplits> {
    return this.#getJson(ActivitySplitsSchema, { path: `/activity-service/activity/${activityId}/splits` });
  }

  /**
   * `PUT /activity-service/activity/{id}` with `{activityId, activityName?, description?,
   * activityTypeDTO?: {typeId, typeKey, parentTypeId}}` → 204 (protocol §3.3; the type as
   * python-garminconnect's `set_activity_type` sends it).
   */
  async updateActivity(
    activityId: number,
    fields: { activityName?: string; description?: string; activityTypeDTO?: { typeId: number; typeKey: string; parentTypeId: number } },
  ): Promise<void> {
    await this.#call({ method: 'PUT', path: `/activity-service/activity/${activityId}`, json: { activityId, ...fields } });
  }

  /**
   * `POST /upload-service/upload`, multipart part `file` (protocol §3.5). 202 → accepted with the
   * status URL to poll; 409 with message code 202 → duplicate with the existing activity id.
   * Garmin's failure (e.g. code 415, unsupported file) → GarminApiError (non-transient) with
   * Garmin's message; 5xx → GarminApiError{transient}.
   */
  async uploadActivity(file: { fileName: string; bytes: Uint8Array }): Promise<UploadOutcome> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: 'application/octet-stream' }), file.fileName);
    const answer = await this.#call({ method: 'POST', path: '/upload-service/upload', body: form, passStatuses: [400, 409, 415, 422] });
    const parsed = v.safeParse(UploadAnswerSchema, tryParseJson(answer.text));
    const result = parsed.success ? parsed.output : null;
    const duplicateOf = result && duplicateActivityId(result);
    if (duplicateOf != null) return { status: 'duplicate', activityId: duplicateOf };
    const failure = result && failureText(result);
    if (failure) {
      throw new GarminApiError(`Garmin did not take ${file.fileName} (HTTP ${answer.status}): ${failure}`, { status: answer.status, transient: false });
    }
    if (answer.status >= 300) throw statusError(answer);
    const location = answer.headers.get('location');
    if (answer.status !== 202 || !location) {
      throw new GarminApiError(`Garmin's answer to the upload of ${file.fileName} (HTTP ${answer.status}) has no status URL`, { status: answer.status, transient: false });
    }
    return {
      status: 'accepted',
      statusUrl: statusUrlFrom(location, this.#endpoints.apiUrl),
      pollDelayMs: pollDelay(answer.headers, DEFAULT_POLL_DELAY_MS),
      uploadId: parseAnswer(UploadAnswerSchema, answer).uploadId ?? '',
    };
  }

  /**
   * Polls the status URL with the hinted delay until Garmin names the activityId (protocol §3.5):
   * 202 → wait `location-in-milliseconds` (≤ 10 s) and poll again; 200 with
   * `successes[0].internalId`, or 201 with `Location: …/activity/{id}` → the id. A duplicate found
   * while processing returns the existing id. Timeout (default 120 s) → GarminApiError{transient}.
   */
  async waitForUpload(accepted: UploadAccepted, opts?: { timeoutMs?: number }): Promise<number> {
    const deadline = Date.now() + (opts?.timeoutMs ?? DEFAULT_UPLOAD_WAIT_MS);
    let delay = accepted.pollDelayMs;
    for (;;) {
      const wait = Math.min(delay, Math.max(0, deadline - Date.now()));
      await new Promise((resolve) => setTimeout(resolve, wait));
      const answer = await this.#call({ method: 'GET', path: accepted.statusUrl });
      const id = this.#uploadedActivityId(answer, accepted);
      if (id !== null) return id;
      if (Date.now() >= deadline) {
        throw new GarminApiError(`Garmin was still processing upload ${accepted.uploadId} when garmin-sync stopped waiting; it may appear later`, {
          status: answer.status,
          transient: true,
        });
      }
      delay = pollDelay(answer.headers, accepted.pollDelayMs);
    }
  }

  /** The activity id a status answer names, or null while Garmin is still processing (202). */
  #uploadedActivityId(answer: ApiAnswer, accepted: UploadAccepted): number | null {
    if (answer.status === 202) return null;
    if (answer.status === 201) {
      const id = /\/activity\/(\d+)\/?$/.exec(answer.headers.get('location') ?? '')?.[1];
      if (id) return Number(id);
    }
    const result = parseAnswer(UploadAnswerSchema, answer);
    const id = result.successes?.[0]?.internalId ?? duplicateActivityId(result);
    if (id != null) return id;
    throw new GarminApiError(`Garmin did not file upload ${accepted.uploadId}: ${failureText(result) ?? 'no reason given'}`, { status: answer.status, transient: false });
  }

  /** `POST /workout-service/workout` → the stored workout with its `workoutId` (protocol §3.6). */
  async createWorkout(workout: GarminWorkout): Promise<StoredWorkout> {
    const answer = await this.#call({ method: 'POST', path: '/workout-service/workout', json: workout });
    return parseAnswer(StoredWorkoutSchema, answer);
  }

  /** `GET /workout-service/workout/{id}` (protocol §3.6). Unknown id → GarminApiError{status:404}. */
  workout(workoutId: number): Promise<StoredWorkout> {
    return this.#getJson(StoredWorkoutSchema, { path: `/workout-service/workout/${workoutId}` });
  }

  /** `POST /workout-service/schedule/{id}` `{date}` (protocol §3.6). Not idempotent: each call adds a calendar item. */
  async scheduleWorkout(workoutId: number, date: string): Promise<{ workoutScheduleId: number }> {
    const answer = await this.#call({ method: 'POST', path: `/workout-service/schedule/${workoutId}`, json: { date: assertDate(date) } });
    return parseAnswer(WorkoutScheduleSchema, answer);
  }

  /** `PUT /workout-service/workout/{id}` with the full workout (id kept, so schedules stay valid; protocol §3.6). */
  async updateWorkout(workoutId: number, workout: GarminWorkout): Promise<void> {
    await this.#call({ method: 'PUT', path: `/workout-service/workout/${workoutId}`, json: { ...workout, workoutId } });
  }

  /** `DELETE /workout-service/workout/{id}` (its calendar entries go too). Unknown id → GarminApiError{status:404}. */
  async deleteWorkout(workoutId: number): Promise<void> {
    await this.#call({ method: 'DELETE', path: `/workout-service/workout/${workoutId}` });
  }

  /** `GET /workout-service/workouts?start&limit`: the account's workouts, newest first (protocol §3.6). */
  listWorkouts(q: { start: number; limit: number }): Promise<WorkoutListItem[]> {
    return this.#getJson(WorkoutListSchema, { path: '/workout-service/workouts', query: { start: q.start, limit: q.limit } });
  }

  /** `DELETE /workout-service/schedule/{workoutScheduleId}`: removes one calendar entry, keeps the workout. */
  async unscheduleWorkout(workoutScheduleId: number): Promise<void> {
    await this.#call({ method: 'DELETE', path: `/workout-service/schedule/${workoutScheduleId}` });
  }

  /** `GET /calendar-service/year/{y}/month/{m0}` for the month of `date` (YYYY-MM-DD); month is 0-based on the wire. */
  async calendarMonth(date: string): Promise<CalendarItem[]> {
    const [year, month] = assertDate(date).split('-').map(Number);
    const answer = await this.#getJson(CalendarMonthSchema, { path: `/calendar-service/year/${year}/month/${month - 1}` });
    return answer.calendarItems ?? [];
  }

  /** The latest cycling FTP in watts (`GET /biometric-service/biometric/latestFunctionalThresholdPower/CYCLING`), null when Garmin has none (204/404). */
  async latestCyclingFtp(): Promise<number | null> {
    const answer = await this.#call({ method: 'GET', path: '/biometric-service/biometric/latestFunctionalThresholdPower/CYCLING', passStatuses: [404] });
    if (answer.status === 204 || answer.status === 404) return null;
    const parsed = parseAnswer(LatestFtpSchema, answer);
    const record = Array.isArray(parsed) ? parsed[0] : parsed;
    return record?.functionalThresholdPower ?? null;
  }

  /** `GET /wellness-service/wellness/dailySleepData/{displayName}?date=&nonSleepBufferMinutes=60` (protocol §3.7). */
  async dailySleep(date: string): Promise<DailySleep> {
    const name = encodeURIComponent(await this.#userDisplayName());
    return this.#getJson(DailySleepSchema, {
      path: `/wellness-service/wellness/dailySleepData/${name}`,
      query: { date: assertDate(date), nonSleepBufferMinutes: 60 },
    });
  }

  /** `GET /hrv-service/hrv/{date}` (protocol §3.7); a night without HRV (204) → null. */
  async hrv(date: string): Promise<HrvDay | null> {
    const answer = await this.#call({ method: 'GET', path: `/hrv-service/hrv/${assertDate(date)}` });
    if (answer.status === 204) return null;
    if (answer.status !== 200) throw statusError(answer);
    return parseAnswer(HrvDaySchema, answer);
  }

  /** `GET /wellness-service/wellness/dailyHeartRate/{displayName}?date=` (protocol §3.7). */
  async dailyHeartRate(date: string): Promise<DailyHeartRate> {
    const name = encodeURIComponent(await this.#userDisplayName());
    return this.#getJson(DailyHeartRateSchema, {
      path: `/wellness-service/wellness/dailyHeartRate/${name}`,
      query: { date: assertDate(date) },
    });
  }

  /** `GET /hrv-service/hrv/daily/{start}/{end}` (protocol §3.7, §7.5); a range without data (204) → null. */
  async hrvRange(startDate: string, endDate: string): Promise<HrvRange | null> {
    const answer = await this.#call({ method: 'GET', path: `/hrv-service/hrv/daily/${assertDate(startDate)}/${assertDate(endDate)}` });
    if (answer.status === 204) return null;
    if (answer.status !== 200) throw statusError(answer);
    return parseAnswer(HrvRangeSchema, answer);
  }

  /** `GET /usersummary-service/usersummary/daily/{displayName}?calendarDate=` (protocol §3.7): steps, stress, body battery. */
  async dailySummary(date: string): Promise<DailySummary> {
    const name = encodeURIComponent(await this.#userDisplayName());
    return this.#getJson(DailySummarySchema, { path: `/usersummary-service/usersummary/daily/${name}`, query: { calendarDate: assertDate(date) } });
  }

  /** `GET /metrics-service/metrics/maxmet/daily/{start}/{end}` (protocol §3.7): VO2max entries of the days that have one. */
  maxMetRange(startDate: string, endDate: string): Promise<MaxMetEntry[]> {
    return this.#getJson(MaxMetRangeSchema, { path: `/metrics-service/metrics/maxmet/daily/${assertDate(startDate)}/${assertDate(endDate)}` });
  }

  /** `GET /metrics-service/metrics/trainingreadiness/{date}` (protocol §3.7): the day's entries, `[]` without data. */
  trainingReadiness(date: string): Promise<TrainingReadinessEntry[]> {
    return this.#getJson(TrainingReadinessSchema, { path: `/metrics-service/metrics/trainingreadiness/${assertDate(date)}` });
  }

  /** `GET /mobile-gateway/usersummary/trainingstatus/weekly/{start}/{end}` (recorded/garth stats): training status per day and device. */
  trainingStatusRange(startDate: string, endDate: string): Promise<TrainingStatusRange> {
    return this.#getJson(TrainingStatusRangeSchema, { path: `/mobile-gateway/usersummary/trainingstatus/weekly/${assertDate(startDate)}/${assertDate(endDate)}` });
  }

  /**
   * `GET /mobile-gateway/usersummary/trainingstatus/latest/{date}` (recorded/garth stats): the
   * training status in effect on one day per device, and the latest VO2max.
   */
  trainingStatusLatest(date: string): Promise<TrainingStatusLatest> {
    return this.#getJson(TrainingStatusLatestSchema, { path: `/mobile-gateway/usersummary/trainingstatus/latest/${assertDate(date)}` });
  }

  /**
   * `GET /download-service/files/activity/{id}` (protocol §3.4): the original upload as a ZIP
   * holding `{id}_ACTIVITY.fit` (bytes). Unknown id or no original → GarminApiError{status:404}.
   */
  async downloadOriginal(activityId: number): Promise<Uint8Array> {
    const answer = await this.#call({ method: 'GET', path: `/download-service/files/activity/${activityId}`, binary: true });
    if (answer.status !== 200 || !answer.bytes) throw statusError(answer);
    return answer.bytes;
  }
}
