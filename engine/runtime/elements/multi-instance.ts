// Multi-instance activities (docs.camunda.io … bpmn/multi-instance): the element is entered as a
// body that creates one inner instance per item of the input collection — all at once
// (parallel) or one after another (sequential). Each inner instance has the item as its
// inputElement variable and its loopCounter; its outputElement goes into the body's output
// collection at loopCounter - 1. After each inner completion the completionCondition may end
// the body early, terminating the rest. This is how staff model 会签 (countersign: everyone
// signs) and 或签 (any-sign: the first "yes" decides).
import type { ElementModel } from '../../model/types.js';
import type { ElementInstance, IncidentErrorType } from '../../state/entities.js';
import { evaluate, evaluateBoolean } from '../expressions.js';
import { resultType } from '../../model/expressions.js';
import type { Runtime } from '../runtime.js';
import type { ElementBehavior } from './behavior.js';

export const multiInstanceBody: ElementBehavior = {
  activate(rt, body, element) {
    const mi = element.multiInstance;
    if (!mi) return;
    const r = evaluate(mi.inputCollection, rt.variables.visible(body));
    if (!r.ok) {
      rt.raiseIncident(body, 'EXTRACT_VALUE_ERROR', r.message, 'activate');
      return;
    }
    if (!Array.isArray(r.value)) {
      const source = mi.inputCollection.kind === 'feel' ? mi.inputCollection.source : mi.inputCollection.value;
      rt.raiseIncident(body, 'EXTRACT_VALUE_ERROR', `Expected result of the expression '${source}' to be 'ARRAY', but was '${resultType(r.value)}'.`, 'activate');
      return;
    }
    if (!rt.markActivated(body, element)) return;
    const items: unknown[] = r.value;
    body.mi = { items, next: 0, completed: 0, terminated: 0, done: false };
    if (mi.outputCollection) rt.variables.setLocal(body, mi.outputCollection, items.map(() => null));
    rt.save(body);
    if (items.length === 0) {
      rt.step(() => rt.complete(body));
      return;
    }
    const count = mi.sequential ? 1 : items.length;
    for (let i = 0; i < count; i++) startNext(rt, body, element);
  },
};

function startNext(rt: Runtime, body: ElementInstance, element: ElementModel): void {
  const progress = body.mi;
  if (!progress || progress.next >= progress.items.length) return;
  const index = progress.next++;
  rt.save(body);
  rt.activate(element, body, undefined, { inner: { item: progress.items[index], loopCounter: index + 1 } });
}

/**
 * An inner instance is completing (its variables still exist): put its outputElement into the
 * output collection and evaluate the completion condition. Returns a failure for an incident.
 */
export function innerCompleting(
  rt: Runtime,
  body: ElementInstance,
  inner: ElementInstance,
  element: ElementModel,
): { errorType: IncidentErrorType; message: string } | undefined {
  const mi = element.multiInstance;
  const progress = body.mi;
  if (!mi || !progress || inner.loopCounter === undefined) return undefined;
  if (mi.outputCollection && mi.outputElement) {
    const r = evaluate(mi.outputElement, rt.variables.visible(inner));
    if (!r.ok) return { errorType: 'EXTRACT_VALUE_ERROR', message: r.message };
    const current = rt.variables.visible(body)[mi.outputCollection];
    const list = Array.isArray(current) ? [...(current as unknown[])] : progress.items.map(() => null);
    list[inner.loopCounter - 1] = r.value;
    rt.variables.setLocal(body, mi.outputCollection, list);
  }
  progress.completed++;
  rt.save(body);
  if (mi.completionCondition && !progress.done) {
    const active = (rt.state.children.get(body.key)?.size ?? 1) - 1;
    const context = {
      ...rt.variables.visible(inner),
      numberOfInstances: progress.items.length,
      numberOfActiveInstances: active,
      numberOfCompletedInstances: progress.completed,
      numberOfTerminatedInstances: progress.terminated,
    };
    const c = evaluateBoolean(mi.completionCondition, context);
    if (!c.ok) {
      progress.completed--;
      return { errorType: 'CONDITION_ERROR', message: c.message };
    }
    if (c.value) progress.done = true;
  }
  return undefined;
}

/** An inner instance completed: start the next (sequential), or end the body when it's done. */
export function innerCompleted(rt: Runtime, body: ElementInstance): void {
  const progress = body.mi;
  if (!progress) return;
  if (progress.done) {
    // The completion condition is met: the remaining inner instances are terminated.
    for (const key of [...(rt.state.children.get(body.key) ?? [])]) {
      const other = rt.state.elements.get(key);
      if (other) rt.terminate(other, { quiet: true });
    }
    rt.step(() => bodyMaybeComplete(rt, body));
    return;
  }
  const element = rt.model(body);
  if (element.multiInstance?.sequential && progress.next < progress.items.length) {
    startNext(rt, body, element);
    return;
  }
  rt.step(() => bodyMaybeComplete(rt, body));
}

export function bodyMaybeComplete(rt: Runtime, body: ElementInstance): void {
  if (body.state !== 'ACTIVATED' || !body.mi) return;
  if ((rt.state.children.get(body.key)?.size ?? 0) > 0) return;
  if (!body.mi.done && body.mi.next < body.mi.items.length) return;
  rt.complete(body);
}
