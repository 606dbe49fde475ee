// engine/model: the elements Zeebe 8.3–8.5 executes beyond the first batch — multi-instance, call
// activities, event subprocesses, inclusive and event-based gateways, signal, escalation, link and
// terminate events, message/timer/signal start events, script, business rule and send tasks.
// Element support: https://docs.camunda.io/docs/8.5/components/modeler/bpmn/bpmn-coverage/ ; the
// expected messages are those of Zeebe's validators (zeebe/bpmn-model …/validation/zeebe/*).
import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../engine/model/parse.js';
import type { ProcessModel } from '../../engine/model/types.js';
import { fixtureText } from '../support/fixtures.js';
import { doc, el, problemsOf } from '../support/model.js';

async function only(xml: string): Promise<ProcessModel> {
  const [model] = await parseBpmn(xml, 'test.bpmn');
  if (!model) throw new Error('no model');
  return model;
}

const feel = (source: string) => ({ kind: 'feel', source }) as const;
const text = (value: string) => ({ kind: 'static', value }) as const;

describe('parseBpmn: the joint review flow (联合审查)', async () => {
  const model = await only(await fixtureText('bpmn/joint-review.bpmn'));

  it('parses the countersign (会签): a parallel multi-instance user task over =approvers collecting opinions', () => {
    const countersign = el(model, 'countersign');
    expect(countersign.type).toBe('USER_TASK'); // the runtime wraps it in a MULTI_INSTANCE_BODY
    expect(countersign.multiInstance).toEqual({
      sequential: false,
      inputCollection: feel('approvers'),
      inputElement: 'approver',
      outputCollection: 'opinions',
      outputElement: feel('{approver: approver, agreed: agreed}'),
    });
    expect(countersign.userTask).toEqual({ assignee: feel('approver') });
    expect(countersign.inputMappings).toEqual([{ source: feel('case.summary'), target: 'summary' }]);
  });

  it('parses the any-sign (或签): a completion condition ends the body at the first approval', () => {
    expect(el(model, 'any-sign').multiInstance).toEqual({
      sequential: false,
      inputCollection: feel('chiefs'),
      inputElement: 'chief',
      completionCondition: feel('approved = true'),
    });
  });

  it('parses a sequential multi-instance subprocess and an escalation caught on it without interrupting', () => {
    const review = el(model, 'expert-review');
    expect(review).toMatchObject({
      type: 'SUB_PROCESS',
      noneStartEventId: 'expert-start',
      multiInstance: { sequential: true, inputCollection: feel('experts'), inputElement: 'expert' },
      boundaryEventIds: ['hearing-requested'],
    });
    expect(el(model, 'escalate-hearing')).toMatchObject({
      type: 'END_EVENT',
      eventType: 'ESCALATION',
      escalation: { escalationCode: text('NEEDS_HEARING') },
      flowScopeId: 'expert-review',
    });
    expect(el(model, 'hearing-requested')).toMatchObject({
      type: 'BOUNDARY_EVENT',
      eventType: 'ESCALATION',
      attachedToId: 'expert-review',
      cancelActivity: false,
      escalation: { escalationCode: text('NEEDS_HEARING') },
    });
  });

  it('parses the script task (zeebe:script) and the business rule task (zeebe:calledDecision)', () => {
    const fee = el(model, 'compute-fee');
    expect(fee.type).toBe('SCRIPT_TASK');
    expect(fee.script).toEqual({ expression: feel('sum(items.fee)'), resultVariable: 'fee' });
    expect(fee.job).toBeUndefined();
    const discount = el(model, 'fee-discount');
    expect(discount.type).toBe('BUSINESS_RULE_TASK');
    expect(discount.calledDecision).toEqual({ decisionId: text('fee-discount'), resultVariable: 'discount' });
    expect(discount.job).toBeUndefined();
  });

  it('parses the diverging inclusive gateway with its conditions and default flow', () => {
    expect(el(model, 'route')).toMatchObject({
      type: 'INCLUSIVE_GATEWAY',
      incoming: ['Flow_toRoute'],
      outgoing: ['Flow_toInspection', 'Flow_toNotice', 'Flow_direct'],
      defaultFlowId: 'Flow_direct',
    });
    expect(model.flows.get('Flow_toNotice')?.condition).toEqual(feel('publicNotice = true'));
    expect(model.flows.get('Flow_direct')?.condition).toBeUndefined();
  });

  it('parses the call activity: process id, variable propagation (defaults true), mappings', () => {
    expect(el(model, 'site-inspection')).toMatchObject({
      type: 'CALL_ACTIVITY',
      calledElement: {
        processId: text('site-inspection'),
        propagateAllChildVariables: false,
        propagateAllParentVariables: true,
      },
      inputMappings: [{ source: feel('case.address'), target: 'address' }],
      outputMappings: [{ source: feel('inspectionResult'), target: 'case.inspection' }],
    });
  });

  it('parses the send task and the message throw event as jobs', () => {
    expect(el(model, 'publish-notice')).toMatchObject({
      type: 'SEND_TASK',
      job: { type: text('publish-notice'), retries: text('2'), headers: { channel: 'county-website' } },
    });
    const notify = el(model, 'notify-applicant');
    expect(notify).toMatchObject({
      type: 'INTERMEDIATE_THROW_EVENT',
      eventType: 'MESSAGE',
      job: { type: text('notify-applicant'), retries: text('3'), headers: {} },
    });
    // Zeebe applies input mappings on a message throw event: they become the job's variables
    expect(notify.inputMappings).toEqual([{ source: feel('applicant.phone'), target: 'phone' }]);
  });

  it('parses link events: three throws and one catch named "archive"', () => {
    for (const id of ['inspection-to-archive', 'notice-to-archive', 'direct-to-archive']) {
      expect(el(model, id)).toMatchObject({ type: 'INTERMEDIATE_THROW_EVENT', eventType: 'LINK', link: { name: 'archive' } });
    }
    expect(el(model, 'archive-link')).toMatchObject({
      type: 'INTERMEDIATE_CATCH_EVENT',
      eventType: 'LINK',
      link: { name: 'archive' },
      incoming: [],
      outgoing: ['Flow_toArchive'],
    });
  });

  it('parses signal events: boundary, throw (FEEL name, input mappings), catch and end', () => {
    expect(el(model, 'case-revoked')).toMatchObject({
      type: 'BOUNDARY_EVENT',
      eventType: 'SIGNAL',
      cancelActivity: true,
      signal: { name: text('case-revoked') },
    });
    const broadcast = el(model, 'broadcast-archived');
    expect(broadcast).toMatchObject({ type: 'INTERMEDIATE_THROW_EVENT', eventType: 'SIGNAL' });
    expect(broadcast.signal).toEqual({ name: feel('"archived-" + department') });
    expect(broadcast.inputMappings).toEqual([{ source: feel('caseId'), target: 'caseId' }]);
    expect(el(model, 'closed-by-system').signal).toEqual({ name: text('system-close') });
    expect(el(model, 'case-closed')).toMatchObject({ type: 'END_EVENT', eventType: 'SIGNAL', signal: { name: text('case-closed') } });
  });

  it('parses the terminate end event', () => {
    expect(el(model, 'revoked')).toMatchObject({ type: 'END_EVENT', eventType: 'TERMINATE', outgoing: [] });
  });

  it('parses the event-based gateway and the events after it', () => {
    expect(el(model, 'wait-for-applicant')).toMatchObject({
      type: 'EVENT_BASED_GATEWAY',
      outgoing: ['Flow_toSupplemented', 'Flow_toTimeout', 'Flow_toSystemClose'],
    });
    expect(el(model, 'materials-supplemented').message).toEqual({
      name: text('materials-supplemented'),
      correlationKey: feel('caseId'),
    });
    expect(el(model, 'supplement-timeout').timer).toEqual({ kind: 'duration', expression: text('P15D') });
    expect(el(model, 'closed-by-system').eventType).toBe('SIGNAL');
  });

  it('parses the event subprocesses: the non-interrupting overdue warning (超期预警) and the withdrawal', () => {
    expect(el(model, 'joint-review')).toMatchObject({
      type: 'PROCESS',
      noneStartEventId: 'review-requested',
      eventSubProcessIds: ['overdue-warning', 'withdrawal'],
    });
    expect(el(model, 'joint-review').eventStartEventIds).toBeUndefined();
    expect(el(model, 'overdue-warning')).toEqual({
      id: 'overdue-warning',
      name: '超期预警',
      type: 'EVENT_SUB_PROCESS',
      eventType: 'UNSPECIFIED',
      flowScopeId: 'joint-review',
      incoming: [],
      outgoing: [],
      childIds: ['overdue', 'send-warning', 'warning-sent'],
      boundaryEventIds: [],
      inputMappings: [],
      outputMappings: [],
      startEventId: 'overdue',
    });
    expect(el(model, 'overdue')).toMatchObject({
      type: 'START_EVENT',
      eventType: 'TIMER',
      flowScopeId: 'overdue-warning',
      interrupting: false,
      timer: { kind: 'duration', expression: text('P10D') },
    });
    expect(el(model, 'send-warning')).toMatchObject({ type: 'SEND_TASK', job: { type: text('sms-warning') } });
    expect(el(model, 'withdrawn')).toMatchObject({
      eventType: 'MESSAGE',
      interrupting: true,
      message: { name: text('case-withdrawn'), correlationKey: feel('caseId') },
      outputMappings: [{ source: feel('reason'), target: 'withdrawReason' }],
    });
    // the start event of a subprocess is no none start event of it, and the process's own is unaffected
    expect(el(model, 'withdrawal').noneStartEventId).toBeUndefined();
  });
});

