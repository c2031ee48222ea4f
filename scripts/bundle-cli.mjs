/**
 * Builds dist/cli/: the garmin-sync command as esbuild bundles it (issue 11, start-up). Node pays
 * for every module it resolves, reads and links, so src/cli/main.ts and each command module it
 * imports lazily become a few files (code splitting keeps each command's code out of the others'
 * start), together with the small packages every start needs: commander, chalk, valibot and
 * env-paths. Every other package stays external and is loaded from node_modules only by the
 * command that uses it (native ones such as impit and @napi-rs/keyring must be). Not minified, so
 * a bug's stack trace stays readable.
 *
 * Then writes dist/cli/help.txt: the top-level help as commander prints it (80 columns), which
 * src/cli/help-cache.ts answers `--help` with.
 *
 * Run by `npm run build` and `npm run build:package` after tsc.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const OUT = 'dist/cli';
/** The packages bundled into the CLI (the rest are loaded from node_modules). */
const BUNDLED = new Set(['commander', 'chalk', 'valibot', 'env-paths']);

/** The npm package a bare import names (`@scope/name/sub` → `@scope/name`), or null for a relative path. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
  // CommonJS packages in the bundle (commander) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __garminSyncCreateRequire } from 'node:module';\nconst require = __garminSyncCreateRequire(import.meta.url);" },
  plugins: [
    {
      name: 'external-packages',
      setup(esbuild) {
        esbuild.onResolve({ filter: /^[^.]/ }, (args) => {
          const name = packageOf(args.path);
          if (name === null || BUNDLED.has(name)) return undefined;
          return { path: args.path, external: true };
        });
      },
    },
  ],
});

const help = execFileSync(process.execPath, [`${OUT}/main.js`, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
writeFileSync(`${OUT}/help.txt`, help);
