/**
 * `garmin-sync import <paths…>`: workout texts become Garmin workouts, FIT and GPX activities are
 * uploaded and confirmed. One line per file; a batch goes on past a bad file. Exit 0 when every
 * file went through (a duplicate or an archived match counts), 2 when every file was refused before
 * sending, 5 when some failed or were queued.
 */
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../errors.js';
import type { DetectedFormat } from '../../formats/detect.js';
import { parseCalendarDate } from '../../sync/dates.js';
import { importFiles, type ImportResult } from '../../sync/import.js';
import { openClient } from '../../sync/session.js';
import { contextOf } from '../context.js';
import { formatDistance, formatDuration, info, out, outJson, style } from '../output.js';
import { underLock } from './pull.js';

interface ImportFlags {
  dryRun?: boolean;
  json?: boolean;
  schedule?: string;
  force?: boolean;
  format?: string;
  strict?: boolean;
  name?: string;
  description?: string;
}

const FORMATS: Record<string, DetectedFormat> = { fit: 'fit', gpx: 'gpx', tcx: 'tcx', text: 'text' };

const MARK: Record<ImportResult['status'], (s: string) => string> = {
  created: style.ok,
  uploaded: style.ok,
  duplicate: style.warn,
  skipped: style.warn,
  queued: style.warn,
  invalid: style.error,
  failed: style.error,
  'dry-run': style.dim,
};

function printResult(result: ImportResult, flags: ImportFlags): void {
  for (const lint of result.lints ?? []) info(`${lint.file}:${lint.line}:${lint.column}: ${style.warn('warning:')} ${lint.message}`);
  if (flags.json) return;
  const line = `${MARK[result.status](result.status.padEnd(9))} ${result.message}`;
  if (result.status === 'invalid' || result.status === 'failed') info(line);
  else out(line);
  if (result.status === 'dry-run') {
    if (result.tree) out(result.tree.replace(/^/gm, '    '));
    if (result.summary) {
      const s = result.summary;
      out(`    ${s.sport}, started ${s.startTime.toISOString()}, ${formatDuration(s.durationSeconds)}, ${formatDistance(s.distanceMeters)}, ` +
        `avg HR ${s.averageHR ?? '-'}, max HR ${s.maxHR ?? '-'}, ${s.pointCount} points`);
    }
  }
}

/** The exit code of a finished batch (see the module comment). */
export function importExitCode(results: readonly ImportResult[]): number {
  const bad = results.filter((r) => ['invalid', 'failed', 'queued'].includes(r.status));
  if (bad.length === 0) return ExitCode.ok;
  if (bad.length === results.length && bad.every((r) => r.status === 'invalid')) return ExitCode.usage;
  return ExitCode.partial;
}

/** Registers `import`. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('send workout texts, FIT and GPX activities to Garmin Connect')
    .argument('<paths...>', 'workout text files (.txt), FIT or GPX activity files')
    .option('--dry-run', 'check and show what would be sent; send nothing')
    .option('--json', 'print one JSON document on stdout (with --dry-run: the exact workout JSON)')
    .option('--schedule <YYYY-MM-DD>', "put the created workouts on this date of the watch's calendar")
    .option('--force', 'upload even when the archive already holds a matching activity')
    .option('--format <format>', 'skip content detection: fit, gpx or text')
    .option('--strict', 'treat workout lints as errors')
    .option('--name <name>', 'activity name to set after upload')
    .option('--description <text>', 'activity description to set after upload')
    .addHelpText(
      'after',
      `
Examples:
  garmin-sync import intervals.txt --schedule 2026-12-01
  garmin-sync import --dry-run intervals.txt
  garmin-sync import ride.fit run.gpx
  garmin-sync import ~/exports/*.fit --json`,
    )
    .action(async (paths: string[], flags: ImportFlags, command: Command) => {
      const ctx = contextOf(command);
      if (flags.schedule) parseCalendarDate(flags.schedule, '--schedule');
      if (flags.format && !FORMATS[flags.format]) throw new UsageError(`--format takes fit, gpx or text, not "${flags.format}"`);
      const run = () =>
        importFiles(
          paths,
          {
            dryRun: Boolean(flags.dryRun),
            force: Boolean(flags.force),
            strict: Boolean(flags.strict),
            format: flags.format ? FORMATS[flags.format] : undefined,
            schedule: flags.schedule,
            fields: { activityName: flags.name, description: flags.description },
            onResult: (r) => printResult(r, flags),
          },
          { archive: ctx.archive, client: () => openClient(ctx.session()) },
        );
      const results = flags.dryRun ? await run() : await underLock(ctx, false, run);
      if (flags.json) outJson({ results });
      process.exitCode = importExitCode(results);
    });
}
