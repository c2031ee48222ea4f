/** The Garmin Connect client, usable without the CLI (../shared/design.md, "Layers"). */
export type { DiToken, Endpoints, TokenBundle } from './types.js';
export { resolveEndpoints } from './endpoints.js';
export { redact, type RequestLogger } from './http.js';
export {
  exchangeServiceTicket,
  resumeSignIn,
  sessionFromTicket,
  signIn,
  TokenNotActiveError,
  validateTokens,
  PendingSignInSchema,
  type MfaChallenge,
  type PendingSignIn,
  type SignedIn,
  type SignInOptions,
  type SignInPath,
} from './auth/login.js';
export { PathRefusedError, SIGN_IN_PATHS } from './auth/sign-in-path.js';
export { MOBILE_SERVICE_URL } from './auth/sso.js';
export { DI_CLIENT_IDS } from './auth/diauth.js';
export { openTransport, type Transport, type TransportOptions } from './transport.js';
export { IMPERSONATIONS, type Impersonation } from './browser-headers.js';
export { GarminClient, type GarminClientOptions, type UploadAccepted, type UploadOutcome } from './client.js';
export type { SocialProfile, UserSettings } from './api/profile.js';
export type { ActivityDetail, ActivityListItem, ActivitySplits } from './api/activities.js';
export type { DailyHeartRate, DailySleep, HrvDay } from './api/wellness.js';
export type {
  ExecutableStep,
  GarminWorkout,
  RepeatGroupStep,
  StoredWorkout,
  WorkoutEndCondition,
  WorkoutSegment,
  WorkoutSportType,
  WorkoutStep,
  WorkoutStepType,
  WorkoutTargetType,
} from './api/workouts.js';
/** The typed errors every function above throws, each with the CLI's `exitCode` (`garmin-sync/client` users test them with instanceof). */
export { GarminSyncError, AuthError, RefusedError, GarminApiError, UsageError, InputError, ExitCode } from '../errors.js';
