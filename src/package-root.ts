/**
 * The folder of garmin-sync's package.json (with demo/ and dist/ beside it), wherever this module
 * runs from: src/ (vitest), dist/src/ (tsc's output: the `garmin-sync/client` export, tests and
 * bench) or dist/cli/ (the bundled CLI of scripts/bundle-cli.mjs, whose chunks all sit in that one
 * folder). Loads nothing.
 */

/** The package's root folder as a `file:` URL ending in `/`. */
export function packageRootUrl(): URL {
  const here = import.meta.url;
  return new URL(here.includes('/dist/src/') || here.includes('/dist/cli/') ? '../../' : '../', here);
}
