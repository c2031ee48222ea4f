/**
 * `garmin-sync import <paths…|->`: workout texts become Garmin workouts; FIT, GPX and TCX
 * activities (also gzipped, in ZIPs and in directories) are uploaded and confirmed. One line per
 * file (and a spinner naming the file being worked on, on a terminal only), a summary table after
 * a batch; a batch goes on past a bad file. Exit 0 when every file went through (a duplicate or an
 * archived match counts), 2 when every file was refused before sending, 7 when every failure was
 * Garmin not being reached (the activity files wait in the outbox), 5 when some failed or were
 * queued.
 */
import type { Command } from 'commander';
import ora from 'ora';
import { ExitCode, UsageError } from '../../errors.js';
import type { DetectedFormat } from '../../formats/detect.js';
import { SETTABLE_TYPE_KEYS, activityTypeRef } from '../../formats/sport.js';
import { parseCalendarDate } from '../../sync/dates.js';
import { importFiles, type ImportResult } from '../../sync/import.js';
import { readStreamLimited } from '../../sync/import-sources.js';
import { openClient } from '../../sync/session.js';
import { contextOf } from '../context.js';
import { count, formatDistance, formatDuration, formatLocalTime, formatTable, info, out, outJson, style } from '../output.js';
import { underLock } from './pull.js';

interface ImportFlags {
  dryRun?: boolean;
  json?: boolean;
  schedule?: string;
  force?: boolean;
  format?: string;
  strict?: boolean;
  name?: string;
  type?: string;
  description?: string;
  start?: string;
  replace?: boolean;
  expandRamps?: boolean | string;
}

/** `--expand-ramps` alone: sub-steps of this many seconds. */
const DEFAULT_RAMP_STEP_SECONDS = 30;

/** `--expand-ramps[=30s|2m|45]` → seconds; UsageError for anything else. */
function rampStepSeconds(value: boolean | string | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return DEFAULT_RAMP_STEP_SECONDS;
  const match = /^(\d+)(s|m)?$/.exec(value);
  const seconds = match ? Number(match[1]) * (match[2] === 'm' ? 60 : 1) : 0;
  if (seconds < 5) throw new UsageError(`--expand-ramps takes a step length like 30s or 2m (at least 5s), not "${value}"`);
  return seconds;
}

const FORMATS: Partial<Record<string, DetectedFormat>> = { fit: 'fit', gpx: 'gpx', tcx: 'tcx', text: 'text' };

const MARK: Record<ImportResult['status'], (s: string) => string> = {
  created: style.ok,
  updated: style.ok,
  unchanged: style.dim,
  uploaded: style.ok,
  duplicate: style.warn,
  skipped: style.warn,
  queued: style.warn,
  invalid: style.error,
  failed: style.error,
  'dry-run': style.dim,
};

function printResult(result: ImportResult, flags: ImportFlags): void {
  for (const lint of result.lints ?? []) {
    info(`${lint.file}:${lint.line}:${lint.column}: ${style.warn('warning:')} ${lint.message}`);
    if (lint.excerpt) info(lint.excerpt);
  }
  if (result.status !== 'invalid') {
    for (const warning of result.summary?.warnings ?? []) info(`${result.file}: ${style.warn('warning:')} ${warning} (--strict refuses it)`);
  }
  if (flags.json) return;
  const line = `${MARK[result.status](result.status.padEnd(9))} ${result.message}`;
  if (result.status === 'invalid' || result.status === 'failed') info(line);
  else out(line);
  if (result.status === 'dry-run') {
    if (result.tree) out(result.tree.replace(/^/gm, '    '));
    if (result.summary) {
      const s = result.summary;
      out(`    ${s.sport}, started ${formatLocalTime(s.startTime, { relative: false })}, ${formatDuration(s.durationSeconds)}, ${formatDistance(s.distanceMeters)}, ` +
        `avg HR ${s.averageHR ?? '-'}, max HR ${s.maxHR ?? '-'}, ${s.pointCount} points`);
    }
  }
}

/** The end-of-batch table: one row per file (status, sport, start, distance, activity id) and the counts. */
function printSummary(results: readonly ImportResult[]): void {
  const rows = results.map((r) => [
    r.status,
    r.summary?.sport ?? r.kind,
    r.summary ? formatLocalTime(r.summary.startTime, { relative: false }) : '-',
    r.summary ? formatDistance(r.summary.distanceMeters) : '-',
    String(r.activityId ?? r.workoutId ?? '-'),
    r.file,
  ]);
  const header = ['status', 'sport', 'start', 'distance', 'id', 'file'];
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const [head, ...lines] = formatTable(header, rows);
  out();
  out(style.bold(head));
  for (const line of lines) out(line);
  out(`${count(results.length, 'file')}: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`);
}

