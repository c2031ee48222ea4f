/**
 * An approximate intensity of a step's target, used only to decide "a later step in a repeat with
 * a lower target than the first → recovery" (workout-text.md §5 rule 5; §6 examples 2, 9, 14).
 * Targets relative to a threshold (% FTP, power zones, % LTHR, % max HR, HR zones, % threshold
 * pace, pace zones) share one scale, the fraction of threshold effort, so that `Z2 HR` after
 * `85-90% pace` compares (example 14). Absolute targets (watts, bpm, absolute pace, speed) need
 * the athlete's thresholds to join that scale, so they compare only with the same unit.
 */
import type { WorkoutTarget } from './document.js';
import { PACE_ZONE_PERCENT } from './targets.js';

/**
 * Middle % FTP of Coggan's power zones Z1–Z7 (Z1 < 55 %, Z2 56–75, Z3 76–90, Z4 91–105,
 * Z5 106–120, Z6 121–150, Z7 > 150 %), so that `Z1` compares with `120%` (example 9).
 * Source: Allen & Coggan, "Training and Racing with a Power Meter".
 */
const POWER_ZONE_PERCENT_FTP = [0, 50, 65, 83, 98, 113, 135, 160];

/**
 * Middle % max HR of the usual 5-zone heart-rate model (Z1 50–60 %, Z2 60–70, Z3 70–80, Z4 80–90,
 * Z5 90–100 % of max HR; Garmin's "Heart Rate Zone Calculations" table, which `Z1 HR`…`Z5 HR` go to).
 * Source: https://www8.garmin.com/manuals/webhelp/GUID-FABAD210-C716-48B1-AB1D-A09097F1CED4/EN-US/GUID-EF4F4C51-1E48-46D6-9A81-7D4BC2124CC0.html
 */
const HEART_RATE_ZONE_PERCENT_MAX = [0, 55, 65, 75, 85, 95];

/**
 * Lactate threshold heart rate as a fraction of max HR, to put % max HR and HR zones on the
 * threshold scale: LTHR is commonly 85–92 % of max HR in trained athletes; 0.9 is the middle.
 */
const LTHR_FRACTION_OF_MAX_HR = 0.9;

/**
 * How hard `target` asks the athlete to work. `scale: 'threshold'` values are a fraction of
 * threshold effort (1 = FTP, LTHR or threshold pace; a range counts at its middle; HR targets go
 * through {@link LTHR_FRACTION_OF_MAX_HR}; a pace % is a % of threshold speed). Absolute targets
 * have their own scale named after the unit (`power:watts`, `heartRate:bpm`, `speed:kph`,
 * `speed:mph`, `pace:absolute` in m/s). Two values compare only on the same scale.
 */
function intensityOf(target: WorkoutTarget): { scale: string; value: number } {
  const mid = (target.low + target.high) / 2;
  const zoneMid = (table: ReadonlyArray<number>) => (table[target.low] + table[target.high]) / 2;
  switch (target.domain) {
    case 'power':
      if (target.unit === 'percentFtp') return threshold(mid / 100);
      if (target.unit === 'zone') return threshold(zoneMid(POWER_ZONE_PERCENT_FTP) / 100);
      return { scale: 'power:watts', value: mid };
    case 'heartRate':
      if (target.unit === 'percentLthr') return threshold(mid / 100);
      if (target.unit === 'percentMaxHr') return threshold(mid / 100 / LTHR_FRACTION_OF_MAX_HR);
      if (target.unit === 'zone') return threshold(zoneMid(HEART_RATE_ZONE_PERCENT_MAX) / 100 / LTHR_FRACTION_OF_MAX_HR);
      return { scale: 'heartRate:bpm', value: mid };
    case 'pace':
      if (target.unit === 'absolute') return { scale: 'pace:absolute', value: target.per.meters / mid };
      if (target.unit === 'percentThreshold') return threshold(mid / 100);
      return threshold((PACE_ZONE_PERCENT[target.low - 1][0] + PACE_ZONE_PERCENT[target.high - 1][1]) / 2 / 100);
    case 'speed':
      return { scale: `speed:${target.unit}`, value: mid };
  }
}

/**
 * Whether `target` asks for less than `reference` ({@link intensityOf}; for pace, slower), false
 * when they are on different scales.
 */
export function isLowerIntensity(target: WorkoutTarget, reference: WorkoutTarget): boolean {
  const a = intensityOf(target);
  const b = intensityOf(reference);
  return a.scale === b.scale && a.value < b.value;
}

function threshold(value: number): { scale: string; value: number } {
  return { scale: 'threshold', value };
}
