// BPMN errors (docs.camunda.io … bpmn/error-events): a thrown error code is caught by the
// nearest error boundary event, looking at the throwing element first and then scope by scope
// upwards; a boundary with the same code wins over a catch-all in the same place. Catching
// always interrupts: the scope the boundary is attached to is terminated, then the boundary
// event is activated with the error's variables.
import type { ElementModel } from '../model/types.js';
import type { ElementInstance } from '../state/entities.js';
import type { Runtime } from './runtime.js';

export interface ErrorCatch {
  /** The element instance the catching boundary event is attached to. */
  readonly attachedTo: ElementInstance;
  readonly boundary: ElementModel;
}

export class Errors {
  constructor(private readonly rt: Runtime) {}

  findCatch(source: ElementInstance, errorCode: string): ErrorCatch | undefined {
    for (let s: ElementInstance | undefined = source; s; s = this.rt.flowScope(s)) {
      const element = this.rt.model(s);
      let catchAll: ElementModel | undefined;
      for (const id of element.boundaryEventIds) {
        const b = s.process.model.elements.get(id);
        if (!b || b.eventType !== 'ERROR') continue;
        const code = b.error?.errorCode;
        if (code === errorCode) return { attachedTo: s, boundary: b };
        if (code === undefined) catchAll ??= b;
      }
      if (catchAll) return { attachedTo: s, boundary: catchAll };
    }
    return undefined;
  }

  interrupt(target: ErrorCatch, variables: Record<string, unknown>): void {
    target.attachedTo.interruptedBy = { elementId: target.boundary.id, variables };
    this.rt.save(target.attachedTo);
    this.rt.terminate(target.attachedTo);
  }

  unhandledMessage(errorCode: string, errorMessage: string): string {
    return (
      `Expected to throw an error event with the code '${errorCode}' with message '${errorMessage}', ` +
      `but it was not caught. No error events are available in the scope.`
    );
  }
}
