/**
 * The typed tree a workout text parses to (the "document"), independent of any output format.
 * Values stay in the text's own units (pace as seconds per written distance, power as % FTP or
 * watts as written); encoders (Garmin JSON today, FIT/zwo later) resolve them.
 * Language: ../shared/reference/workout-text.md §2 and §5.
 */
import type { TextPosition } from '../../errors.js';

/** Sports the text can name (front matter `sport:`), in Garmin's sportTypeKey spelling. */
export type WorkoutSport = 'running' | 'cycling' | 'swimming' | 'walking' | 'strength_training' | 'other';

/** Garmin step types a text step can become (workout-text.md §4.2; `repeat` is a {@link WorkoutRepeat}). */
export type WorkoutStepType = 'warmup' | 'cooldown' | 'interval' | 'recovery' | 'rest' | 'other';

/** Athlete thresholds used to resolve % targets. Front matter wins over values passed by the caller. */
export interface Thresholds {
  /** Functional threshold power, watts (`ftp: 250`). */
  ftpWatts?: number;
  /** Lactate threshold heart rate, bpm (`lthr: 170`). */
  lthrBpm?: number;
  /** Maximum heart rate, bpm (`max hr: 190`). */
  maxHrBpm?: number;
  /** Running threshold pace, seconds per km (`threshold pace: 4:10/km`). */
  thresholdPaceSecondsPerKm?: number;
  /** Swim critical swim speed as a pace, seconds per 100 m (`css: 1:45/100m`). */
  cssSecondsPer100m?: number;
}

/** A lint: something that parses but is probably not what the writer meant. Never thrown. */
export interface WorkoutLint {
  file: string;
  /** 1-based line of the token the lint is about. */
  line: number;
  /** 1-based column of that token. */
  column: number;
  message: string;
  /** The offending line and a caret under the column (two lines), when the source text is at hand. */
  excerpt?: string;
}

/** A distance unit as written; `unitKey` is Garmin's `preferredEndConditionUnit.unitKey`. */
export type DistanceUnitKey = 'kilometer' | 'meter' | 'mile' | 'yard';

/** How a step ends: a duration, a distance, or the lap button. */
export type WorkoutExtent =
  | { kind: 'time'; seconds: number; written: string; position: TextPosition }
  | { kind: 'distance'; meters: number; value: number; unit: DistanceUnitKey; written: string; position: TextPosition }
  | { kind: 'lap.button'; position: TextPosition };

/** A pace unit: the distance a written pace is "per" (`/km` = 1000 m, `/100y` = 91.44 m). */
export interface PaceUnit {
  label: '/km' | '/mi' | '/100m' | '/100y' | '/500m' | '/400m' | '/250m';
  meters: number;
}

/** A low..high range as written; `high === low` for a single value. */
export interface WrittenRange {
  low: number;
  high: number;
}

/** The primary target of a step, in the text's units. `position` is the target token's. */
export type WorkoutTarget =
  | ({ domain: 'power'; unit: 'percentFtp' | 'watts'; ramp: boolean; position: TextPosition } & WrittenRange)
  | ({ domain: 'power'; unit: 'zone'; position: TextPosition } & WrittenRange)
  | ({ domain: 'heartRate'; unit: 'percentMaxHr' | 'percentLthr' | 'bpm' | 'zone'; position: TextPosition } & WrittenRange)
  | ({ domain: 'pace'; unit: 'percentThreshold' | 'zone'; ramp: boolean; position: TextPosition } & WrittenRange)
  /** Absolute pace: `low`/`high` are seconds per `per`, in the written order (slow→fast allowed). */
  | ({ domain: 'pace'; unit: 'absolute'; per: PaceUnit; ramp: boolean; position: TextPosition } & WrittenRange)
  | ({ domain: 'speed'; unit: 'kph' | 'mph'; position: TextPosition } & WrittenRange);

/** Swim strokes of `stroke=` (ext). */
export type SwimStroke = 'free' | 'back' | 'breast' | 'fly' | 'drill' | 'any';
/** Swim equipment of `equipment=` (ext). */
export type SwimEquipment = 'fins' | 'kickboard' | 'paddles' | 'pull_buoy' | 'snorkel';

/** Cadence (rpm, or spm for running): a secondary target next to a primary one, or alone. */
export type CadenceTarget = { position: TextPosition } & WrittenRange;

/** One executable step (`- [cue] extent [targets…] [press lap]`). */
export interface WorkoutStep {
  kind: 'step';
  stepType: WorkoutStepType;
  /** Words of the line that are not extent/target/option (the cue shown on the watch), or null. */
  cue: string | null;
  /** Header text of the section the step is in (`Warmup`, `Main set`), without its `Nx`; null when none. */
  section: string | null;
  extent: WorkoutExtent;
  target: WorkoutTarget | null;
  cadence: CadenceTarget | null;
  /** True when the line says `press lap` (with an extent too, the step still ends on the extent). */
  pressLap: boolean;
  /** Swim steps: `stroke=` and `equipment=`, or null. */
  stroke?: SwimStroke | null;
  equipment?: SwimEquipment | null;
  /** Position of the step's first character after `- `. */
  position: TextPosition;
}

/** A repeat group (`Main set 5x`, a bare `5x`, an indented `- 4x`, or an inline `- 4x 50yds drill`). */
export interface WorkoutRepeat {
  kind: 'repeat';
  iterations: number;
  /** Header text before `Nx`, or null. */
  label: string | null;
  children: WorkoutNode[];
  /** Position of the `Nx` token. */
  position: TextPosition;
}

/** A node of the step tree. */
export type WorkoutNode = WorkoutStep | WorkoutRepeat;

/** Swim pool length (`pool length: 25m`). */
export interface PoolLength {
  value: number;
  unit: 'meter' | 'yard';
}

/** One parsed workout text. */
export interface WorkoutDocument {
  /** File name the text came from (used in every error and lint). */
  file: string;
  /** Front matter `name:`/`title:`, else the file name without directory and extension. */
  name: string;
  sport: WorkoutSport;
  /** Where `sport` came from: the front matter, or guessed from the targets (see the lints). */
  sportSource: 'front matter' | 'inferred';
  poolLength: PoolLength | null;
  /** Planned date from front matter `date: YYYY-MM-DD`, or null. */
  date: string | null;
  /** Plan day from front matter `day: N` (day 1 = the `--start` date), or null. */
  day: number | null;
  /** Front matter `description:`, sent instead of the generated summary; null when absent. */
  description: string | null;
  /** Thresholds given in the front matter. */
  thresholds: Thresholds;
  steps: WorkoutNode[];
}

/**
 * The document of a workout read from another format (Zwift .zwo, MRC/ERG): its sport is given
 * by the format, and it carries no pool, date, plan day or thresholds of its own.
 */
export function importedWorkoutDocument(fields: { file: string; name: string; sport: WorkoutSport; description: string | null; steps: WorkoutNode[] }): WorkoutDocument {
  return { ...fields, sportSource: 'front matter', poolLength: null, date: null, day: null, thresholds: {} };
}
