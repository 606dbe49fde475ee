// Deployed decisions (DMN) and forms, and decision evaluation for business rule tasks and
// EvaluateDecision (docs.camunda.io … bpmn/business-rule-tasks, apis-tools/grpc). A decision is
// looked up by id, latest version; its requirements graph (DRG) is evaluated with the given
// variables, and every evaluation is recorded as DECISION_EVALUATION EVALUATED or FAILED.
import { evaluateDecision } from '../dmn/index.js';
import type { DecisionRequirementsModel, DecisionResult } from '../dmn/index.js';
import type { FormModel } from '../forms/parse.js';
import type { ElementInstance, IncidentErrorType, Key } from '../state/entities.js';
import type { Runtime } from './runtime.js';
import { TENANT } from './runtime.js';

export interface DeployedDrg {
  readonly key: Key;
  readonly drgId: string;
  readonly name: string;
  readonly version: number;
  readonly resourceName: string;
  readonly checksum: string;
  readonly resource: string;
  readonly deploymentKey: Key;
  readonly deployedAt: number;
  readonly model: DecisionRequirementsModel;
  readonly decisions: DeployedDecision[];
}

export interface DeployedDecision {
  readonly key: Key;
  readonly decisionId: string;
  readonly name: string;
  readonly version: number;
  readonly drg: DeployedDrg;
}

export interface DeployedForm {
  readonly key: Key;
  readonly formId: string;
  readonly version: number;
  readonly resourceName: string;
  readonly checksum: string;
  readonly resource: string;
  readonly deploymentKey: Key;
  readonly deployedAt: number;
  readonly model: FormModel;
}

export type DecisionOutcome =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly errorType: IncidentErrorType; readonly message: string };

export interface Evaluation {
  readonly decision: DeployedDecision;
  readonly result: DecisionResult;
  /** EvaluatedDecision messages as the gateway sends them. */
  readonly evaluatedDecisions: Record<string, unknown>[];
}

function latestOf<T>(map: Map<string, T[]>, id: string): T | undefined {
  const list = map.get(id);
  return list?.[list.length - 1];
}

export class Decisions {
  readonly drgs = new Map<Key, DeployedDrg>();
  readonly drgVersions = new Map<string, DeployedDrg[]>();
  readonly decisions = new Map<Key, DeployedDecision>();
  /** decisionId → versions, oldest first. */
  readonly versions = new Map<string, DeployedDecision[]>();
  readonly forms = new Map<Key, DeployedForm>();
  readonly formVersions = new Map<string, DeployedForm[]>();

  constructor(private readonly rt: Runtime) {}

  latest(decisionId: string): DeployedDecision | undefined {
    return latestOf(this.versions, decisionId);
  }

  latestDrg(drgId: string): DeployedDrg | undefined {
    return latestOf(this.drgVersions, drgId);
  }

  latestForm(formId: string): DeployedForm | undefined {
    return latestOf(this.formVersions, formId);
  }

  addDrg(drg: DeployedDrg): void {
    this.drgs.set(drg.key, drg);
    this.drgVersions.set(drg.drgId, [...(this.drgVersions.get(drg.drgId) ?? []), drg].sort((a, b) => a.version - b.version));
    for (const d of drg.decisions) {
      this.decisions.set(d.key, d);
      this.versions.set(d.decisionId, [...(this.versions.get(d.decisionId) ?? []), d].sort((a, b) => a.version - b.version));
    }
  }

  removeDrg(drg: DeployedDrg): void {
    this.drgs.delete(drg.key);
    const left = (this.drgVersions.get(drg.drgId) ?? []).filter((x) => x.key !== drg.key);
    if (left.length > 0) this.drgVersions.set(drg.drgId, left);
    else this.drgVersions.delete(drg.drgId);
    for (const d of drg.decisions) {
      this.decisions.delete(d.key);
      const versions = (this.versions.get(d.decisionId) ?? []).filter((x) => x.key !== d.key);
      if (versions.length > 0) this.versions.set(d.decisionId, versions);
      else this.versions.delete(d.decisionId);
    }
  }

  addForm(form: DeployedForm): void {
    this.forms.set(form.key, form);
    this.formVersions.set(form.formId, [...(this.formVersions.get(form.formId) ?? []), form].sort((a, b) => a.version - b.version));
  }

  /** Evaluates `decision` and writes the DECISION_EVALUATION record (with the element, if any). */
  evaluate(decision: DeployedDecision, variables: Record<string, unknown>, ei?: ElementInstance): Evaluation {
    const result = evaluateDecision(decision.drg.model, decision.decisionId, variables as Parameters<typeof evaluateDecision>[2]);
    const evaluatedDecisions = result.evaluatedDecisions.map((e) => {
      const deployed = decision.drg.decisions.find((d) => d.decisionId === e.decisionId);
      return {
        decisionKey: String(deployed?.key ?? -1),
        decisionId: e.decisionId,
        decisionName: e.decisionName,
        decisionVersion: deployed?.version ?? decision.version,
        decisionType: e.decisionType,
        decisionOutput: JSON.stringify(e.decisionOutput ?? null),
        matchedRules: e.matchedRules.map((m) => ({
          ruleId: m.ruleId,
          ruleIndex: m.ruleIndex,
          evaluatedOutputs: m.evaluatedOutputs.map((o) => ({ outputId: o.outputId, outputName: o.outputName, outputValue: JSON.stringify(o.outputValue ?? null) })),
        })),
        evaluatedInputs: e.evaluatedInputs.map((i) => ({ inputId: i.inputId, inputName: i.inputName, inputValue: JSON.stringify(i.inputValue ?? null) })),
        tenantId: TENANT,
      };
    });
    this.rt.event(
      'DECISION_EVALUATION',
      result.failure ? 'FAILED' : 'EVALUATED',
      this.rt.nextKey(),
      {
        decisionKey: decision.key,
        decisionId: decision.decisionId,
        decisionName: decision.name,
        decisionVersion: decision.version,
        decisionRequirementsId: decision.drg.drgId,
        decisionRequirementsKey: decision.drg.key,
        decisionOutput: JSON.stringify(result.output ?? null),
        variables,
        evaluatedDecisions,
        evaluationFailureMessage: result.failure?.failureMessage ?? '',
        failedDecisionId: result.failure?.failedDecisionId ?? '',
        bpmnProcessId: ei?.process.bpmnProcessId ?? '',
        processDefinitionKey: ei?.process.key ?? -1,
        processInstanceKey: ei?.processInstanceKey ?? -1,
        elementId: ei?.elementId ?? '',
        elementInstanceKey: ei?.key ?? -1,
        tenantId: TENANT,
      },
      ei?.processInstanceKey ?? null,
    );
    return { decision, result, evaluatedDecisions };
  }

  /** Business rule task: evaluate the latest version of `decisionId` for `ei`. */
  evaluateFor(ei: ElementInstance, decisionId: string, variables: Record<string, unknown>): DecisionOutcome {
    const decision = this.latest(decisionId);
    if (!decision) {
      return {
        ok: false,
        errorType: 'CALLED_DECISION_ERROR',
        message: `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`,
      };
    }
    const { result } = this.evaluate(decision, variables, ei);
    if (result.failure) return { ok: false, errorType: 'DECISION_EVALUATION_ERROR', message: result.failure.failureMessage };
    return { ok: true, output: result.output };
  }
}
