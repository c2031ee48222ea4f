/**
 * Unit tables and number formatting shared by the workout parser, encoder and describer.
 * Sources: workout-text.md §2.2–2.4 (units of the language) and §4.3 (Garmin's m/s for pace).
 */
import type { DistanceUnitKey, PaceUnit, WorkoutExtent, WorkoutTarget, CadenceTarget } from './document.js';

/** Metres per written distance unit. */
export const METERS_PER_UNIT: Record<DistanceUnitKey, number> = {
  kilometer: 1000,
  meter: 1,
  mile: 1609.344,
  yard: 0.9144,
};

/** Distance unit words (case-insensitive) → Garmin unit key. `m` is NOT here: it means minutes. */
export const DISTANCE_UNIT_WORDS: Record<string, DistanceUnitKey> = {
  km: 'kilometer',
  mtr: 'meter', meter: 'meter', meters: 'meter', metre: 'meter', metres: 'meter',
  mi: 'mile', mile: 'mile', miles: 'mile',
  yd: 'yard', yds: 'yard', yrd: 'yard', yard: 'yard', yards: 'yard',
};

/** Pace units (`4:00/km`, `1:45/100m`), workout-text.md §2.4. */
export const PACE_UNITS: Record<string, PaceUnit> = {
  '/km': { label: '/km', meters: 1000 },
  '/mi': { label: '/mi', meters: 1609.344 },
  '/100m': { label: '/100m', meters: 100 },
  '/100y': { label: '/100y', meters: 91.44 },
  '/500m': { label: '/500m', meters: 500 },
  '/400m': { label: '/400m', meters: 400 },
  '/250m': { label: '/250m', meters: 250 },
};

/** Short labels of distance units for display (`1 km`, `400 m`). */
const DISTANCE_LABEL: Record<DistanceUnitKey, string> = { kilometer: 'km', meter: 'm', mile: 'mi', yard: 'yd' };

/** Rounds to `digits` decimals (Garmin values are sent with 6 decimals at most). */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Seconds as a clock: `10:00`, `0:30`, `1:05:00`. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Seconds in the apostrophe style of workout summaries: `10'`, `30"`, `1'30"`, `1h05'`. */
export function formatApostrophe(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const minutes = h > 0 ? `${h}h${String(m).padStart(2, '0')}'` : m > 0 ? `${m}'` : '';
  const secs = s > 0 ? `${s}"` : '';
  return minutes + secs || '0"';
}

/** An extent for people: `10:00`, `1 km`, `lap button` (clock style) or `10'` (summary style). */
export function formatExtent(extent: WorkoutExtent, style: 'clock' | 'apostrophe'): string {
  if (extent.kind === 'time') return style === 'clock' ? formatClock(extent.seconds) : formatApostrophe(extent.seconds);
  if (extent.kind === 'distance') return `${extent.value} ${DISTANCE_LABEL[extent.unit]}`;
  return style === 'clock' ? 'lap button' : 'lap';
}

function range(low: number, high: number, suffix = ''): string {
  return low === high ? `${low}${suffix}` : `${low}-${high}${suffix}`;
}

/** A target in the text's own units: `4:00-4:10/km`, `88-92% FTP`, `250 W`, `Z2 HR`, `ramp 50-75% FTP`. */
export function formatTarget(target: WorkoutTarget): string {
  const ramp = 'ramp' in target && target.ramp ? 'ramp ' : '';
  switch (target.domain) {
    case 'power':
      if (target.unit === 'zone') return `${zoneRange(target.low, target.high)} power`;
      return ramp + (target.unit === 'watts' ? `${range(target.low, target.high)} W` : `${range(target.low, target.high, '%')} FTP`);
    case 'heartRate':
      if (target.unit === 'zone') return `${zoneRange(target.low, target.high)} HR`;
      if (target.unit === 'bpm') return `${range(target.low, target.high)} bpm`;
      return `${range(target.low, target.high, '%')} ${target.unit === 'percentLthr' ? 'LTHR' : 'max HR'}`;
    case 'pace':
      if (target.unit === 'absolute') {
        const paces = target.low === target.high ? formatClock(target.low) : `${formatClock(target.low)}-${formatClock(target.high)}`;
        return `${ramp}${paces}${target.per.label}`;
      }
      if (target.unit === 'zone') return `${zoneRange(target.low, target.high)} pace`;
      return `${ramp}${range(target.low, target.high, '%')} pace`;
    case 'speed':
      return `${range(target.low, target.high)} ${target.unit === 'kph' ? 'km/h' : 'mph'}`;
  }
}

/** A cadence target: `90 rpm`, `85-95 rpm`. */
export function formatCadence(cadence: CadenceTarget): string {
  return `${range(cadence.low, cadence.high)} rpm`;
}

function zoneRange(low: number, high: number): string {
  return low === high ? `Z${low}` : `Z${low}-Z${high}`;
}
