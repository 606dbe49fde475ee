// engine/model: BPMN XML → executable model, and the deploy-time validation Zeebe does.
// Expected messages follow Zeebe's validators (zeebe/bpmn-model …/validation/zeebe/*Validator.java and
// zeebe/engine …/deployment/model/validation/*); element support follows
// https://docs.camunda.io/docs/8.3/components/modeler/bpmn/bpmn-coverage/.
import { describe, expect, it } from 'vitest';
import { resourceChecksum } from '../../engine/model/checksum.js';
import { parseBpmn, USER_TASK_JOB_TYPE } from '../../engine/model/parse.js';
import { parseIsoDateTime, parseIsoDuration, parseRepeatingInterval } from '../../engine/model/time.js';
import { ModelValidationError } from '../../engine/model/types.js';
import { fixtureText } from '../support/fixtures.js';
import { doc, el, problemsOf } from '../support/model.js';

describe('parseBpmn: the county hall case flow', async () => {
  const xml = await fixtureText('bpmn/county-hall-case.bpmn');
  const models = await parseBpmn(xml, 'county-hall-case.bpmn');
  const [model] = models;
  if (!model) throw new Error('no model');

  it('returns one model per executable process and ignores the non-executable one', () => {
    expect(models.map((m) => m.bpmnProcessId)).toEqual(['county-hall-case']);
    expect(model.name).toBe('County hall case');
    expect(model.elements.has('submit-materials')).toBe(false);
  });

  it('lists the process itself, its direct children and its none start event', () => {
    expect(el(model, 'county-hall-case')).toEqual({
      id: 'county-hall-case',
      name: 'County hall case',
      type: 'PROCESS',
      eventType: 'UNSPECIFIED',
      flowScopeId: undefined,
      incoming: [],
      outgoing: [],
      noneStartEventId: 'case-received',
      childIds: [
        'case-received',
        'await-materials',
        'remind-applicant',
        'materials-timeout',
        'send-reminder',
        'case-expired',
        'check-materials',
        'materials-invalid',
        'case-rejected',
        'materials-complete',
        'request-supplement',
        'review',
        'applicant-withdrew',
        'review-failed',
        'case-withdrawn',
        'case-refused',
        'issue-split',
        'issue-licence',
        'notify-applicant',
        'issue-join',
        'cooling-off',
        'licence-issued',
        'archive-paper-file',
        'note',
        'case-done',
      ],
      boundaryEventIds: [],
      inputMappings: [],
      outputMappings: [],
    });
  });

  it('keeps data objects and annotations out of the element table', () => {
    expect(model.elements.has('DataObjectReference_file')).toBe(false);
    expect(model.elements.has('DataObject_file')).toBe(false);
    expect(model.elements.has('TextAnnotation_note')).toBe(false);
    // 25 top-level nodes + the process + 6 in the subprocess
    expect(model.elements.size).toBe(32);
    expect(model.flows.size).toBe(xml.match(/<bpmn:sequenceFlow /g)?.length);
  });

  it('parses the none start event with its output mapping', () => {
    expect(el(model, 'case-received')).toEqual({
      id: 'case-received',
      name: 'Case received',
      type: 'START_EVENT',
      eventType: 'NONE',
      flowScopeId: 'county-hall-case',
      incoming: [],
      outgoing: ['Flow_toAwait'],
      childIds: [],
      boundaryEventIds: [],
      inputMappings: [],
      outputMappings: [{ source: { kind: 'feel', source: '"RECEIVED"' }, target: 'caseStatus' }],
    });
  });

  it('parses the receive task: message, correlation key, boundary events, flows in document order', () => {
    const receive = el(model, 'await-materials');
    expect(receive.type).toBe('RECEIVE_TASK');
    expect(receive.eventType).toBe('UNSPECIFIED');
    expect(receive.message).toEqual({
      name: { kind: 'static', value: 'materials-submitted' },
      correlationKey: { kind: 'feel', source: 'caseId' },
    });
    expect(receive.boundaryEventIds).toEqual(['remind-applicant', 'materials-timeout']);
    expect(receive.incoming).toEqual(['Flow_toAwait', 'Flow_backToAwait']);
    expect(receive.outgoing).toEqual(['Flow_toCheck']);
    expect(receive.outputMappings).toEqual([{ source: { kind: 'feel', source: 'materials' }, target: 'case.materials' }]);
  });

  it('attaches timer boundary events, interrupting or not', () => {
    expect(el(model, 'remind-applicant')).toEqual({
      id: 'remind-applicant',
      name: 'Every hour',
      type: 'BOUNDARY_EVENT',
      eventType: 'TIMER',
      flowScopeId: 'county-hall-case',
      incoming: [],
      outgoing: ['Flow_toReminder'],
      childIds: [],
      boundaryEventIds: [],
      attachedToId: 'await-materials',
      cancelActivity: false,
      inputMappings: [],
      outputMappings: [],
      timer: { kind: 'cycle', expression: { kind: 'static', value: 'R3/PT1H' } },
    });
    const timeout = el(model, 'materials-timeout');
    expect(timeout.cancelActivity).toBe(true);
    expect(timeout.attachedToId).toBe('await-materials');
    expect(timeout.timer).toEqual({ kind: 'duration', expression: { kind: 'static', value: 'P7D' } });
  });

  it('parses the service task: job type, retries, headers, mappings, error boundary', () => {
    const check = el(model, 'check-materials');
    expect(check.type).toBe('SERVICE_TASK');
    expect(check.job).toEqual({
      type: { kind: 'static', value: 'materials-check' },
      retries: { kind: 'static', value: '5' },
      headers: { window: '3', department: 'civil-affairs' },
    });
    expect(check.inputMappings).toEqual([
      { source: { kind: 'feel', source: 'applicant.idNumber' }, target: 'idNumber' },
      { source: { kind: 'static', value: 'ID_CARD' }, target: 'documentType' },
    ]);
    expect(check.outputMappings).toEqual([
      { source: { kind: 'feel', source: 'complete' }, target: 'case.materialsComplete' },
    ]);
    expect(check.boundaryEventIds).toEqual(['materials-invalid']);
    const invalid = el(model, 'materials-invalid');
    expect(invalid.eventType).toBe('ERROR');
    expect(invalid.error).toEqual({ errorCode: 'MATERIALS_INVALID' });
    expect(invalid.cancelActivity).toBe(true);
  });

  it('defaults job retries to "3" and headers to {}', () => {
    expect(el(model, 'send-reminder').job).toEqual({
      type: { kind: 'static', value: 'sms-reminder' },
      retries: { kind: 'static', value: '3' },
      headers: {},
    });
  });

  it('keeps FEEL job types and retries as expressions', () => {
    expect(el(model, 'issue-licence').job).toEqual({
      type: { kind: 'feel', source: '"licence-" + licenceType' },
      retries: { kind: 'feel', source: 'retryBudget' },
      headers: {},
    });
  });

  it('parses the exclusive gateway with its default flow and conditions', () => {
    const gateway = el(model, 'materials-complete');
    expect(gateway.type).toBe('EXCLUSIVE_GATEWAY');
    expect(gateway.defaultFlowId).toBe('Flow_incomplete');
    expect(gateway.outgoing).toEqual(['Flow_complete', 'Flow_incomplete']);
    expect(model.flows.get('Flow_complete')).toEqual({
      id: 'Flow_complete',
      name: 'yes',
      sourceId: 'materials-complete',
      targetId: 'review',
      condition: { kind: 'feel', source: 'case.materialsComplete = true' },
    });
    expect(model.flows.get('Flow_incomplete')).toEqual({
      id: 'Flow_incomplete',
      name: 'no',
      sourceId: 'materials-complete',
      targetId: 'request-supplement',
    });
  });

  it('turns user tasks into io.camunda.zeebe:userTask jobs with one retry', () => {
    const supplement = el(model, 'request-supplement');
    expect(supplement.type).toBe('USER_TASK');
    expect(supplement.job).toEqual({
      type: { kind: 'static', value: USER_TASK_JOB_TYPE },
      retries: { kind: 'static', value: '1' },
      headers: {},
    });
    expect(supplement.userTask).toEqual({ candidateGroups: { kind: 'static', value: 'window-staff' } });
  });

  it('parses the pre-review user task: candidate groups, schedule, embedded form, headers, mappings', () => {
    const preReview = el(model, 'pre-review');
    expect(preReview.flowScopeId).toBe('review');
    expect(preReview.userTask).toEqual({
      candidateGroups: { kind: 'static', value: 'window-staff, section-chief' },
      dueDate: { kind: 'feel', source: 'case.deadline' },
      followUpDate: { kind: 'static', value: '2025-06-30T09:00:00+08:00' },
      formKey: 'camunda-forms:bpmn:UserTaskForm_preReview',
    });
    expect(preReview.job?.headers).toEqual({ stage: 'pre-review' });
    expect(preReview.inputMappings).toEqual([{ source: { kind: 'feel', source: 'case.materials' }, target: 'materials' }]);
    expect(preReview.outputMappings).toEqual([{ source: { kind: 'feel', source: 'opinion' }, target: 'preReviewOpinion' }]);
    expect(model.userTaskForms?.get('UserTaskForm_preReview')).toContain('"key":"opinion"');
    expect(el(model, 'approval').userTask).toEqual({
      assignee: { kind: 'feel', source: 'chiefOfficer' },
      candidateUsers: { kind: 'static', value: 'zhang.wei,li.na' },
    });
  });

  it('parses the embedded subprocess as a scope of its own', () => {
    const review = el(model, 'review');
    expect(review.type).toBe('SUB_PROCESS');
    expect(review.flowScopeId).toBe('county-hall-case');
    expect(review.noneStartEventId).toBe('review-start');
    expect(review.childIds).toEqual(['review-start', 'pre-review', 'approval', 'approved', 'review-end', 'review-refused']);
    expect(review.boundaryEventIds).toEqual(['applicant-withdrew', 'review-failed']);
    expect(review.inputMappings).toEqual([{ source: { kind: 'feel', source: 'case.id' }, target: 'reviewCaseId' }]);
    expect(review.outputMappings).toEqual([{ source: { kind: 'feel', source: 'approved' }, target: 'case.approved' }]);
    for (const id of review.childIds) expect(el(model, id).flowScopeId).toBe('review');
    expect(el(model, 'review-start').eventType).toBe('NONE');
    expect(el(model, 'approved').defaultFlowId).toBe('Flow_refused');
  });

  it('parses error end events and error/message boundary events', () => {
    expect(el(model, 'review-refused')).toMatchObject({
      type: 'END_EVENT',
      eventType: 'ERROR',
      error: { errorCode: 'REVIEW_REFUSED' },
      flowScopeId: 'review',
    });
    const anyError = el(model, 'review-failed');
    expect(anyError.eventType).toBe('ERROR');
    expect(anyError.error).toEqual({}); // no errorRef: catches every error
    expect(anyError.outputMappings).toEqual([{ source: { kind: 'feel', source: '"REFUSED"' }, target: 'caseStatus' }]);
    const withdrew = el(model, 'applicant-withdrew');
    expect(withdrew).toMatchObject({ eventType: 'MESSAGE', attachedToId: 'review', cancelActivity: true });
    expect(withdrew.message).toEqual({
      name: { kind: 'static', value: 'case-withdrawn' },
      correlationKey: { kind: 'feel', source: 'caseId' },
    });
    // boundary events live in the scope of their activity
    expect(withdrew.flowScopeId).toBe('county-hall-case');
  });

  it('parses gateways, the timer catch event, the none throw event and pass-through tasks', () => {
    expect(el(model, 'issue-split')).toMatchObject({
      type: 'PARALLEL_GATEWAY',
      incoming: ['Flow_toSplit'],
      outgoing: ['Flow_toIssue', 'Flow_toNotify'],
    });
    expect(el(model, 'issue-join').incoming).toEqual(['Flow_issueToJoin', 'Flow_notifyToJoin']);
    expect(el(model, 'cooling-off')).toMatchObject({
      type: 'INTERMEDIATE_CATCH_EVENT',
      eventType: 'TIMER',
      timer: { kind: 'duration', expression: { kind: 'static', value: 'PT24H' } },
    });
    expect(el(model, 'licence-issued')).toMatchObject({ type: 'INTERMEDIATE_THROW_EVENT', eventType: 'NONE' });
    expect(el(model, 'archive-paper-file')).toMatchObject({ type: 'MANUAL_TASK', eventType: 'UNSPECIFIED' });
    expect(el(model, 'note')).toMatchObject({ type: 'TASK', eventType: 'UNSPECIFIED' });
    expect(el(model, 'case-done')).toMatchObject({ type: 'END_EVENT', eventType: 'NONE', outgoing: [] });
  });

  it('links every flow both ways within one scope', () => {
    for (const flow of model.flows.values()) {
      const source = el(model, flow.sourceId);
      const target = el(model, flow.targetId);
      expect(source.outgoing).toContain(flow.id);
      expect(target.incoming).toContain(flow.id);
      expect(source.flowScopeId).toBe(target.flowScopeId);
    }
  });
});

