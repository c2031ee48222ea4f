/**
 * Garmin Connect workout-service JSON as sent on create (`POST /workout-service/workout`), without
 * ids, and the id/key/displayOrder tables it uses. Ids are authoritative; keys are cosmetic.
 * Sources: garmin-protocol.md §3.6, workout-text.md §4.2–4.6.
 */
import type { SwimEquipment, SwimStroke, WorkoutSport, WorkoutStepType } from './document.js';

/** `sportType` object. */
export interface GarminSportType {
  sportTypeId: number;
  sportTypeKey: string;
  displayOrder: number;
}

/** `stepType` object. */
export interface GarminStepType {
  stepTypeId: number;
  stepTypeKey: string;
  displayOrder: number;
}

/** `endCondition` object. */
export interface GarminEndCondition {
  conditionTypeId: number;
  conditionTypeKey: string;
  displayOrder: number;
  displayable: boolean;
}

/** `targetType` / `secondaryTargetType` object. */
export interface GarminTargetType {
  workoutTargetTypeId: number;
  workoutTargetTypeKey: string;
  displayOrder: number;
}

/** A Garmin unit object (`poolLengthUnit`). `factor` is centimetres per unit. */
export interface GarminUnit {
  unitId: number;
  unitKey: 'meter' | 'yard';
  factor: number;
}

/**
 * One executable step. Values: time in s, distance in m, power in W, heart rate in bpm, pace and
 * speed in m/s (pace: faster bound in `targetValueOne`), cadence in rpm/spm. Optional fields are
 * left out (not null) when they do not apply.
 */
export interface GarminExecutableStep {
  type: 'ExecutableStepDTO';
  stepOrder: number;
  /** The enclosing repeat group's `childStepId`; absent on top-level steps. */
  childStepId?: number;
  stepType: GarminStepType;
  /** The cue shown on the watch. */
  description?: string;
  endCondition: GarminEndCondition;
  /** Seconds (time), metres (distance), W (power), bpm (heart rate), or null (lap button). */
  endConditionValue: number | null;
  /** Power / heart-rate end conditions only: end when the value goes below (`lt`) or above (`gt`) it (unverified key, §4.2). */
  endConditionCompare?: 'lt' | 'gt';
  /** Display unit of a distance step. */
  preferredEndConditionUnit?: { unitKey: 'kilometer' | 'meter' | 'mile' | 'yard' };
  targetType: GarminTargetType;
  targetValueOne?: number | null;
  targetValueTwo?: number | null;
  zoneNumber?: number | null;
  secondaryTargetType?: GarminTargetType;
  secondaryTargetValueOne?: number | null;
  secondaryTargetValueTwo?: number | null;
  secondaryZoneNumber?: number | null;
  /** Swim steps with `stroke=`. */
  strokeType?: GarminStrokeType;
  /** Swim steps with `equipment=`. */
  equipmentType?: GarminEquipmentType;
}

/** `strokeType` object of a swim step. */
export interface GarminStrokeType {
  strokeTypeId: number;
  strokeTypeKey: string;
  displayOrder: number;
}

/** `equipmentType` object of a swim step. */
export interface GarminEquipmentType {
  equipmentTypeId: number;
  equipmentTypeKey: string;
  displayOrder: number;
}

/** A repeat group: `endCondition` iterations (id 7) with `endConditionValue` = `numberOfIterations`. */
export interface GarminRepeatGroup {
  type: 'RepeatGroupDTO';
  stepOrder: number;
  stepType: GarminStepType;
  /** This group's id (1, 2, … in document order); its direct children carry it. */
  childStepId: number;
  numberOfIterations: number;
  endCondition: GarminEndCondition;
  endConditionValue: number;
  smartRepeat: false;
  skipLastRestStep: boolean;
  workoutSteps: GarminWorkoutStep[];
}

/** A step of a workout segment. */
export type GarminWorkoutStep = GarminExecutableStep | GarminRepeatGroup;

/** The workout JSON sent on create (workout-text.md §4.5/§4.6). */
export interface GarminWorkoutJson {
  workoutName: string;
  description: string;
  sportType: GarminSportType;
  /** Estimated duration, whole seconds (display only). */
  estimatedDurationInSecs: number;
  /** Sum of the distance steps × iterations, metres; null when there are none (display only). */
  estimatedDistanceInMeters: number | null;
  /** Swim workouts only. */
  poolLength?: number;
  poolLengthUnit?: GarminUnit;
  workoutSegments: Array<{ segmentOrder: number; sportType: GarminSportType; workoutSteps: GarminWorkoutStep[] }>;
}

/**
 * Sport types (garmin-protocol.md §3.6). displayOrder equals the id except swimming (3).
 * Walking: python-garminconnect's 17 (another source says 12; `/workout-service/workout/types` decides).
 */
export const SPORT_TYPES: Record<WorkoutSport, GarminSportType> = {
  running: { sportTypeId: 1, sportTypeKey: 'running', displayOrder: 1 },
  cycling: { sportTypeId: 2, sportTypeKey: 'cycling', displayOrder: 2 },
  other: { sportTypeId: 3, sportTypeKey: 'other', displayOrder: 3 },
  swimming: { sportTypeId: 4, sportTypeKey: 'swimming', displayOrder: 3 },
  strength_training: { sportTypeId: 5, sportTypeKey: 'strength_training', displayOrder: 5 },
  walking: { sportTypeId: 17, sportTypeKey: 'walking', displayOrder: 17 },
};

