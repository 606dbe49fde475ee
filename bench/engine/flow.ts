// The case flow every part of the bench runs: service task → service task → exclusive gateway →
// user task → service task. Once as Zeebe BPMN (our engine, the null gateway's job types), once as
// plain BPMN with service functions for bpmn-engine, so both walk the same five elements.
import { bpmnXml, endEvent, exclusiveGateway, flow, serviceTask, startEvent, userTask } from '../../tests/support/bpmn.js';

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
    case 'io.camunda.zeebe:userTask':
      return { reviewer: 'clerk-7', reviewNote: 'documents complete' };
    default:
      return { notified: true };
  }
}