describe('parseBpmn: start events (受理)', async () => {
  const [intake, nightly] = await parseBpmn(await fixtureText('bpmn/event-starts.bpmn'), 'event-starts.bpmn');
  if (!intake || !nightly) throw new Error('two processes expected');

  it('keeps the none start event apart from the message, timer and signal start events', () => {
    expect(el(intake, 'case-intake')).toMatchObject({
      noneStartEventId: 'at-window',
      eventStartEventIds: ['online', 'weekday-import', 'every-hour', 'new-year', 'broadcast'],
      eventSubProcessIds: ['on-withdraw', 'on-failure', 'on-urgent', 'on-policy-change', 'daily-reminder'],
    });
  });

  it('reads a message start event without a correlation key', () => {
    expect(el(intake, 'online')).toMatchObject({
      type: 'START_EVENT',
      eventType: 'MESSAGE',
      message: { name: text('case-submitted-online') },
      outputMappings: [{ source: feel('"ONLINE"'), target: 'channel' }],
    });
    expect(el(intake, 'online').message?.correlationKey).toBeUndefined();
    expect(el(intake, 'online').interrupting).toBeUndefined();
  });

  it('reads timer start events: a cron cycle, an ISO cycle, a FEEL date', () => {
    expect(el(intake, 'weekday-import').timer).toEqual({ kind: 'cycle', expression: text('0 0 9 * * MON-FRI') });
    expect(el(intake, 'every-hour').timer).toEqual({ kind: 'cycle', expression: text('R3/PT1H') });
    expect(el(intake, 'new-year').timer).toEqual({
      kind: 'date',
      expression: feel('date and time("2026-01-01T00:00:00@Asia/Shanghai")'),
    });
  });

  it('reads a signal start event whose name is a constant FEEL expression', () => {
    expect(el(intake, 'broadcast')).toMatchObject({ eventType: 'SIGNAL', signal: { name: feel('"policy-" + "campaign"') } });
  });

  it('reads event-subprocess start events: message, error (catch-all), escalation, signal, cron timer', () => {
    expect(el(intake, 'on-withdraw').startEventId).toBe('withdraw-requested');
    expect(el(intake, 'withdraw-requested')).toMatchObject({
      interrupting: true,
      message: { name: text('withdraw-case'), correlationKey: feel('caseId') },
    });
    expect(el(intake, 'any-failure')).toMatchObject({ eventType: 'ERROR', interrupting: true, error: {} });
    expect(el(intake, 'urgent')).toMatchObject({
      eventType: 'ESCALATION',
      interrupting: false,
      escalation: { escalationCode: text('URGENT') },
    });
    expect(el(intake, 'policy-changed')).toMatchObject({
      eventType: 'SIGNAL',
      interrupting: false,
      signal: { name: text('policy-changed') },
    });
    expect(el(intake, 'every-morning')).toMatchObject({
      interrupting: false,
      timer: { kind: 'cycle', expression: text('0 30 8 * * *') },
    });
  });

  it('deploys a process that has only a timer start event (a cron macro)', () => {
    expect(el(nightly, 'nightly-report')).toMatchObject({ eventStartEventIds: ['nightly'] });
    expect(el(nightly, 'nightly-report').noneStartEventId).toBeUndefined();
    expect(el(nightly, 'nightly').timer).toEqual({ kind: 'cycle', expression: text('@daily') });
  });
});

