/**
 * FIT file types (file_id.type) in words, for messages: "a settings file", "monitoring data".
 * Names as @garmin/fitsdk decodes them (camelCase) and as fit-file-parser does (snake_case).
 * Source: FIT profile type `file`, https://developer.garmin.com/fit/file-types/.
 */

const IN_WORDS = new Map<string, string>(Object.entries({
  device: 'a device description file',
  settings: 'a settings file',
  sport: 'a sport settings file',
  activity: 'an activity',
  workout: 'a workout',
  course: 'a course',
  schedules: 'a schedules file',
  weight: 'weight scale data',
  totals: 'a totals file',
  goals: 'a goals file',
  bloodpressure: 'blood pressure data',
  monitoringa: 'monitoring data',
  monitoringb: 'monitoring data',
  monitoringdaily: 'monitoring data',
  activitysummary: 'an activity summary file',
  segment: 'a segment',
  segmentlist: 'a segment list',
  exdconfiguration: 'a Connect IQ data screen configuration',
  locations: 'a locations file',
}));

/**
 * The file type in words: "a settings file", "monitoring data"; "a FIT file of type N" for a
 * type the profile does not name; "a FIT file without a file type" when file_id has none.
 */
export function fitFileTypeInWords(type: string | number | undefined): string {
  if (type === undefined) return 'a FIT file without a file type';
  if (typeof type === 'number') return `a FIT file of type ${type}`;
  return IN_WORDS.get(type.replace(/_/g, '').toLowerCase()) ?? `a FIT file of type ${type}`;
}
