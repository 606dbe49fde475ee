// Exclusive gateway (docs.camunda.io … bpmn/exclusive-gateways): the first outgoing flow whose
// condition is true, else the default flow, else an incident CONDITION_ERROR. A condition that
// is not a boolean is an incident too. Conditions are evaluated on activation, as in Zeebe.
import type { ElementInstance } from '../../state/entities.js';
import { evaluateBoolean } from '../expressions.js';
import type { ElementBehavior } from './behavior.js';

const chosen = new WeakMap<ElementInstance, string>();

export const exclusiveGateway: ElementBehavior = {
  activate(rt, ei, element) {
    const model = ei.process.model;
    let pick: string | undefined;
    if (element.outgoing.length === 1 && !model.flows.get(element.outgoing[0] as string)?.condition) {
      pick = element.outgoing[0];
    } else if (element.outgoing.length > 0) {
      const variables = rt.variables.visible(ei);
      for (const flowId of element.outgoing) {
        if (flowId === element.defaultFlowId) continue;
        const condition = model.flows.get(flowId)?.condition;
        if (!condition) continue;
        const r = evaluateBoolean(condition, variables);
        if (!r.ok) {
          rt.raiseIncident(ei, 'CONDITION_ERROR', r.message, 'activate');
          return;
        }
        if (r.value) {
          pick = flowId;
          break;
        }
      }
      pick ??= element.defaultFlowId;
      if (!pick) {
        rt.raiseIncident(ei, 'CONDITION_ERROR', 'Expected at least one condition to evaluate to true, or to have a default flow', 'activate');
        return;
      }
    }
    if (!rt.markActivated(ei, element)) return;
    if (pick) chosen.set(ei, pick);
    rt.complete(ei);
  },
  outgoing(_rt, ei) {
    const flow = chosen.get(ei);
    return flow ? [flow] : [];
  },
};
