// Events by position: which event definitions a start, end, intermediate throw, intermediate
// catch or boundary event may have (Zeebe's coverage for 8.3–8.5), and what each one reads.
import type { Build, Draft } from './draft.js';
import {
  caughtError,
  caughtEscalation,
  checkThrownMessage,
  linkOf,
  messageOf,
  signalOf,
  thrownError,
  thrownEscalation,
} from './event-definitions.js';
import { timerOf } from './timers.js';
import type { BpmnEventType } from './types.js';
import { bool, type ModdleElement } from './xml.js';
import { mappings, requiredJob } from './zeebe-extensions.js';

const EVENT_TYPES: Readonly<Record<string, BpmnEventType>> = {
  'bpmn:TimerEventDefinition': 'TIMER',
  'bpmn:MessageEventDefinition': 'MESSAGE',
  'bpmn:ErrorEventDefinition': 'ERROR',
  'bpmn:TerminateEventDefinition': 'TERMINATE',
  'bpmn:SignalEventDefinition': 'SIGNAL',
  'bpmn:EscalationEventDefinition': 'ESCALATION',
  'bpmn:LinkEventDefinition': 'LINK',
  'bpmn:CompensateEventDefinition': 'COMPENSATION',
};

export function eventTypeOf(def: ModdleElement): BpmnEventType {
  return EVENT_TYPES[def.$type] ?? 'UNSPECIFIED';
}

const CONDITIONAL =
  "Conditional events ('bpmn:ConditionalEventDefinition') are not supported by Zeebe 8.3–8.5 " +
  '(see https://docs.camunda.io/docs/components/modeler/bpmn/bpmn-coverage/)';

const EVENT_SUBPROCESS_START = 'Start events in event subprocesses must be one of: message, timer, error, signal or escalation';

/** Compensation events (Zeebe 8.5) are the only executable events this engine does not run yet. */
function compensationNotYet(type: string, def: ModdleElement): string {
  return `Compensation events (a '${type}' with a '${def.$type}', Zeebe 8.5) are not supported yet by this engine`;
}

/**
 * A start event. Of a process: none, message, timer or signal. Of an event subprocess: message,
 * timer, error, signal or escalation, interrupting or not (problems with the kind of start event
 * are reported on the event subprocess, as Zeebe does). Of an embedded subprocess: none (checked
 * with the subprocess's other start events).
 */
export function startEvent(b: Build, d: Draft, defs: readonly ModdleElement[], scope: Draft): void {
  d.eventType = 'NONE';
  if (defs.length > 1) b.problems.add(d.id, "Start event can't have more than one type");
  const def = defs[0];
  if (scope.type === 'EVENT_SUB_PROCESS') {
    d.interrupting = bool(d.el, 'isInterrupting') ?? true;
    if (!def) b.problems.add(scope.id, EVENT_SUBPROCESS_START);
  }
  if (def) {
    d.eventType = eventTypeOf(def);
    if (scope.type === 'PROCESS') processStart(b, d, def);
    else if (scope.type === 'EVENT_SUB_PROCESS') eventSubProcessStart(b, d, def, scope);
  }
  mappings(b, d, false);
}

function processStart(b: Build, d: Draft, def: ModdleElement): void {
  switch (d.eventType) {
    case 'MESSAGE':
      d.message = messageOf(b, def, d.id, 'process-start');
      break;
    case 'TIMER':
      d.timer = timerOf(b, def, d.id, 'process-start');
      break;
    case 'SIGNAL':
      d.signal = signalOf(b, def, d.id, true);
      break;
    default:
      b.problems.add(
        d.id,
        def.$type === 'bpmn:ConditionalEventDefinition'
          ? CONDITIONAL
          : `Start events of a process must be one of: none, message, timer or signal (found '${def.$type}'); ` +
              'error and escalation start events belong in event subprocesses',
      );
  }
}

function eventSubProcessStart(b: Build, d: Draft, def: ModdleElement, scope: Draft): void {
  const interrupting = d.interrupting ?? true;
  switch (d.eventType) {
    case 'MESSAGE':
      d.message = messageOf(b, def, d.id, 'subscription');
      break;
    case 'TIMER':
      d.timer = timerOf(b, def, d.id, interrupting ? 'interrupting' : 'non-interrupting', scope.id);
      break;
    case 'ERROR':
      if (!interrupting) b.problems.add(scope.id, 'Non-Interrupting event of this type is not allowed');
      d.error = caughtError(b, def, d.id);
      break;
    case 'SIGNAL':
      d.signal = signalOf(b, def, d.id, false);
      break;
    case 'ESCALATION':
      d.escalation = caughtEscalation(b, def, d.id);
      break;
    case 'COMPENSATION':
      b.problems.add(d.id, compensationNotYet('bpmn:StartEvent', def));
      break;
    default:
      b.problems.add(scope.id, EVENT_SUBPROCESS_START);
  }
}

