/**
 * Profile schemas (protocol §3.1, checked against recorded/garth `test_user_profile`,
 * `test_user_settings`). Permissive: fields optional or null, unknown keys kept (protocol §7.1).
 */
import * as v from 'valibot';

/**
 * `GET /userprofile-service/socialProfile`. `displayName` (required) names the user in wellness
 * URLs; `profileId` is the user id (`userProfilePK` elsewhere); `fullName` is for display.
 */
export const SocialProfileSchema = v.looseObject({
  id: v.nullish(v.number()),
  profileId: v.nullish(v.number()),
  garminGUID: v.nullish(v.string()),
  displayName: v.pipe(v.string(), v.minLength(1)),
  fullName: v.nullish(v.string()),
  userName: v.nullish(v.string()),
  location: v.nullish(v.string()),
  profileImageType: v.nullish(v.string()),
  profileImageUuid: v.nullish(v.string()),
  hasPremiumSocialIcon: v.nullish(v.boolean()),
});
/** A parsed socialProfile, unknown keys preserved. */
export type SocialProfile = v.InferOutput<typeof SocialProfileSchema>;

/**
 * `GET /userprofile-service/userprofile/user-settings`. `userData.weight` is in grams, `height`
 * in cm, `userSleep.sleepTime`/`wakeTime` in seconds after local midnight.
 */
export const UserSettingsSchema = v.looseObject({
  id: v.nullish(v.number()),
  userData: v.nullish(
    v.looseObject({
      gender: v.nullish(v.string()),
      weight: v.nullish(v.number()),
      height: v.nullish(v.number()),
      birthDate: v.nullish(v.string()),
      measurementSystem: v.nullish(v.string()),
      vo2MaxRunning: v.nullish(v.number()),
      vo2MaxCycling: v.nullish(v.number()),
      lactateThresholdHeartRate: v.nullish(v.number()),
    }),
  ),
  userSleep: v.nullish(
    v.looseObject({
      sleepTime: v.nullish(v.number()),
      wakeTime: v.nullish(v.number()),
    }),
  ),
});
/** Parsed user settings, unknown keys preserved. */
export type UserSettings = v.InferOutput<typeof UserSettingsSchema>;
