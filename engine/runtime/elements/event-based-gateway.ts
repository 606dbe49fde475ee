// Event-based gateway (docs.camunda.io … bpmn/event-based-gateways): waits on the timer, message
// and signal events its flows lead to; the first one that happens wins, the others are closed,
// and that catch event is entered already triggered.
import type { ElementModel } from '../../model/types.js';
import type { ElementInstance } from '../../state/entities.js';
import type { Runtime } from '../runtime.js';
import type { ElementBehavior } from './behavior.js';

const chosen = new WeakMap<ElementInstance, { flowId: string; variables: Record<string, unknown> }>();

export const eventBasedGateway: ElementBehavior = {
  activate(rt, ei, element) {
    const model = ei.process.model;
    const waits: { event: ElementModel; interrupting: boolean }[] = [];
    for (const flowId of element.outgoing) {
      const target = model.elements.get(model.flows.get(flowId)?.targetId ?? '');
      if (target) waits.push({ event: target, interrupting: true });
    }
    // openWaits raises the incident itself when a wait can't be opened.
    const plans = waits.map((w) => rt.planWait(ei, w.event, true));
    const failed = plans.find((p): p is string => typeof p === 'string');
    if (failed !== undefined) {
      rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', failed, 'activate');
      return;
    }
    if (!rt.markActivated(ei, element)) return;
    for (const p of plans) if (typeof p !== 'string') p();
  },
  outgoing() {
    return [];
  },
  afterComplete(rt, ei, _element, scope) {
    const choice = chosen.get(ei);
    const flow = choice ? ei.process.model.flows.get(choice.flowId) : undefined;
    if (choice && flow) rt.takeFlow(flow, scope, { variables: choice.variables });
  },
};

/** One of the gateway's events happened (runtime.trigger). */
export function eventBasedGatewayChose(rt: Runtime, gateway: ElementInstance, event: ElementModel, variables: Record<string, unknown>): void {
  const element = rt.model(gateway);
  const flowId = element.outgoing.find((f) => gateway.process.model.flows.get(f)?.targetId === event.id);
  if (!flowId) return;
  chosen.set(gateway, { flowId, variables });
  rt.complete(gateway);
}
