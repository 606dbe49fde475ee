// Intermediate catch events (timer, message) and receive tasks: open the wait on activation,
// complete when it is triggered (timers.ts, messages.ts). The wait itself is closed on
// completion or termination by runtime.closeWaits.
import type { ElementBehavior } from './behavior.js';

export const catchEvent: ElementBehavior = {
  activate(rt, ei, element) {
    let open: (() => void) | string | undefined;
    if (element.timer) open = rt.planTimer(ei, element);
    else if (element.message) open = rt.planSubscription(ei, element, true);
    if (typeof open === 'string') {
      rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', open, 'activate');
      return;
    }
    if (!rt.markActivated(ei, element)) return;
    if (open) open();
    else rt.complete(ei); // a catch event with no definition behaves like a none event
  },
};
