// The process and embedded subprocesses: activating one starts its none start event; it
// completes when its last child does (runtime.maybeCompleteScope).
import type { ElementBehavior } from './behavior.js';

export const container: ElementBehavior = {
  activate(rt, ei, element) {
    if (!rt.markActivated(ei, element)) return;
    const start = element.noneStartEventId ? ei.process.model.elements.get(element.noneStartEventId) : undefined;
    if (start) rt.activate(start, ei);
    else rt.step(() => rt.maybeCompleteScope(ei));
  },
};
