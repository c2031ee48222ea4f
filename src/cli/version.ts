/**
 * The version of garmin-sync, read from package.json (two levels up from src/cli/, three from the
 * built dist/src/cli/). Its own module so `--version` is answered before commander is loaded.
 */
import { readFileSync } from 'node:fs';

/** The `version` field of package.json, e.g. "0.4.0"; throws if package.json is missing (a broken install). */
export function packageVersion(): string {
  const file = new URL(import.meta.url.includes('/dist/src/') ? '../../../package.json' : '../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
  return pkg.version;
}
