/**
 * Seeded wellness data, generated lazily per day and cached: sleep, HRV, heart-rate samples,
 * resting HR, daily summary, training readiness and VO2max. Shapes follow the recorded answers
 * (recorded/garth/data/cassettes/test_daily_sleep_data_get.yaml, test_hrv_data_get.yaml,
 * test_daily_heart_rate_get.yaml, test_daily_summary_get.yaml, test_training_readiness_data_get.yaml)
 * and protocol §3.7 / §7. Times: unix ms; the account's local zone is fixed UTC-6 (account.ts).
 */
import { DEVICE_ID, PROFILE_ID } from './account.js';
import type { ActivityRecord } from './activities.js';
import { createRng } from './prng.js';
import { DAY_MS, LOCAL_OFFSET_MS, addDays, dateToUtcMs, localMidnightGmtMs, tenthFormat } from './time-format.js';

/** One night of sleep, the night that ends on the morning of `calendarDate`. */
export interface SleepNight {
  startGmtMs: number;
  endGmtMs: number;
  deepSeconds: number;
  lightSeconds: number;
  remSeconds: number;
  awakeSeconds: number;
  score: number;
}

/** A heart-rate sample `[unix ms, bpm | null]`, as Garmin sends them. */
export type HeartRateSample = [number, number | null];

/** Everything generated for one calendar date. Null parts mean "Garmin has no data". */
export interface DayWellness {
  date: string;
  inRange: boolean;
  sleep: SleepNight | null;
  restingHeartRate: number | null;
  /** ~2-minute samples from local midnight to midnight, or null on a day without any. */
  heartRate: HeartRateSample[] | null;
  /** HRV (rMSSD, ms) of the night ending on this date, or null. */
  hrvLastNightAvg: number | null;
}

/** The seeded wellness generator for one account (seed, `today`, `days` of history). */
export class WellnessGenerator {
  private readonly cache = new Map<string, DayWellness>();
  private readonly firstMs: number;
  private readonly todayMs: number;

  constructor(
    private readonly seed: number,
    today: string,
    days: number,
    private readonly activitiesOn: (date: string) => ActivityRecord[],
  ) {
    this.todayMs = dateToUtcMs(today);
    this.firstMs = dateToUtcMs(addDays(today, -(days - 1)));
  }

  /** True when the date is inside the seeded history. */
  inRange(date: string): boolean {
    const ms = dateToUtcMs(date);
    return ms >= this.firstMs && ms <= this.todayMs;
  }

  private sleepOf(date: string): SleepNight | null {
    if (!this.inRange(date)) return null;
    const rng = createRng(this.seed, `${date}/sleep`);
    if (!rng.chance(0.95)) return null;
    // The night starts the evening before the calendar date (local 22:00–23:45).
    const startGmtMs = localMidnightGmtMs(date) - rng.int(15, 120) * 60_000 - rng.int(0, 59) * 1000;
    const total = rng.int(390, 510) * 60;
    const awake = rng.int(2, 30) * 60;
    const deep = Math.round((total - awake) * rng.range(0.15, 0.25) / 60) * 60;
    const rem = Math.round((total - awake) * rng.range(0.18, 0.25) / 60) * 60;
    return {
      startGmtMs,
      endGmtMs: startGmtMs + total * 1000,
      deepSeconds: deep,
      remSeconds: rem,
      awakeSeconds: awake,
      lightSeconds: total - awake - deep - rem,
      score: rng.int(60, 92),
    };
  }

  private restingOf(date: string): number {
    return createRng(this.seed, `${date}/rhr`).int(48, 56);
  }

  private hrvOf(date: string): number | null {
    if (!this.sleepOf(date)) return null;
    const rng = createRng(this.seed, `${date}/hrv`);
    return rng.chance(0.92) ? rng.int(35, 55) : null;
  }

