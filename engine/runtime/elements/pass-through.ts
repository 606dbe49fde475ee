// Elements with nothing to wait for: start events, none throw events, manual and undefined
// tasks, parallel gateways (the join is counted in runtime.takeFlow), and boundary events
// (activated by their trigger, they only carry its variables onwards).
import type { ElementBehavior } from './behavior.js';

export const passThrough: ElementBehavior = {
  activate(rt, ei, element) {
    if (rt.markActivated(ei, element)) rt.complete(ei);
  },
};
