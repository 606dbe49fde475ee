// Escalation events (intermediate throw, end, boundary), link events and terminate end events —
// what a process designer sees when a subprocess escalates, a flow jumps, or a branch ends the rest.
// References: docs.camunda.io/docs/8.3/components/modeler/bpmn/escalation-events/ ("Escalation
// events": Throwing/Catching the escalation, catch-all, uncaught escalations),
// …/bpmn/link-events/ ("Link events") and …/bpmn/terminate-events/ ("Terminate events": On the
// process scope, Inside a subprocess).
import { describe, expect, it } from 'vitest';
import {
  bpmnXml,
  endEvent,
  escalationBoundary,
  escalationEnd,
  escalationThrow,
  flow,
  linkCatch,
  linkThrow,
  parallelGateway,
  serviceTask,
  startEvent,
  subProcess,
  terminateEnd,
  type Node,
} from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { activatableNow, takeJob } from '../support/jobs.js';
import { elementRecords, type EngineRecord, jobCanceled } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { quiet } from '../support/wait.js';

const t = engineSuite('escalations-links-terminate');
const { deploy, start, completed, instanceState, complete } = t;

const noIncidents = (records: readonly EngineRecord[]): boolean => !records.some((r) => r.valueType === 'INCIDENT');

/**
 * start → subprocess `review` [ start → split → (wait: job `<p>-wait`) and (trigger: job
 * `<p>-trigger` → `thrower` [→ after-throw: job `<p>-after`, unless it is an end event]) ] → next: job `<p>-next` → end,
 * plus the given boundary events on `review`, each leading to a job `<p>-<boundary id>`.
 */
function escalatingReview(p: string, thrower: Node, boundaries: Node[], opts: { throwerIsEndEvent?: boolean } = {}): string {
  const throwerHasOutgoing = opts.throwerIsEndEvent !== true;
  return bpmnXml(p, {
    nodes: [
      startEvent('start'),
      subProcess('review', {
        nodes: [
          startEvent('review-start'),
          parallelGateway('split'),
          serviceTask('wait', `${p}-wait`),
          serviceTask('trigger', `${p}-trigger`),
          thrower,
          ...(throwerHasOutgoing ? [serviceTask('after-throw', `${p}-after`)] : []),
          endEvent('wait-end'),
          ...(throwerHasOutgoing ? [endEvent('throw-path-end')] : []),
        ],
        flows: [
          flow('review-start', 'split'),
          flow('split', 'wait'),
          flow('split', 'trigger'),
          flow('wait', 'wait-end'),
          flow('trigger', thrower.id),
          ...(throwerHasOutgoing ? [flow(thrower.id, 'after-throw'), flow('after-throw', 'throw-path-end')] : []),
        ],
      }),
      serviceTask('next', `${p}-next`),
      endEvent('end'),
      ...boundaries,
      ...boundaries.map((b) => serviceTask(`handle-${b.id}`, `${p}-${b.id}`)),
      ...boundaries.map((b) => endEvent(`handled-${b.id}`)),
    ],
    flows: [
      flow('start', 'review'),
      flow('review', 'next'),
      flow('next', 'end'),
      ...boundaries.flatMap((b) => [flow(b.id, `handle-${b.id}`), flow(`handle-${b.id}`, `handled-${b.id}`)]),
    ],
  });
}

