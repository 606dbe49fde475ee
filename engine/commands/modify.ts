// ModifyProcessInstance (docs.camunda.io … concepts/process-instance-modification): activate
// elements (creating the scopes around them when needed, with variables) and terminate element
// instances. Everything is validated before anything changes; activations come before
// terminations, so moving a token doesn't end the instance in between. A scope left with
// nothing active after a termination is terminated too, up to the process instance.
import type { ElementModel } from '../model/types.js';
import { unsupportedActivation } from '../model/activation-targets.js';
import type { ElementInstance, Key } from '../state/entities.js';
import { Rejection } from '../runtime/rejection.js';
import type { Runtime } from '../runtime/runtime.js';
import { CONTAINERS, TENANT } from '../runtime/runtime.js';

export interface ActivateInstruction {
  readonly elementId: string;
  /** -1 (or 0): find the flow scope's instance; otherwise create the element inside this ancestor. */
  readonly ancestorElementInstanceKey: Key;
  readonly variableInstructions: readonly { readonly variables: Record<string, unknown>; readonly scopeId: string }[];
}

const INTENT = 'MODIFY';

/** The element ids from the process down to (not including) `element`: its scopes, outermost first. */
function scopePath(model: Map<string, ElementModel> | ReadonlyMap<string, ElementModel>, element: ElementModel): ElementModel[] {
  const path: ElementModel[] = [];
  for (let id = element.flowScopeId; id; ) {
    const scope = model.get(id);
    if (!scope) break;
    path.unshift(scope);
    id = scope.flowScopeId;
  }
  return path;
}

/**
 * The ACTIVATED instances of `elementId` in the process instance: below `within` when given, else
 * anywhere in it. Walks the instance's own tree (a folded instance unfolds on the first lookup),
 * in activation order.
 */
function activeInstancesOf(rt: Runtime, processInstanceKey: Key, elementId: string, within?: ElementInstance): ElementInstance[] {
  const out: ElementInstance[] = [];
  const root = within ?? rt.element(processInstanceKey);
  if (!root) return out;
  const pending: ElementInstance[] = within ? [] : [root];
  const addChildren = (scope: ElementInstance): void => {
    for (const k of rt.state.children.get(scope.key) ?? []) {
      const child = rt.state.elements.get(k);
      if (child) pending.push(child);
    }
  };
  if (within) addChildren(within);
  for (let i = 0; i < pending.length; i++) {
    const ei = pending[i] as ElementInstance;
    if (ei.elementId === elementId && ei.state === 'ACTIVATED') out.push(ei);
    addChildren(ei);
  }
  return out.sort((a, b) => a.key - b.key);
}

