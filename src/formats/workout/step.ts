/**
 * Parses the tokens of one step line (`- [cue] extent [targets…] [press lap]`) into the parts of
 * a {@link WorkoutStep}. Strict about numbers and units, lenient about prose: a word that starts
 * with a digit must be a known number+unit, any other word becomes cue text.
 * Language: workout-text.md §2.2–2.5 and the grammar of §5.
 */
import { InputError } from '../../errors.js';
import type { CadenceTarget, PaceUnit, SwimEquipment, SwimStroke, WorkoutExtent, WorkoutStepType, WorkoutTarget } from './document.js';
import { stripTrailingPunctuation, type LineToken } from './lex.js';
import { DISTANCE_UNIT_WORDS, METERS_PER_UNIT, PACE_UNITS } from './units.js';

/** What the step parser needs from the surrounding document. */
export interface StepContext {
  file: string;
  line: number;
  /** Pace unit for a pace written without one (`5:00 Pace`): `/km`, or `/100m`/`/100y` for swims. */
  defaultPaceUnit: PaceUnit;
  /** Receives lints about the line (`min` alias, a second target…). */
  lint: (column: number, message: string) => void;
}

/** The parts of a step line, before the document decides its step type. */
export interface StepParts {
  cue: string | null;
  extent: WorkoutExtent | null;
  target: WorkoutTarget | null;
  cadence: CadenceTarget | null;
  pressLap: boolean;
  /** The line has the target `0` (swim rest, `- 20s 0`). */
  restZero: boolean;
  /** `intensity=…` as written, mapped to a step type, or null. */
  intensity: WorkoutStepType | null;
  /** `stroke=…` / `equipment=…` (swim), or null. */
  stroke: SwimStroke | null;
  equipment: SwimEquipment | null;
}

