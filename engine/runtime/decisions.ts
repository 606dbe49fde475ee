// Deployed decisions (DMN) and their evaluation for business rule tasks and EvaluateDecision.
// A decision is looked up by id, latest version; its requirements graph (DRG) is evaluated
// with the task's variables.
import type { ElementInstance, IncidentErrorType, Key } from '../state/entities.js';
import type { Runtime } from './runtime.js';

export interface DeployedDecision {
  readonly key: Key;
  readonly decisionId: string;
  readonly name: string;
  readonly version: number;
  readonly decisionRequirementsKey: Key;
}

export type DecisionOutcome =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly errorType: IncidentErrorType; readonly message: string };

export class Decisions {
  /** decisionId → versions, oldest first. */
  readonly versions = new Map<string, DeployedDecision[]>();

  constructor(private readonly rt: Runtime) {}

  latest(decisionId: string): DeployedDecision | undefined {
    const list = this.versions.get(decisionId);
    return list?.[list.length - 1];
  }

  /** Business rule task: evaluate the latest version of `decisionId` for `ei`. */
  evaluateFor(ei: ElementInstance, decisionId: string, _variables: Record<string, unknown>): DecisionOutcome {
    const decision = this.latest(decisionId);
    if (!decision) {
      return {
        ok: false,
        errorType: 'CALLED_DECISION_ERROR',
        message: `Expected to evaluate decision '${decisionId}' for element '${ei.elementId}', but no decision found for id '${decisionId}'`,
      };
    }
    return { ok: false, errorType: 'DECISION_EVALUATION_ERROR', message: `Decision '${decisionId}' can't be evaluated yet` };
  }
}
