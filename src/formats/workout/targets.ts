/**
 * Resolves the targets of a step to Garmin's absolute values (workout-text.md §4.3 and §4.7):
 * % FTP → W, % max HR / % LTHR → bpm, absolute and % threshold pace → m/s (faster bound first),
 * zones → `zoneNumber`. Throws InputError at the target when a threshold it needs is missing.
 */
import { InputError } from '../../errors.js';
import type { CadenceTarget, Thresholds, WorkoutSport, WorkoutTarget } from './document.js';
import { TARGET_TYPES, type GarminTargetType } from './garmin-json.js';
import { formatTarget, round } from './units.js';

/**
 * A single pace (or speed) value is widened to a range by this many seconds per km each way
 * (±5 s/km, i.e. ±0.005 s per metre, also for swim paces), so the watch does not alert at every
 * small deviation (workout-text.md §6 example 5).
 */
export const SINGLE_PACE_BAND_SECONDS_PER_KM = 5;
/** A single power value (`220w`, `95%`) is sent as this many watts below..above it. */
export const SINGLE_POWER_BAND_WATTS = 5;
/** A single heart-rate value (`140bpm`, `70% HR`) is sent as this many bpm below..above it. */
export const SINGLE_HEART_RATE_BAND_BPM = 3;
/** A single cadence value (`90rpm`) is sent as this many rpm below..above it. */
export const SINGLE_CADENCE_BAND_RPM = 2;

/**
 * Pace zones Z1–Z7 as % of threshold speed (threshold pace, or CSS for swims), low..high:
 * intervals.icu's default pace zones (77.5 / 87.7 / 94.3 / 100 / 103.4 / 111.5 %); the Z1 floor
 * (60 %) and Z7 ceiling (130 %) are ours, since Garmin needs two bounds. Garmin has no reliable
 * user pace zones, so they are resolved locally (workout-text.md §4.7).
 */
export const PACE_ZONE_PERCENT: ReadonlyArray<readonly [number, number]> = [
  [60, 77.5], [77.5, 87.7], [87.7, 94.3], [94.3, 100], [100, 103.4], [103.4, 111.5], [111.5, 130],
];

/** A target as Garmin takes it. Pace/speed values are m/s with the faster one first for pace. */
export interface ResolvedTarget {
  targetType: GarminTargetType;
  valueOne: number | null;
  valueTwo: number | null;
  zoneNumber: number | null;
}

/** Resolves a primary target. `file` names the text in errors. */
export function resolveTarget(target: WorkoutTarget, sport: WorkoutSport, thresholds: Thresholds, file: string): ResolvedTarget {
  const fail = (reason: string): never => {
    throw new InputError(file, reason, target.position);
  };
  const written = `\`${formatTarget(target)}\``;
  const missing = (what: string, key: string, example: string): never => {
    const configKey = key.replace(/ (\w)/g, (_, c: string) => c.toUpperCase());
    return fail(`${written} needs your ${what}, which is not set: add \`${key}: ${example}\` at the top of the file, or run \`garmin-sync config set ${configKey} ${example}\``);
  };
  const [low, high] = [Math.min(target.low, target.high), Math.max(target.low, target.high)];

  switch (target.domain) {
    case 'power': {
      if (target.unit === 'zone') return zone(TARGET_TYPES.power, target.low, target.high, written, fail);
      const ftp = target.unit === 'percentFtp' ? (thresholds.ftpWatts ?? missing('FTP (watts)', 'ftp', '250')) : 1;
      const scale = target.unit === 'percentFtp' ? ftp / 100 : 1;
      return band(TARGET_TYPES.power, Math.round(low * scale), Math.round(high * scale), SINGLE_POWER_BAND_WATTS);
    }
    case 'heartRate': {
      if (target.unit === 'zone') return zone(TARGET_TYPES.heartRate, target.low, target.high, written, fail);
      let scale = 1;
      if (target.unit === 'percentMaxHr') scale = (thresholds.maxHrBpm ?? missing('maximum heart rate', 'max hr', '190')) / 100;
      if (target.unit === 'percentLthr') scale = (thresholds.lthrBpm ?? missing('lactate threshold heart rate', 'lthr', '170')) / 100;
      return band(TARGET_TYPES.heartRate, Math.round(low * scale), Math.round(high * scale), SINGLE_HEART_RATE_BAND_BPM);
    }
    case 'pace': {
      if (target.unit === 'zone' && target.low !== target.high) {
        return fail(`Garmin takes one zone per step, not the range ${written}; write one zone, or a pace range`);
      }
      if (target.unit === 'absolute') {
        return paceRange(low / target.per.meters, high / target.per.meters);
      }
      const thresholdSpeed = sport === 'swimming'
        ? 100 / (thresholds.cssSecondsPer100m ?? missing('CSS (critical swim speed)', 'css', '1:45/100m'))
        : 1000 / (thresholds.thresholdPaceSecondsPerKm ?? missing('threshold pace', 'threshold pace', '4:10/km'));
      // % of threshold pace is a % of threshold speed: 90% is slower than 100%.
      const [slowPercent, fastPercent] = target.unit === 'zone' ? PACE_ZONE_PERCENT[target.low - 1] : [low, high];
      return paceRange(1 / ((fastPercent / 100) * thresholdSpeed), 1 / ((slowPercent / 100) * thresholdSpeed));
    }
    case 'speed': {
      const metersPerSecond = target.unit === 'kph' ? 1 / 3.6 : 0.44704;
      const pace = paceRange(1 / (high * metersPerSecond), 1 / (low * metersPerSecond));
      return { ...pace, targetType: TARGET_TYPES.speed, valueOne: pace.valueTwo, valueTwo: pace.valueOne };
    }
  }
}

/** Resolves a cadence target (rpm/spm). */
export function resolveCadence(cadence: CadenceTarget): ResolvedTarget {
  return band(TARGET_TYPES.cadence, Math.min(cadence.low, cadence.high), Math.max(cadence.low, cadence.high), SINGLE_CADENCE_BAND_RPM);
}

/** Both pace bounds in seconds per metre → m/s, faster first; a single value gets the ±band. */
function paceRange(fastSecondsPerMeter: number, slowSecondsPerMeter: number): ResolvedTarget {
  const bandSecondsPerMeter = SINGLE_PACE_BAND_SECONDS_PER_KM / 1000;
  const widen = round(fastSecondsPerMeter, 9) === round(slowSecondsPerMeter, 9);
  const fast = widen ? fastSecondsPerMeter - bandSecondsPerMeter : fastSecondsPerMeter;
  const slow = widen ? slowSecondsPerMeter + bandSecondsPerMeter : slowSecondsPerMeter;
  return { targetType: TARGET_TYPES.pace, valueOne: round(1 / fast, 6), valueTwo: round(1 / slow, 6), zoneNumber: null };
}

function band(targetType: GarminTargetType, low: number, high: number, singleBand: number): ResolvedTarget {
  const widen = low === high;
  return { targetType, valueOne: widen ? Math.max(0, low - singleBand) : low, valueTwo: widen ? high + singleBand : high, zoneNumber: null };
}

function zone(targetType: GarminTargetType, low: number, high: number, written: string, fail: (reason: string) => never): ResolvedTarget {
  if (low !== high) fail(`Garmin takes one zone per step, not the range ${written}; write one zone, or watts/bpm`);
  return { targetType, valueOne: null, valueTwo: null, zoneNumber: low };
}
