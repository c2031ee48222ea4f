/**
 * Sport names of activity files mapped to Garmin Connect activity `typeKey`s (the keys of
 * `activityType` in the activity service, reference/garmin-protocol.md §3: `running`, `cycling`,
 * `swimming`, `multi_sport`, `fitness_equipment`, `hiking`, `walking`, `other`, …).
 */

/** FIT sub sports that name a more precise Garmin typeKey than their sport does. */
const FIT_SUB_SPORT_TYPE_KEYS: Partial<Record<string, Partial<Record<string, string>>>> = {
  running: {
    treadmill: 'treadmill_running', trail: 'trail_running', track: 'track_running', street: 'street_running',
    indoorRunning: 'indoor_running', virtualActivity: 'virtual_run', ultra: 'ultra_run', obstacle: 'obstacle_run',
  },
  cycling: {
    road: 'road_biking', mountain: 'mountain_biking', indoorCycling: 'indoor_cycling', gravelCycling: 'gravel_cycling',
    virtualActivity: 'virtual_ride', cyclocross: 'cyclocross', recumbent: 'recumbent_cycling', trackCycling: 'track_cycling',
    handCycling: 'hand_cycling', bmx: 'bmx', eBikeMountain: 'e_bike_mountain', spin: 'indoor_cycling',
  },
  swimming: { lapSwimming: 'lap_swimming', openWater: 'open_water_swimming' },
  walking: { casualWalking: 'casual_walking', speedWalking: 'speed_walking' },
  training: { strengthTraining: 'strength_training', cardioTraining: 'indoor_cardio', yoga: 'yoga', pilates: 'pilates' },
  fitnessEquipment: { elliptical: 'elliptical', stairClimbing: 'stair_climbing', indoorRowing: 'indoor_rowing', indoorClimbing: 'indoor_climbing' },
  hiking: { ultra: 'hiking' },
  rockClimbing: { indoorClimbing: 'indoor_climbing', bouldering: 'bouldering' },
};

/**
 * FIT sports (as the FIT SDK names them) and their Garmin typeKey when no sub sport is more
 * precise. `stand_up_paddleboarding_v2` is as Garmin files it (reference/recorded/garth,
 * test_activity_list.yaml); the other water and winter sport keys (`*_v2`, `*_ws`) follow the same
 * naming of Garmin's `/activity-service/activity/activityTypes` list (inferred, not recorded here).
 */
const FIT_SPORT_TYPE_KEYS: Partial<Record<string, string>> = {
  running: 'running',
  cycling: 'cycling',
  swimming: 'swimming',
  walking: 'walking',
  hiking: 'hiking',
  fitnessEquipment: 'fitness_equipment',
  rowing: 'rowing_v2',
  mountaineering: 'mountaineering',
  paddling: 'paddling_v2',
  multisport: 'multi_sport',
  standUpPaddleboarding: 'stand_up_paddleboarding_v2',
  kayaking: 'kayaking_v2',
  rafting: 'whitewater_rafting_kayaking',
  sailing: 'sailing_v2',
  surfing: 'surfing_v2',
  windsurfing: 'windsurfing_v2',
  kitesurfing: 'kiteboarding_v2',
  boating: 'boating_v2',
  wakeboarding: 'wakeboarding_v2',
  waterSkiing: 'water_skiing_v2',
  crossCountrySkiing: 'cross_country_skiing_ws',
  alpineSkiing: 'resort_skiing_snowboarding_ws',
  snowboarding: 'resort_skiing_snowboarding_ws',
  snowshoeing: 'snow_shoe_ws',
  iceSkating: 'skating_ws',
  inlineSkating: 'inline_skating',
  rockClimbing: 'rock_climbing',
  floorClimbing: 'floor_climbing',
  eBiking: 'e_bike_fitness',
  golf: 'golf',
  tennis: 'tennis',
  soccer: 'soccer',
  basketball: 'basketball',
  boxing: 'boxing',
  hiit: 'hiit',
  horsebackRiding: 'horseback_riding',
  hunting: 'hunting',
  fishing: 'fishing',
  diving: 'diving',
  snorkeling: 'snorkeling',
  meditation: 'meditation',
  dance: 'dance',
  jumpRope: 'jump_rope',
  discGolf: 'disc_golf',
  motorcycling: 'motorcycling_v2',
  canoeing: 'kayaking_v2',
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

/**
 * Strava's numeric GPX `<type>` (its activity type enum as exported: 1 ride, 9 run, 10 walk,
 * 16 swim, 17 virtual ride, …) and the Garmin typeKey each names. Source: Strava GPX exports
 * (`<type>9</type>`), as gpxpy and Strava-export tools document them.
 */
const STRAVA_GPX_TYPES = new Map<string, string>(Object.entries({
  '1': 'cycling', '2': 'resort_skiing_snowboarding_ws', '3': 'cross_country_skiing_ws', '4': 'hiking',
  '5': 'skating_ws', '6': 'inline_skating', '7': 'kayaking_v2', '8': 'kiteboarding_v2', '9': 'running',
  '10': 'walking', '11': 'fitness_equipment', '12': 'rowing_v2', '13': 'snow_shoe_ws', '14': 'surfing_v2',
  '15': 'windsurfing_v2', '16': 'swimming', '17': 'virtual_ride', '18': 'elliptical', '19': 'stair_climbing',
  '20': 'stand_up_paddleboarding_v2', '21': 'rock_climbing', '22': 'strength_training', '23': 'yoga',
  '24': 'e_bike_fitness', '25': 'virtual_run', '26': 'hiking',
}));

/** Words apps write in a GPX `<trk><type>` and the Garmin typeKey each names. */
const GPX_TYPE_WORDS = new Map<string, string>(Object.entries({
  running: 'running', run: 'running',
  trail_running: 'trail_running',
  cycling: 'cycling', biking: 'cycling', bike: 'cycling', ride: 'cycling',
  road_biking: 'road_biking', mountain_biking: 'mountain_biking',
  swimming: 'swimming', swim: 'swimming', open_water_swimming: 'open_water_swimming',
  walking: 'walking', walk: 'walking',
  hiking: 'hiking', hike: 'hiking',
  virtual_ride: 'virtual_ride', virtualride: 'virtual_ride', virtual_run: 'virtual_run', virtualrun: 'virtual_run',
  rowing: 'rowing_v2', kayaking: 'kayaking_v2', stand_up_paddleboarding: 'stand_up_paddleboarding_v2',
  standuppaddling: 'stand_up_paddleboarding_v2', sup: 'stand_up_paddleboarding_v2',
  e_bike_ride: 'e_bike_fitness', ebikeride: 'e_bike_fitness', nordic_ski: 'cross_country_skiing_ws',
  alpine_ski: 'resort_skiing_snowboarding_ws', trail_run: 'trail_running', trailrun: 'trail_running',
  mountain_bike_ride: 'mountain_biking', mountainbikeride: 'mountain_biking', gravel_ride: 'gravel_cycling',
  gravelride: 'gravel_cycling', treadmill_running: 'treadmill_running',
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
 * case, spaces and hyphens do not matter; Strava's numbers, see STRAVA_GPX_TYPES), or `other`
 * when it names none or is absent.
 * Source: GPX 1.1 `trkType/type`, https://www.topografix.com/GPX/1/1/#type_trkType.
 */
export function gpxTypeToTypeKey(type: string | null): string {
  if (type === null) return 'other';
  const word = type.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return STRAVA_GPX_TYPES.get(word) ?? GPX_TYPE_WORDS.get(word) ?? 'other';
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