const NUM = String.raw`\d+(?:\.\d+)?`;
const HMS = new RegExp(`^(?:(${NUM})h)?(?:(${NUM})m)?(?:(${NUM})s)?$`);
const M_SS = /^(\d+)m(\d{1,2})$/;
const APOSTROPHE = /^(?:(\d+)['’′])?(?:(\d+)(?:["”″]|''))?$/;
const ALIAS = new RegExp(`^(${NUM})(min|mins|minute|minutes|sec|secs|second|seconds|hr|hrs|hour|hours)$`);
const DISTANCE = new RegExp(`^(${NUM})(${Object.keys(DISTANCE_UNIT_WORDS).join('|')})$`);
const PERCENT = new RegExp(`^(${NUM})%?(?:-(${NUM})%)?$`);
const PERCENT_SINGLE = new RegExp(`^(${NUM})%$`);
const UNIT_RANGE = (unit: string) => new RegExp(`^(${NUM})(?:${unit})?-(${NUM})(?:${unit})$|^(${NUM})(?:${unit})$`);
const WATTS = UNIT_RANGE('w');
const BPM = UNIT_RANGE('bpm');
const CADENCE = UNIT_RANGE('rpm|spm');
const KPH = UNIT_RANGE('kph|km/h');
const MPH = UNIT_RANGE('mph');
const ZONE = /^z(\d+)(?:-z(\d+))?$/;
/** `4:00/km`, `4:00-4:10/km`, and (ext) decimal seconds `3:59.5/km`. */
const PACE = /^(\d+):(\d\d(?:\.\d+)?)(\/[a-z0-9]+)?(?:-(\d+):(\d\d(?:\.\d+)?)(\/[a-z0-9]+)?)?$/;
const OPTION = /^([a-z]+)=(\S*)$/;

const ALIAS_SECONDS: Record<string, number> = {
  min: 60, mins: 60, minute: 60, minutes: 60, sec: 1, secs: 1, second: 1, seconds: 1, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
};
const INTENSITY: Record<string, WorkoutStepType> = {
  warmup: 'warmup', cooldown: 'cooldown', active: 'interval', interval: 'interval', recovery: 'recovery', rest: 'rest', other: 'other',
};
/** Options of §5 that are accepted but not sent to Garmin yet (a lint says so). */
const IGNORED_OPTIONS = new Set(['power', 'hr']);
/** `stroke=` words → stroke (workout-text.md §5, ext). */
const STROKES: Record<string, SwimStroke> = {
  free: 'free', freestyle: 'free', back: 'back', backstroke: 'back', breast: 'breast', breaststroke: 'breast',
  fly: 'fly', butterfly: 'fly', drill: 'drill', any: 'any', choice: 'any',
};
const EQUIPMENT: Record<string, SwimEquipment> = {
  fins: 'fins', kickboard: 'kickboard', board: 'kickboard', paddles: 'paddles', pull_buoy: 'pull_buoy', buoy: 'pull_buoy', pullbuoy: 'pull_buoy', snorkel: 'snorkel',
};
const ZONE_MAX = { power: 7, heartRate: 5, pace: 7 } as const;
/** Sanity limits that catch typos (`100h`, `0:01/km`): one step lasts at most 24 h or 1000 km… */
const MAX_STEP_SECONDS = 24 * 3600;
const MAX_STEP_METERS = 1_000_000;
/** …and no pace or speed is faster than 20 s/km (180 km/h). */
const MIN_SECONDS_PER_METER = 0.02;

/**
 * Parses the tokens after `- `. Throws InputError at the offending token. Each kind of lint is
 * given once per step, at its first token (`- 10m 10m 10m …` lints the second `10m` only).
 */
export function parseStepTokens(tokens: LineToken[], outer: StepContext): StepParts {
  const linted = new Set<string>();
  const ctx: StepContext = {
    ...outer,
    lint: (column, message) => {
      // The kind of lint: its message without the `quoted` tokens.
      const kind = message.split('`').filter((_, i) => i % 2 === 0).join('``');
      if (linted.has(kind)) return;
      linted.add(kind);
      outer.lint(column, message);
    },
  };
  const parts: StepParts = { cue: null, extent: null, target: null, cadence: null, pressLap: false, restZero: false, intensity: null, stroke: null, equipment: null };
  const cue: string[] = [];
  const prompts: string[] = [];
  const fail = (token: LineToken, reason: string): never => {
    throw new InputError(ctx.file, reason, { line: ctx.line, column: token.column });
  };
  const at = (token: LineToken) => ({ line: ctx.line, column: token.column });
  const word = (i: number) => (tokens[i] ? stripTrailingPunctuation(tokens[i].text).toLowerCase() : '');

  const setTarget = (token: LineToken, target: WorkoutTarget) => {
    if (parts.target) ctx.lint(token.column, `one primary target per step: \`${token.text}\` is ignored, the step keeps the first one`);
    else parts.target = target;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.quoted) {
      cue.push(token.text);
      continue;
    }
    const text = word(i);
    const next = word(i + 1);

    if ((text === 'press' && next === 'lap') || (text === 'lap' && next === 'press')) {
      parts.pressLap = true;
      i++;
      continue;
    }
    if (text === 'lap' && tokens.length === 1) {
      parts.pressLap = true;
      continue;
    }
    if (text === 'ramp') {
      const rampToken = tokens[i + 1];
      if (!rampToken) fail(token, '`ramp` needs a range after it, e.g. `ramp 50-75%`');
      const consumed = parseTarget(rampToken, next, word(i + 2), ctx, fail, at);
      if (!consumed || !('ramp' in consumed.target)) fail(rampToken, `\`ramp\` needs a power or pace range after it, e.g. \`ramp 50-75%\`, not \`${rampToken.text}\``);
      setTarget(rampToken, { ...consumed!.target, ramp: true } as WorkoutTarget);
      i += 1 + consumed!.extraTokens;
      continue;
    }
    const option = OPTION.exec(text);
    if (option) {
      const [, key, value] = option;
      if (key === 'intensity') {
        const mapped = INTENSITY[value];
        if (!mapped) fail(token, `unknown intensity \`${value}\` (use warmup, cooldown, active, interval, recovery, rest or other)`);
        parts.intensity = mapped;
      } else if (key === 'stroke') {
        parts.stroke = STROKES[value] ?? fail(token, `unknown stroke \`${value}\` (use free, back, breast, fly, drill or any)`);
      } else if (key === 'equipment') {
        parts.equipment = EQUIPMENT[value] ?? fail(token, `unknown equipment \`${value}\` (use fins, kickboard, paddles, pull_buoy or snorkel)`);
      } else if (IGNORED_OPTIONS.has(key)) {
        ctx.lint(token.column, `option \`${token.text}\` is not sent to Garmin yet; it is ignored`);
      } else {
        fail(token, `unknown option \`${key}=\` (known: intensity=, power=, hr=, stroke=, equipment=)`);
      }
      continue;
    }
    if (text === '0') {
      parts.restZero = true;
      continue;
    }
    if (/^\d+[x×]$/.test(text)) fail(token, `a repeat \`${token.text}\` must start its own line (or be the first word of a step: \`- 4x 50yds drill\`)`);

    const extent = parseExtent(token, text, ctx, fail, at);
    if (extent) {
      if (parts.extent) ctx.lint(token.column, `a step has one duration or distance: \`${token.text}\` is ignored`);
      else parts.extent = extent;
      continue;
    }
    const cadence = matchRange(CADENCE, text);
    if (cadence) {
      if (parts.cadence) ctx.lint(token.column, `a step has one cadence target: \`${token.text}\` is ignored`);
      else parts.cadence = { ...cadence, position: at(token) };
      continue;
    }
    const parsed = parseTarget(token, text, next, ctx, fail, at);
    if (parsed) {
      setTarget(token, parsed.target);
      i += parsed.extraTokens;
      continue;
    }
    const timed = /^(\d+)\^(.*)$/.exec(token.text);
    if (timed) {
      // `33^Second prompt <!>`: a prompt at 33 s into the step (workout-text.md §2.1, E13).
      const end = tokens.findIndex((t, j) => j > i && t.text === '<!>');
      if (end < 0) fail(token, `the timed prompt \`${token.text}\` needs \`<!>\` after its text`);
      const prompt = [timed[2], ...tokens.slice(i + 1, end).map((t) => t.text)].filter(Boolean).join(' ');
      prompts.push(`at ${timed[1]}s: ${prompt}`);
      ctx.lint(token.column, 'Garmin has no timed prompts: the prompt is added to the step\'s cue');
      i = end;
      continue;
    }
    if (/^cz\d/.test(text)) fail(token, `custom zones like \`${token.text}\` are not supported; use Z1–Z7, watts or %`);
    if (/^\d/.test(text)) {
      if (/^\d+(?:\.\d+)?$/.test(text)) {
        const following = tokens[i + 1];
        if (following) fail(following, `unknown unit \`${following.text}\` after ${token.text} (durations: 30s, 10m, 1h; distances: 400mtr, 2km, 1mi, 100yd)`);
        fail(token, `the number ${token.text} has no unit (durations: 30s, 10m, 1h; distances: 400mtr, 2km; targets: 75%, 220w, 140bpm)`);
      }
      const unit = /^[\d.:%-]+(.*)$/.exec(text)?.[1] ?? text;
      fail(token, `unknown unit \`${unit || token.text}\` in \`${token.text}\` (durations: 30s, 10m, 1h; distances: 400mtr, 2km, 1mi, 100yd)`);
    }
    cue.push(token.text);
  }
  if (prompts.length > 0) cue.push(`(${prompts.join('; ')})`);
  parts.cue = cue.length > 0 ? cue.join(' ') : null;
  return parts;
}

type Fail = (token: LineToken, reason: string) => never;
type At = (token: LineToken) => { line: number; column: number };

/** A duration or distance token, or null when the token is neither. */
function parseExtent(token: LineToken, text: string, ctx: StepContext, fail: Fail, at: At): WorkoutExtent | null {
  const time = (seconds: number): WorkoutExtent => {
    if (!(seconds > 0)) fail(token, `the duration \`${token.text}\` must be longer than 0`);
    if (seconds > MAX_STEP_SECONDS) fail(token, `the duration \`${token.text}\` is longer than 24 hours`);
    return { kind: 'time', seconds: Math.round(seconds), written: token.text, position: at(token) };
  };
  const hms = HMS.exec(text);
  if (hms && text !== '' && (hms[1] || hms[2] || hms[3])) {
    return time(Number(hms[1] ?? 0) * 3600 + Number(hms[2] ?? 0) * 60 + Number(hms[3] ?? 0));
  }
  const mss = M_SS.exec(text);
  if (mss) {
    if (Number(mss[2]) >= 60) fail(token, `\`${token.text}\`: seconds must be below 60`);
    return time(Number(mss[1]) * 60 + Number(mss[2]));
  }
  const apostrophe = APOSTROPHE.exec(text);
  if (apostrophe && text !== '' && (apostrophe[1] || apostrophe[2])) {
    return time(Number(apostrophe[1] ?? 0) * 60 + Number(apostrophe[2] ?? 0));
  }
  const alias = ALIAS.exec(text);
  if (alias) {
    const short = ALIAS_SECONDS[alias[2]] === 60 ? 'm' : ALIAS_SECONDS[alias[2]] === 1 ? 's' : 'h';
    ctx.lint(token.column, `\`${alias[2]}\` is not intervals.icu syntax: write \`${alias[1]}${short}\``);
    return time(Number(alias[1]) * ALIAS_SECONDS[alias[2]]);
  }
  const distance = DISTANCE.exec(text);
  if (distance) {
    const value = Number(distance[1]);
    const unit = DISTANCE_UNIT_WORDS[distance[2]];
    if (!(value > 0)) fail(token, `the distance \`${token.text}\` must be more than 0`);
    if (value * METERS_PER_UNIT[unit] > MAX_STEP_METERS) fail(token, `the distance \`${token.text}\` is longer than 1000 km`);
    return { kind: 'distance', meters: value * METERS_PER_UNIT[unit], value, unit, written: token.text, position: at(token) };
  }
  return null;
}

/** Low/high of a `N`, `N-Nunit` or `Nunit` token, or null. */
function matchRange(pattern: RegExp, text: string): { low: number; high: number } | null {
  const match = pattern.exec(text);
  if (!match) return null;
  if (match[3] !== undefined) return { low: Number(match[3]), high: Number(match[3]) };
  return { low: Number(match[1]), high: Number(match[2]) };
}

/**
 * A primary target starting at `token` (`next`/`afterNext` are the following words, lowercased,
 * for qualifiers like `70% HR` and `Z2 Pace`); `extraTokens` says how many words it consumed.
 */
function parseTarget(
  token: LineToken, text: string, next: string, ctx: StepContext, fail: Fail, at: At,
): { target: WorkoutTarget; extraTokens: number } | null {
  const position = at(token);
  const percent = PERCENT.exec(text);
  if (percent && (PERCENT_SINGLE.test(text) || percent[2] !== undefined)) {
    const low = Number(percent[1]);
    const high = percent[2] !== undefined ? Number(percent[2]) : low;
    if (next === 'mmp') fail(token, `MMP targets (\`${token.text} MMP\`) are not supported yet; use % (of FTP) or watts`);
    if (next === 'hr') return { target: { domain: 'heartRate', unit: 'percentMaxHr', low, high, position }, extraTokens: 1 };
    if (next === 'lthr') return { target: { domain: 'heartRate', unit: 'percentLthr', low, high, position }, extraTokens: 1 };
    if (next === 'pace') {
      if (!(low > 0 && high > 0)) fail(token, `a % of threshold pace must be more than 0%, not \`${token.text}\``);
      return { target: { domain: 'pace', unit: 'percentThreshold', ramp: false, low, high, position }, extraTokens: 1 };
    }
    const extra = next === 'ftp' || next === 'power' ? 1 : 0;
    return { target: { domain: 'power', unit: 'percentFtp', ramp: false, low, high, position }, extraTokens: extra };
  }
  const watts = matchRange(WATTS, text);
  if (watts) return { target: { domain: 'power', unit: 'watts', ramp: false, ...watts, position }, extraTokens: 0 };
  const bpm = matchRange(BPM, text);
  if (bpm) return { target: { domain: 'heartRate', unit: 'bpm', ...bpm, position }, extraTokens: 0 };
  const kph = matchRange(KPH, text);
  const mph = matchRange(MPH, text);
  for (const [speed, kmPerHourPerUnit] of [[kph, 1], [mph, 1.609344]] as const) {
    if (!speed) continue;
    const kmPerHour = [speed.low * kmPerHourPerUnit, speed.high * kmPerHourPerUnit];
    if (kmPerHour.some((v) => !(v > 0) || v * 1000 * MIN_SECONDS_PER_METER > 3600)) fail(token, `the speed \`${token.text}\` must be above 0 and at most 180 km/h`);
    return { target: { domain: 'speed', unit: speed === kph ? 'kph' : 'mph', ...speed, position }, extraTokens: 0 };
  }

  const zone = ZONE.exec(text);
  if (zone) {
    const domain = next === 'hr' ? 'heartRate' : next === 'pace' ? 'pace' : 'power';
    const low = Number(zone[1]);
    const high = zone[2] !== undefined ? Number(zone[2]) : low;
    const max = ZONE_MAX[domain];
    const name = domain === 'heartRate' ? 'heart-rate' : domain;
    for (const z of [low, high]) {
      if (z < 1 || z > max) fail(token, `zone Z${z} is out of range: ${name} zones are Z1–Z${max}`);
    }
    if (high < low) fail(token, `zone range \`${token.text}\` goes down; write the lower zone first`);
    const extra = next === 'hr' || next === 'pace' || next === 'power' ? 1 : 0;
    if (domain === 'pace') return { target: { domain, unit: 'zone', ramp: false, low, high, position }, extraTokens: extra };
    return { target: { domain, unit: 'zone', low, high, position }, extraTokens: extra };
  }

  const pace = PACE.exec(text);
  if (pace) {
    const [, m1, s1, unit1, m2, s2, unit2] = pace;
    const unitOf = (written: string | undefined): PaceUnit | undefined => {
      if (written === undefined) return undefined;
      const unit = PACE_UNITS[written];
      if (!unit) fail(token, `unknown pace unit \`${written}\` (use /km, /mi, /100m, /100y, /500m, /400m or /250m)`);
      return unit;
    };
    const first = unitOf(unit1);
    const second = unitOf(unit2);
    if (first && second && first !== second) fail(token, `the two paces of \`${token.text}\` use different units`);
    for (const s of [s1, s2]) if (s !== undefined && Number(s) >= 60) fail(token, `\`${token.text}\`: seconds must be below 60`);
    const low = Number(m1) * 60 + Number(s1);
    const high = m2 !== undefined ? Number(m2) * 60 + Number(s2) : low;
    const per = second ?? first ?? ctx.defaultPaceUnit;
    if (Math.min(low, high) / per.meters < MIN_SECONDS_PER_METER) fail(token, `the pace \`${token.text}\` is faster than 0:20/km`);
    return { target: { domain: 'pace', unit: 'absolute', per, ramp: false, low, high, position }, extraTokens: next === 'pace' ? 1 : 0 };
  }
  return null;
}