/** An end event: none, error, escalation, signal, message (job-based), terminate. */
export function endEvent(b: Build, d: Draft, defs: readonly ModdleElement[]): void {
  d.eventType = 'NONE';
  if (defs.length > 1) b.problems.add(d.id, 'Must have at most one event definition');
  const def = defs[0];
  let inputs = false;
  if (def) {
    d.eventType = eventTypeOf(def);
    switch (d.eventType) {
      case 'ERROR':
        d.error = thrownError(b, def, d.id);
        break;
      case 'ESCALATION':
        d.escalation = thrownEscalation(b, def, d.id);
        break;
      case 'SIGNAL':
        d.signal = signalOf(b, def, d.id, false);
        inputs = true;
        break;
      case 'MESSAGE':
        d.job = requiredJob(b, d);
        checkThrownMessage(b, def, d.id);
        inputs = true;
        break;
      case 'TERMINATE':
        break;
      case 'COMPENSATION':
        b.problems.add(d.id, compensationNotYet('bpmn:EndEvent', def));
        break;
      default:
        d.eventType = 'UNSPECIFIED';
        b.problems.add(d.id, 'End events must be one of: none, error, message, terminate, signal, escalation or compensation');
    }
  }
  // Zeebe applies input mappings at the end events that pass variables on: message (to the job) and signal.
  mappings(b, d, inputs);
}

/** An intermediate throw event: none, message (job-based), signal, escalation, link. */
export function throwEvent(b: Build, d: Draft, defs: readonly ModdleElement[]): void {
  d.eventType = 'NONE';
  if (defs.length > 1) b.problems.add(d.id, 'Must have at most one event definition');
  const def = defs[0];
  let inputs = false;
  if (def) {
    d.eventType = eventTypeOf(def);
    switch (d.eventType) {
      case 'MESSAGE':
        d.job = requiredJob(b, d);
        checkThrownMessage(b, def, d.id);
        inputs = true;
        break;
      case 'SIGNAL':
        d.signal = signalOf(b, def, d.id, false);
        inputs = true;
        break;
      case 'ESCALATION':
        d.escalation = thrownEscalation(b, def, d.id);
        break;
      case 'LINK': {
        const link = linkOf(b, def, d.id);
        if (link) d.link = link;
        break;
      }
      case 'COMPENSATION':
        b.problems.add(d.id, compensationNotYet('bpmn:IntermediateThrowEvent', def));
        break;
      default:
        d.eventType = 'UNSPECIFIED';
        b.problems.add(
          d.id,
          'Intermediate throw events must be one of: none, message, signal, escalation, link or compensation',
        );
    }
  }
  mappings(b, d, inputs);
}

/** An intermediate catch event: message, timer (duration or date), signal, link. */
export function catchEvent(b: Build, d: Draft, defs: readonly ModdleElement[]): void {
  const def = defs[0];
  if (defs.length !== 1 || !def) {
    b.problems.add(d.id, 'Must have exactly one event definition');
  } else {
    d.eventType = eventTypeOf(def);
    switch (d.eventType) {
      case 'MESSAGE':
        d.message = messageOf(b, def, d.id, 'subscription');
        break;
      case 'TIMER':
        d.timer = timerOf(b, def, d.id, 'intermediate');
        break;
      case 'SIGNAL':
        d.signal = signalOf(b, def, d.id, false);
        break;
      case 'LINK': {
        const link = linkOf(b, def, d.id);
        if (link) d.link = link;
        break;
      }
      default:
        d.eventType = 'UNSPECIFIED';
        b.problems.add(
          d.id,
          def.$type === 'bpmn:ConditionalEventDefinition'
            ? CONDITIONAL
            : 'Event definition must be one of: message, timer, signal, link, or conditional',
        );
    }
  }
  mappings(b, d, false);
}

/** A boundary event: timer, message, error (interrupting only), signal, escalation. */
export function boundaryEvent(b: Build, d: Draft, defs: readonly ModdleElement[]): void {
  const interrupting = bool(d.el, 'cancelActivity') ?? true;
  d.cancelActivity = interrupting;
  const def = defs[0];
  if (defs.length !== 1 || !def) {
    b.problems.add(d.id, 'Must have exactly one event definition');
  } else {
    d.eventType = eventTypeOf(def);
    switch (d.eventType) {
      case 'TIMER':
        d.timer = timerOf(b, def, d.id, interrupting ? 'interrupting' : 'non-interrupting');
        break;
      case 'MESSAGE':
        d.message = messageOf(b, def, d.id, 'subscription');
        break;
      case 'ERROR':
        if (!interrupting) b.problems.add(d.id, 'Non-Interrupting event of this type is not allowed');
        d.error = caughtError(b, def, d.id);
        break;
      case 'SIGNAL':
        d.signal = signalOf(b, def, d.id, false);
        break;
      case 'ESCALATION':
        // Where it may be attached is checked with the activity (boundary.ts).
        d.escalation = caughtEscalation(b, def, d.id);
        break;
      case 'COMPENSATION':
        b.problems.add(d.id, compensationNotYet('bpmn:BoundaryEvent', def));
        break;
      default:
        d.eventType = 'UNSPECIFIED';
        b.problems.add(d.id, 'Boundary events must be one of: timer, message, error, signal, escalation');
    }
  }
  mappings(b, d, false);
}
