/**
 * Reads a token bundle someone brings from elsewhere (`login --import-tokens <file|->`): our own
 * `garmin-sync token export` output, or python-garminconnect's `garmin_tokens.json`
 * (`{di_token, di_refresh_token, di_client_id}`, protocol §2.7), whose access-token expiry is
 * the JWT's `exp` claim (read unverified, as every client does, §2.3).
 */
import * as v from 'valibot';
import { UsageError } from '../errors.js';
import { jwtExpiry } from '../garmin/auth/diauth.js';
import type { Endpoints, TokenBundle } from '../garmin/types.js';
import { tokenBundleSchema } from './bundle.js';

/** python-garminconnect ≥ 0.3 `garmin_tokens.json` (protocol §2.7). */
const GarminconnectTokensSchema = v.looseObject({
  di_token: v.pipe(v.string(), v.minLength(1)),
  di_refresh_token: v.pipe(v.string(), v.minLength(1)),
  di_client_id: v.pipe(v.string(), v.minLength(1)),
});

/** The domain a DI JWT was issued for, from its `iss` (`https://diauth.garmin.cn` → garmin.cn), or null. */
function issuerDomain(token: string): Endpoints['domain'] | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    if (typeof claims.iss !== 'string') return null;
    return new URL(claims.iss).hostname.endsWith('.cn') ? 'garmin.cn' : 'garmin.com';
  } catch {
    return null;
  }
}

/**
 * Parses imported tokens. `source` names the file (or `standard input`) in messages; `domain` is
 * the configured Garmin domain, used for a python-garminconnect file whose JWT names none.
 * Returns a bundle whose `refreshExpiresAt` is null when the file does not say (python-garminconnect).
 * @throws UsageError (exit 2) when the text is not JSON, is neither format, or was issued for
 *   the other Garmin domain than GARMIN_SYNC_DOMAIN. Messages never quote the content.
 */
export function parseImportedTokens(text: string, source: string, domain: Endpoints['domain']): TokenBundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${source} is not JSON: expected \`garmin-sync token export\` output or python-garminconnect's garmin_tokens.json`);
  }
  const ours = v.safeParse(tokenBundleSchema, value);
  const bundle = ours.success ? ours.output : fromGarminconnect(value, source, domain);
  if (bundle.domain !== domain) {
    throw new UsageError(`${source} holds tokens for ${bundle.domain} but GARMIN_SYNC_DOMAIN is ${domain}: set GARMIN_SYNC_DOMAIN=${bundle.domain}`);
  }
  return bundle;
}

/** A python-garminconnect file → bundle. */
function fromGarminconnect(value: unknown, source: string, domain: Endpoints['domain']): TokenBundle {
  const parsed = v.safeParse(GarminconnectTokensSchema, value);
  if (!parsed.success) {
    throw new UsageError(`${source} is neither \`garmin-sync token export\` output nor python-garminconnect's garmin_tokens.json (di_token, di_refresh_token, di_client_id)`);
  }
  const { di_token: accessToken, di_refresh_token: refreshToken, di_client_id: clientId } = parsed.output;
  const accessExpiresAt = jwtExpiry(accessToken);
  if (accessExpiresAt === undefined) throw new UsageError(`${source}: di_token is not a JWT with an expiry (exp)`);
  return {
    schemaVersion: 1,
    domain: issuerDomain(accessToken) ?? domain,
    di: { clientId, accessToken, refreshToken, accessExpiresAt, refreshExpiresAt: null },
    createdAt: new Date().toISOString(),
  };
}