// "Even though escalations are non-critical, it is still possible make escalation catch events
// interrupting … The catch event will terminate the scope it is attached to. In this case, the
// outgoing sequence flows of the throwing escalation event are not taken."
describe('escalation caught by a boundary event on the subprocess (docs.camunda.io: Escalation events, Catching the escalation)', () => {
  it('interrupting: the subprocess is terminated (its other job canceled), the throw path stops, the boundary path runs', async () => {
    const p = 'esc-int';
    await deploy(p, escalatingReview(p, escalationThrow('escalate', 'NEEDS_HEARING'), [escalationBoundary('hearing', 'review', 'NEEDS_HEARING')]));
    const pi = await start(p);
    const wait = await takeJob(t.zbc, `${p}-wait`);
    await complete(await takeJob(t.zbc, `${p}-trigger`));

    const handle = await takeJob(t.zbc, `${p}-hearing`);
    expect(handle.processInstanceKey).toBe(pi);
    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'review', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(jobCanceled(records, wait.key)).toBe(true);
    expect(elementRecords(records, 'after-throw', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    expect((await grpcError(t.zbc.completeJob({ jobKey: wait.key, variables: {} }))).code).toBe(Code.NOT_FOUND);

    await complete(handle);
    const done = await completed(pi);
    // The subprocess's own outgoing flow is not taken.
    expect(elementRecords(done, 'next', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    expect(noIncidents(done)).toBe(true);
  });

  it('non-interrupting: the throw path continues inside the subprocess and the boundary path runs as well', async () => {
    const p = 'esc-non';
    await deploy(p, escalatingReview(p, escalationThrow('escalate', 'NEEDS_HEARING'), [escalationBoundary('hearing', 'review', 'NEEDS_HEARING', { interrupting: false })]));
    const pi = await start(p);
    const wait = await takeJob(t.zbc, `${p}-wait`);
    await complete(await takeJob(t.zbc, `${p}-trigger`));

    const after = await takeJob(t.zbc, `${p}-after`);
    const handle = await takeJob(t.zbc, `${p}-hearing`);
    expect(after.processInstanceKey).toBe(pi);
    expect(handle.processInstanceKey).toBe(pi);
    expect(elementRecords(await t.log.instance(pi), 'review', 'ELEMENT_TERMINATED')).toHaveLength(0);

    await complete(wait);
    await complete(after);
    const next = await takeJob(t.zbc, `${p}-next`);
    await complete(next);
    await complete(handle);
    const done = await completed(pi);
    expect(elementRecords(done, 'review', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(noIncidents(done)).toBe(true);
  });

  // "If there are no escalation catch events that match the escalationCode, the escalation will
  // not be caught. Unlike with error events, no incident is raised. The process will continue
  // without escalating."
  it('uncaught (no catch for its code): the flow simply continues, no incident', async () => {
    const p = 'esc-uncaught';
    await deploy(p, escalatingReview(p, escalationThrow('escalate', 'NOBODY_LISTENS'), [escalationBoundary('hearing', 'review', 'NEEDS_HEARING')]));
    const pi = await start(p);
    const wait = await takeJob(t.zbc, `${p}-wait`);
    await complete(await takeJob(t.zbc, `${p}-trigger`));
    const after = await takeJob(t.zbc, `${p}-after`);
    expect(after.processInstanceKey).toBe(pi);
    expect(await activatableNow(t.zbc, `${p}-hearing`)).toEqual([]);
    await complete(wait);
    await complete(after);
    await complete(await takeJob(t.zbc, `${p}-next`));
    const done = await completed(pi);
    expect(noIncidents(done)).toBe(true);
    expect(elementRecords(done, 'escalate', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });

  // "It is possible to define both an escalation catch event referencing an escalation with a
  // particular escalationCode and an escalation catch-all event within the same scope … the
  // escalation catch event that matches the escalationCode is prioritized."
  it('a catch-all boundary catches any code; a boundary with the exact code wins over it', async () => {
    const p = 'esc-catch-all';
    await deploy(
      p,
      escalatingReview(p, escalationThrow('escalate', '=code'), [
        escalationBoundary('any', 'review', undefined, { interrupting: false }),
        escalationBoundary('hearing', 'review', 'NEEDS_HEARING', { interrupting: false }),
      ]),
    );
    const exact = await start(p, { code: 'NEEDS_HEARING' });
    const trigger1 = await takeJob(t.zbc, `${p}-trigger`);
    await complete(trigger1);
    const hearing = await takeJob(t.zbc, `${p}-hearing`);
    expect(hearing.processInstanceKey).toBe(exact);

    const other = await start(p, { code: 'FEE_DISPUTE' });
    const trigger2 = await takeJob(t.zbc, `${p}-trigger`);
    expect(trigger2.processInstanceKey).toBe(other);
    await complete(trigger2);
    const any = await takeJob(t.zbc, `${p}-any`);
    expect(any.processInstanceKey).toBe(other);
    await quiet();
    expect(elementRecords(await t.log.instance(exact), 'any', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    expect(elementRecords(await t.log.instance(other), 'hearing', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    await t.zbc.cancelProcessInstance(exact);
    await t.zbc.cancelProcessInstance(other);
  });
});

// "An escalation can be thrown by an escalation end event, or by an intermediate escalation throw event."
describe('escalation end event (docs.camunda.io: Escalation events, Throwing the escalation)', () => {
  it('ends its path and is caught by the interrupting boundary of the subprocess', async () => {
    const p = 'esc-end';
    await deploy(p, escalatingReview(p, escalationEnd('escalate-end', 'NEEDS_HEARING'), [escalationBoundary('hearing', 'review', 'NEEDS_HEARING')], { throwerIsEndEvent: true }));
    const pi = await start(p);
    const wait = await takeJob(t.zbc, `${p}-wait`);
    await complete(await takeJob(t.zbc, `${p}-trigger`));
    const handle = await takeJob(t.zbc, `${p}-hearing`);
    expect(handle.processInstanceKey).toBe(pi);
    expect(jobCanceled(await t.log.instance(pi), wait.key)).toBe(true);
    await complete(handle);
    const done = await completed(pi);
    expect(elementRecords(done, 'next', 'ELEMENT_ACTIVATING')).toHaveLength(0);
  });

  it('uncaught at the process level: the instance just completes, no incident', async () => {
    await deploy(
      'esc-end-uncaught',
      bpmnXml('esc-end-uncaught', {
        nodes: [startEvent('start'), serviceTask('work', 'esc-end-uncaught-work'), escalationEnd('escalate', 'NOBODY_LISTENS')],
        flows: [flow('start', 'work'), flow('work', 'escalate')],
      }),
    );
    const pi = await start('esc-end-uncaught');
    await complete(await takeJob(t.zbc, 'esc-end-uncaught-work'));
    const done = await completed(pi);
    expect(noIncidents(done)).toBe(true);
    expect(await instanceState(pi)).toBe('COMPLETED');
  });
});

// "In practice, two paired link events function the same as two intermediate none events
// connected via a sequence flow."
describe('link events (docs.camunda.io: Link events)', () => {
  it('a link throw event continues the flow at the link catch event of the same name', async () => {
    await deploy(
      'link-jump',
      bpmnXml('link-jump', {
        nodes: [
          startEvent('start'),
          serviceTask('before', 'link-before'),
          linkThrow('to-archive', 'archive'),
          linkCatch('other-link', 'elsewhere'),
          serviceTask('unrelated', 'link-unrelated'),
          endEvent('unrelated-end'),
          linkCatch('at-archive', 'archive'),
          serviceTask('archive', 'link-archive'),
          endEvent('end'),
        ],
        flows: [flow('start', 'before'), flow('before', 'to-archive'), flow('other-link', 'unrelated'), flow('unrelated', 'unrelated-end'), flow('at-archive', 'archive'), flow('archive', 'end')],
      }),
    );
    const pi = await start('link-jump', { caseId: 'C-7' });
    await complete(await takeJob(t.zbc, 'link-before'));
    const archive = await takeJob(t.zbc, 'link-archive', { waitMs: 3_000 });
    expect(archive.processInstanceKey).toBe(pi);
    expect(archive.variables).toMatchObject({ caseId: 'C-7' });
    expect(await activatableNow(t.zbc, 'link-unrelated')).toEqual([]);
    await complete(archive);
    const done = await completed(pi);
    expect(elementRecords(done, 'at-archive', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(elementRecords(done, 'other-link', 'ELEMENT_ACTIVATING')).toHaveLength(0);
  });
});

describe('terminate end events (docs.camunda.io: Terminate events)', () => {
  // "A terminate end event on the process scope … terminates all element instances of the process
  // instance. After the termination, the process instance completes."
  it('on the process scope: ends the other branch of a parallel split (its job canceled) and the instance COMPLETES', async () => {
    await deploy(
      'term-process',
      bpmnXml('term-process', {
        nodes: [
          startEvent('start'),
          parallelGateway('split'),
          serviceTask('slow', 'term-slow'),
          serviceTask('fast', 'term-fast'),
          endEvent('slow-end'),
          terminateEnd('stop'),
        ],
        flows: [flow('start', 'split'), flow('split', 'slow'), flow('split', 'fast'), flow('slow', 'slow-end'), flow('fast', 'stop')],
      }),
    );
    const pi = await start('term-process');
    const slow = await takeJob(t.zbc, 'term-slow');
    await complete(await takeJob(t.zbc, 'term-fast'));

    const done = await completed(pi);
    expect(jobCanceled(done, slow.key)).toBe(true);
    expect(elementRecords(done, 'slow', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(done, 'stop', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(done.some((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === 'ELEMENT_TERMINATED' && r.value['bpmnElementType'] === 'PROCESS')).toBe(false);
    expect(await instanceState(pi)).toBe('COMPLETED');
    expect((await grpcError(t.zbc.completeJob({ jobKey: slow.key, variables: {} }))).code).toBe(Code.NOT_FOUND);
  });

  // "A terminate end event inside an embedded or an event subprocess terminates all element
  // instances of the subprocess. After the termination, the subprocess completes, and the process
  // instance takes the outgoing sequence flows … It doesn't terminate element instances outside the subprocess."
  it('inside a subprocess: ends only the subprocess, which completes and continues; work outside goes on', async () => {
    await deploy(
      'term-sub',
      bpmnXml('term-sub', {
        nodes: [
          startEvent('start'),
          parallelGateway('split'),
          serviceTask('outside', 'term-sub-outside'),
          subProcess('inner', {
            nodes: [
              startEvent('inner-start'),
              parallelGateway('inner-split'),
              serviceTask('inner-slow', 'term-sub-inner-slow'),
              serviceTask('inner-fast', 'term-sub-inner-fast'),
              endEvent('inner-slow-end'),
              terminateEnd('inner-stop'),
            ],
            flows: [
              flow('inner-start', 'inner-split'),
              flow('inner-split', 'inner-slow'),
              flow('inner-split', 'inner-fast'),
              flow('inner-slow', 'inner-slow-end'),
              flow('inner-fast', 'inner-stop'),
            ],
          }),
          serviceTask('after-inner', 'term-sub-after'),
          parallelGateway('join'),
          endEvent('end'),
        ],
        flows: [
          flow('start', 'split'),
          flow('split', 'outside'),
          flow('split', 'inner'),
          flow('inner', 'after-inner'),
          flow('outside', 'join'),
          flow('after-inner', 'join'),
          flow('join', 'end'),
        ],
      }),
    );
    const pi = await start('term-sub');
    const outside = await takeJob(t.zbc, 'term-sub-outside');
    const innerSlow = await takeJob(t.zbc, 'term-sub-inner-slow');
    await complete(await takeJob(t.zbc, 'term-sub-inner-fast'));

    const after = await takeJob(t.zbc, 'term-sub-after');
    expect(after.processInstanceKey).toBe(pi);
    const records = await t.log.instance(pi);
    expect(jobCanceled(records, innerSlow.key)).toBe(true);
    expect(elementRecords(records, 'inner', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(elementRecords(records, 'inner', 'ELEMENT_TERMINATED')).toHaveLength(0);
    expect(jobCanceled(records, outside.key)).toBe(false);

    await complete(outside);
    await complete(after);
    await completed(pi);
    expect(await instanceState(pi)).toBe('COMPLETED');
  });
});