describe('parseBpmn: validation', () => {
  it('rejects flow and task problems, naming every offending element', async () => {
    const problems = await problemsOf(await fixtureText('bpmn/invalid-flows.bpmn'), 'invalid-flows.bpmn');
    expect(problems).toEqual(
      expect.arrayContaining([
        { elementId: 'task-a', message: "Must have exactly one 'zeebe:taskDefinition' extension element" },
        { elementId: 'task-b', message: "Attribute 'type' must be present and not empty" },
        { elementId: 'task-c', message: "Attribute 'retries' must be present and not empty" },
        { elementId: 'task-c', message: expect.stringMatching(/^failed to parse expression 'lower case\(': /) },
        { elementId: 'task-d', message: expect.stringContaining("Expected path expression '1abc' but doesn't match") },
        { elementId: 'task-d', message: expect.stringContaining("Expected path expression 'null' but is one of the reserved words") },
        {
          elementId: 'task-d',
          message: "Expected expression but found static value 'static'. An expression must start with '=' (e.g. '=static').",
        },
        {
          elementId: 'ut',
          message: "Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found 'a,,b'.",
        },
        {
          elementId: 'ut',
          message: "Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found 'tomorrow'.",
        },
        { elementId: 'ut', message: "Exactly one of the attributes 'formId, formKey' must be present and not blank" },
        { elementId: 'ut', message: expect.stringContaining("header keys starting with 'io.camunda.zeebe:' are reserved") },
        { elementId: 'ut', message: "Headers contain duplicate entries for key 'stage'" },
        {
          elementId: 'f-c',
          message:
            "Expected expression but found static value 'amount > 100'. An expression must start with '=' (e.g. '=amount > 100').",
        },
        { elementId: 'f-d', message: expect.stringMatching(/^failed to parse expression 'amount >': /) },
        { elementId: 'f-cross', message: expect.stringContaining("its targetRef 'inner' is in 'sub'") },
        { elementId: 'f-missing', message: "SequenceFlow has targetRef 'ghost' which cannot be resolved" },
        { elementId: 'gw', message: 'Default flow must start at gateway' },
        { elementId: 'f-b', message: 'Must have a condition or be default flow' },
        {
          elementId: 'fork',
          message: "Conditional sequence flows are only supported at exclusive or inclusive gateway (conditional: 'f-elsewhere')",
        },
        { elementId: 'end', message: 'End events must not have outgoing sequence flows to other elements.' },
        { elementId: 'sub', message: 'Must have exactly one start event' },
      ]),
    );
    expect(new Set(problems.map((p) => p.elementId))).toEqual(
      new Set(['task-a', 'task-b', 'task-c', 'task-d', 'ut', 'f-b', 'f-c', 'f-d', 'f-cross', 'f-missing', 'gw', 'fork', 'end', 'sub']),
    );
    // f-a has a condition and is fine
    expect(problems.some((p) => p.elementId === 'f-a')).toBe(false);
  });

  it('rejects event, message and timer problems, naming every offending element', async () => {
    const problems = await problemsOf(await fixtureText('bpmn/invalid-events.bpmn'));
    expect(problems).toEqual(
      expect.arrayContaining([
        { elementId: 'invalid-events', message: 'Multiple none start events are not allowed' },
        { elementId: 'receive-no-message', message: 'Must reference a message' },
        // Zeebe reports message problems on the bpmn:message element
        { elementId: 'Message_unnamed', message: 'Name must be present and not empty' },
        { elementId: 'Message_unnamed', message: 'Must have exactly one zeebe:subscription extension element' },
        {
          elementId: 'Message_staticKey',
          message: "Expected expression but found static value 'caseId'. An expression must start with '=' (e.g. '=caseId').",
        },
        { elementId: 'catch-bad-duration', message: expect.stringMatching(/^Invalid timer duration expression \('PT5X'/) },
        {
          elementId: 'catch-cycle',
          message: 'Intermediate timer catch event must have either a time duration or a time date.',
        },
        { elementId: 'catch-no-timer', message: 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle' },
        { elementId: 'catch-bad-feel', message: expect.stringMatching(/^failed to parse expression 'duration\(': /) },
        { elementId: 'bad-date', message: expect.stringMatching(/^Invalid timer date expression \('2025-13-01T00:00:00Z'/) },
        { elementId: 'interrupting-cycle', message: 'Interrupting timer event with time cycle is not allowed.' },
        { elementId: 'error-no-code', message: 'ErrorCode must be present and not empty' },
        { elementId: 'error-non-interrupting', message: 'Non-Interrupting event of this type is not allowed' },
        { elementId: 'on-gateway', message: 'Must be attached to an activity' },
        { elementId: 'error-end-no-ref', message: 'Must reference an error' },
        { elementId: 'two-starts', message: 'Must have exactly one start event' },
        { elementId: 'timer-start', message: 'Start events in subprocesses must be of type none' },
      ]),
    );
    expect(new Set(problems.map((p) => p.elementId))).toEqual(
      new Set([
        'invalid-events',
        'receive-no-message',
        'Message_unnamed',
        'Message_staticKey',
        'catch-bad-duration',
        'catch-cycle',
        'catch-no-timer',
        'catch-bad-feel',
        'bad-date',
        'interrupting-cycle',
        'error-no-code',
        'error-non-interrupting',
        'on-gateway',
        'error-end-no-ref',
        'two-starts',
        'timer-start',
      ]),
    );
  });

  it('formats the error like Zeebe, element by element', async () => {
    const xml = doc(`<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t"/><bpmn:serviceTask id="t"/>`);
    const error = await parseBpmn(xml, 'one.bpmn').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelValidationError);
    if (!(error instanceof ModelValidationError)) return;
    expect(error.resourceName).toBe('one.bpmn');
    expect(error.message).toBe(
      "'one.bpmn': - Element: t\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element",
    );
  });

  it('requires an executable process, and a start event in it', async () => {
    const notExecutable = doc('<bpmn:startEvent id="s"/>').replace('isExecutable="true"', 'isExecutable="false"');
    expect(await problemsOf(notExecutable)).toEqual([
      { elementId: 'defs', message: 'Must contain at least one executable process' },
    ]);
    expect(await problemsOf(doc('<bpmn:task id="t"/>'))).toEqual([
      { elementId: 'p', message: 'Must have at least one start event' },
    ]);
  });

  it('rejects what is not BPMN XML at all', async () => {
    const [notXml] = await problemsOf('this is not xml');
    expect(notXml?.elementId).toBe('');
    expect(notXml?.message).toMatch(/^Failed to parse the BPMN XML: /);
    const [wrongRoot] = await problemsOf('<?xml version="1.0"?><foo/>');
    expect(wrongRoot?.message).toMatch(/^Failed to parse the BPMN XML: /);
  });

  it('reports duplicate ids and unknown BPMN elements', async () => {
    const problems = await problemsOf(
      doc('<bpmn:startEvent id="s"/><bpmn:task id="s"/><bpmn:fooTask id="x"/>'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { elementId: 's', message: "Duplicate element id 's'" },
        { elementId: '', message: expect.stringContaining('unparsable content <bpmn:fooTask>') },
      ]),
    );
  });

  it('rejects a default flow that cannot be resolved and a boundary event with incoming flows', async () => {
    const problems = await problemsOf(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw"/>
        <bpmn:exclusiveGateway id="gw" default="nope"/>
        <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="t"/>
        <bpmn:task id="t"/>
        <bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="b"/>`),
    );
    expect(problems).toEqual([
      { elementId: 'gw', message: "Default flow 'nope' cannot be resolved" },
      { elementId: 'b', message: 'Cannot have incoming sequence flows' },
    ]);
  });

  it("accepts an exclusive gateway's single unconditional flow, and elements nothing leads to", async () => {
    const [model] = await parseBpmn(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw"/>
        <bpmn:exclusiveGateway id="gw"/>
        <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="t"/>
        <bpmn:task id="t"/>
        <bpmn:task id="orphan"/>`),
      'ok.bpmn',
    );
    expect(model?.elements.get('orphan')).toMatchObject({ incoming: [], outgoing: [] });
    expect(model?.elements.get('gw')?.defaultFlowId).toBeUndefined();
  });

  it("enforces Zeebe's rules for several boundary events on one activity", async () => {
    const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>';
    const problems = await problemsOf(
      doc(
        `<bpmn:startEvent id="s"/>
        <bpmn:receiveTask id="r" messageRef="m1"/>
        <bpmn:boundaryEvent id="all-1" attachedToRef="r"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="all-2" attachedToRef="r"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="code-1" attachedToRef="r"><bpmn:errorEventDefinition errorRef="e"/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="code-2" attachedToRef="r"><bpmn:errorEventDefinition errorRef="e"/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="msg-1" attachedToRef="r"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="msg-2" attachedToRef="r"><bpmn:messageEventDefinition messageRef="m2"/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="t-1" attachedToRef="r">${timer}</bpmn:boundaryEvent>`,
        `<bpmn:error id="e" errorCode="E1"/>
        <bpmn:message id="m1" name="same"><bpmn:extensionElements><zeebe:subscription correlationKey="=k"/></bpmn:extensionElements></bpmn:message>
        <bpmn:message id="m2" name="same"><bpmn:extensionElements><zeebe:subscription correlationKey="=k"/></bpmn:extensionElements></bpmn:message>`,
      ),
    );
    expect(problems).toEqual([
      { elementId: 'r', message: expect.stringContaining('can not contain more than one error catch event without error code') },
      { elementId: 'r', message: "Multiple error catch events with the same error code 'E1' are not supported on the same scope." },
      { elementId: 'r', message: "Multiple message event definitions with the same name 'same' are not allowed." },
      { elementId: 'r', message: 'Cannot reference the same message name as a boundary event' },
    ]);
  });

  it('rejects a boundary event attached across scopes and an unresolved message', async () => {
    const problems = await problemsOf(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/><bpmn:task id="inner"/></bpmn:subProcess>
        <bpmn:boundaryEvent id="b" attachedToRef="inner"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
        <bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="missing"/></bpmn:intermediateCatchEvent>`),
    );
    expect(problems).toEqual([
      { elementId: 'c', message: "Must reference a message, but the message 'missing' does not exist" },
      { elementId: 'b', message: "Must be attached to an activity of its own scope 'p', but 'inner' is in 'sub'" },
    ]);
  });

  it('accepts a cron cycle, and rejects Zeebe user tasks and linked forms', async () => {
    const problems = await problemsOf(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:task id="t"/>
        <bpmn:boundaryEvent id="cron" cancelActivity="false" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:userTask id="native"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
        <bpmn:userTask id="linked"><bpmn:extensionElements><zeebe:formDefinition formId="form-1"/></bpmn:extensionElements></bpmn:userTask>`),
    );
    expect(problems.map((p) => p.elementId)).toEqual(['native', 'linked']);
  });

  it('returns every executable process of a document', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
      <bpmn:process id="a" isExecutable="true"><bpmn:startEvent id="a-start"/></bpmn:process>
      <bpmn:process id="b" isExecutable="true"><bpmn:startEvent id="b-start"/></bpmn:process>
    </bpmn:definitions>`;
    const models = await parseBpmn(xml, 'two.bpmn');
    expect(models.map((m) => [m.bpmnProcessId, m.elements.get(m.bpmnProcessId)?.noneStartEventId])).toEqual([
      ['a', 'a-start'],
      ['b', 'b-start'],
    ]);
  });
});

describe('ISO 8601 timer values', () => {
  it('parses durations as Java does', () => {
    expect(parseIsoDuration('PT5S')).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 5 });
    expect(parseIsoDuration('P1DT2H30M')).toMatchObject({ days: 1, hours: 2, minutes: 30 });
    expect(parseIsoDuration('P1Y2M3W4D')).toMatchObject({ years: 1, months: 2, weeks: 3, days: 4 });
    expect(parseIsoDuration('PT0.5S')?.seconds).toBe(0.5);
    expect(parseIsoDuration('pt36h')?.hours).toBe(36);
    for (const bad of ['P', 'PT', 'P1DT', 'PT5X', '5S', 'P1H', 'T5S', '']) expect(parseIsoDuration(bad)).toBeUndefined();
  });

  it('parses date-times with an offset or zone', () => {
    expect(parseIsoDateTime('2025-01-01T10:00:00Z')).toBe(Date.UTC(2025, 0, 1, 10));
    expect(parseIsoDateTime('2025-01-01T10:00:00+08:00')).toBe(Date.UTC(2025, 0, 1, 2));
    expect(parseIsoDateTime('2023-03-02T15:35+02:00')).toBe(Date.UTC(2023, 2, 2, 13, 35));
    expect(parseIsoDateTime('2025-01-01T10:00:00.250+01:00[Europe/Berlin]')).toBe(Date.UTC(2025, 0, 1, 9, 0, 0, 250));
    expect(parseIsoDateTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ['2025-01-01T10:00:00', '2025-02-29T00:00:00Z', '2025-13-01T00:00:00Z', '2025-01-01', '2025-01-01T24:00:00Z', '2025-01-01T10:00:00Z[Nowhere/Land]']) {
      expect(parseIsoDateTime(bad)).toBeUndefined();
    }
  });

  it('parses repeating intervals', () => {
    expect(parseRepeatingInterval('R3/PT10S')).toEqual({ repetitions: 3, interval: expect.objectContaining({ seconds: 10 }) });
    expect(parseRepeatingInterval('R/PT1H')).toEqual({ repetitions: undefined, interval: expect.objectContaining({ hours: 1 }) });
    expect(parseRepeatingInterval('R2/2025-01-01T00:00:00Z/P1D')).toEqual({
      repetitions: 2,
      start: Date.UTC(2025, 0, 1),
      interval: expect.objectContaining({ days: 1 }),
    });
    for (const bad of ['PT10S', 'R3', 'R3/', 'Rx/PT1S', 'R3/PT1S/P1D', '0 0 9 * * *']) expect(parseRepeatingInterval(bad)).toBeUndefined();
  });
});

describe('resourceChecksum', () => {
  it('is the sha256 of the bytes, the same for the text and its UTF-8 bytes', async () => {
    const xml = await fixtureText('bpmn/county-hall-case.bpmn');
    expect(resourceChecksum(xml)).toMatch(/^[0-9a-f]{64}$/);
    expect(resourceChecksum(Buffer.from(xml, 'utf8'))).toBe(resourceChecksum(xml));
    expect(resourceChecksum(`${xml} `)).not.toBe(resourceChecksum(xml));
    expect(resourceChecksum('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