  /** The generated day (cached). */
  day(date: string): DayWellness {
    const cached = this.cache.get(date);
    if (cached) return cached;
    const inRange = this.inRange(date);
    const sleep = this.sleepOf(date);
    const rng = createRng(this.seed, `${date}/hr`);
    const hasSamples = inRange && rng.chance(0.97);
    const resting = hasSamples ? this.restingOf(date) : null;
    let heartRate: HeartRateSample[] | null = null;
    if (hasSamples && resting !== null) {
      const nextSleep = this.sleepOf(addDays(date, 1));
      const activities = this.activitiesOn(date);
      const start = localMidnightGmtMs(date);
      heartRate = [];
      for (let k = 0; k < 720; k++) {
        const t = start + k * 120_000;
        if (rng.chance(0.01)) continue; // a gap: the watch sent nothing
        if (rng.chance(0.005)) {
          heartRate.push([t, null]);
          continue;
        }
        const asleep = (sleep && t >= sleep.startGmtMs && t < sleep.endGmtMs) || (nextSleep && t >= nextSleep.startGmtMs);
        const active = activities.find((a) => t >= a.startGmtMs && t < a.startGmtMs + a.durationSeconds * 1000);
        const bpm = active?.averageHR
          ? active.averageHR + rng.int(-8, 8)
          : asleep
            ? resting + rng.int(0, 6)
            : resting + rng.int(12, 35);
        heartRate.push([t, bpm]);
      }
      if (!heartRate.some((s) => s[1] !== null)) heartRate = null;
    }
    const day: DayWellness = { date, inRange, sleep, restingHeartRate: heartRate ? resting : null, heartRate, hrvLastNightAvg: this.hrvOf(date) };
    this.cache.set(date, day);
    return day;
  }

  private lastSevenDaysAvg(date: string, valueOf: (d: string) => number | null): number | null {
    const values: number[] = [];
    for (let i = 0; i < 7; i++) {
      const v = valueOf(addDays(date, -i));
      if (v !== null) values.push(v);
    }
    return values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null;
  }

