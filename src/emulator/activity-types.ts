/**
 * Garmin activity types the emulator knows (`activityType` / `activityTypeDTO`), with the FIT
 * sport number Garmin sends as `sportTypeId` (protocol §3.2, §7.7). Ids are Garmin's
 * (`/activity-service/activity/activityTypes`); parent 17 is "all".
 */

/** One activity type as Garmin serialises it. */
export interface ActivityTypeDto {
  typeId: number;
  typeKey: string;
  parentTypeId: number;
  isHidden: boolean;
  restricted: boolean;
  trimmable: boolean;
}

/** What the emulator needs per type: Garmin's DTO, the FIT sport number, and what the sport records. */
export interface ActivityTypeInfo {
  dto: ActivityTypeDto;
  /** FIT sport number, sent as `sportTypeId` (§7.7). */
  sportTypeId: number;
  /** Whether activities of this type have a distance, position and split summaries (§7.6). */
  hasDistance: boolean;
}

function type(typeId: number, typeKey: string, parentTypeId: number, sportTypeId: number, hasDistance: boolean): ActivityTypeInfo {
  return {
    dto: { typeId, typeKey, parentTypeId, isHidden: false, restricted: false, trimmable: true },
    sportTypeId,
    hasDistance,
  };
}

/** Known types by `typeKey`. */
export const ACTIVITY_TYPES: Record<string, ActivityTypeInfo> = {
  running: type(1, 'running', 17, 1, true),
  cycling: type(2, 'cycling', 17, 2, true),
  hiking: type(3, 'hiking', 17, 17, true),
  other: type(4, 'other', 17, 0, true),
  mountain_biking: type(5, 'mountain_biking', 2, 2, true),
  trail_running: type(6, 'trail_running', 1, 1, true),
  street_running: type(7, 'street_running', 1, 1, true),
  track_running: type(8, 'track_running', 1, 1, true),
  walking: type(9, 'walking', 17, 11, true),
  road_biking: type(10, 'road_biking', 2, 2, true),
  strength_training: type(13, 'strength_training', 29, 10, false),
  treadmill_running: type(18, 'treadmill_running', 1, 1, true),
  indoor_cycling: type(25, 'indoor_cycling', 2, 2, true),
  swimming: type(26, 'swimming', 17, 5, true),
  lap_swimming: type(27, 'lap_swimming', 26, 5, true),
  open_water_swimming: type(28, 'open_water_swimming', 26, 5, true),
  fitness_equipment: type(29, 'fitness_equipment', 17, 4, false),
};

/** Garmin's parent key of a type (`running` for `trail_running`), or null for top-level types. */
export function parentTypeKey(typeKey: string): string | null {
  const info = ACTIVITY_TYPES[typeKey];
  if (!info) return null;
  const parent = Object.values(ACTIVITY_TYPES).find((t) => t.dto.typeId === info.dto.parentTypeId);
  return parent ? parent.dto.typeKey : null;
}

/**
 * The activity type of an uploaded file from its FIT `sport`/`subSport` names (as @garmin/fitsdk
 * decodes them) or a GPX/TCX sport word. Unknown sports become `other`, as Garmin files them.
 */
export function typeKeyForSport(sport: string | undefined, subSport?: string): string {
  switch ((sport ?? '').toLowerCase()) {
    case 'running':
    case 'run':
      return subSport === 'trail' ? 'trail_running' : 'running';
    case 'cycling':
    case 'biking':
    case 'bike':
      return 'cycling';
    case 'walking':
    case 'walk':
      return 'walking';
    case 'hiking':
      return 'hiking';
    case 'swimming':
      return subSport === 'openWater' ? 'open_water_swimming' : 'lap_swimming';
    case 'training':
      return subSport === 'strengthTraining' ? 'strength_training' : 'fitness_equipment';
    default:
      return 'other';
  }
}
