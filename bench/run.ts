/**
 * `npm run bench`: runs every bench/*.js module's exported `run()` except this runner, in name
 * order, one after the other (each prints its own figures against its stated bound). A module
 * whose `run()` throws is reported and the runner exits 1 after the others ran.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const scripts = readdirSync(here)
  .filter((name) => name.endsWith('.js') && name !== self)
  .sort();
let failed = 0;
for (const name of scripts) {
  const module = (await import(pathToFileURL(join(here, name)).href)) as { run?: () => Promise<void> };
  if (typeof module.run !== 'function') continue;
  process.stdout.write(`\n== ${name.replace(/\.js$/, '')} ==\n`);
  try {
    await module.run();
  } catch (err) {
    failed += 1;
    process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
