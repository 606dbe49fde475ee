// Script tasks with `zeebe:script` (docs.camunda.io … bpmn/script-tasks): evaluate the FEEL
// expression and complete with its result in resultVariable. Job-based script tasks are jobs.
import { evaluate } from '../expressions.js';
import type { ElementBehavior } from './behavior.js';
import { jobTask } from './job-task.js';

export const scriptTask: ElementBehavior = {
  activate(rt, ei, element) {
    if (!element.script) {
      jobTask.activate(rt, ei, element);
      return;
    }
    const r = evaluate(element.script.expression, rt.variables.visible(ei));
    if (!r.ok) {
      rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', r.message, 'activate');
      return;
    }
    if (!rt.markActivated(ei, element)) return;
    ei.eventVariables = { [element.script.resultVariable]: r.value };
    rt.save(ei);
    rt.complete(ei);
  },
  terminate(rt, ei) {
    jobTask.terminate?.(rt, ei);
  },
};
