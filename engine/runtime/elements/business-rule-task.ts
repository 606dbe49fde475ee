// Business rule tasks (docs.camunda.io … bpmn/business-rule-tasks): with `zeebe:calledDecision`
// the latest version of the decision is evaluated and its output completes the task in
// resultVariable; a missing decision is an incident CALLED_DECISION_ERROR, a failed evaluation
// DECISION_EVALUATION_ERROR. Job-based business rule tasks are jobs.
import { evaluateString } from '../expressions.js';
import type { ElementBehavior } from './behavior.js';
import { jobTask } from './job-task.js';

export const businessRuleTask: ElementBehavior = {
  activate(rt, ei, element) {
    const called = element.calledDecision;
    if (!called) {
      jobTask.activate(rt, ei, element);
      return;
    }
    const variables = rt.variables.visible(ei);
    const id = evaluateString(called.decisionId, variables);
    if (!id.ok) {
      rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', id.message, 'activate');
      return;
    }
    const result = rt.decisions.evaluateFor(ei, id.value, variables);
    if (!result.ok) {
      rt.raiseIncident(ei, result.errorType, result.message, 'activate');
      return;
    }
    if (!rt.markActivated(ei, element)) return;
    ei.eventVariables = { [called.resultVariable]: result.output };
    rt.save(ei);
    rt.complete(ei);
  },
  terminate(rt, ei) {
    jobTask.terminate?.(rt, ei);
  },
};