const STEP_TYPE_IDS: Record<WorkoutStepType | 'repeat', number> = {
  warmup: 1, cooldown: 2, interval: 3, recovery: 4, rest: 5, repeat: 6, other: 7,
};

/** The `stepType` object of a step type (displayOrder = id). */
export function garminStepType(type: WorkoutStepType | 'repeat'): GarminStepType {
  const id = STEP_TYPE_IDS[type];
  return { stepTypeId: id, stepTypeKey: type, displayOrder: id };
}

/** End conditions of the text language and of FIT workouts (displayOrder = id; only iterations is not displayable). */
export const END_CONDITIONS = {
  lapButton: { conditionTypeId: 1, conditionTypeKey: 'lap.button', displayOrder: 1, displayable: true },
  time: { conditionTypeId: 2, conditionTypeKey: 'time', displayOrder: 2, displayable: true },
  distance: { conditionTypeId: 3, conditionTypeKey: 'distance', displayOrder: 3, displayable: true },
  calories: { conditionTypeId: 4, conditionTypeKey: 'calories', displayOrder: 4, displayable: true },
  power: { conditionTypeId: 5, conditionTypeKey: 'power', displayOrder: 5, displayable: true },
  heartRate: { conditionTypeId: 6, conditionTypeKey: 'heart.rate', displayOrder: 6, displayable: true },
  iterations: { conditionTypeId: 7, conditionTypeKey: 'iterations', displayOrder: 7, displayable: false },
} as const satisfies Record<string, GarminEndCondition>;

/** Target types used by the text language (displayOrder = id). */
export const TARGET_TYPES = {
  noTarget: { workoutTargetTypeId: 1, workoutTargetTypeKey: 'no.target', displayOrder: 1 },
  power: { workoutTargetTypeId: 2, workoutTargetTypeKey: 'power.zone', displayOrder: 2 },
  cadence: { workoutTargetTypeId: 3, workoutTargetTypeKey: 'cadence', displayOrder: 3 },
  heartRate: { workoutTargetTypeId: 4, workoutTargetTypeKey: 'heart.rate.zone', displayOrder: 4 },
  speed: { workoutTargetTypeId: 5, workoutTargetTypeKey: 'speed.zone', displayOrder: 5 },
  pace: { workoutTargetTypeId: 6, workoutTargetTypeKey: 'pace.zone', displayOrder: 6 },
} as const satisfies Record<string, GarminTargetType>;

/**
 * Swim strokes (displayOrder = id). any 1, back 2, breast 3 and free 6 agree across public
 * converters; drill 4 and fly 5 (key `fly`) follow the one that says it read them from real
 * workouts (others swap them) — unverified, like the rest of §4.2 until checked with `/workout/types`.
 */
export const STROKE_TYPES: Record<SwimStroke, GarminStrokeType> = {
  any: { strokeTypeId: 1, strokeTypeKey: 'any_stroke', displayOrder: 1 },
  back: { strokeTypeId: 2, strokeTypeKey: 'backstroke', displayOrder: 2 },
  breast: { strokeTypeId: 3, strokeTypeKey: 'breaststroke', displayOrder: 3 },
  drill: { strokeTypeId: 4, strokeTypeKey: 'drill', displayOrder: 4 },
  fly: { strokeTypeId: 5, strokeTypeKey: 'fly', displayOrder: 5 },
  free: { strokeTypeId: 6, strokeTypeKey: 'free', displayOrder: 6 },
};

/** Swim equipment (displayOrder = id): fins 1, kickboard 2, pull buoy 4 agree across converters; paddles 3 and snorkel 5 fill the gaps (unverified). */
export const EQUIPMENT_TYPES: Record<SwimEquipment, GarminEquipmentType> = {
  fins: { equipmentTypeId: 1, equipmentTypeKey: 'fins', displayOrder: 1 },
  kickboard: { equipmentTypeId: 2, equipmentTypeKey: 'kickboard', displayOrder: 2 },
  paddles: { equipmentTypeId: 3, equipmentTypeKey: 'paddles', displayOrder: 3 },
  pull_buoy: { equipmentTypeId: 4, equipmentTypeKey: 'pull_buoy', displayOrder: 4 },
  snorkel: { equipmentTypeId: 5, equipmentTypeKey: 'snorkel', displayOrder: 5 },
};

/**
 * Pool length units. Yard from st3v/garmin-workouts-mcp issue #4 (workout-text.md §4.4); metre as
 * sent by several public converters (`{unitId: 1, unitKey: "meter", factor: 100}`), unverified
 * against a live create → GET round-trip.
 */
export const POOL_LENGTH_UNITS: Record<'meter' | 'yard', GarminUnit> = {
  meter: { unitId: 1, unitKey: 'meter', factor: 100 },
  yard: { unitId: 230, unitKey: 'yard', factor: 91.44 },
};
