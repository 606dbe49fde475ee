// Call activities (docs.camunda.io … bpmn/call-activities): start the latest version of the
// called process as a child instance — with all visible variables, or only the call activity's
// input mappings when propagateAllParentVariables is off — and complete when the child does,
// taking the child's variables back (all of them, or just what the output mappings pick).
// Terminating the call activity terminates the child.
import type { ElementInstance, ProcessInstance } from '../../state/entities.js';
import { evaluateString } from '../expressions.js';
import type { Runtime } from '../runtime.js';
import type { ElementBehavior } from './behavior.js';

export const callActivity: ElementBehavior = {
  activate(rt, ei, element) {
    const called = element.calledElement;
    if (!called) return;
    const id = evaluateString(called.processId, rt.variables.visible(ei));
    if (!id.ok) {
      rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', id.message, 'activate');
      return;
    }
    const process = rt.state.latest(id.value);
    if (!process) {
      rt.raiseIncident(ei, 'CALLED_ELEMENT_ERROR', `Expected process with BPMN process id '${id.value}' to be deployed, but not found.`, 'activate');
      return;
    }
    if (!process.model.elements.get(process.bpmnProcessId)?.noneStartEventId) {
      rt.raiseIncident(
        ei,
        'CALLED_ELEMENT_ERROR',
        `Expected process with BPMN process id '${id.value}' to have a none start event, but not found.`,
        'activate',
      );
      return;
    }
    if (!rt.markActivated(ei, element)) return;
    const variables = called.propagateAllParentVariables ? rt.variables.visible(ei) : localVariables(rt, ei);
    const child = rt.createInstance(process, variables, { parent: { processInstanceKey: ei.processInstanceKey, elementInstanceKey: ei.key } });
    ei.calledInstanceKey = child.key;
    rt.save(ei);
  },
  terminate(rt, ei) {
    if (ei.calledInstanceKey === undefined) return;
    const root = rt.element(ei.calledInstanceKey);
    if (root) rt.terminate(root);
  },
};

/** Only what the call activity's input mappings made (not e.g. a multi-instance's loopCounter). */
function localVariables(rt: Runtime, ei: ElementInstance): Record<string, unknown> {
  const mapped = new Set(rt.model(ei).inputMappings.map((m) => m.target.split('.')[0]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of rt.state.variables.get(ei.key) ?? []) if (mapped.has(k)) out[k] = v;
  return out;
}

/** A child instance ended: its call activity completes (or stays, when it is being terminated). */
export function childInstanceEnded(rt: Runtime, child: ProcessInstance, childRoot: ElementInstance): void {
  const parent = rt.element(child.parentElementInstanceKey);
  if (!parent || parent.state !== 'ACTIVATED' || child.state !== 'COMPLETED') return;
  const element = rt.model(parent);
  const called = element.calledElement;
  const vars: Record<string, unknown> = {};
  for (const [k, v] of rt.state.variables.get(childRoot.key) ?? []) vars[k] = v;
  // Output mappings see every child variable; without them, propagateAllChildVariables decides.
  const propagate = element.outputMappings.length > 0 || called?.propagateAllChildVariables !== false;
  delete parent.calledInstanceKey;
  rt.step(() => rt.trigger(parent, parent.elementId, propagate ? vars : {}, true));
}
