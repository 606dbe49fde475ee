// The process, embedded subprocesses and event subprocesses: activating one starts its start
// event — the none start event, the event subprocess's own start event, or the elements of start
// instructions — and it completes when its last child does (runtime.maybeCompleteScope).
import type { ElementModel } from '../../model/types.js';
import type { ElementInstance } from '../../state/entities.js';
import type { Runtime } from '../runtime.js';
import type { ElementBehavior } from './behavior.js';

/** The child of `container` on the way down to `target` (the target itself when it is a direct child). */
export function childOnPathTo(rt: Runtime, container: ElementInstance, target: ElementModel): ElementModel | undefined {
  const model = container.process.model;
  let e: ElementModel | undefined = target;
  while (e && e.flowScopeId !== container.elementId) e = e.flowScopeId ? model.elements.get(e.flowScopeId) : undefined;
  return e;
}

export const container: ElementBehavior = {
  activate(rt, ei, element) {
    if (!rt.markActivated(ei, element)) return;
    const model = ei.process.model;
    const instructions = rt.startInstructions.get(ei);
    if (instructions && instructions.length > 0) {
      // Start instructions: activate each target (as often as it is named), creating one instance
      // of each subprocess on the way for the targets nested in it.
      const nested = new Map<string, string[]>();
      for (const id of instructions) {
        const target = model.elements.get(id);
        const child = target ? childOnPathTo(rt, ei, target) : undefined;
        if (!target || !child) continue;
        if (child.id === id) {
          rt.activate(child, ei, element.type === 'PROCESS' ? undefined : ei.eventVariables);
          continue;
        }
        const list = nested.get(child.id) ?? [];
        list.push(id);
        nested.set(child.id, list);
      }
      for (const [childId, targets] of nested) {
        const child = model.elements.get(childId);
        if (!child) continue;
        const scope = rt.activate(child, ei);
        rt.startInstructions.set(scope, targets);
      }
      return;
    }
    const startId = element.type === 'EVENT_SUB_PROCESS' ? element.startEventId : element.noneStartEventId;
    const start = startId ? model.elements.get(startId) : undefined;
    if (start) {
      // An event subprocess's start event carries the variables of the event that triggered it.
      const vars = element.type === 'EVENT_SUB_PROCESS' ? ei.eventVariables : undefined;
      if (element.type === 'EVENT_SUB_PROCESS' && ei.eventVariables) {
        delete ei.eventVariables;
        rt.save(ei);
      }
      rt.activate(start, ei, vars);
    } else rt.step(() => rt.maybeCompleteScope(ei));
  },
};