  /** `GET /wellness-service/wellness/dailySleepData/{displayName}` and `/sleep-service/sleep/dailySleepData` (§3.7, §7.2–7.3). */
  sleepResponse(date: string): Record<string, unknown> {
    const day = this.day(date);
    const s = day.sleep;
    if (!s) {
      return {
        dailySleepDTO: {
          id: null, userProfilePK: PROFILE_ID, calendarDate: date, sleepTimeSeconds: null, napTimeSeconds: null,
          sleepWindowConfirmed: null, sleepWindowConfirmationType: null, sleepStartTimestampGMT: null,
          sleepEndTimestampGMT: null, sleepStartTimestampLocal: null, sleepEndTimestampLocal: null,
          autoSleepStartTimestampGMT: null, autoSleepEndTimestampGMT: null, sleepQualityTypePK: null,
          sleepResultTypePK: null, unmeasurableSleepSeconds: null, deepSleepSeconds: null, lightSleepSeconds: null,
          remSleepSeconds: null, awakeSleepSeconds: null, deviceRemCapable: false, retro: false,
        },
        sleepMovement: [],
        remSleepData: null,
        sleepLevels: [],
      };
    }
    const rng = createRng(this.seed, `${date}/sleep-extra`);
    const sleepSeconds = s.deepSeconds + s.lightSeconds + s.remSeconds;
    const pct = (v: number): number => Math.round((100 * v) / sleepSeconds);
    const sleepNeed = (calendarDate: string): Record<string, unknown> => ({
      userProfilePk: PROFILE_ID, calendarDate, deviceId: DEVICE_ID,
      timestampGmt: new Date(s.endGmtMs).toISOString().slice(0, 19), baseline: 470, actual: 470,
      feedback: 'NO_CHANGE_NO_ADJUSTMENTS', trainingFeedback: 'NO_CHANGE', sleepHistoryAdjustment: 'NO_CHANGE',
      hrvAdjustment: 'NO_CHANGE', napAdjustment: 'NO_CHANGE', displayedForTheDay: false, preferredActivityTracker: true,
    });
    const spo2 = rng.int(91, 96);
    return {
      dailySleepDTO: {
        id: s.startGmtMs, userProfilePK: PROFILE_ID, calendarDate: date, sleepTimeSeconds: sleepSeconds,
        napTimeSeconds: 0, sleepWindowConfirmed: true, sleepWindowConfirmationType: 'enhanced_confirmed_final',
        sleepStartTimestampGMT: s.startGmtMs, sleepEndTimestampGMT: s.endGmtMs,
        sleepStartTimestampLocal: s.startGmtMs + LOCAL_OFFSET_MS, sleepEndTimestampLocal: s.endGmtMs + LOCAL_OFFSET_MS,
        autoSleepStartTimestampGMT: null, autoSleepEndTimestampGMT: null, sleepQualityTypePK: null, sleepResultTypePK: null,
        unmeasurableSleepSeconds: 0, deepSleepSeconds: s.deepSeconds, lightSleepSeconds: s.lightSeconds,
        remSleepSeconds: s.remSeconds, awakeSleepSeconds: s.awakeSeconds, deviceRemCapable: true, retro: false,
        sleepFromDevice: true, averageSpO2Value: spo2, lowestSpO2Value: spo2 - rng.int(4, 8), highestSpO2Value: 100,
        averageSpO2HRSleep: (day.restingHeartRate ?? 50) + 2, averageRespirationValue: rng.int(12, 15),
        lowestRespirationValue: rng.int(8, 10), highestRespirationValue: rng.int(16, 19),
        awakeCount: Math.max(0, Math.round(s.awakeSeconds / 900)), avgSleepStress: rng.int(10, 25), ageGroup: 'ADULT',
        sleepScoreFeedback: 'POSITIVE_DEEP', sleepScoreInsight: 'NONE',
        sleepScores: {
          totalDuration: { qualifierKey: 'FAIR', optimalStart: 28200, optimalEnd: 28200 },
          stress: { qualifierKey: 'GOOD', optimalStart: 0, optimalEnd: 15 },
          awakeCount: { qualifierKey: 'EXCELLENT', optimalStart: 0, optimalEnd: 1 },
          overall: { value: s.score, qualifierKey: s.score >= 80 ? 'GOOD' : 'FAIR' },
          remPercentage: { value: pct(s.remSeconds), qualifierKey: 'EXCELLENT', optimalStart: 21, optimalEnd: 31 },
          restlessness: { qualifierKey: 'GOOD', optimalStart: 0, optimalEnd: 5 },
          lightPercentage: { value: pct(s.lightSeconds), qualifierKey: 'EXCELLENT', optimalStart: 30, optimalEnd: 64 },
          deepPercentage: { value: pct(s.deepSeconds), qualifierKey: 'EXCELLENT', optimalStart: 16, optimalEnd: 33 },
        },
        sleepVersion: 2,
        sleepNeed: sleepNeed(date),
        nextSleepNeed: sleepNeed(addDays(date, 1)),
      },
      sleepMovement: null,
      remSleepData: true,
      sleepLevels: null,
      wellnessSpO2SleepSummaryDTO: {
        userProfilePk: PROFILE_ID, deviceId: DEVICE_ID, sleepMeasurementStartGMT: tenthFormat(s.startGmtMs),
        sleepMeasurementEndGMT: tenthFormat(s.endGmtMs), alertThresholdValue: null, numberOfEventsBelowThreshold: null,
        durationOfEventsBelowThreshold: null, averageSPO2: spo2, averageSpO2HR: (day.restingHeartRate ?? 50) + 2,
        lowestSPO2: spo2 - 5,
      },
      skinTempDataExists: true,
      avgSkinTempDeviationC: Math.round(rng.range(-1, 1) * 10) / 10,
      avgSkinTempDeviationF: Math.round(rng.range(-1.8, 1.8) * 10) / 10,
      bodyBatteryChange: rng.int(30, 75),
      skinTempCalibrationDays: 19,
      restingHeartRate: day.restingHeartRate ?? this.restingOf(date),
    };
  }

