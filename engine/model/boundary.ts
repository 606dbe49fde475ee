// Boundary events: attaching each to its activity (of the same scope), and Zeebe's rules for the
// boundary events of one activity (ActivityValidator, ReceiveTaskValidator).
import { checkCatchHandlers } from './catch-handlers.js';
import { draftsOf, type Build, type Draft } from './draft.js';
import { writtenText } from './expressions.js';
import type { BpmnElementType } from './types.js';
import { child, idOf } from './xml.js';

export const ACTIVITY_TYPES = new Set<BpmnElementType>([
  'SERVICE_TASK',
  'USER_TASK',
  'RECEIVE_TASK',
  'MANUAL_TASK',
  'TASK',
  'SUB_PROCESS',
  'CALL_ACTIVITY',
  'SCRIPT_TASK',
  'SEND_TASK',
  'BUSINESS_RULE_TASK',
]);

export function attach(b: Build, d: Draft): void {
  const ref = child(d.el, 'attachedToRef');
  const activity = ref ? b.elements.get(idOf(ref) ?? '') : undefined;
  if (!ref || !activity || activity.el !== ref || !ACTIVITY_TYPES.has(activity.type)) {
    b.problems.add(d.id, 'Must be attached to an activity');
    return;
  }
  if (activity.flowScopeId !== d.flowScopeId) {
    b.problems.add(
      d.id,
      `Must be attached to an activity of its own scope '${d.flowScopeId ?? ''}', but '${activity.id}' is in '${activity.flowScopeId ?? ''}'`,
    );
    return;
  }
  if (d.eventType === 'ESCALATION' && activity.type !== 'SUB_PROCESS' && activity.type !== 'CALL_ACTIVITY') {
    b.problems.add(d.id, 'An escalation boundary event should only be attached to a subprocess, or a call activity.');
  }
  d.attachedToId = activity.id;
  activity.boundaryEventIds.push(d.id);
}

export function checkBoundaryEvents(b: Build, d: Draft): void {
  if (d.boundaryEventIds.length === 0) return;
  const boundaries = draftsOf(b, d.boundaryEventIds);
  checkCatchHandlers(b, d.id, boundaries);
  const ownName = writtenText(d.message?.name);
  if (d.type === 'RECEIVE_TASK' && ownName && boundaries.some((e) => writtenText(e.message?.name) === ownName)) {
    b.problems.add(d.id, 'Cannot reference the same message name as a boundary event');
  }
}
