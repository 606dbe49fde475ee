// Timer event definitions: which of timeDuration / timeDate / timeCycle an event may have where it
// is, and whether a static value (or, on a process's timer start event, any value: there is no
// instance to evaluate it in) is a timer Zeebe could schedule.
import { feelSyntaxError } from '../feel/index.js';
import { cronSyntaxError } from './cron.js';
import type { Build } from './draft.js';
import { evaluateWithoutContext, expression, resultType } from './expressions.js';
import { parseIsoDateTime, parseIsoDuration, parseRepeatingInterval } from './time.js';
import type { TimerDefinition } from './types.js';
import { child, textOf, type ModdleElement } from './xml.js';

/**
 * Where a timer is:
 * - `intermediate`: an intermediate catch event (duration or date);
 * - `interrupting`: an interrupting boundary event or event-subprocess start event (no cycle);
 * - `non-interrupting`: a non-interrupting boundary event or event-subprocess start event;
 * - `process-start`: a timer start event of the process. Zeebe's documentation asks for a date or
 *   a cycle; Zeebe also runs a duration (once, that long after the deployment), so it is accepted.
 */
export type TimerPlace = 'intermediate' | 'interrupting' | 'non-interrupting' | 'process-start';

type TimerKind = TimerDefinition['kind'];

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

/** What is wrong with a timer value, or undefined when Zeebe could schedule it. */
export function timerValueProblem(kind: TimerKind, text: string): string | undefined {
  switch (kind) {
    case 'duration':
      return parseIsoDuration(text)
        ? undefined
        : `Invalid timer duration expression ('${text}' is not an ISO 8601 duration, e.g. 'PT5S', 'P1D' or 'P1DT2H30M')`;
    case 'date':
      return parseIsoDateTime(text) !== undefined
        ? undefined
        : `Invalid timer date expression ('${text}' is not an ISO 8601 date-time with an offset, ` +
            "e.g. '2025-01-01T10:00:00Z' or '2025-01-01T10:00:00+08:00')";
    case 'cycle': {
      // Zeebe: a cycle starting with `R` is an ISO 8601 repeating interval, anything else cron.
      if (text.startsWith('R')) {
        return parseRepeatingInterval(text)
          ? undefined
          : `Invalid timer cycle expression ('${text}' is not an ISO 8601 repeating interval, e.g. 'R3/PT10S' or 'R/PT1H')`;
      }
      const cron = cronSyntaxError(text);
      return cron === undefined
        ? undefined
        : `Invalid timer cycle expression ('${text}' is neither an ISO 8601 repeating interval such as 'R/PT1H' ` +
            `nor a cron expression such as '0 0 9 * * MON-FRI': ${cron})`;
    }
  }
}

/** A timer start event of the process: evaluate its expression now, as Zeebe does at deploy time. */
function evaluatedProblem(kind: TimerKind, source: string): string | undefined {
  const result = evaluateWithoutContext({ kind: 'feel', source });
  if (!result.ok) return `Invalid timer ${kind} expression (${result.message})`;
  const value = result.value;
  if (typeof value !== 'string') {
    return `Invalid timer ${kind} expression (Expected result of the expression '${source}' to be a ${kind} ` +
      `but was '${resultType(value)}'; a timer start event has no variables to read)`;
  }
  // A local date-time is read in the engine's zone, as Zeebe reads it in the broker's.
  if (kind === 'date' && LOCAL_DATE_TIME.test(value)) return undefined;
  return timerValueProblem(kind, value);
}

/**
 * The timer of a timer event definition. `cycleProblemOn` is the element Zeebe names when a cycle
 * is not allowed (the event subprocess, for its start event).
 */
export function timerOf(
  b: Build,
  def: ModdleElement,
  ownerId: string,
  place: TimerPlace,
  cycleProblemOn = ownerId,
): TimerDefinition | undefined {
  const present = (
    [
      ['duration', child(def, 'timeDuration')],
      ['date', child(def, 'timeDate')],
      ['cycle', child(def, 'timeCycle')],
    ] as const
  ).filter((entry) => entry[1] !== undefined);
  const only = present[0];
  if (present.length !== 1 || !only) {
    b.problems.add(ownerId, 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle');
    return undefined;
  }
  const [kind, el] = only;
  if (kind === 'cycle' && place === 'intermediate') {
    b.problems.add(ownerId, 'Intermediate timer catch event must have either a time duration or a time date.');
  }
  if (kind === 'cycle' && place === 'interrupting') {
    b.problems.add(cycleProblemOn, 'Interrupting timer event with time cycle is not allowed.');
  }
  const text = textOf(el) ?? '';
  if (text === '') {
    b.problems.add(ownerId, `Invalid timer ${kind} expression (the expression is empty)`);
    return undefined;
  }
  const value = expression(b.problems, ownerId, text);
  const problem =
    value.kind === 'static'
      ? timerValueProblem(kind, text)
      : place === 'process-start' && feelSyntaxError(value.source) === undefined
        ? evaluatedProblem(kind, value.source)
        : undefined;
  if (problem) b.problems.add(ownerId, problem);
  return { kind, expression: value };
}