  private hrvSummary(date: string): Record<string, unknown> | null {
    const avg = this.hrvOf(date);
    const s = this.sleepOf(date);
    if (avg === null || !s) return null;
    const weeklyAvg = this.lastSevenDaysAvg(date, (d) => this.hrvOf(d)) ?? avg;
    const status = weeklyAvg < 38 ? 'UNBALANCED' : 'BALANCED';
    return {
      calendarDate: date, weeklyAvg, lastNightAvg: avg, lastNight5MinHigh: avg + 15,
      baseline: { lowUpper: 35, balancedLow: 38, balancedUpper: 52, markerValue: Math.round(((weeklyAvg - 30) / 30) * 1e4) / 1e4 },
      status, feedbackPhrase: status === 'BALANCED' ? 'HRV_BALANCED_7' : 'HRV_UNBALANCED_2',
      createTimeStamp: new Date(s.endGmtMs + 600_000).toISOString().slice(0, 23),
    };
  }

  /** `GET /hrv-service/hrv/{date}` (§3.7); null means answer 204. */
  hrvResponse(date: string): Record<string, unknown> | null {
    const summary = this.hrvSummary(date);
    const s = this.sleepOf(date);
    if (!summary || !s) return null;
    const rng = createRng(this.seed, `${date}/hrv-readings`);
    const readings: Record<string, unknown>[] = [];
    for (let t = s.startGmtMs + 300_000; t < s.endGmtMs; t += 300_000) {
      readings.push({
        hrvValue: (summary.lastNightAvg as number) + rng.int(-10, 12),
        readingTimeGMT: tenthFormat(t),
        readingTimeLocal: tenthFormat(t, LOCAL_OFFSET_MS),
      });
    }
    const window = {
      startTimestampGMT: tenthFormat(s.startGmtMs), endTimestampGMT: tenthFormat(s.endGmtMs - 60_000),
      startTimestampLocal: tenthFormat(s.startGmtMs, LOCAL_OFFSET_MS), endTimestampLocal: tenthFormat(s.endGmtMs - 60_000, LOCAL_OFFSET_MS),
      sleepStartTimestampGMT: tenthFormat(s.startGmtMs), sleepEndTimestampGMT: tenthFormat(s.endGmtMs),
      sleepStartTimestampLocal: tenthFormat(s.startGmtMs, LOCAL_OFFSET_MS), sleepEndTimestampLocal: tenthFormat(s.endGmtMs, LOCAL_OFFSET_MS),
    };
    return { userProfilePk: PROFILE_ID, hrvSummary: summary, hrvReadings: readings, ...window };
  }

  /** `GET /hrv-service/hrv/daily/{start}/{end}` (§3.7, §7.5); null means answer 204. */
  hrvRangeResponse(start: string, end: string): Record<string, unknown> | null {
    const summaries: Record<string, unknown>[] = [];
    for (let d = start; dateToUtcMs(d) <= dateToUtcMs(end); d = addDays(d, 1)) {
      const s = this.hrvSummary(d);
      if (s) summaries.push(s);
    }
    return summaries.length ? { hrvSummaries: summaries, userProfilePk: PROFILE_ID } : null;
  }

  /** `GET /wellness-service/wellness/dailyHeartRate/{displayName}?date=` (§3.7). */
  heartRateResponse(date: string): Record<string, unknown> {
    const day = this.day(date);
    const start = localMidnightGmtMs(date);
    const values = day.heartRate;
    const bpms = (values ?? []).map((v) => v[1]).filter((v): v is number => v !== null);
    return {
      userProfilePK: PROFILE_ID,
      calendarDate: date,
      startTimestampGMT: tenthFormat(start),
      endTimestampGMT: tenthFormat(start + DAY_MS),
      startTimestampLocal: tenthFormat(start, LOCAL_OFFSET_MS),
      endTimestampLocal: tenthFormat(start + DAY_MS, LOCAL_OFFSET_MS),
      maxHeartRate: bpms.length ? Math.max(...bpms) : null,
      minHeartRate: bpms.length ? Math.min(...bpms) : null,
      restingHeartRate: day.restingHeartRate,
      lastSevenDaysAvgRestingHeartRate: this.lastSevenDaysAvg(date, (d) => this.day(d).restingHeartRate),
      heartRateValueDescriptors: values ? [{ key: 'timestamp', index: 0 }, { key: 'heartrate', index: 1 }] : null,
      heartRateValues: values,
    };
  }

