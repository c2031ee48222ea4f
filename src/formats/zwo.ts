/**
 * Zwift workout files (`.zwo`, XML root `workout_file`) → a {@link WorkoutDocument}, read with
 * saxes like the other XML readers (no DTD). Element reference:
 * https://github.com/h4l/zwift-workout-file-reference (workout-text.md §3): `Warmup`/`Cooldown`/
 * `Ramp` (Duration s, PowerLow..PowerHigh), `SteadyState` (Power), `IntervalsT` (Repeat,
 * OnDuration/OffDuration, OnPower/OffPower, Cadence/CadenceResting), `FreeRide`, `MaxEffort`,
 * `textevent message` (a cue). Power is a fraction of FTP on rides and of threshold speed on runs.
 */
import type { SaxesTagPlain } from 'saxes';
import { InputError, type TextPosition } from '../errors.js';
import { importedWorkoutDocument, type WorkoutDocument, type WorkoutNode, type WorkoutStep, type WorkoutStepType, type WorkoutTarget } from './workout/document.js';
import { createXmlParser, localName, parserPosition } from './xml.js';

/** A step element as read, with the first text event inside it. */
interface PendingElement {
  tag: SaxesTagPlain;
  position: TextPosition;
  cue?: string;
}

const STEP_ELEMENTS = new Set(['Warmup', 'Cooldown', 'Ramp', 'SteadyState', 'IntervalsT', 'FreeRide', 'MaxEffort', 'SolidState']);

/**
 * Parses a Zwift workout. Throws InputError (with line and column) for XML that is not well-formed,
 * a step without a positive `Duration`, or a bad number; and (without position) for a file with no
 * steps or a sport other than bike/run.
 */
export function parseZwo(text: string, fileName: string): WorkoutDocument {
  const parser = createXmlParser(fileName);
  const fields: Record<string, string> = {};
  const steps: WorkoutNode[] = [];
  let textTarget: string | null = null;
  const pending: PendingElement[] = [];

  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const position = parserPosition(parser);
    if (['name', 'description', 'sportType'].includes(name)) textTarget = name;
    if (STEP_ELEMENTS.has(name)) {
      pending.push({ tag: tag as SaxesTagPlain, position });
    }
    // A text event inside a step: its first message becomes the step's cue.
    if (name === 'textevent' && pending.length > 0) {
      const message = String(tag.attributes.message ?? '').trim();
      const last = pending[pending.length - 1];
      if (message && !last.cue) last.cue = message;
    }
  });
  parser.on('text', (value) => {
    if (textTarget) fields[textTarget] = (fields[textTarget] ?? '') + value;
  });
  parser.on('closetag', (tag) => {
    if (localName(tag.name) === textTarget) textTarget = null;
  });
  parser.write(text.replace(/^\uFEFF/, '')).close();

  const sportText = (fields.sportType ?? 'bike').trim().toLowerCase();
  if (sportText !== 'bike' && sportText !== 'run') throw new InputError(fileName, `Zwift sport "${sportText}" is not bike or run`);
  const run = sportText === 'run';
  for (const item of pending) steps.push(...toNodes(item, run, fileName));
  if (steps.length === 0) throw new InputError(fileName, 'a Zwift workout without steps');
  const description = fields.description?.trim();
  return importedWorkoutDocument({
    file: fileName,
    name: fields.name?.trim() || fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
    sport: run ? 'running' : 'cycling',
    description: description || null,
    steps,
  });
}

function toNodes(item: PendingElement, run: boolean, file: string): WorkoutNode[] {
  const { tag, position } = item;
  const name = localName(tag.name);
  const attr = (key: string): number | null => {
    const raw = tag.attributes[key] ?? tag.attributes[key.toLowerCase()];
    if (raw === undefined) return null;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new InputError(file, `${name} ${key}="${raw}" is not a number ≥ 0`, position);
    return value;
  };
  const seconds = (key: string): number => {
    const value = attr(key);
    if (!value) throw new InputError(file, `${name} needs a ${key} in seconds above 0`, position);
    return Math.round(value);
  };
  const percent = (fraction: number) => Math.round(fraction * 1000) / 10;
  const target = (low: number | null, high: number | null, ramp: boolean): WorkoutTarget | null => {
    if (low === null) return null;
    const range = { low: percent(low), high: percent(high ?? low), position };
    return run ? { domain: 'pace', unit: 'percentThreshold', ramp, ...range } : { domain: 'power', unit: 'percentFtp', ramp, ...range };
  };
  const step = (stepType: WorkoutStepType, duration: number, t: WorkoutTarget | null, cadence: number | null, cue: string | null): WorkoutStep => ({
    kind: 'step',
    stepType,
    cue,
    section: null,
    extent: { kind: 'time', seconds: duration, written: `${duration}s`, position },
    target: t,
    cadence: cadence ? { low: cadence, high: cadence, position } : null,
    pressLap: false,
    position,
  });
  const cue = item.cue ?? null;
  switch (name) {
    case 'Warmup':
    case 'Cooldown':
    case 'Ramp':
      return [step(name === 'Warmup' ? 'warmup' : name === 'Cooldown' ? 'cooldown' : 'interval', seconds('Duration'), target(attr('PowerLow'), attr('PowerHigh'), true), attr('Cadence'), cue)];
    case 'SteadyState':
    case 'SolidState':
      return [step('interval', seconds('Duration'), target(attr('Power') ?? attr('PowerLow'), attr('Power') ?? attr('PowerHigh'), false), attr('Cadence'), cue)];
    case 'FreeRide':
      return [step('other', seconds('Duration'), null, attr('Cadence'), cue ?? 'free ride')];
    case 'MaxEffort':
      return [step('interval', seconds('Duration'), null, null, cue ?? 'max effort')];
    case 'IntervalsT': {
      const repeat = attr('Repeat') ?? 1;
      if (!Number.isInteger(repeat) || repeat < 1) throw new InputError(file, `IntervalsT Repeat must be a whole number ≥ 1`, position);
      return [{
        kind: 'repeat',
        iterations: repeat,
        label: null,
        position,
        children: [
          step('interval', seconds('OnDuration'), target(attr('OnPower'), attr('OnPower'), false), attr('Cadence'), cue),
          step('recovery', seconds('OffDuration'), target(attr('OffPower'), attr('OffPower'), false), attr('CadenceResting'), null),
        ],
      }];
    }
    default:
      return [];
  }
}
