/**
 * Sport names of activity files mapped to Garmin Connect activity `typeKey`s (the keys of
 * `activityType` in the activity service, reference/garmin-protocol.md §3: `running`, `cycling`,
 * `swimming`, `multi_sport`, `fitness_equipment`, `hiking`, `walking`, `other`, …).
 */

/** FIT sub sports that name a more precise Garmin typeKey than their sport does. */
const FIT_SUB_SPORT_TYPE_KEYS: Partial<Record<string, Partial<Record<string, string>>>> = {
  running: { treadmill: 'treadmill_running', trail: 'trail_running', track: 'track_running', street: 'street_running' },
  cycling: { road: 'road_biking', mountain: 'mountain_biking', indoorCycling: 'indoor_cycling', gravelCycling: 'gravel_cycling' },
  swimming: { lapSwimming: 'lap_swimming', openWater: 'open_water_swimming' },
  walking: { casualWalking: 'casual_walking', speedWalking: 'speed_walking' },
  training: { strengthTraining: 'strength_training', cardioTraining: 'indoor_cardio', yoga: 'yoga', pilates: 'pilates' },
  fitnessEquipment: { elliptical: 'elliptical', stairClimbing: 'stair_climbing', indoorRowing: 'indoor_rowing' },
};

/** FIT sports (as the FIT SDK names them) and their Garmin typeKey when no sub sport is more precise. */
const FIT_SPORT_TYPE_KEYS: Partial<Record<string, string>> = {
  running: 'running',
  cycling: 'cycling',
  swimming: 'swimming',
  walking: 'walking',
  hiking: 'hiking',
  fitnessEquipment: 'fitness_equipment',
  rowing: 'rowing',
  mountaineering: 'mountaineering',
  paddling: 'paddling',
  multisport: 'multi_sport',
};

/**
 * The Garmin typeKey for a FIT `sport` / `sub_sport` pair, as the FIT SDK decodes them
 * (camelCase strings, e.g. `running` + `trail` → `trail_running`, `training` + `strengthTraining`
 * → `strength_training`). Anything unknown, including FIT `generic` and numbers the SDK's
 * profile does not name, is `other`.
 * Source: FIT profile `sport` and `sub_sport` types, https://developer.garmin.com/fit/protocol/.
 */
export function fitSportToTypeKey(sport: string | number | undefined, subSport: string | number | undefined): string {
  // Only the SDK's profile strings reach here, never user text, so plain objects are safe.
  if (typeof sport !== 'string') return 'other';
  const precise = typeof subSport === 'string' ? FIT_SUB_SPORT_TYPE_KEYS[sport]?.[subSport] : undefined;
  return precise ?? FIT_SPORT_TYPE_KEYS[sport] ?? 'other';
}

/** Words apps write in a GPX `<trk><type>` and the Garmin typeKey each names. */
const GPX_TYPE_WORDS = new Map<string, string>(Object.entries({
  running: 'running', run: 'running',
  trail_running: 'trail_running',
  cycling: 'cycling', biking: 'cycling', bike: 'cycling', ride: 'cycling',
  road_biking: 'road_biking', mountain_biking: 'mountain_biking',
  swimming: 'swimming', swim: 'swimming', open_water_swimming: 'open_water_swimming',
  walking: 'walking', walk: 'walking',
  hiking: 'hiking', hike: 'hiking',
}));

/** TCX `Activity/@Sport` values (Sport_t: Running, Biking, Other) and their Garmin typeKey. */
const TCX_SPORTS = new Map<string, string>([['running', 'running'], ['biking', 'cycling'], ['other', 'other']]);

/**
 * The Garmin typeKey of a TCX `<Activity Sport="…">` (case does not matter), `other` when
 * unknown or absent. Source: TCX v2 `Sport_t`, https://www8.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd.
 */
export function tcxSportToTypeKey(sport: string | null): string {
  return TCX_SPORTS.get((sport ?? '').trim().toLowerCase()) ?? 'other';
}

/**
 * The Garmin typeKey a GPX track's `<type>` names (`Running`, `run`, `Mountain biking`, …;
 * case, spaces and hyphens do not matter), or `other` when it names none or is absent.
 * Source: GPX 1.1 `trkType/type`, https://www.topografix.com/GPX/1/1/#type_trkType.
 */
export function gpxTypeToTypeKey(type: string | null): string {
  if (type === null) return 'other';
  const word = type.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return GPX_TYPE_WORDS.get(word) ?? 'other';
}

/** A Garmin activity type as `activityTypeDTO` carries it (protocol §3.3). */
export interface ActivityTypeRef {
  typeId: number;
  typeKey: string;
  parentTypeId: number;
}

/**
 * The activity types `import --type` can set, with Garmin's ids (`typeId`, `parentTypeId`; 17 is
 * "all") as Garmin's `/activity-service/activity/activityTypes` list gives them (protocol §3.3
 * shows `trail_running` = 6 under parent 1). python-garminconnect's `set_activity_type` sends the
 * same three fields.
 */
const SETTABLE_ACTIVITY_TYPES: ReadonlyMap<string, ActivityTypeRef> = new Map(
  ([
    ['running', 1, 17], ['cycling', 2, 17], ['hiking', 3, 17], ['other', 4, 17], ['mountain_biking', 5, 2],
    ['trail_running', 6, 1], ['street_running', 7, 1], ['track_running', 8, 1], ['walking', 9, 17],
    ['road_biking', 10, 2], ['strength_training', 13, 29], ['treadmill_running', 18, 1], ['indoor_cycling', 25, 2],
    ['swimming', 26, 17], ['lap_swimming', 27, 26], ['open_water_swimming', 28, 26], ['fitness_equipment', 29, 17],
  ] as const).map(([typeKey, typeId, parentTypeId]) => [typeKey, { typeId, typeKey, parentTypeId }]),
);

/** The typeKeys `activityTypeRef` knows, for help texts and messages. */
export const SETTABLE_TYPE_KEYS: readonly string[] = [...SETTABLE_ACTIVITY_TYPES.keys()];

/** Garmin's `{typeId, typeKey, parentTypeId}` for a typeKey (`trail_running`), or null when unknown. */
export function activityTypeRef(typeKey: string): ActivityTypeRef | null {
  return SETTABLE_ACTIVITY_TYPES.get(typeKey.trim().toLowerCase()) ?? null;
}