  /** `GET /usersummary-service/usersummary/daily/{displayName}?calendarDate=` (§3.7), trimmed to the commonly read fields. */
  dailySummaryResponse(date: string): Record<string, unknown> {
    const day = this.day(date);
    const rng = createRng(this.seed, `${date}/summary`);
    const has = day.inRange;
    const n = (v: number): number | null => (has ? v : null);
    const start = localMidnightGmtMs(date);
    const bpms = (day.heartRate ?? []).map((v) => v[1]).filter((v): v is number => v !== null);
    const steps = rng.int(3000, 16000);
    const bmr = 1750;
    const active = rng.int(200, 900);
    return {
      userProfileId: PROFILE_ID, totalKilocalories: n(bmr + active), activeKilocalories: n(active), bmrKilocalories: n(bmr),
      wellnessKilocalories: n(bmr + active), burnedKilocalories: null, consumedKilocalories: null, remainingKilocalories: null,
      totalSteps: n(steps), netCalorieGoal: null, totalDistanceMeters: n(Math.round(steps * 0.78)),
      wellnessDistanceMeters: n(Math.round(steps * 0.78)), wellnessActiveKilocalories: n(active), netRemainingKilocalories: n(active),
      userDailySummaryId: PROFILE_ID, calendarDate: date, rule: { typeId: 2, typeKey: 'private' },
      uuid: `${dateToUtcMs(date).toString(16)}${'0'.repeat(21)}`.slice(0, 32), dailyStepGoal: 10000,
      wellnessStartTimeGmt: tenthFormat(start), wellnessStartTimeLocal: tenthFormat(start, LOCAL_OFFSET_MS),
      wellnessEndTimeGmt: tenthFormat(start + DAY_MS), wellnessEndTimeLocal: tenthFormat(start + DAY_MS, LOCAL_OFFSET_MS),
      durationInMilliseconds: DAY_MS, wellnessDescription: null,
      highlyActiveSeconds: n(rng.int(300, 3600)), activeSeconds: n(rng.int(3000, 9000)), sedentarySeconds: n(rng.int(40000, 55000)),
      sleepingSeconds: n(day.sleep ? (day.sleep.endGmtMs - day.sleep.startGmtMs) / 1000 : 0),
      includesWellnessData: has, includesActivityData: this.activitiesOn(date).length > 0, includesCalorieConsumedData: false,
      privacyProtected: false, moderateIntensityMinutes: n(rng.int(0, 30)), vigorousIntensityMinutes: n(rng.int(0, 45)),
      floorsAscendedInMeters: n(rng.int(10, 60)), floorsDescendedInMeters: n(rng.int(10, 60)), floorsAscended: n(rng.int(3, 20)),
      floorsDescended: n(rng.int(3, 20)), intensityMinutesGoal: 150, userFloorsAscendedGoal: 10,
      minHeartRate: bpms.length ? Math.min(...bpms) : null, maxHeartRate: bpms.length ? Math.max(...bpms) : null,
      restingHeartRate: day.restingHeartRate,
      lastSevenDaysAvgRestingHeartRate: this.lastSevenDaysAvg(date, (d) => this.day(d).restingHeartRate),
      source: 'GARMIN', averageStressLevel: n(rng.int(15, 40)), maxStressLevel: n(rng.int(70, 99)), stressQualifier: has ? 'BALANCED' : null,
      bodyBatteryChargedValue: n(rng.int(40, 70)), bodyBatteryDrainedValue: n(rng.int(40, 70)),
      bodyBatteryHighestValue: n(rng.int(70, 100)), bodyBatteryLowestValue: n(rng.int(5, 35)),
      bodyBatteryMostRecentValue: n(rng.int(20, 60)), bodyBatteryAtWakeTime: n(rng.int(60, 100)),
      averageSpo2: null, lowestSpo2: null, latestSpo2: null,
      avgWakingRespirationValue: n(rng.int(12, 16)), highestRespirationValue: n(rng.int(18, 23)),
      lowestRespirationValue: n(rng.int(6, 10)),
    };
  }

