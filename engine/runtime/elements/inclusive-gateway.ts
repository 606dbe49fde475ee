// Inclusive gateway, diverging (docs.camunda.io … bpmn/inclusive-gateways): every outgoing flow
// whose condition is true is taken; none true → the default flow; no default → incident
// CONDITION_ERROR. A flow without a condition is always taken.
import type { ElementInstance } from '../../state/entities.js';
import { evaluateBoolean } from '../expressions.js';
import type { ElementBehavior } from './behavior.js';

const chosen = new WeakMap<ElementInstance, readonly string[]>();

export const inclusiveGateway: ElementBehavior = {
  activate(rt, ei, element) {
    const model = ei.process.model;
    const picks: string[] = [];
    if (element.outgoing.length > 0) {
      const variables = rt.variables.visible(ei);
      for (const flowId of element.outgoing) {
        if (flowId === element.defaultFlowId) continue;
        const condition = model.flows.get(flowId)?.condition;
        if (!condition) {
          picks.push(flowId);
          continue;
        }
        const r = evaluateBoolean(condition, variables);
        if (!r.ok) {
          rt.raiseIncident(ei, 'CONDITION_ERROR', r.message, 'activate');
          return;
        }
        if (r.value) picks.push(flowId);
      }
      if (picks.length === 0) {
        if (!element.defaultFlowId) {
          rt.raiseIncident(ei, 'CONDITION_ERROR', 'Expected at least one condition to evaluate to true, or to have a default flow', 'activate');
          return;
        }
        picks.push(element.defaultFlowId);
      }
    }
    if (!rt.markActivated(ei, element)) return;
    chosen.set(ei, picks);
    rt.complete(ei);
  },
  outgoing(_rt, ei) {
    return chosen.get(ei) ?? [];
  },
};
