/**
 * Seeded weigh-ins and the weight routes python-garminconnect (`get_daily_weigh_ins`,
 * `get_weigh_ins`) and garth call: `GET /weight-service/weight/dayview/{date}` and
 * `GET /weight-service/weight/range/{start}/{end}?includeAll=true`. Shapes: recorded/garth
 * data/cassettes/test_get_*weight_data.yaml and test_weight_data_list*.yaml. Weights are grams,
 * times unix ms; `date` is the local time as if it were UTC (as recorded). The account steps on an
 * index scale (with body composition) on about half of the mornings and types a weight by hand now and then.
 */
import { type Ctx, type Reply, badRequest, json } from './http.js';
import { createRng } from './prng.js';
import { DAY_MS, LOCAL_OFFSET_MS, addDays, dateToUtcMs, isIsoDate, localMidnightGmtMs } from './time-format.js';

/** The account's height, m (user-settings `height` 170 cm). */
const HEIGHT_M = 1.7;

const METRICS = ['weight', 'bmi', 'bodyFat', 'bodyWater', 'boneMass', 'muscleMass', 'physiqueRating', 'visceralFat', 'metabolicAge'] as const;

type WeighIn = Record<string, number | string | null>;

/** The weigh-ins of a date, oldest first (empty outside the history). */
function weighInsOn(ctx: Ctx, date: string): WeighIn[] {
  if (!ctx.state.wellness.inRange(date)) return [];
  const rng = createRng(ctx.state.wellness.seed, `${date}/weight`);
  const dayNumber = dateToUtcMs(date) / DAY_MS;
  const base = 62_000 + 800 * Math.sin(dayNumber / 45);
  const out: WeighIn[] = [];
  const entry = (gmtMs: number, grams: number, scale: boolean): WeighIn => {
    const weight = Math.round(grams / 10) * 10;
    return {
      samplePk: gmtMs + rng.int(1000, 40_000), date: gmtMs + LOCAL_OFFSET_MS, calendarDate: date, weight,
      bmi: scale ? Math.round((weight / 1000 / HEIGHT_M ** 2) * 10) / 10 : null, bodyFat: scale ? Math.round(rng.range(20, 24) * 10) / 10 : null,
      bodyWater: scale ? Math.round(rng.range(55, 58) * 10) / 10 : null, boneMass: scale ? rng.int(2550, 2650) : null,
      muscleMass: scale ? rng.int(23_800, 24_400) : null, physiqueRating: null, visceralFat: null, metabolicAge: null,
      sourceType: scale ? 'INDEX_SCALE' : 'MANUAL', timestampGMT: gmtMs, weightDelta: null,
    };
  };
  const midnight = localMidnightGmtMs(date);
  // A hand-typed evening weight only on days with a morning scale reading.
  if (rng.chance(0.5)) {
    out.push(entry(midnight + rng.int(6 * 60, 8 * 60) * 60_000, base + rng.int(-300, 300), true));
    if (rng.chance(0.2)) out.push(entry(midnight + rng.int(18 * 60, 21 * 60) * 60_000, base + rng.int(0, 700), false));
  }
  return out;
}

/** The date's weigh-ins, oldest first, each with `weightDelta` (g) from the weigh-in before it (null for the first of the history). */
function weighInsWithDelta(ctx: Ctx, date: string): WeighIn[] {
  const out = weighInsOn(ctx, date);
  if (!out.length) return out;
  let previous: WeighIn | undefined;
  for (let k = 1; k <= 60 && !previous; k++) previous = weighInsOn(ctx, addDays(date, -k)).at(-1);
  out.forEach((e, i) => {
    const before = i === 0 ? previous : out[i - 1];
    e.weightDelta = before ? (e.weight as number) - (before.weight as number) : null;
  });
  return out;
}

/** The average of each metric over the entries (null where none has it), between `from` and `until` (ms). */
function totalAverage(entries: WeighIn[], from: number, until: number): Record<string, number | null> {
  const out: Record<string, number | null> = { from, until };
  for (const key of METRICS) {
    const values = entries.map((e) => e[key]).filter((v): v is number => typeof v === 'number');
    out[key] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  return out;
}

/** A weigh-in with every field null (Garmin's "none" for previous/next). */
function noWeighIn(): WeighIn {
  return Object.fromEntries(['samplePk', 'date', 'calendarDate', ...METRICS, 'sourceType', 'timestampGMT', 'weightDelta'].map((k) => [k, null]));
}

/** `GET /weight-service/weight/dayview/{date}`: the day's weigh-ins, newest first, and their averages. */
export function weightDayView(ctx: Ctx): Reply {
  const date = ctx.params[0];
  if (!isIsoDate(date)) return badRequest('date must be YYYY-MM-DD');
  const entries = weighInsWithDelta(ctx, date).reverse();
  const from = dateToUtcMs(date);
  return json(200, { startDate: date, endDate: date, dateWeightList: entries, totalAverage: totalAverage(entries, from, from + DAY_MS - 1) });
}

/** The nearest weigh-in before `date` (step -1) or after it (step 1), looking up to a year away. */
function nearestWeighIn(ctx: Ctx, date: string, step: 1 | -1): WeighIn {
  for (let k = 1; k <= 366; k++) {
    const entries = weighInsOn(ctx, addDays(date, step * k));
    if (entries.length) return { ...(step === -1 ? entries.at(-1)! : entries[0]), weightDelta: null };
  }
  return noWeighIn();
}

/** `GET /weight-service/weight/range/{start}/{end}?includeAll=true`: per day with weigh-ins, newest first. */
export function weightRange(ctx: Ctx): Reply {
  const [start, end] = ctx.params;
  if (!isIsoDate(start) || !isIsoDate(end) || dateToUtcMs(start) > dateToUtcMs(end)) return badRequest('invalid date range');
  const summaries: Record<string, unknown>[] = [];
  const all: WeighIn[] = [];
  for (let d = end; dateToUtcMs(d) >= dateToUtcMs(start); d = addDays(d, -1)) {
    const entries = weighInsWithDelta(ctx, d).reverse();
    if (!entries.length) continue;
    all.push(...entries);
    const weights = entries.map((e) => e.weight as number);
    summaries.push({
      summaryDate: d, numOfWeightEntries: entries.length, minWeight: Math.min(...weights), maxWeight: Math.max(...weights),
      latestWeight: entries[0], allWeightMetrics: entries,
    });
  }
  return json(200, {
    dailyWeightSummaries: summaries,
    totalAverage: totalAverage(all, dateToUtcMs(start), dateToUtcMs(end) + DAY_MS - 1),
    previousDateWeight: nearestWeighIn(ctx, start, -1),
    nextDateWeight: nearestWeighIn(ctx, end, 1),
  });
}