  /** `GET /metrics-service/metrics/trainingreadiness/{date}` (§3.7): newest first, `[]` without data. */
  trainingReadinessResponse(date: string): Record<string, unknown>[] {
    const day = this.day(date);
    if (!day.inRange || !day.sleep) return [];
    const rng = createRng(this.seed, `${date}/readiness`);
    const entry = (gmtMs: number, inputContext: string, score: number): Record<string, unknown> => ({
      userProfilePK: PROFILE_ID, calendarDate: date, timestamp: tenthFormat(gmtMs), timestampLocal: tenthFormat(gmtMs, LOCAL_OFFSET_MS),
      deviceId: DEVICE_ID, level: score >= 75 ? 'HIGH' : score >= 50 ? 'MODERATE' : 'LOW', feedbackLong: 'MOD_RT_MOD_SS_GOOD',
      feedbackShort: 'RECOVERY_IN_PROGRESS', score, sleepScore: day.sleep?.score ?? null, sleepScoreFactorPercent: rng.int(50, 95),
      sleepScoreFactorFeedback: 'GOOD', recoveryTime: rng.int(0, 2400), recoveryTimeFactorPercent: rng.int(30, 99),
      recoveryTimeFactorFeedback: 'MODERATE', acwrFactorPercent: rng.int(50, 95), acwrFactorFeedback: 'GOOD', acuteLoad: rng.int(200, 700),
      stressHistoryFactorPercent: rng.int(60, 95), stressHistoryFactorFeedback: 'GOOD', hrvFactorPercent: rng.int(60, 99),
      hrvFactorFeedback: 'GOOD', hrvWeeklyAverage: this.lastSevenDaysAvg(date, (d) => this.hrvOf(d)), sleepHistoryFactorPercent: rng.int(60, 95),
      sleepHistoryFactorFeedback: 'GOOD', validSleep: true, inputContext, primaryActivityTracker: true, recoveryTimeChangePhrase: null,
      sleepHistoryFactorFeedbackPhrase: null, hrvFactorFeedbackPhrase: null, stressHistoryFactorFeedbackPhrase: null,
      acwrFactorFeedbackPhrase: null, recoveryTimeFactorFeedbackPhrase: null, sleepScoreFactorFeedbackPhrase: null,
    });
    const morning = rng.int(40, 95);
    return [
      entry(day.sleep.endGmtMs + 10 * 3600_000, 'UPDATE_REALTIME_VARIABLES', Math.max(1, morning - rng.int(5, 30))),
      entry(day.sleep.endGmtMs + 600_000, 'AFTER_WAKEUP_RESET', morning),
    ];
  }

  /** `GET /metrics-service/metrics/maxmet/daily/{start}/{end}` (§3.7): sparse, only days with a running or cycling activity. */
  maxMetRangeResponse(start: string, end: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (let d = start; dateToUtcMs(d) <= dateToUtcMs(end); d = addDays(d, 1)) {
      if (!this.inRange(d)) continue;
      const acts = this.activitiesOn(d);
      const hasRun = acts.some((a) => a.typeKey === 'running');
      const hasRide = acts.some((a) => a.typeKey === 'cycling');
      if (!hasRun && !hasRide) continue;
      const dayNumber = dateToUtcMs(d) / DAY_MS;
      const value = (base: number): Record<string, unknown> => {
        const precise = Math.round((base + 1.5 * Math.sin(dayNumber / 30)) * 10) / 10;
        return { calendarDate: d, vo2MaxPreciseValue: precise, vo2MaxValue: Math.round(precise), fitnessAge: null, fitnessAgeDescription: null, maxMetCategory: 0 };
      };
      out.push({ userId: PROFILE_ID, generic: hasRun ? value(48) : null, cycling: hasRide ? value(45) : null, heatAltitudeAcclimation: null });
    }
    return out;
  }

