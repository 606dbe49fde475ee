// Service tasks and user tasks: a job that a worker activates and completes. A user task is a
// job of type `io.camunda.zeebe:userTask` whose custom headers carry its assignment, schedule
// and form (Zeebe ≤ 8.4 job-based user tasks; zeebe-protocol.md §5).
import type { ElementModel } from '../../model/types.js';
import type { ElementInstance } from '../../state/entities.js';
import { evaluateNumber, evaluateString, evaluateStringList, type Evaluated } from '../expressions.js';
import type { Runtime } from '../runtime.js';
import type { ElementBehavior } from './behavior.js';

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

interface JobPlan {
  readonly type: string;
  readonly retries: number;
  readonly headers: Readonly<Record<string, string>>;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function plan(rt: Runtime, ei: ElementInstance, element: ElementModel): Evaluated<JobPlan> {
  const variables = rt.variables.visible(ei);
  const headers: Record<string, string> = { ...(element.job?.headers ?? {}) };
  let type = USER_TASK_JOB_TYPE;
  let retries = 1;
  if (element.type !== 'USER_TASK') {
    if (!element.job) return { ok: false, message: `Expected element '${element.id}' to have a job type, but it has none` };
    const t = evaluateString(element.job.type, variables);
    if (!t.ok) return t;
    if (t.value.trim() === '') return { ok: false, message: `Expected the job type of element '${element.id}' to be a non-empty string` };
    type = t.value;
    const r = evaluateNumber(element.job.retries, variables);
    if (!r.ok) return r;
    retries = Math.trunc(r.value);
    // The model's headers are immutable: every job of the element shares them (memory per waiting case).
    return { ok: true, value: { type, retries, headers: element.job.headers ?? NO_HEADERS } };
  } else {
    const u = element.userTask;
    if (element.job) {
      const r = evaluateNumber(element.job.retries, variables);
      if (r.ok) retries = Math.trunc(r.value);
    }
    if (u?.assignee) {
      const a = evaluateString(u.assignee, variables);
      if (!a.ok) return a;
      if (a.value !== '') headers['io.camunda.zeebe:assignee'] = a.value;
    }
    if (u?.candidateGroups) {
      const g = evaluateStringList(u.candidateGroups, variables);
      if (!g.ok) return g;
      headers['io.camunda.zeebe:candidateGroups'] = JSON.stringify(g.value);
    }
    if (u?.candidateUsers) {
      const c = evaluateStringList(u.candidateUsers, variables);
      if (!c.ok) return c;
      headers['io.camunda.zeebe:candidateUsers'] = JSON.stringify(c.value);
    }
    if (u?.dueDate) {
      const d = evaluateString(u.dueDate, variables);
      if (!d.ok) return d;
      headers['io.camunda.zeebe:dueDate'] = d.value;
    }
    if (u?.followUpDate) {
      const f = evaluateString(u.followUpDate, variables);
      if (!f.ok) return f;
      headers['io.camunda.zeebe:followUpDate'] = f.value;
    }
    if (u?.formKey) headers['io.camunda.zeebe:formKey'] = u.formKey;
  }
  return { ok: true, value: { type, retries, headers } };
}

export const jobTask: ElementBehavior = {
  activate(rt, ei, element) {
    const p = plan(rt, ei, element);
    if (!p.ok) {
      rt.raiseIncident(ei, 'EXTRACT_VALUE_ERROR', p.message, 'activate');
      return;
    }
    if (!rt.markActivated(ei, element)) return;
    rt.jobs.create(ei, p.value.type, p.value.retries, p.value.headers);
  },
  terminate(rt, ei) {
    rt.jobs.cancelFor(ei);
  },
};
