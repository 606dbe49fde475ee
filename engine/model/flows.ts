// Sequence flows: resolving their ends within one scope, linking them to their nodes both ways,
// and the rules every flow node obeys (conditions only at exclusive/inclusive gateways, nothing
// leaves an end event or enters a boundary event or an event subprocess).
import type { Build, Draft, FlowDraft } from './draft.js';
import { expression } from './expressions.js';
import type { Expression } from './types.js';
import { child, idOf, str, textOf } from './xml.js';

export function linkFlows(b: Build): void {
  for (const f of b.flowDrafts) {
    const source = endpoint(b, f, 'sourceRef');
    const target = endpoint(b, f, 'targetRef');
    const conditionText = textOf(child(f.el, 'conditionExpression'));
    let condition: Expression | undefined;
    if (conditionText !== undefined) {
      if (conditionText === '') {
        b.problems.add(f.id, "Attribute 'condition' must be present and not empty");
      } else {
        condition = expression(b.problems, f.id, conditionText, true);
      }
    }
    if (!source || !target) continue;
    const name = str(f.el, 'name');
    b.flows.set(f.id, {
      id: f.id,
      ...(name !== undefined ? { name } : {}),
      sourceId: source.id,
      targetId: target.id,
      ...(condition ? { condition } : {}),
    });
    source.outgoing.push(f.id);
    target.incoming.push(f.id);
  }
}

/** The flow's source or target, which must be a flow node of the flow's own scope. */
function endpoint(b: Build, f: FlowDraft, property: 'sourceRef' | 'targetRef'): Draft | undefined {
  const ref = child(f.el, property);
  if (!ref) {
    const raw = b.unresolved.get(f.el)?.get(`bpmn:${property}`);
    b.problems.add(
      f.id,
      raw !== undefined
        ? `SequenceFlow has ${property} '${raw}' which cannot be resolved`
        : `SequenceFlow is missing required attribute ${property}`,
    );
    return undefined;
  }
  const refId = idOf(ref) ?? '';
  const node = b.elements.get(refId);
  if (!node || node.type === 'PROCESS' || node.el !== ref) {
    b.problems.add(f.id, `SequenceFlow has ${property} '${refId}' which is not a flow node of this process`);
    return undefined;
  }
  if (node.flowScopeId !== f.scopeId) {
    b.problems.add(
      f.id,
      `A sequence flow must connect elements of its own scope '${f.scopeId}', but its ${property} ` +
        `'${refId}' is in '${node.flowScopeId ?? ''}'`,
    );
    return undefined;
  }
  return node;
}

/** Rules on the flows of one node that do not depend on its kind of gateway. */
export function checkConnections(b: Build, d: Draft): void {
  const conditional = d.outgoing.filter((id) => b.flows.get(id)?.condition !== undefined);
  if (conditional.length > 0 && d.type !== 'EXCLUSIVE_GATEWAY' && d.type !== 'INCLUSIVE_GATEWAY') {
    b.problems.add(
      d.id,
      'Conditional sequence flows are only supported at exclusive or inclusive gateway ' +
        `(conditional: ${conditional.map((id) => `'${id}'`).join(', ')})`,
    );
  }
  if (d.type === 'END_EVENT' && d.outgoing.length > 0) {
    b.problems.add(d.id, 'End events must not have outgoing sequence flows to other elements.');
  }
  if (d.type === 'BOUNDARY_EVENT' && d.incoming.length > 0) {
    b.problems.add(d.id, 'Cannot have incoming sequence flows');
  }
  if (d.type === 'EVENT_SUB_PROCESS' && (d.incoming.length > 0 || d.outgoing.length > 0)) {
    b.problems.add(d.id, 'An event subprocess must not have incoming or outgoing sequence flows');
  }
}
