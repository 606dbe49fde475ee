// Tasks and call activities: what each kind reads from its zeebe extension elements. Service and
// send tasks are job-based; script and business rule tasks are job-based or evaluated by the
// engine (`zeebe:script`, `zeebe:calledDecision`); user tasks are jobs of a fixed type (8.3/8.4).
import type { Build, Draft, Mutable } from './draft.js';
import { csvExpression, dateTimeExpression, expression, nonBlank } from './expressions.js';
import { messageOf } from './event-definitions.js';
import type { UserTaskDefinition } from './types.js';
import { bool, extensions, str, type ModdleElement } from './xml.js';
import { headers, jobOf, mappings, requiredJob, single } from './zeebe-extensions.js';

/** The job type of a (job-based, Zeebe ≤ 8.4) user task. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
/** Zeebe gives user task jobs one retry. */
const USER_TASK_JOB_RETRIES = '1';

export function serviceTask(b: Build, d: Draft): void {
  d.job = requiredJob(b, d);
  mappings(b, d, true);
}

export function sendTask(b: Build, d: Draft): void {
  d.job = requiredJob(b, d);
  mappings(b, d, true);
}

export function receiveTask(b: Build, d: Draft): void {
  d.message = messageOf(b, d.el, d.id, 'subscription');
  mappings(b, d, true);
}

/** A non-empty string attribute of a zeebe extension element, or a problem naming the attribute. */
function requiredAttribute(b: Build, d: Draft, el: ModdleElement, attribute: string): string | undefined {
  const value = str(el, attribute);
  if (value === undefined || value === '') {
    b.problems.add(d.id, `Attribute '${attribute}' must be present and not empty`);
    return undefined;
  }
  return value;
}

/**
 * Script and business rule tasks: either one engine-side definition (`zeebe:script` /
 * `zeebe:calledDecision`) or one `zeebe:taskDefinition`, not both and not neither.
 */
function oneOf(b: Build, d: Draft, type: string, name: string): { own?: ModdleElement; job?: ModdleElement } {
  const own = extensions(d.el, type);
  const jobs = extensions(d.el, 'zeebe:TaskDefinition');
  if (!((own.length === 1 && jobs.length === 0) || (own.length === 0 && jobs.length === 1))) {
    b.problems.add(d.id, `Must have either one 'zeebe:${name}' or one 'zeebe:taskDefinition' extension element`);
  }
  const [first] = own;
  const [job] = jobs;
  if (first) return { own: first };
  return job ? { job } : {};
}

export function scriptTask(b: Build, d: Draft): void {
  const { own: script, job } = oneOf(b, d, 'zeebe:Script', 'script');
  if (script) {
    const source = requiredAttribute(b, d, script, 'expression');
    const resultVariable = requiredAttribute(b, d, script, 'resultVariable');
    if (source !== undefined && resultVariable !== undefined) {
      d.script = { expression: expression(b.problems, d.id, source, true), resultVariable };
    } else if (source !== undefined) {
      expression(b.problems, d.id, source, true);
    }
  } else if (job) {
    d.job = jobOf(b, d, job);
  }
  mappings(b, d, true);
}

export function businessRuleTask(b: Build, d: Draft): void {
  const { own: decision, job } = oneOf(b, d, 'zeebe:CalledDecision', 'calledDecision');
  if (decision) {
    const decisionId = requiredAttribute(b, d, decision, 'decisionId');
    const resultVariable = requiredAttribute(b, d, decision, 'resultVariable');
    if (decisionId !== undefined && resultVariable !== undefined) {
      d.calledDecision = { decisionId: expression(b.problems, d.id, decisionId), resultVariable };
    } else if (decisionId !== undefined) {
      expression(b.problems, d.id, decisionId);
    }
  } else if (job) {
    d.job = jobOf(b, d, job);
  }
  mappings(b, d, true);
}

export function callActivity(b: Build, d: Draft): void {
  const called = extensions(d.el, 'zeebe:CalledElement');
  const [definition] = called;
  if (called.length !== 1 || !definition) {
    b.problems.add(d.id, "Must have exactly one 'zeebe:calledElement' extension element");
  }
  if (definition) {
    const processId = requiredAttribute(b, d, definition, 'processId');
    if (processId !== undefined) {
      d.calledElement = {
        processId: expression(b.problems, d.id, processId),
        propagateAllChildVariables: bool(definition, 'propagateAllChildVariables') ?? true,
        propagateAllParentVariables: bool(definition, 'propagateAllParentVariables') ?? true,
      };
    }
  }
  mappings(b, d, true);
}

export function userTask(b: Build, d: Draft): void {
  if (extensions(d.el, 'zeebe:UserTask').length > 0) {
    b.problems.add(
      d.id,
      'Zeebe user tasks (the zeebe:userTask extension element, Camunda 8.5) are not supported yet by this engine; ' +
        'without it the user task is a job-based user task',
    );
  }
  const userTask: Mutable<UserTaskDefinition> = {};

  const assignment = single(b, d, 'zeebe:AssignmentDefinition', 'assignmentDefinition');
  if (assignment) {
    const assignee = nonBlank(str(assignment, 'assignee'));
    if (assignee !== undefined) userTask.assignee = expression(b.problems, d.id, assignee);
    const groups = nonBlank(str(assignment, 'candidateGroups'));
    if (groups !== undefined) userTask.candidateGroups = csvExpression(b.problems, d.id, groups);
    const users = nonBlank(str(assignment, 'candidateUsers'));
    if (users !== undefined) userTask.candidateUsers = csvExpression(b.problems, d.id, users);
  }

  const schedule = single(b, d, 'zeebe:TaskSchedule', 'taskSchedule');
  if (schedule) {
    const dueDate = nonBlank(str(schedule, 'dueDate'));
    if (dueDate !== undefined) userTask.dueDate = dateTimeExpression(b.problems, d.id, dueDate);
    const followUpDate = nonBlank(str(schedule, 'followUpDate'));
    if (followUpDate !== undefined) userTask.followUpDate = dateTimeExpression(b.problems, d.id, followUpDate);
  }

  const form = single(b, d, 'zeebe:FormDefinition', 'formDefinition');
  if (form) {
    const formKey = nonBlank(str(form, 'formKey'));
    if (nonBlank(str(form, 'formId')) !== undefined) {
      b.problems.add(
        d.id,
        'Linked forms (zeebe:formDefinition formId) are not supported yet by this engine; use a formKey or an embedded form',
      );
    } else if (formKey === undefined) {
      b.problems.add(d.id, "Exactly one of the attributes 'formId, formKey' must be present and not blank");
    } else {
      userTask.formKey = formKey;
    }
  }

  d.userTask = userTask;
  d.job = {
    type: { kind: 'static', value: USER_TASK_JOB_TYPE },
    retries: { kind: 'static', value: USER_TASK_JOB_RETRIES },
    headers: headers(b, d),
  };
  mappings(b, d, true);
}
