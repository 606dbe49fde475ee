// Errors and escalations travel the same way (docs.camunda.io … bpmn/error-events,
// bpmn/escalation-events): from the throwing element upwards, scope by scope — at each level the
// event subprocesses inside the scope first, then the boundary events attached to it — and from
// a called process on to its call activity. A catch with the same code wins over a catch-all
// at the same place. Errors always interrupt; escalations may not.
import type { ElementModel } from '../model/types.js';
import type { ElementInstance } from '../state/entities.js';
import type { Runtime } from './runtime.js';
import { CONTAINERS } from './runtime.js';

export type CatchTarget =
  | { readonly kind: 'boundary'; readonly attachedTo: ElementInstance; readonly event: ElementModel; readonly interrupting: boolean }
  | { readonly kind: 'eventSubProcess'; readonly scope: ElementInstance; readonly eventSubProcess: ElementModel; readonly interrupting: boolean };

type Kind = 'ERROR' | 'ESCALATION';

function codeOf(event: ElementModel, kind: Kind): string | undefined {
  if (kind === 'ERROR') return event.error?.errorCode;
  const c = event.escalation?.escalationCode;
  return c === undefined ? undefined : c.kind === 'static' ? c.value : c.source;
}

/** The catch for `code` among `events`: one with the same code, else a catch-all. */
function pick(events: readonly ElementModel[], kind: Kind, code: string): ElementModel | undefined {
  let catchAll: ElementModel | undefined;
  for (const e of events) {
    if (e.eventType !== kind) continue;
    const c = codeOf(e, kind);
    if (c === code) return e;
    if (c === undefined) catchAll ??= e;
  }
  return catchAll;
}

export class Errors {
  constructor(private readonly rt: Runtime) {}

  /** The next level up: the flow scope, or from a called process's root to its call activity. */
  private up(s: ElementInstance): ElementInstance | undefined {
    const scope = this.rt.flowScope(s);
    if (scope) return scope;
    const pi = this.rt.state.processInstances.get(s.processInstanceKey);
    return pi && pi.parentElementInstanceKey !== -1 ? this.rt.element(pi.parentElementInstanceKey) : undefined;
  }

  findCatch(source: ElementInstance, errorCode: string, kind: Kind = 'ERROR'): CatchTarget | undefined {
    for (let s: ElementInstance | undefined = source; s; s = this.up(s)) {
      const model = s.process.model;
      const element = this.rt.model(s);
      if (CONTAINERS.has(s.type) && s.type !== 'MULTI_INSTANCE_BODY' && element.eventSubProcessIds) {
        const starts = element.eventSubProcessIds
          .map((id) => this.rt.eventSubProcessStart(model, id))
          .filter((e): e is ElementModel => e !== undefined);
        const start = pick(starts, kind, errorCode);
        const esp = start?.flowScopeId ? model.elements.get(start.flowScopeId) : undefined;
        if (start && esp) return { kind: 'eventSubProcess', scope: s, eventSubProcess: esp, interrupting: start.interrupting !== false };
      }
      // A multi-instance activity's boundary events belong to its body, the next level up.
      if (element.boundaryEventIds.length > 0 && !this.rt.isInner(s)) {
        const boundaries = element.boundaryEventIds.map((id) => model.elements.get(id)).filter((e): e is ElementModel => e !== undefined);
        const b = pick(boundaries, kind, errorCode);
        if (b) return { kind: 'boundary', attachedTo: s, event: b, interrupting: b.cancelActivity !== false };
      }
    }
    return undefined;
  }

  /** Activates the catch: interrupting ones terminate what they interrupt first. */
  catch(target: CatchTarget, variables: Record<string, unknown>): void {
    if (target.kind === 'eventSubProcess') {
      this.rt.triggerEventSubProcess(target.scope, target.eventSubProcess, variables, target.interrupting);
      return;
    }
    if (target.interrupting) {
      target.attachedTo.interruptedBy = { elementId: target.event.id, variables };
      this.rt.save(target.attachedTo);
      this.rt.terminate(target.attachedTo);
      return;
    }
    const scope = this.rt.flowScope(target.attachedTo);
    if (scope) this.rt.activate(target.event, scope, variables);
  }

  /** Kept for the error end event and ThrowError: an error always interrupts. */
  interrupt(target: CatchTarget, variables: Record<string, unknown>): void {
    this.catch(target, variables);
  }

  unhandledMessage(errorCode: string, errorMessage: string): string {
    return (
      `Expected to throw an error event with the code '${errorCode}' with message '${errorMessage}', ` +
      `but it was not caught. No error events are available in the scope.`
    );
  }
}