  /** Garmin's training status of a day (code and phrase), from the week's training: null outside the seeded history. */
  private trainingStatusOf(date: string): { code: number; phrase: string } | null {
    if (!this.inRange(date)) return null;
    let load = 0;
    for (let i = 0; i < 7; i++) load += this.activitiesOn(addDays(date, -i)).length;
    const variant = createRng(this.seed, `${date}/status`).int(1, 6);
    if (load >= 5) return { code: 7, phrase: `PRODUCTIVE_${variant}` };
    if (load >= 3) return { code: 4, phrase: `MAINTAINING_${Math.min(variant, 2)}` };
    if (load >= 1) return { code: 5, phrase: `RECOVERY_${Math.min(variant, 2)}` };
    return { code: 1, phrase: 'DETRAINING' };
  }

  /** `GET /mobile-gateway/usersummary/trainingstatus/weekly/{start}/{end}` ([rec] stats/test_weekly_training_status.yaml; §7.9 wrapping). */
  trainingStatusRangeResponse(start: string, end: string): Record<string, unknown> {
    const days: Record<string, unknown>[] = [];
    for (let d = start; dateToUtcMs(d) <= dateToUtcMs(end); d = addDays(d, 1)) {
      const status = this.trainingStatusOf(d);
      if (!status) continue;
      const rng = createRng(this.seed, `${d}/status-load`);
      const acute = rng.int(150, 600);
      const chronic = rng.int(200, 450);
      days.push({
        calendarDate: d, sinceDate: null, weeklyTrainingLoad: null, trainingStatus: status.code,
        timestamp: localMidnightGmtMs(d) + 20 * 3600_000, deviceId: DEVICE_ID, loadTunnelMin: null, loadTunnelMax: null,
        loadLevelTrend: null, sport: 'RUNNING', subSport: 'GENERIC', fitnessTrendSport: 'RUNNING', fitnessTrend: rng.int(1, 3),
        trainingStatusFeedbackPhrase: status.phrase, trainingPaused: false,
        acuteTrainingLoadDTO: {
          acwrPercent: Math.round((acute / chronic) * 50), acwrStatus: 'OPTIMAL', acwrStatusFeedback: 'FEEDBACK_3',
          dailyTrainingLoadAcute: acute, maxTrainingLoadChronic: chronic * 1.5, minTrainingLoadChronic: chronic * 0.8,
          dailyTrainingLoadChronic: chronic, dailyAcuteChronicWorkloadRatio: Math.round((acute / chronic) * 10) / 10,
        },
        primaryTrainingDevice: true,
      });
    }
    const wrap = (requestUrl: string, payload: unknown) => ({ requestUrl, statusCode: 200, headers: {}, errorMessage: null, payload, successful: true });
    return {
      vo2MaxWeeklyStatistics: wrap(`/metrics-service/metrics/maxmet/stats/daily/${start}/${end}`, {
        userProfileId: PROFILE_ID, statisticsStartDate: start, statisticsEndDate: end, allMetrics: { metricsMap: { ACTIVITY_VO2_MAX: [] } }, groupedMetrics: null,
      }),
      weeklyTrainingStatus: wrap(`/metrics-service/metrics/trainingstatus/weekly/${start}/${end}`, {
        userId: PROFILE_ID, fromCalendarDate: start, toCalendarDate: end, showSelector: false,
        recordedDevices: [{ deviceId: DEVICE_ID, imageURL: null, deviceName: 'Forerunner 965', category: 0 }],
        reportData: days.length ? { [String(DEVICE_ID)]: days } : {},
      }),
    };
  }
}
