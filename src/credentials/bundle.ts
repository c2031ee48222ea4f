/**
 * The valibot schema every token store parses what it loads with (shape: src/garmin/types.ts,
 * protocol §2.3 for the DI token).
 */
import * as v from 'valibot';
import { AuthError } from '../errors.js';
import type { TokenBundle } from '../garmin/types.js';

/** Schema of TokenBundle (unknown keys are dropped). */
export const tokenBundleSchema: v.GenericSchema<TokenBundle> = v.object({
  schemaVersion: v.literal(1),
  domain: v.picklist(['garmin.com', 'garmin.cn']),
  di: v.object({
    clientId: v.pipe(v.string(), v.minLength(1)),
    accessToken: v.pipe(v.string(), v.minLength(1)),
    refreshToken: v.pipe(v.string(), v.minLength(1)),
    accessExpiresAt: v.number(),
    refreshExpiresAt: v.nullable(v.number()),
    scope: v.optional(v.string()),
  }),
  createdAt: v.string(),
  rememberedBrowser: v.optional(v.unknown()),
});

/**
 * Parses a loaded value as a TokenBundle.
 * @param source what held it, for the message (`the OS keychain`, a file path, a variable name).
 * @param hint what the user should do, default "run garmin-sync login".
 * @throws AuthError (exit 3) "<source>: stored tokens are unreadable; <hint>" — never quoting the value.
 */
export function parseTokenBundle(value: unknown, source: string, hint = 'run `garmin-sync login`'): TokenBundle {
  const parsed = v.safeParse(tokenBundleSchema, value);
  if (!parsed.success) throw new AuthError(`${source}: stored tokens are unreadable; ${hint}`);
  return parsed.output;
}