describe('parseBpmn: validation of the new elements', () => {
  it('rejects multi-instance, call activity, script, business rule and send task variants', async () => {
    const problems = await problemsOf(await fixtureText('bpmn/invalid-activities.bpmn'));
    expect(problems).toEqual([
      { elementId: 'mi-no-zeebe', message: "Must have exactly one 'zeebe:loopCharacteristics' extension element" },
      { elementId: 'mi-no-input', message: "Attribute 'inputCollection' must be present and not empty" },
      {
        elementId: 'mi-static-input',
        message: "Expected expression but found static value 'approvers'. An expression must start with '=' (e.g. '=approvers').",
      },
      {
        elementId: 'mi-collection-only',
        message: "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set",
      },
      {
        elementId: 'mi-element-only',
        message: "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set",
      },
      { elementId: 'mi-bad-condition', message: expect.stringMatching(/^failed to parse expression 'approved =': /) },
      { elementId: 'standard-loop', message: "Loop characteristics ('bpmn:StandardLoopCharacteristics') are not supported by Zeebe" },
      { elementId: 'call-nothing', message: "Must have exactly one 'zeebe:calledElement' extension element" },
      { elementId: 'call-no-process', message: "Attribute 'processId' must be present and not empty" },
      { elementId: 'call-bad-feel', message: expect.stringMatching(/^failed to parse expression 'concat\(': /) },
      { elementId: 'script-nothing', message: "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element" },
      { elementId: 'script-both', message: "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element" },
      {
        elementId: 'script-static',
        message: "Expected expression but found static value '1 + 1'. An expression must start with '=' (e.g. '=1 + 1').",
      },
      { elementId: 'script-no-result', message: "Attribute 'resultVariable' must be present and not empty" },
      {
        elementId: 'rule-nothing',
        message: "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element",
      },
      { elementId: 'rule-no-decision', message: "Attribute 'decisionId' must be present and not empty" },
      { elementId: 'send-no-job', message: "Must have exactly one 'zeebe:taskDefinition' extension element" },
      { elementId: 'message-throw-no-job', message: "Must have exactly one 'zeebe:taskDefinition' extension element" },
      { elementId: 'message-end-no-job', message: "Must have exactly one 'zeebe:taskDefinition' extension element" },
    ]);
  });

  it('rejects a joining inclusive gateway (Zeebe 8.3–8.5), event-based gateway misuse and unpaired links', async () => {
    const problems = await problemsOf(await fixtureText('bpmn/invalid-gateways-links.bpmn'));
    expect(problems).toEqual(
      expect.arrayContaining([
        { elementId: 'nameless', message: 'Link name must be present and not empty.' },
        { elementId: 'f-no-condition', message: 'Must have a condition' },
        { elementId: 'join', message: 'Currently the inclusive gateway can only have one incoming sequence flow' },
        { elementId: 'only-one', message: 'Event-based gateway must have at least 2 outgoing sequence flows.' },
        {
          elementId: 'to-a-task',
          message:
            'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events.',
        },
        { elementId: 'same-message', message: expect.stringContaining("(conditional: 'f-m2')") },
        { elementId: 'same-message', message: "Multiple message event definitions with the same name 'a' are not allowed." },
        {
          elementId: 'same-message',
          message:
            'Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway.',
        },
        {
          elementId: 'invalid-gateways',
          message: "Multiple intermediate catch link event definitions with the same name 'twice' are not allowed.",
        },
        {
          elementId: 'invalid-gateways',
          message: "Can't find an catch link event for the throw link event with the name 'nowhere'.",
        },
        { elementId: 'inner', message: "Can't find an catch link event for the throw link event with the name 'outer'." },
      ]),
    );
    expect(problems).toHaveLength(11);
    // the default flow needs no condition, the conditional one is fine
    expect(problems.some((p) => p.elementId === 'f-default' || p.elementId === 'f-a')).toBe(false);
  });

  it('rejects start event, event subprocess, signal and escalation problems, naming every element', async () => {
    const problems = await problemsOf(await fixtureText('bpmn/invalid-event-kinds.bpmn'));
    expect(problems).toEqual(
      expect.arrayContaining([
        { elementId: 'error-start', message: expect.stringContaining('Start events of a process must be one of: none, message, timer or signal') },
        {
          elementId: 'dynamic-message-start',
          message: "Expected constant expression of type String for message name '=caseType', but was NULL",
        },
        { elementId: 'Message_shared', message: 'A message cannot be referred by more than one start event' },
        { elementId: 'invalid-event-kinds', message: "Multiple signal event definitions with the same name 'campaign' are not allowed." },
        { elementId: 'bad-cron-start', message: expect.stringContaining('hour value 25 is out of range 0-23') },
        { elementId: 'variable-date-start', message: expect.stringMatching(/^Invalid timer date expression .*'NULL'/) },
        {
          elementId: 'esp-none-start',
          message: 'Start events in event subprocesses must be one of: message, timer, error, signal or escalation',
        },
        { elementId: 'esp-two-starts', message: 'Must have exactly one start event' },
        { elementId: 'esp-error-non-interrupting', message: 'Non-Interrupting event of this type is not allowed' },
        {
          elementId: 'invalid-event-kinds',
          message: "Multiple error catch events with the same error code 'E' are not supported on the same scope.",
        },
        { elementId: 'esp-interrupting-cycle', message: 'Interrupting timer event with time cycle is not allowed.' },
        { elementId: 'Message_noKey', message: 'Must have exactly one zeebe:subscription extension element' },
        { elementId: 'esp-with-flow', message: 'An event subprocess must not have incoming or outgoing sequence flows' },
        { elementId: 'signal-no-ref', message: 'Must reference a signal' },
        { elementId: 'Signal_unnamed', message: 'Name must be present and not empty' },
        { elementId: 'watched', message: "Multiple signal event definitions with the same name 'alarm' are not allowed." },
        { elementId: 'escalation-no-ref', message: 'Must reference an escalation' },
        { elementId: 'Escalation_noCode', message: 'EscalationCode must be present and not empty' },
        {
          elementId: 'escalation-on-task',
          message: 'An escalation boundary event should only be attached to a subprocess, or a call activity.',
        },
        {
          elementId: 'escalation-feel-code',
          message: 'The escalationCode of the escalation catch event is not allowed to be an expression',
        },
        { elementId: 'escalating', message: expect.stringContaining('more than one escalation catch event without escalation code') },
      ]),
    );
    expect(problems).toHaveLength(21);
  });

  it('accepts job-based script and business rule tasks', async () => {
    const model = await only(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:scriptTask id="script"><bpmn:extensionElements><zeebe:taskDefinition type="groovy" retries="=retries"/></bpmn:extensionElements></bpmn:scriptTask>
        <bpmn:businessRuleTask id="rule"><bpmn:extensionElements><zeebe:taskDefinition type="dmn-worker"/><zeebe:taskHeaders><zeebe:header key="table" value="fees"/></zeebe:taskHeaders></bpmn:extensionElements></bpmn:businessRuleTask>`),
    );
    expect(el(model, 'script')).toMatchObject({ job: { type: text('groovy'), retries: feel('retries'), headers: {} } });
    expect(el(model, 'script').script).toBeUndefined();
    expect(el(model, 'rule')).toMatchObject({ job: { type: text('dmn-worker'), retries: text('3'), headers: { table: 'fees' } } });
    expect(el(model, 'rule').calledDecision).toBeUndefined();
  });

  it('accepts FEEL process ids, decision ids and propagation flags on call activities', async () => {
    const model = await only(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="=&quot;sub-&quot; + kind" propagateAllChildVariables="true" propagateAllParentVariables="false"/></bpmn:extensionElements></bpmn:callActivity>
        <bpmn:businessRuleTask id="rule"><bpmn:extensionElements><zeebe:calledDecision decisionId="=decision" resultVariable="result"/></bpmn:extensionElements></bpmn:businessRuleTask>`),
    );
    expect(el(model, 'call').calledElement).toEqual({
      processId: feel('"sub-" + kind'),
      propagateAllChildVariables: true,
      propagateAllParentVariables: false,
    });
    expect(el(model, 'rule').calledDecision).toEqual({ decisionId: feel('decision'), resultVariable: 'result' });
  });

  it('puts multi-instance on every kind of task, subprocess and call activity, but not on an event subprocess', async () => {
    const mi = (seq = false) =>
      `<bpmn:multiInstanceLoopCharacteristics isSequential="${seq}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`;
    const model = await only(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:task id="task">${mi()}</bpmn:task>
        <bpmn:manualTask id="manual">${mi(true)}</bpmn:manualTask>
        <bpmn:receiveTask id="receive" messageRef="m">${mi()}</bpmn:receiveTask>
        <bpmn:serviceTask id="service"><bpmn:extensionElements><zeebe:taskDefinition type="t"/></bpmn:extensionElements>${mi()}</bpmn:serviceTask>
        <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child"/></bpmn:extensionElements>${mi()}</bpmn:callActivity>`,
        '<bpmn:message id="m" name="m"><bpmn:extensionElements><zeebe:subscription correlationKey="=item"/></bpmn:extensionElements></bpmn:message>'),
    );
    for (const id of ['task', 'manual', 'receive', 'service', 'call']) {
      expect(el(model, id).multiInstance?.inputCollection, id).toEqual(feel('items'));
    }
    expect(el(model, 'manual').multiInstance?.sequential).toBe(true);
    expect(el(model, 'task').multiInstance).toEqual({ sequential: false, inputCollection: feel('items') });

    const problems = await problemsOf(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:subProcess id="esp" triggeredByEvent="true">${mi()}<bpmn:startEvent id="es"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:startEvent></bpmn:subProcess>`,
        '<bpmn:signal id="sig" name="go"/>'),
    );
    expect(problems).toEqual([{ elementId: 'esp', message: 'An event subprocess cannot be multi-instance' }]);
  });

  it('accepts non-interrupting signal and message boundary events and a cron cycle on a non-interrupting timer', async () => {
    const model = await only(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:task id="t"/>
        <bpmn:boundaryEvent id="sig" attachedToRef="t" cancelActivity="false"><bpmn:signalEventDefinition signalRef="alarm"/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="cron" attachedToRef="t" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
        '<bpmn:signal id="alarm" name="alarm"/>'),
    );
    expect(el(model, 'sig')).toMatchObject({ cancelActivity: false, signal: { name: text('alarm') } });
    expect(el(model, 't').boundaryEventIds).toEqual(['sig', 'cron']);
  });

  it('rejects a malformed cron cycle and an interrupting cycle, saying why', async () => {
    const problems = await problemsOf(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:task id="t"/>
        <bpmn:boundaryEvent id="funday" attachedToRef="t" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * FUNDAY</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="iso" attachedToRef="t" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1X</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="interrupting" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * *</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`),
    );
    expect(problems).toEqual([
      {
        elementId: 'funday',
        message: expect.stringMatching(/^Invalid timer cycle expression \('0 0 9 \* \* FUNDAY' is neither .*'FUNDAY' is not a valid day-of-week value\)$/),
      },
      { elementId: 'iso', message: expect.stringMatching(/^Invalid timer cycle expression \('R3\/PT1X' is not an ISO 8601 repeating interval/) },
      { elementId: 'interrupting', message: 'Interrupting timer event with time cycle is not allowed.' },
    ]);
  });

  it('evaluates the timers of process start events at deploy time, as Zeebe does, but not those of other events', async () => {
    expect(
      await problemsOf(
        doc(`<bpmn:startEvent id="bad"><bpmn:timerEventDefinition><bpmn:timeCycle>="0 0 9 * * NOPE"</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
          <bpmn:startEvent id="number"><bpmn:timerEventDefinition><bpmn:timeDuration>=42</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>`),
      ),
    ).toEqual([
      { elementId: 'bad', message: expect.stringContaining("'NOPE' is not a valid day-of-week value") },
      { elementId: 'number', message: expect.stringMatching(/^Invalid timer duration expression .*'NUMBER'/) },
    ]);
    // a timer on a catch event may read variables: it is evaluated when the event is entered
    const model = await only(
      doc(`<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition><bpmn:timeDate>=deadline</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`),
    );
    expect(el(model, 'c').timer).toEqual({ kind: 'date', expression: feel('deadline') });
  });

  it('accepts a timer start event with a duration (Zeebe runs it once) and a constant FEEL duration', async () => {
    const model = await only(
      doc(`<bpmn:startEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>=duration("P1D") + duration("PT1H")</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>`),
    );
    expect(el(model, 'later').timer).toEqual({ kind: 'duration', expression: feel('duration("P1D") + duration("PT1H")') });
    expect(el(model, 'p').eventStartEventIds).toEqual(['later']);
  });

  it('requires a constant signal name on a signal start event, and allows a variable one elsewhere', async () => {
    expect(
      await problemsOf(
        doc(`<bpmn:startEvent id="start"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:startEvent>`, '<bpmn:signal id="sig" name="=region"/>'),
      ),
    ).toEqual([{ elementId: 'start', message: "Expected constant expression of type String for signal name '=region', but was NULL" }]);
    const model = await only(
      doc(`<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent>`, '<bpmn:signal id="sig" name="=region"/>'),
    );
    expect(el(model, 'c').signal).toEqual({ name: feel('region') });
  });

  it('keeps catch-all escalations and errors apart from coded ones, per scope', async () => {
    const model = await only(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/></bpmn:subProcess>
        <bpmn:boundaryEvent id="any" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="coded" attachedToRef="sub"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:boundaryEvent>
        <bpmn:subProcess id="esp-any" triggeredByEvent="true"><bpmn:startEvent id="esp-any-start"><bpmn:errorEventDefinition/></bpmn:startEvent></bpmn:subProcess>
        <bpmn:subProcess id="esp-coded" triggeredByEvent="true"><bpmn:startEvent id="esp-coded-start"><bpmn:errorEventDefinition errorRef="err"/></bpmn:startEvent></bpmn:subProcess>`,
        '<bpmn:escalation id="esc" escalationCode="LATE"/><bpmn:error id="err" errorCode="FAILED"/>'),
    );
    expect(el(model, 'any').escalation).toEqual({});
    expect(el(model, 'coded').escalation).toEqual({ escalationCode: text('LATE') });
    expect(el(model, 'esp-any-start').error).toEqual({});
    expect(el(model, 'esp-coded-start').error).toEqual({ errorCode: 'FAILED' });
    const problems = await problemsOf(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:subProcess id="a" triggeredByEvent="true"><bpmn:startEvent id="a-start"><bpmn:escalationEventDefinition/></bpmn:startEvent></bpmn:subProcess>
        <bpmn:subProcess id="b" triggeredByEvent="true"><bpmn:startEvent id="b-start" isInterrupting="false"><bpmn:escalationEventDefinition/></bpmn:startEvent></bpmn:subProcess>
        <bpmn:subProcess id="c" triggeredByEvent="true"><bpmn:startEvent id="c-start"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent></bpmn:subProcess>
        <bpmn:subProcess id="d" triggeredByEvent="true"><bpmn:startEvent id="d-start" isInterrupting="false"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent></bpmn:subProcess>`,
        '<bpmn:message id="m" name="same"><bpmn:extensionElements><zeebe:subscription correlationKey="=k"/></bpmn:extensionElements></bpmn:message>'),
    );
    expect(problems).toEqual([
      { elementId: 'p', message: expect.stringContaining('more than one escalation catch event without escalation code') },
      { elementId: 'p', message: "Multiple message event definitions with the same name 'same' are not allowed." },
    ]);
  });

  it('throws an escalation with a FEEL code, and the link catch names are unique across nested scopes, as in Zeebe', async () => {
    const model = await only(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:intermediateThrowEvent id="throw"><bpmn:escalationEventDefinition escalationRef="dyn"/></bpmn:intermediateThrowEvent>`,
        '<bpmn:escalation id="dyn" escalationCode="=level"/>'),
    );
    expect(el(model, 'throw')).toMatchObject({ eventType: 'ESCALATION', escalation: { escalationCode: feel('level') } });
    const problems = await problemsOf(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:intermediateCatchEvent id="outer"><bpmn:linkEventDefinition name="again"/></bpmn:intermediateCatchEvent>
        <bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/>
          <bpmn:intermediateThrowEvent id="inner-throw"><bpmn:linkEventDefinition name="again"/></bpmn:intermediateThrowEvent>
          <bpmn:intermediateCatchEvent id="inner"><bpmn:linkEventDefinition name="again"/></bpmn:intermediateCatchEvent>
        </bpmn:subProcess>`),
    );
    expect(problems).toEqual([
      { elementId: 'p', message: "Multiple intermediate catch link event definitions with the same name 'again' are not allowed." },
    ]);
  });

  it('rejects conditions on an event-based gateway and a conditional event after it', async () => {
    const problems = await problemsOf(
      doc(`<bpmn:startEvent id="s"/>
        <bpmn:eventBasedGateway id="gw"/>
        <bpmn:sequenceFlow id="f1" sourceRef="gw" targetRef="c1"/>
        <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="c2"/>
        <bpmn:intermediateCatchEvent id="c1"><bpmn:timerEventDefinition><bpmn:timeDate>2030-01-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="c2"><bpmn:conditionalEventDefinition><bpmn:condition>=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`),
    );
    expect(problems.map((p) => p.elementId)).toEqual(['c2', 'gw']);
  });

  it('still refuses a process without any start event, and one with two none start events next to event start events', async () => {
    expect(await problemsOf(doc('<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="e"><bpmn:errorEventDefinition/></bpmn:startEvent></bpmn:subProcess>'))).toEqual([
      { elementId: 'p', message: 'Must have at least one start event' },
    ]);
    expect(
      await problemsOf(
        doc(`<bpmn:startEvent id="a"/><bpmn:startEvent id="b"/><bpmn:startEvent id="t"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`),
      ),
    ).toEqual([{ elementId: 'p', message: 'Multiple none start events are not allowed' }]);
  });
});

