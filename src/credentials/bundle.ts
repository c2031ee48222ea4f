/**
 * The zod schema every token store parses what it loads with (shape: src/garmin/types.ts,
 * protocol §2.3 for the DI token).
 */
import { z } from 'zod';
import { AuthError } from '../errors.js';
import type { TokenBundle } from '../garmin/types.js';

/** Schema of TokenBundle (unknown keys are dropped). */
export const tokenBundleSchema: z.ZodType<TokenBundle> = z.object({
  schemaVersion: z.literal(1),
  domain: z.enum(['garmin.com', 'garmin.cn']),
  di: z.object({
    clientId: z.string().min(1),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    accessExpiresAt: z.number(),
    refreshExpiresAt: z.number().nullable(),
    scope: z.string().optional(),
  }),
  createdAt: z.string(),
});

/**
 * Parses a loaded value as a TokenBundle.
 * @param source what held it, for the message (`the OS keychain`, a file path, a variable name).
 * @param hint what the user should do, default "run garmin-sync login".
 * @throws AuthError (exit 3) "<source>: stored tokens are unreadable; <hint>" — never quoting the value.
 */
export function parseTokenBundle(value: unknown, source: string, hint = 'run `garmin-sync login`'): TokenBundle {
  const parsed = tokenBundleSchema.safeParse(value);
  if (!parsed.success) throw new AuthError(`${source}: stored tokens are unreadable; ${hint}`);
  return parsed.data;
}
