// Which elements a start instruction or a modification may activate directly. Zeebe refuses
// start events, boundary events and the catch events behind an event-based gateway (they only
// make sense when their event happens) — process-instance-modification, "Limitations".
import type { ElementModel, ProcessModel } from './types.js';

/** Why `element` can't be activated directly, or undefined when it can. */
export function unsupportedActivation(model: ProcessModel, element: ElementModel): string | undefined {
  if (element.type === 'START_EVENT' || element.type === 'BOUNDARY_EVENT') {
    return `The activation of elements with type '${element.type}' is not supported.`;
  }
  const behindEventGateway = element.incoming.some((f) => {
    const source = model.elements.get(model.flows.get(f)?.sourceId ?? '');
    return source?.type === 'EVENT_BASED_GATEWAY';
  });
  if (behindEventGateway) return `The activation of events belonging to an event-based gateway is not supported.`;
  return undefined;
}