export function modifyInstance(
  rt: Runtime,
  processInstanceKey: Key,
  activates: readonly ActivateInstruction[],
  terminates: readonly Key[],
): Promise<void> {
  return rt.execute(
    () => {
      const pi = rt.state.processInstances.get(processInstanceKey);
      const root = rt.element(processInstanceKey);
      if (!pi || !root) {
        throw new Rejection('NOT_FOUND', INTENT, `Expected to modify process instance but no process instance found with key '${processInstanceKey}'`);
      }
      const model = pi.process.model.elements;
      const problems: string[] = [];
      const plans: { element: ElementModel; path: ElementModel[]; ancestor: ElementInstance; instruction: ActivateInstruction }[] = [];
      for (const a of activates) {
        const element = model.get(a.elementId);
        if (!element || element.type === 'PROCESS') {
          problems.push(`the element with id '${a.elementId}' could not be found in process '${pi.process.bpmnProcessId}'`);
          continue;
        }
        const unsupported = unsupportedActivation(pi.process.model, element);
        if (unsupported) {
          problems.push(`the activate instruction for element '${a.elementId}' is unsupported: ${unsupported}`);
          continue;
        }
        const path = scopePath(model, element);
        if ([element, ...path].some((e) => e.multiInstance !== undefined && e !== element)) {
          problems.push(`the element with id '${a.elementId}' is inside a multi-instance element; such elements can't be activated directly`);
          continue;
        }
        let ancestor: ElementInstance = root;
        if (a.ancestorElementInstanceKey > 0) {
          const given = rt.element(a.ancestorElementInstanceKey);
          if (!given || given.processInstanceKey !== processInstanceKey || !path.some((p) => p.id === given.elementId)) {
            problems.push(
              `the ancestor element instance '${a.ancestorElementInstanceKey}' for element '${a.elementId}' is not an active instance of one of the element's scopes`,
            );
            continue;
          }
          ancestor = given;
        } else {
          // Each scope below the root must be unambiguous (at most one active instance).
          for (const scope of path.slice(1)) {
            const found = activeInstancesOf(rt, processInstanceKey, scope.id, ancestor);
            if (found.length > 1) {
              problems.push(`the flow scope '${scope.id}' of element '${a.elementId}' has several active instances; give its key as ancestorElementInstanceKey`);
              break;
            }
            if (found.length === 0) break;
            ancestor = found[0] as ElementInstance;
          }
        }
        for (const v of a.variableInstructions) {
          if (v.scopeId !== '' && v.scopeId !== a.elementId && !path.some((p) => p.id === v.scopeId)) {
            problems.push(`the variable instruction for element '${a.elementId}' names scope '${v.scopeId}', which is neither the element nor one of its scopes`);
          }
        }
        plans.push({ element, path, ancestor, instruction: a });
      }
      const terminated: ElementInstance[] = [];
      for (const key of terminates) {
        const ei = rt.element(key);
        if (!ei || ei.processInstanceKey !== processInstanceKey || ei.type === 'PROCESS') {
          problems.push(`the element instance with key '${key}' could not be found in process instance '${processInstanceKey}'`);
          continue;
        }
        terminated.push(ei);
      }
      if (problems.length > 0) {
        throw new Rejection(
          'INVALID_ARGUMENT',
          INTENT,
          `Expected to modify instance of process '${pi.process.bpmnProcessId}' but it contains one or more invalid instructions: ${problems.join('; ')}`,
        );
      }

      for (const plan of plans) activateWithin(rt, plan.element, plan.path, plan.ancestor, plan.instruction);
      for (const ei of terminated) {
        if (!rt.element(ei.key)) continue;
        const scope = rt.flowScope(ei);
        rt.terminate(ei, { quiet: true });
        terminateEmptyScopes(rt, scope);
      }
      rt.event(
        'PROCESS_INSTANCE_MODIFICATION',
        'MODIFIED',
        processInstanceKey,
        {
          processInstanceKey,
          activateInstructions: activates.map((a) => ({ elementId: a.elementId, ancestorScopeKey: a.ancestorElementInstanceKey })),
          terminateInstructions: terminates.map((k) => ({ elementInstanceKey: k })),
          tenantId: TENANT,
        },
        processInstanceKey,
      );
    },
    { command: { valueType: 'PROCESS_INSTANCE_MODIFICATION', key: processInstanceKey, processInstanceKey } },
  );
}

/** Activates `element` below `ancestor`, creating the scopes in between (they start right at it). */
function activateWithin(rt: Runtime, element: ElementModel, path: ElementModel[], ancestor: ElementInstance, a: ActivateInstruction): void {
  const globals = a.variableInstructions.filter((v) => v.scopeId === '');
  const root = rt.element(ancestor.processInstanceKey);
  if (root) for (const v of globals) for (const [name, value] of Object.entries(v.variables)) rt.variables.setLocal(root, name, value);
  const setFor = (ei: ElementInstance): void => {
    for (const v of a.variableInstructions) {
      if (v.scopeId !== ei.elementId) continue;
      for (const [name, value] of Object.entries(v.variables)) rt.variables.setLocal(ei, name, value);
    }
  };
  for (const existing of path) {
    const match = rt.state.elements.get(ancestor.key);
    if (match && existing.id === match.elementId) setFor(match);
  }
  // The first scope on the path below the ancestor that has no instance yet is created with a
  // start instruction for the element; the container behaviour creates the rest of the way.
  const below = path.slice(path.findIndex((p) => p.id === ancestor.elementId) + 1);
  let scope = ancestor;
  for (const s of below) {
    const found = activeInstancesOf(rt, ancestor.processInstanceKey, s.id, scope);
    if (found.length === 1) {
      scope = found[0] as ElementInstance;
      setFor(scope);
      continue;
    }
    const created = rt.activate(s, scope);
    setFor(created);
    rt.startInstructions.set(created, [element.id]);
    return;
  }
  const ei = rt.activate(element, scope);
  setFor(ei);
}

/** After a termination: a scope with nothing left active is terminated too, up to the root. */
function terminateEmptyScopes(rt: Runtime, scope: ElementInstance | undefined): void {
  for (let s = scope; s && CONTAINERS.has(s.type); ) {
    if (s.state !== 'ACTIVATED' || (rt.state.children.get(s.key)?.size ?? 0) > 0) return;
    const up = rt.flowScope(s);
    rt.terminate(s, { quiet: true });
    s = up;
  }
}
