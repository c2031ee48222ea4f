/**
 * The version of garmin-sync, read from package.json. Its own module so `--version` is answered
 * before commander is loaded.
 */
import { readFileSync } from 'node:fs';
import { packageRootUrl } from '../package-root.js';

/** The `version` field of package.json, e.g. "0.4.0"; throws if package.json is missing (a broken install). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', packageRootUrl()), 'utf8')) as { version: string };
  return pkg.version;
}
