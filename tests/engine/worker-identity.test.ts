// The 身份核验 worker (`ow.identity-check`, processes/README.md) against a real engine: a valid
// identifier passes, a wrong one is a business "no" the flow catches (BPMN error
// IDENTITY_INVALID, with the reason a clerk reads out), and a technical fault fails the job so it
// is retried and finally becomes an incident (docs.camunda.io … concepts/job-workers, "Completing
// or failing jobs"; bpmn/error-events).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, errorBoundary, flow, serviceTask, startEvent } from '../support/bpmn.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';
import { identityCheck } from '../../workers/identity-check.js';
import { startWorker, type AnyWorker, type WorkerDefinition } from '../../workers/worker.js';
import { workerContext, type WorkerContext } from '../../workers/context.js';
import { loadDictionary } from '../../processes/dictionary/load.js';

const t = engineSuite('worker_identity');
const workers: AnyWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(1_000).catch(() => undefined)));
});

/** start → 身份核验 → accepted, with IDENTITY_INVALID caught into a refusal path. */
const flowXml = (processId: string, taskType: string, retries = '3'): string =>
  bpmnXml(processId, {
    nodes: [
      startEvent('received'),
      serviceTask('identityCheck', taskType, { retries }),
      errorBoundary('invalid', 'identityCheck', 'IDENTITY_INVALID'),
      endEvent('accepted'),
      endEvent('refused'),
    ],
    flows: [flow('received', 'identityCheck'), flow('identityCheck', 'accepted'), flow('invalid', 'refused')],
  });

let ctx: WorkerContext;

beforeAll(async () => {
  // The identity check reads only the job; the context is the one every worker gets.
  const dictionary = loadDictionary();
  ctx = workerContext({ sql: t.sql, dictionary: () => dictionary, filesDir: '' });
  await t.deploy('identity-case', flowXml('identity-case', 'ow.identity-check'));
  workers.push(startWorker(t.zbc, identityCheck(() => Date.parse('2026-11-28T08:00:00+08:00')), ctx, { retryBackOffMs: 100 }));
});

const endedAt = async (pi: string): Promise<string[]> =>
  (await t.completed(pi))
    .filter((r) => r.intent === 'ELEMENT_COMPLETED' && r.value['bpmnElementType'] === 'END_EVENT')
    .map((r) => String(r.value['elementId']));

describe('ow.identity-check', () => {
  it('passes a valid 统一社会信用代码 and a valid 居民身份证号', async () => {
    const company = await t.start('identity-case', { applicant: { creditCode: '91350100M000100Y43' } });
    expect(await endedAt(company)).toEqual(['accepted']);
    const person = await t.start('identity-case', { applicant: { idNumber: '11010519491231002x' } });
    expect(await endedAt(person)).toEqual(['accepted']);
  });

  it('refuses a wrong check character through the flow, with a reason a clerk can read', async () => {
    const pi = await t.start('identity-case', { applicant: { creditCode: '91350100M000100Y4Z' } });
    expect(await endedAt(pi)).toEqual(['refused']);
    const thrown = (await t.log.instance(pi)).filter((r) => r.valueType === 'JOB' && r.intent === 'ERROR_THROWN');
    expect(thrown[0]?.value['errorCode']).toBe('IDENTITY_INVALID');
    expect(String(thrown[0]?.value['errorMessage'])).toMatch(/统一社会信用代码有误：第18位/);
  });

  it('refuses an applicant with no identifier at all', async () => {
    const pi = await t.start('identity-case', { applicant: { name: '张三' } });
    expect(await endedAt(pi)).toEqual(['refused']);
  });
});

describe('a technical fault in a worker', () => {
  it('fails the job, retries it, and raises an incident when the retries are used up', async () => {
    let calls = 0;
    const broken: WorkerDefinition = {
      taskType: 'ow.identity-check-broken',
      title: '身份核验',
      handle() {
        calls++;
        throw new Error('证照库连接超时');
      },
    };
    await t.deploy('identity-broken', flowXml('identity-broken', 'ow.identity-check-broken', '2'));
    workers.push(startWorker(t.zbc, broken, ctx, { retryBackOffMs: 100 }));
    const pi = await t.start('identity-broken', { applicant: { creditCode: '91350100M000100Y43' } });
    const incident = await t.activeIncident(pi);
    expect(incident.errorType).toBe('JOB_NO_RETRIES');
    expect(incident.errorMessage).toContain('证照库连接超时');
    expect(calls).toBe(2);
    expect(await t.instanceState(pi)).toBe('ACTIVE');
    await eventually(async () => ((await t.incidentsOf(pi)).length === 1 ? true : undefined));
  });
});