describe('parseBpmn: what stays unsupported', () => {
  it('rejects what Zeebe 8.3–8.5 does not run, and compensation and Zeebe user tasks for now, one message per element', async () => {
    const problems = await problemsOf(await fixtureText('bpmn/unsupported.bpmn'));
    expect(new Map(problems.map((p) => [p.elementId, p.message]))).toEqual(
      new Map([
        ['complex', expect.stringContaining("Elements of type 'bpmn:ComplexGateway' are not supported by Zeebe")],
        ['transaction', expect.stringContaining("Elements of type 'bpmn:Transaction' are not supported by Zeebe")],
        ['conditional-catch', expect.stringContaining('Conditional events')],
        ['conditional-start', expect.stringContaining('Conditional events')],
        ['compensation-boundary', expect.stringMatching(/^Compensation events .* not supported yet by this engine$/)],
        ['undo-work', expect.stringContaining('Compensation handlers (isForCompensation, Zeebe 8.5) are not supported yet')],
        ['compensation-throw', expect.stringMatching(/^Compensation events .* not supported yet by this engine$/)],
        ['compensation-end', expect.stringMatching(/^Compensation events .* not supported yet by this engine$/)],
        ['native-user-task', expect.stringContaining('Zeebe user tasks (the zeebe:userTask extension element')],
      ]),
    );
    expect(problems).toHaveLength(9);
  });
});
