/**
 * Profile schemas (protocol §3.1, checked against recorded/garth `test_user_profile`,
 * `test_user_settings`). Permissive: fields optional or null, unknown keys kept (protocol §7.1).
 */
import { z } from 'zod';

/**
 * `GET /userprofile-service/socialProfile`. `displayName` (required) names the user in wellness
 * URLs; `profileId` is the user id (`userProfilePK` elsewhere); `fullName` is for display.
 */
export const SocialProfileSchema = z.looseObject({
  id: z.number().nullish(),
  profileId: z.number().nullish(),
  garminGUID: z.string().nullish(),
  displayName: z.string().min(1),
  fullName: z.string().nullish(),
  userName: z.string().nullish(),
  location: z.string().nullish(),
  profileImageType: z.string().nullish(),
  profileImageUuid: z.string().nullish(),
  hasPremiumSocialIcon: z.boolean().nullish(),
});
/** A parsed socialProfile, unknown keys preserved. */
export type SocialProfile = z.infer<typeof SocialProfileSchema>;

/**
 * `GET /userprofile-service/userprofile/user-settings`. `userData.weight` is in grams, `height`
 * in cm, `userSleep.sleepTime`/`wakeTime` in seconds after local midnight.
 */
export const UserSettingsSchema = z.looseObject({
  id: z.number().nullish(),
  userData: z
    .looseObject({
      gender: z.string().nullish(),
      weight: z.number().nullish(),
      height: z.number().nullish(),
      birthDate: z.string().nullish(),
      measurementSystem: z.string().nullish(),
      vo2MaxRunning: z.number().nullish(),
      vo2MaxCycling: z.number().nullish(),
      lactateThresholdHeartRate: z.number().nullish(),
    })
    .nullish(),
  userSleep: z
    .looseObject({
      sleepTime: z.number().nullish(),
      wakeTime: z.number().nullish(),
    })
    .nullish(),
});
/** Parsed user settings, unknown keys preserved. */
export type UserSettings = z.infer<typeof UserSettingsSchema>;
