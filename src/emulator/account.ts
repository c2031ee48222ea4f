/**
 * The emulator's single seeded account: sign-in credentials and identity.
 * Identity fields follow the recorded socialProfile (recorded/garth/cassettes/test_user_profile.yaml);
 * values are invented for the emulator.
 */

/** Email the emulator accepts at the SSO login (case-insensitive). */
export const DEMO_EMAIL = 'runner@example.com';
/** Password the emulator accepts at the SSO login. */
export const DEMO_PASSWORD = 'correct horse battery staple';
/** The MFA code the emulator accepts when the `mfa` switch is on (protocol §2.4). */
export const MFA_CODE = '123456';
/** `socialProfile.displayName`: UUID-like, as on new accounts (protocol §3). */
export const DISPLAY_NAME = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
/** `socialProfile.fullName`. */
export const FULL_NAME = 'Alex Runner';
/** `socialProfile.profileId` = `userProfilePK`/`ownerId` everywhere else (protocol §3.1). */
export const PROFILE_ID = 91234567;
/** `socialProfile.id`. */
export const SOCIAL_PROFILE_ID = 98765432;
/** `socialProfile.garminGUID`. */
export const GARMIN_GUID = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
/** Masked email shown in `customerMfaInfo.email` (protocol §2.2). */
export const MASKED_EMAIL = 'ru****@example.com';

/**
 * The account's time zone. Fixed UTC-6 without daylight saving (America/Costa_Rica, the zone of the
 * recorded activity, unitId 150), chosen so local and GMT fields always differ by 6 hours.
 */
export const TIME_ZONE = { unitId: 150, unitKey: 'America/Costa_Rica', offsetMinutes: -360 } as const;

/** Device id of the seeded account's watch (`deviceId` in activities and wellness). */
export const DEVICE_ID = 3469703076;
