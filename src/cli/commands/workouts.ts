/**
 * `garmin-sync workouts list|delete|unschedule|export`: the workouts garmin-sync created
 * (src/sync/workouts.ts). Creating and scheduling is `garmin-sync import`.
 */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { parseCalendarDate } from '../../sync/dates.js';
import { openClient } from '../../sync/session.js';
import { deleteCreatedWorkout, resolveWorkoutRef, unscheduleDate, workoutToExport, writeFitWorkout } from '../../sync/workouts.js';
import { contextOf } from '../context.js';
import { out, outJson, style } from '../output.js';
import { underLock } from './pull.js';

/** Registers `workouts` and its subcommands. */
export function registerWorkouts(program: Command): void {
  const workouts = program
    .command('workouts')
    .description('list, delete, unschedule or export the workouts garmin-sync created (create them with `import`)')
    .addHelpText(
      'after',
      `
Examples:
  garmin-sync workouts list
  garmin-sync workouts delete "5x1km @ 4:00-4:10/km"
  garmin-sync workouts unschedule 2026-12-01
  garmin-sync workouts export intervals.txt --fit intervals.fit   # copy to GARMIN/NewFiles on the watch
  garmin-sync workouts export 1000000001 --fit intervals.fit`,
    );

  workouts
    .command('list')
    .description('the workouts garmin-sync created, with their calendar dates (from the archive; no sign-in needed)')
    .option('--json', 'print the records as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const records = await contextOf(command).archive.listWorkouts();
      if (flags.json) {
        outJson({ workouts: records.map(({ sent: _sent, raw: _raw, ...r }) => r) });
        return;
      }
      if (records.length === 0) {
        out('No workouts created by garmin-sync yet (create one with `garmin-sync import workout.txt`).');
        return;
      }
      for (const r of records) {
        const dates = r.scheduled.map((s) => s.date).join(', ');
        out(`${String(r.workoutId).padEnd(12)} ${r.sport.padEnd(10)} ${r.workoutName}${dates ? style.dim(`  on ${dates}`) : ''}`);
      }
    });

  workouts
    .command('delete')
    .description('delete a workout garmin-sync created from Garmin Connect (and its calendar entries) and from the archive')
    .argument('<id|name>', 'the workout id, or the name of a workout garmin-sync created')
    .option('--any', 'also delete a workout garmin-sync did not create (made in Garmin Connect or another app)')
    .addHelpText('after', '\nExamples:\n  garmin-sync workouts delete "5x1km @ 4:00-4:10/km"\n  garmin-sync workouts delete 1000000001\n  garmin-sync workouts delete 1000000042 --any   # one made in Garmin Connect')
    .action(async (ref: string, flags: { any?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      await underLock(ctx, false, async () => {
        const workoutId = await resolveWorkoutRef(ref, ctx.archive);
        const done = await deleteCreatedWorkout(workoutId, await openClient(ctx.session()), ctx.archive, { any: flags.any });
        const what = done.workoutName ? `"${done.workoutName}" (${workoutId})` : `workout ${workoutId}`;
        out(done.deletedOnGarmin ? `deleted ${what}` : `${what} was no longer on Garmin Connect; its record is removed`);
      });
    });

  workouts
    .command('unschedule')
    .description("remove the calendar entries garmin-sync made on a date (the workouts stay)")
    .argument('<YYYY-MM-DD>', 'the calendar date')
    .action(async (date: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      parseCalendarDate(date, 'the date');
      await underLock(ctx, false, async () => {
        const removed = await unscheduleDate(date, await openClient(ctx.session()), ctx.archive);
        if (removed.length === 0) out(`nothing garmin-sync scheduled is on ${date}`);
        for (const r of removed) out(`unscheduled "${r.workoutName}" (${r.workoutId}) from ${date}`);
      });
    });

  workouts
    .command('export')
    .description('write a workout as a FIT workout file, for devices loaded over USB (GARMIN/NewFiles)')
    .argument('<id|file>', 'a workout id or name on Garmin Connect, or a workout text file')
    .requiredOption('--fit <out.fit>', 'where to write the FIT file')
    .action(async (ref: string, flags: { fit: string }, command: Command) => {
      const ctx = contextOf(command);
      if (!flags.fit.trim()) throw new UsageError('--fit needs a file name');
      const workout = await workoutToExport(ref, ctx.archive, () => openClient(ctx.session()));
      await writeFitWorkout(workout, flags.fit);
      out(`wrote "${workout.workoutName}" to ${flags.fit}`);
    });
}
