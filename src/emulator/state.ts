/**
 * Server-side state of the emulator: the account's activities, uploads, workouts, schedules, and
 * the SSO/DI credentials it has issued. Tests read it for assertions.
 */
import type { ActivityRecord } from './activities.js';
import type { WellnessGenerator } from './wellness.js';

/** A CAS service ticket (protocol §4 "Service tickets"). */
export interface TicketRecord {
  service: string;
  /** Unix ms. */
  expiresAtMs: number;
  used: boolean;
}

/** A pending or finished SSO session, keyed by its SESSION cookie. */
export interface SsoSession {
  /** Set while an MFA code is awaited. */
  mfa: null | { service: string; codeIssuedAtMs: number };
  /** The legacy widget's per-session `_csrf` (protocol §2.1 step 2, §4 "SSO: legacy widget"). */
  csrf?: string;
  /** Legacy widget: the credentials were accepted and an MFA code is awaited for this `service`. */
  widgetMfa?: { service: string; codeIssuedAtMs: number };
  /** Legacy widget: one-time `logintoken` of the MFA success redirect → the service it signs in to. */
  loginTokens?: Map<string, string>;
}

/** An access token minted by diauth. */
export interface AccessTokenRecord {
  clientId: string;
  /** Unix ms. */
  expiresAtMs: number;
  /** connectapi answers 401 "Token is not active" for it (switch tokenNotActiveCount). */
  notActive: boolean;
}

/** A refresh token minted by diauth. Rotation keeps the old one valid (protocol §2.3). */
export interface RefreshTokenRecord {
  clientId: string;
  /** Unix ms. */
  expiresAtMs: number;
}

/** An upload waiting for (or done with) processing. */
export interface UploadRecord {
  activityId: number;
  /** Status polls answered so far. */
  polls: number;
  /** The 202 body, reused by the status URL. */
  body: Record<string, unknown>;
}

/** A stored workout (Garmin's JSON, with the fields the server assigns). */
export type StoredWorkout = Record<string, unknown> & { workoutId: number };

/** A scheduled workout (calendar item). */
export interface WorkoutSchedule {
  workoutScheduleId: number;
  workoutId: number;
  /** `YYYY-MM-DD`. */
  calendarDate: string;
  /** Unix ms. */
  createdAtMs: number;
}

/** Everything the emulator keeps. */
export interface EmulatorState {
  /** All activities by id (seeded and uploaded; deleted ones are removed). */
  activities: Map<number, ActivityRecord>;
  /** Uploads by their status-URL key `{ms}/{uuid-nodash}`. */
  uploads: Map<string, UploadRecord>;
  workouts: Map<number, StoredWorkout>;
  schedules: Map<number, WorkoutSchedule>;
  tickets: Map<string, TicketRecord>;
  sessions: Map<string, SsoSession>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  /** The seeded wellness data. */
  wellness: WellnessGenerator;
  /** Added to the real clock for every expiry decision (tickets, MFA codes, tokens): tests move time forward with it. */
  clockOffsetMs: number;
  /** The emulator's current time, unix ms (real clock + clockOffsetMs). */
  now(): number;
  /** Counters for ids the server assigns. */
  nextIds: { upload: number; activity: number; workout: number; step: number; schedule: number };
}
