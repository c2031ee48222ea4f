/**
 * Athlete thresholds for % targets (workout-text.md §5 rule 6): the text's front matter first
 * (applied by the encoder), then `garmin-sync config` (ftp, lthr, maxHr, thresholdPace, css), then
 * the Garmin profile — asked only for what the texts need and nothing above gave:
 * user-settings `userData.lactateThresholdHeartRate` (bpm) and `lactateThresholdSpeed`, and the
 * latest cycling FTP (`/biometric-service/biometric/latestFunctionalThresholdPower/CYCLING`, W).
 */
import type { Config } from '../archive/config.js';
import type { Thresholds, WorkoutDocument, WorkoutNode } from '../formats/workout/index.js';
import type { GarminClient } from '../garmin/client.js';

/** A threshold name of {@link Thresholds}. */
export type ThresholdKey = keyof Thresholds;

/** The thresholds the % targets (and pace zones) of `doc` need that its front matter does not give. */
export function missingThresholds(doc: WorkoutDocument): Set<ThresholdKey> {
  const needed = new Set<ThresholdKey>();
  const walk = (nodes: WorkoutNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'repeat') {
        walk(node.children);
        continue;
      }
      const t = node.target;
      if (!t) continue;
      if (t.domain === 'power' && t.unit === 'percentFtp') needed.add('ftpWatts');
      if (t.domain === 'heartRate' && t.unit === 'percentMaxHr') needed.add('maxHrBpm');
      if (t.domain === 'heartRate' && t.unit === 'percentLthr') needed.add('lthrBpm');
      if (t.domain === 'pace' && t.unit !== 'absolute') needed.add(doc.sport === 'swimming' ? 'cssSecondsPer100m' : 'thresholdPaceSecondsPerKm');
    }
  };
  walk(doc.steps);
  for (const key of Object.keys(doc.thresholds) as ThresholdKey[]) needed.delete(key);
  return needed;
}

/** The thresholds set in `config` (`thresholdPace` `4:30/km` or `/mi`, `css` `1:45/100m` or `/100yd`). */
export function thresholdsFromConfig(config: Pick<Config, 'ftp' | 'lthr' | 'maxHr' | 'thresholdPace' | 'css'>): Thresholds {
  const out: Thresholds = {};
  if (config.ftp) out.ftpWatts = config.ftp;
  if (config.lthr) out.lthrBpm = config.lthr;
  if (config.maxHr) out.maxHrBpm = config.maxHr;
  const pace = config.thresholdPace && /^(\d+):(\d\d)\/(km|mi)$/.exec(config.thresholdPace);
  if (pace) out.thresholdPaceSecondsPerKm = (Number(pace[1]) * 60 + Number(pace[2])) / (pace[3] === 'mi' ? 1.609344 : 1);
  const css = config.css && /^(\d+):(\d\d)\/100(m|yd)$/.exec(config.css);
  if (css) out.cssSecondsPer100m = (Number(css[1]) * 60 + Number(css[2])) / (css[3] === 'yd' ? 0.9144 : 1);
  return out;
}

/**
 * Garmin's `lactateThresholdSpeed` is recorded as 0.347 for a runner (protocol §3.1): read as m/s
 * that is 48 min/km, so it is taken to be in units of 10 m/s (3.47 m/s = 4:48/km). Unverified;
 * a value of 1 or more is read as m/s.
 */
const LACTATE_SPEED_SCALE = 10;

/**
 * Asks Garmin for the thresholds in `needed` it can give (lthrBpm and thresholdPaceSecondsPerKm
 * from user-settings, ftpWatts from the latest cycling FTP); maxHrBpm and CSS are not in the
 * profile. Throws what the client throws.
 */
export async function thresholdsFromGarmin(client: GarminClient, needed: ReadonlySet<ThresholdKey>): Promise<Thresholds> {
  const out: Thresholds = {};
  if (needed.has('lthrBpm') || needed.has('thresholdPaceSecondsPerKm')) {
    const data = (await client.userSettings()).userData;
    if (data?.lactateThresholdHeartRate) out.lthrBpm = data.lactateThresholdHeartRate;
    const speed = Number((data as Record<string, unknown> | null | undefined)?.lactateThresholdSpeed);
    if (speed > 0) out.thresholdPaceSecondsPerKm = 1000 / (speed < 1 ? speed * LACTATE_SPEED_SCALE : speed);
  }
  if (needed.has('ftpWatts')) {
    const ftp = await client.latestCyclingFtp();
    if (ftp) out.ftpWatts = ftp;
  }
  return out;
}
