// The case flow every part of the bench runs: service task → service task → exclusive gateway →
// user task → service task. Once as Zeebe BPMN (our engine, the null gateway's job types), once as
// plain BPMN with service functions for bpmn-engine, so both walk the same five elements.
// `--flow coverage` runs a second flow on the engine only (see COVERAGE_* below).
import { bpmnXml, callActivity, endEvent, exclusiveGateway, flow, serviceTask, startEvent, timerBoundary, userTask } from '../../tests/support/bpmn.js';

export const PROCESS_ID = 'bench-case';

/** The jobs one instance creates, in order; the last one's completion ends the instance. */
export const JOB_TYPES = ['bench-intake', 'bench-check', 'io.camunda.zeebe:userTask', 'bench-notify'] as const;
export type JobType = (typeof JOB_TYPES)[number];
export const FINAL_JOB_TYPE: JobType = 'bench-notify';

export function zeebeFlowXml(): string {
  return bpmnXml(PROCESS_ID, {
    nodes: [
      startEvent('start'),
      serviceTask('intake', 'bench-intake'),
      serviceTask('check', 'bench-check'),
      exclusiveGateway('approved', { default: 'approved-to-rejected' }),
      userTask('review', { candidateGroups: 'hall-clerks' }),
      serviceTask('notify', 'bench-notify'),
      endEvent('done'),
      endEvent('rejected'),
    ],
    flows: [
      flow('start', 'intake'),
      flow('intake', 'check'),
      flow('check', 'approved'),
      flow('approved', 'review', { condition: '=approved' }),
      flow('approved', 'rejected', { id: 'approved-to-rejected' }),
      flow('review', 'notify'),
      flow('notify', 'done'),
    ],
  });
}

// The coverage flow: start → service task → call activity (a child process with one service task)
// → parallel multi-instance user task over `=approvers` (a countersign of 3) with an interrupting
// PT1H timer boundary (never fires in a bench run, but every instance's timer is created and
// cancelled) → service task → end. Per instance: 2 process instances, 6 jobs, 1 timer.
export const COVERAGE_PROCESS_ID = 'bench-coverage';
export const COVERAGE_CHILD_PROCESS_ID = 'bench-coverage-child';
export const COVERAGE_JOB_TYPES = ['bench-intake', 'bench-child', 'io.camunda.zeebe:userTask', 'bench-notify'] as const;
export const COVERAGE_APPROVERS = ['approver-1', 'approver-2', 'approver-3'] as const;

export function coverageChildXml(): string {
  return bpmnXml(COVERAGE_CHILD_PROCESS_ID, {
    nodes: [startEvent('start'), serviceTask('child-task', 'bench-child'), endEvent('done')],
    flows: [flow('start', 'child-task'), flow('child-task', 'done')],
  });
}

export function coverageFlowXml(): string {
  return bpmnXml(COVERAGE_PROCESS_ID, {
    nodes: [
      startEvent('start'),
      serviceTask('intake', 'bench-intake'),
      callActivity('sub', COVERAGE_CHILD_PROCESS_ID),
      userTask('countersign', { candidateGroups: 'hall-clerks', multiInstance: { inputCollection: '=approvers', inputElement: 'approver' } }),
      timerBoundary('countersign-timeout', 'countersign', { duration: 'PT1H' }),
      serviceTask('notify', 'bench-notify'),
      endEvent('done'),
      endEvent('timed-out'),
    ],
    flows: [
      flow('start', 'intake'),
      flow('intake', 'sub'),
      flow('sub', 'countersign'),
      flow('countersign', 'notify'),
      flow('countersign-timeout', 'timed-out'),
      flow('notify', 'done'),
    ],
  });
}

export type FlowName = 'case' | 'coverage';

/** What the load processes and the bench need to know about a flow. */
export interface FlowSpec {
  readonly name: FlowName;
  readonly processId: string;
  /** Deployed in this order (called processes first). */
  readonly resources: () => { readonly name: string; readonly xml: string }[];
  readonly jobTypes: readonly string[];
  /** The last job's completion ends the instance. */
  readonly finalJobType: string;
  /** Process instances one created instance makes (child processes included). */
  readonly processInstancesPerInstance: number;
  readonly variables: (i: number) => CaseVariables & { approvers?: string[] };
  readonly description: string;
}