/** The exit code of a finished batch (see the module comment). */
export function importExitCode(results: readonly ImportResult[]): number {
  const bad = results.filter((r) => ['invalid', 'failed', 'queued'].includes(r.status));
  if (bad.length === 0) return ExitCode.ok;
  if (bad.length === results.length && bad.every((r) => r.status === 'invalid')) return ExitCode.usage;
  if (bad.every((r) => r.unreachable)) return ExitCode.network;
  return ExitCode.partial;
}

/** Registers `import`. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('send workout texts, FIT, GPX and TCX activities to Garmin Connect')
    .argument('<paths...>', 'files, directories or ZIPs: workout texts, FIT, GPX or TCX activities (also .gz); - reads stdin')
    .option('--dry-run', 'check and show what would be sent; send nothing')
    .option('--json', 'print one JSON document on stdout, with a result per file (with --dry-run: the exact workout JSON)')
    .option('--schedule <YYYY-MM-DD>', "put the created workouts on this date of the watch's calendar")
    .option('--force', 'upload even when the archive already holds a matching activity')
    .option('--format <format>', 'skip content detection: fit, gpx, tcx or text (for a file named on the command line or -)')
    .option('--strict', 'treat workout lints and activity warnings (start before 2000, over 48 h, points out of order) as errors')
    .option('--start <YYYY-MM-DD>', 'the date of `day: 1` in a workout plan written with relative days')
    .option('--replace', 'first unschedule what garmin-sync had scheduled on the dates being scheduled')
    .option('--expand-ramps [step]', 'split ramps into sub-steps of this length (default 30s), instead of one step with a range')
    .option('--name <name>', 'activity name to set after upload')
    .option('--type <typeKey>', `activity type to set after upload: ${SETTABLE_TYPE_KEYS.join(', ')}`)
    .option('--description <text>', 'activity description to set after upload')
    .addHelpText(
      'after',
      `
Examples:
  garmin-sync import intervals.txt --schedule 2026-12-01
  garmin-sync import --dry-run intervals.txt
  garmin-sync import week.txt --start 2026-12-07 --replace   # a plan with day: 1, day: 3, …
  garmin-sync import ride.zwo workout.fit                     # Zwift and FIT workouts
  garmin-sync import ride.fit run.gpx indoor.tcx
  garmin-sync import ~/strava-export/activities/          # every FIT, GPX, TCX (and .gz) inside
  garmin-sync import export_12345.zip --json
  curl -s https://example.com/ride.fit | garmin-sync import - --type road_biking`,
    )
    .action(async (paths: string[], flags: ImportFlags, command: Command) => {
      const ctx = contextOf(command);
      if (flags.schedule) parseCalendarDate(flags.schedule, '--schedule');
      if (flags.start) parseCalendarDate(flags.start, '--start');
      const expandRampsSeconds = rampStepSeconds(flags.expandRamps);
      if (flags.format && !FORMATS[flags.format]) throw new UsageError(`--format takes fit, gpx, tcx or text, not "${flags.format}"`);
      const activityTypeDTO = flags.type === undefined ? undefined : activityTypeRef(flags.type);
      if (activityTypeDTO === null) throw new UsageError(`--type takes one of ${SETTABLE_TYPE_KEYS.join(', ')}, not "${flags.type}"`);
      if (paths.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) can be given once');
      // ora writes a plain "- text" line when it is not enabled: without a terminal, no spinner at all.
      const spinner = process.stderr.isTTY && !process.env.CI ? ora({ stream: process.stderr, discardStdin: false }) : null;
      let started = 0;
      const run = () =>
        importFiles(
          paths,
          {
            dryRun: Boolean(flags.dryRun),
            force: Boolean(flags.force),
            strict: Boolean(flags.strict),
            format: flags.format ? FORMATS[flags.format] : undefined,
            schedule: flags.schedule,
            start: flags.start,
            replace: Boolean(flags.replace),
            expandRampsSeconds,
            fields: { activityName: flags.name, description: flags.description, activityTypeDTO },
            onStart: (file) => spinner?.start(`[${++started}] ${file}`),
            onResult: (r) => {
              spinner?.stop();
              printResult(r, flags);
            },
          },
          {
            archive: ctx.archive,
            client: () => openClient(ctx.session()),
            readStdin: () => readStreamLimited(process.stdin, '-'),
          },
        );
      const results = await (flags.dryRun ? run() : underLock(ctx, false, run)).finally(() => spinner?.stop());
      if (flags.json) outJson({ results });
      else if (results.length > 1) printSummary(results);
      else if (results.length === 0) info('Nothing to import: no activity files found.');
      process.exitCode = importExitCode(results);
    });
}
