// Gateway rules: default flows and conditions of exclusive and inclusive gateways, the diverging-
// only inclusive gateway of Zeebe 8.3–8.5, and what may follow an event-based gateway.
import { draftsOf, type Build, type Draft } from './draft.js';
import { duplicates } from './problems.js';
import { writtenText } from './expressions.js';
import { child, idOf } from './xml.js';

export function checkGateway(b: Build, d: Draft): void {
  switch (d.type) {
    case 'EXCLUSIVE_GATEWAY':
      defaultFlow(b, d);
      conditions(b, d, 'Must have a condition or be default flow');
      break;
    case 'INCLUSIVE_GATEWAY':
      // Zeebe 8.3–8.5 run the diverging inclusive gateway only; joining came with 8.6.
      if (d.incoming.length > 1) b.problems.add(d.id, 'Currently the inclusive gateway can only have one incoming sequence flow');
      defaultFlow(b, d);
      conditions(b, d, 'Must have a condition');
      break;
    case 'EVENT_BASED_GATEWAY':
      eventBased(b, d);
      break;
    default:
      break;
  }
}

function defaultFlow(b: Build, d: Draft): void {
  const flow = child(d.el, 'default');
  if (flow) {
    const id = idOf(flow) ?? '';
    if (d.outgoing.includes(id)) d.defaultFlowId = id;
    else b.problems.add(d.id, 'Default flow must start at gateway');
    return;
  }
  const raw = b.unresolved.get(d.el)?.get('bpmn:default');
  if (raw !== undefined) b.problems.add(d.id, `Default flow '${raw}' cannot be resolved`);
}

/** With more than one outgoing flow, every flow but the default one needs a condition. */
function conditions(b: Build, d: Draft, message: string): void {
  if (d.outgoing.length < 2) return;
  for (const flowId of d.outgoing) {
    if (flowId !== d.defaultFlowId && b.flows.get(flowId)?.condition === undefined) b.problems.add(flowId, message);
  }
}

function eventBased(b: Build, d: Draft): void {
  if (d.outgoing.length < 2) b.problems.add(d.id, 'Event-based gateway must have at least 2 outgoing sequence flows.');
  const targets = draftsOf(
    b,
    d.outgoing.map((id) => b.flows.get(id)?.targetId ?? ''),
  );
  const valid = targets.every(
    (t) =>
      t.type === 'INTERMEDIATE_CATCH_EVENT' &&
      (t.eventType === 'MESSAGE' || t.eventType === 'TIMER' || t.eventType === 'SIGNAL'),
  );
  if (!valid) {
    b.problems.add(
      d.id,
      'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events.',
    );
  }
  const messageNames = targets.map((t) => writtenText(t.message?.name)).filter((n) => n !== undefined);
  for (const name of duplicates(messageNames)) {
    b.problems.add(d.id, `Multiple message event definitions with the same name '${name}' are not allowed.`);
  }
  const signalNames = targets.map((t) => writtenText(t.signal?.name)).filter((n) => n !== undefined);
  for (const name of duplicates(signalNames)) {
    b.problems.add(d.id, `Multiple signal event definitions with the same name '${name}' are not allowed.`);
  }
  const onlyFromGateway = targets.every((t) => t.incoming.every((flowId) => b.flows.get(flowId)?.sourceId === d.id));
  if (!onlyFromGateway) {
    b.problems.add(
      d.id,
      'Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway.',
    );
  }
}