export const FLOWS: Record<FlowName, FlowSpec> = {
  case: {
    name: 'case',
    processId: PROCESS_ID,
    resources: () => [{ name: `${PROCESS_ID}.bpmn`, xml: zeebeFlowXml() }],
    jobTypes: JOB_TYPES,
    finalJobType: FINAL_JOB_TYPE,
    processInstancesPerInstance: 1,
    variables: (i) => caseVariables(i),
    description: 'start → service task → service task → exclusive gateway → user task (job) → service task → end (4 jobs per instance)',
  },
  coverage: {
    name: 'coverage',
    processId: COVERAGE_PROCESS_ID,
    resources: () => [
      { name: `${COVERAGE_CHILD_PROCESS_ID}.bpmn`, xml: coverageChildXml() },
      { name: `${COVERAGE_PROCESS_ID}.bpmn`, xml: coverageFlowXml() },
    ],
    jobTypes: COVERAGE_JOB_TYPES,
    finalJobType: 'bench-notify',
    processInstancesPerInstance: 2,
    variables: (i) => ({ ...caseVariables(i), approvers: [...COVERAGE_APPROVERS] }),
    description:
      'start → service task → call activity (child: 1 service task) → parallel multi-instance user task ×3 over =approvers with an interrupting PT1H timer boundary → service task → end (6 jobs, 2 process instances, 1 timer created and cancelled per instance)',
  },
};

export const isFlowName = (s: string): s is FlowName => s === 'case' || s === 'coverage';

/** The same flow for bpmn-engine: service tasks call `environment.services.<id>`. */
export function baselineFlowXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${PROCESS_ID}" targetNamespace="http://bpmn.io/schema/bpmn">
<process id="${PROCESS_ID}" isExecutable="true">
<startEvent id="start"/>
<serviceTask id="intake" implementation="\${environment.services.intake}"/>
<serviceTask id="check" implementation="\${environment.services.check}"/>
<exclusiveGateway id="approved" default="approved-to-rejected"/>
<userTask id="review"/>
<serviceTask id="notify" implementation="\${environment.services.notify}"/>
<endEvent id="done"/>
<endEvent id="rejected"/>
<sequenceFlow id="start-to-intake" sourceRef="start" targetRef="intake"/>
<sequenceFlow id="intake-to-check" sourceRef="intake" targetRef="check"/>
<sequenceFlow id="check-to-approved" sourceRef="check" targetRef="approved"/>
<sequenceFlow id="approved-to-review" sourceRef="approved" targetRef="review"><conditionExpression xsi:type="tFormalExpression">\${environment.variables.approved}</conditionExpression></sequenceFlow>
<sequenceFlow id="approved-to-rejected" sourceRef="approved" targetRef="rejected"/>
<sequenceFlow id="review-to-notify" sourceRef="review" targetRef="notify"/>
<sequenceFlow id="notify-to-done" sourceRef="notify" targetRef="done"/>
</process>
</definitions>`;
}

/** A case as the service hall files it: small, but not empty. */
export type CaseVariables = {
  caseId: string;
  applicant: { name: string; idType: string; district: string };
  items: string[];
  receivedAt: string;
};

export function caseVariables(i: number): CaseVariables {
  return {
    caseId: `C-${String(i).padStart(7, '0')}`,
    applicant: { name: 'Wang Fang', idType: 'resident-card', district: 'east' },
    items: ['business-licence', 'tax-registration'],
    receivedAt: '2024-05-06T09:30:00+08:00',
  };
}

/** What each worker answers with; `bench-check` decides the gateway. */
export function completionVariables(type: string): Record<string, unknown> {
  switch (type) {
    case 'bench-intake':
      return { intakeChecked: true };
    case 'bench-check':
      return { approved: true, checkedBy: 'rules-v1' };
    case 'bench-child':
      return { childChecked: true };
    case 'io.camunda.zeebe:userTask':
      return { reviewer: 'clerk-7', reviewNote: 'documents complete' };
    default:
      return { notified: true };
  }
}
