// What an element kind adds to the shared lifecycle in runtime.ts.
import type { ElementModel } from '../../model/types.js';
import type { ElementInstance } from '../../state/entities.js';
import type { Runtime } from '../runtime.js';

export interface ElementBehavior {
  /**
   * After input mappings: evaluate what the element needs (raising an incident on failure, with
   * nothing changed), then `rt.markActivated`, then wait (job, timer, message) or complete.
   */
  activate(rt: Runtime, ei: ElementInstance, element: ElementModel): void;
  /** Sequence flows to take when the element completes; default: every outgoing flow. */
  outgoing?(rt: Runtime, ei: ElementInstance, element: ElementModel): readonly string[];
  /** After COMPLETED and the outgoing flows, before the scope checks whether it is done. */
  afterComplete?(rt: Runtime, ei: ElementInstance, element: ElementModel, scope: ElementInstance): void;
  /** Cleanup when the element is terminated (children are already terminated). */
  terminate?(rt: Runtime, ei: ElementInstance): void;
}
