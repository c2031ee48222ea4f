/** `garmin-sync config list|get|set`: the settings in config.json (src/archive/config.ts). */
import type { Command } from 'commander';
import { CONFIG_KEYS, configFile, describeSetting, parseConfigKey, readConfig, setConfigValue } from '../../archive/config.js';
import { contextOf } from '../context.js';
import { out, outJson, style } from '../output.js';

const show = (value: unknown): string => (value === null ? 'none' : String(value));

/** Registers `config`. */
export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .description('show or change the settings (stored as JSON in the config directory)')
    .addHelpText(
      'after',
      '\nExamples:\n  garmin-sync config list\n  garmin-sync config get incrementalSyncDays\n  garmin-sync config set fit true\n  garmin-sync config set thresholdPace 4:30/km\n  garmin-sync config set ftp none',
    );
  config
    .command('list')
    .description('every setting with its value')
    .option('--json', 'print one JSON document on stdout')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const values = await readConfig(ctx.paths);
      if (opts.json) return outJson(values);
      for (const key of CONFIG_KEYS) out(`${key.padEnd(22)} ${show(values[key]).padEnd(10)} ${style.dim(describeSetting(key))}`);
      out(style.dim(`(${configFile(ctx.paths)})`));
    });
  config
    .command('get <key>')
    .description('print one setting')
    .action(async (key: string, _opts: unknown, command: Command) => {
      const name = parseConfigKey(key);
      out(show((await readConfig(contextOf(command).paths))[name]));
    });
  config
    .command('set <key> <value>')
    .description('change one setting (checked before it is saved; `none` clears a workout threshold)')
    .action(async (key: string, value: string, _opts: unknown, command: Command) => {
      const name = parseConfigKey(key);
      const values = await setConfigValue(contextOf(command).paths, name, value);
      out(`${name} = ${show(values[name])}`);
    });
}
