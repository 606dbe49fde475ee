// End events. A none end event just completes (its scope completes when nothing else is left).
// An error end event throws its error code to the nearest catching boundary event up the
// scopes (errors.ts); with none, an incident UNHANDLED_ERROR_EVENT holds the end event.
import type { ElementBehavior } from './behavior.js';

export const endEvent: ElementBehavior = {
  activate(rt, ei, element) {
    const code = element.eventType === 'ERROR' ? element.error?.errorCode : undefined;
    if (code !== undefined) {
      const target = rt.errors.findCatch(ei, code);
      if (!target) {
        rt.raiseIncident(ei, 'UNHANDLED_ERROR_EVENT', rt.errors.unhandledMessage(code, ''), 'activate');
        return;
      }
      if (rt.markActivated(ei, element)) rt.errors.interrupt(target, {});
      return;
    }
    if (rt.markActivated(ei, element)) rt.complete(ei);
  },
};
