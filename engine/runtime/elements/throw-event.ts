// Intermediate throw events and what they throw: nothing (none), a message (job-based, like a
// send task), a signal (broadcast), an escalation (to the nearest catch up the scopes; uncaught
// escalations are only recorded), or a link (jump to the catch event of the same name).
import type { ElementModel } from '../../model/types.js';
import type { ElementInstance } from '../../state/entities.js';
import { evaluateString } from '../expressions.js';
import type { Runtime } from '../runtime.js';
import { TENANT } from '../runtime.js';
import type { ElementBehavior } from './behavior.js';
import { jobTask } from './job-task.js';
import { passThrough } from './pass-through.js';

/** Throws the escalation of `ei`; returns false when an interrupting catch took the element away. */
export function throwEscalation(rt: Runtime, ei: ElementInstance, element: ElementModel): boolean | string {
  const c = element.escalation?.escalationCode;
  if (!c) return true;
  const code = evaluateString(c, rt.variables.visible(ei));
  if (!code.ok) return code.message;
  const target = rt.errors.findCatch(ei, code.value, 'ESCALATION');
  rt.event(
    'ESCALATION',
    target ? 'ESCALATED' : 'NOT_ESCALATED',
    rt.nextKey(),
    { processInstanceKey: ei.processInstanceKey, escalationCode: code.value, throwElementId: ei.elementId, catchElementId: target ? (target.kind === 'boundary' ? target.event.id : target.eventSubProcess.id) : '', tenantId: TENANT },
    ei.processInstanceKey,
  );
  if (!target) return true;
  rt.errors.catch(target, {});
  return rt.element(ei.key) !== undefined && ei.state === 'ACTIVATED';
}

/** Activates a signal throw event: evaluates the name, broadcasts after activation, completes. */
export function throwSignal(rt: Runtime, ei: ElementInstance, element: ElementModel): void {
  const name = element.signal ? evaluateString(element.signal.name, rt.variables.visible(ei)) : undefined;
  if (name && !name.ok) {
    rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', name.message, 'activate');
    return;
  }
  if (!rt.markActivated(ei, element)) return;
  if (name) {
    // The event's local variables (its input mappings) travel with the signal (signal-events page).
    const signalName = name.value;
    const variables = rt.variables.locals(ei);
    rt.step(() => rt.signals.broadcast(signalName, variables));
  }
  rt.complete(ei);
}

/** Activates an escalation throw event: throws, then completes unless a catch interrupted it. */
export function throwEscalationEvent(rt: Runtime, ei: ElementInstance, element: ElementModel): void {
  if (!rt.markActivated(ei, element)) return;
  const r = throwEscalation(rt, ei, element);
  if (typeof r === 'string') {
    rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', r, 'complete');
    return;
  }
  if (r) rt.complete(ei);
}

export const throwEvent: ElementBehavior = {
  activate(rt, ei, element) {
    if (element.job) {
      jobTask.activate(rt, ei, element);
      return;
    }
    switch (element.eventType) {
      case 'SIGNAL':
        throwSignal(rt, ei, element);
        return;
      case 'ESCALATION':
        throwEscalationEvent(rt, ei, element);
        return;
      default:
        passThrough.activate(rt, ei, element);
    }
  },
  terminate(rt, ei) {
    jobTask.terminate?.(rt, ei);
  },
  afterComplete(rt, ei, element, scope) {
    if (element.eventType !== 'LINK' || !element.link) return;
    // The catch event with the same link name in the same scope continues the flow.
    const scopeModel = rt.model(scope);
    for (const id of scopeModel.childIds) {
      const target = ei.process.model.elements.get(id);
      if (target && target.type === 'INTERMEDIATE_CATCH_EVENT' && target.eventType === 'LINK' && target.link?.name === element.link.name) {
        rt.enterLater(target, scope);
        return;
      }
    }
  },
};
