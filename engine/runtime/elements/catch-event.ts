// Intermediate catch events (timer, message, signal, link) and receive tasks: open the wait on
// activation, complete when it is triggered (runtime.trigger). A link catch event, and a catch
// event an event-based gateway already chose, complete at once.
import type { ElementBehavior } from './behavior.js';

export const catchEvent: ElementBehavior = {
  activate(rt, ei, element) {
    if (rt.isPretriggered(ei) || !(element.timer || element.message || element.signal)) {
      if (rt.markActivated(ei, element)) rt.complete(ei);
      return;
    }
    const open = rt.planWait(ei, element, true);
    if (typeof open === 'string') {
      rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', open, 'activate');
      return;
    }
    if (!rt.markActivated(ei, element)) return;
    open();
  },
};
