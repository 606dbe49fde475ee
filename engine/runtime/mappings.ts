// zeebe:ioMapping. Inputs create local variables of the element; outputs are evaluated in the
// element's scope and their results propagate from the flow scope up. Without output mappings,
// the variables a job completion or an event brought propagate from the element itself (so a
// local variable made by an input mapping is updated in place) — Zeebe's variable-mappings page.
import type { ElementModel } from '../model/types.js';
import type { ElementInstance } from '../state/entities.js';
import { evaluate } from './expressions.js';
import type { Runtime } from './runtime.js';

/** Writes `value` at a dotted path inside `base` (a copy), creating objects on the way. */
export function setPath(base: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const obj: Record<string, unknown> = base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  obj[head] = setPath(obj[head], rest, value);
  return obj;
}

/** Returns an error message, or undefined when all inputs were applied. */
export function applyInputMappings(rt: Runtime, ei: ElementInstance, element: ElementModel): string | undefined {
  // From the element itself: before its mappings run it has no variables of its own, except an
  // inner multi-instance's inputElement and loopCounter, which its mappings may use.
  const context = rt.variables.visible(ei);
  const locals: Record<string, unknown> = {};
  for (const m of element.inputMappings) {
    const r = evaluate(m.source, { ...context, ...locals });
    if (!r.ok) return r.message;
    const [root, ...rest] = m.target.split('.') as [string, ...string[]];
    locals[root] = setPath(locals[root], rest, r.value);
  }
  for (const [name, value] of Object.entries(locals)) rt.variables.setLocal(ei, name, value);
  return undefined;
}

/** Returns an error message, or undefined when outputs (or event variables) were applied. */
export function applyOutputMappings(rt: Runtime, ei: ElementInstance, element: ElementModel): string | undefined {
  if (ei.type === 'MULTI_INSTANCE_BODY') {
    // The element's mappings ran on each inner instance; the body hands on its output collection.
    const name = element.multiInstance?.outputCollection;
    const scope = rt.flowScope(ei);
    if (name && scope && rt.variables.hasLocal(ei, name)) rt.variables.merge(scope, { [name]: rt.variables.visible(ei)[name] });
    return undefined;
  }
  const eventVariables = ei.eventVariables;
  if (element.outputMappings.length === 0) {
    if (eventVariables && Object.keys(eventVariables).length > 0) {
      // Error variables belong to the catching event and leave it only through its output
      // mappings (error-events page, "Variable mappings"); every other trigger propagates.
      if (element.eventType === 'ERROR' && element.type === 'BOUNDARY_EVENT') {
        for (const [name, value] of Object.entries(eventVariables)) rt.variables.setLocal(ei, name, value);
      } else rt.variables.merge(ei, eventVariables);
    }
    delete ei.eventVariables;
    return undefined;
  }
  if (eventVariables) {
    for (const [name, value] of Object.entries(eventVariables)) rt.variables.setLocal(ei, name, value);
    delete ei.eventVariables;
    rt.save(ei);
  }
  const context = rt.variables.visible(ei);
  const result: Record<string, unknown> = {};
  for (const m of element.outputMappings) {
    const r = evaluate(m.source, context);
    if (!r.ok) return r.message;
    const [root, ...rest] = m.target.split('.') as [string, ...string[]];
    // A nested target updates the variable it lives in rather than replacing it.
    const current = root in result ? result[root] : rest.length > 0 ? context[root] : undefined;
    result[root] = setPath(current, rest, r.value);
  }
  // An inner multi-instance keeps its outputs to itself (its outputElement reads them).
  const scope = rt.isInner(ei) ? ei : rt.flowScope(ei);
  rt.variables.merge(scope ?? ei, result);
  return undefined;
}
