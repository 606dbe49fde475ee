// End events: none (the scope completes when nothing else is left), error (thrown to the nearest
// catch up the scopes; uncaught → incident UNHANDLED_ERROR_EVENT), terminate (ends everything
// else in its scope, which then completes), message (a job, like a send task), signal
// (broadcast) and escalation.
import type { ElementBehavior } from './behavior.js';
import { jobTask } from './job-task.js';
import { throwEscalationEvent, throwSignal } from './throw-event.js';

export const endEvent: ElementBehavior = {
  activate(rt, ei, element) {
    if (element.job) {
      jobTask.activate(rt, ei, element);
      return;
    }
    switch (element.eventType) {
      case 'ERROR': {
        const code = element.error?.errorCode;
        if (code === undefined) break;
        const target = rt.errors.findCatch(ei, code);
        if (!target) {
          rt.raiseIncident(ei, 'UNHANDLED_ERROR_EVENT', rt.errors.unhandledMessage(code, ''), 'activate');
          return;
        }
        if (rt.markActivated(ei, element)) rt.errors.catch(target, {});
        return;
      }
      case 'SIGNAL':
        throwSignal(rt, ei, element);
        return;
      case 'ESCALATION':
        throwEscalationEvent(rt, ei, element);
        return;
      default:
        break;
    }
    if (rt.markActivated(ei, element)) rt.complete(ei);
  },
  terminate(rt, ei) {
    jobTask.terminate?.(rt, ei);
  },
  afterComplete(rt, _ei, element, scope) {
    if (element.eventType !== 'TERMINATE') return;
    // Everything else in the scope ends; tokens waiting at joins are dropped.
    delete scope.joins;
    rt.save(scope);
    for (const key of [...(rt.state.children.get(scope.key) ?? [])]) {
      const other = rt.state.elements.get(key);
      if (other) rt.terminate(other, { quiet: true });
    }
  },
};
