// engine/state/folding.ts: a waiting instance folded into its compact form and unfolded again is
// the same instance — every field of every element, job and variable scope, whatever optional
// state it carries — and the compact form is a one-byte string however Chinese its variables.
import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../engine/model/parse.js';
import type { DeployedProcess, ElementInstance, Job } from '../../engine/state/entities.js';
import { fold, unfold, type Unfolded } from '../../engine/state/folding.js';
import { bpmnXml, endEvent, flow, parallelGateway, serviceTask, startEvent, subProcess, timerBoundary, userTask } from '../support/bpmn.js';

const xml = bpmnXml('folded-case', {
  nodes: [
    startEvent('start'),
    parallelGateway('fork'),
    userTask('review', { candidateGroups: 'hall-clerks', multiInstance: { inputCollection: '=approvers', inputElement: 'approver' } }),
    timerBoundary('late', 'review', { duration: 'PT1H' }),
    subProcess('sub', { nodes: [startEvent('s'), serviceTask('check', 'folded-check'), endEvent('e')], flows: [flow('s', 'check'), flow('check', 'e')] }),
    parallelGateway('join'),
    endEvent('end'),
    endEvent('late-end'),
  ],
  flows: [flow('start', 'fork'), flow('fork', 'review'), flow('fork', 'sub'), flow('review', 'join'), flow('sub', 'join'), flow('join', 'end'), flow('late', 'late-end')],
});

async function deployed(): Promise<DeployedProcess> {
  const [model] = await parseBpmn(xml, 'folded-case.bpmn');
  if (!model) throw new Error('no model');
  return { key: 2251799813685300, bpmnProcessId: 'folded-case', version: 3, resourceName: 'folded-case.bpmn', checksum: 'x', resource: xml, deploymentKey: 2251799813685299, deployedAt: 1_700_000_000_000, model };
}

function instance(process: DeployedProcess): Unfolded {
  const pk = 2251799813690000;
  const t0 = 1_732_000_000_000;
  const el = (key: number, flowScopeKey: number, elementId: string, type: ElementInstance['type'], extra: Partial<ElementInstance> = {}): ElementInstance => ({
    key,
    processInstanceKey: pk,
    flowScopeKey,
    elementId,
    type,
    process,
    state: 'ACTIVATED',
    startTime: t0 + (key - pk),
    ...extra,
  });
  const root = el(pk, -1, 'folded-case', 'PROCESS', { joins: { join: { 'sub-to-join': 1 } } });
  const body = el(pk + 5, pk, 'review', 'MULTI_INSTANCE_BODY', {
    timerKeys: [pk + 6],
    mi: { items: ['李四', '王五'], next: 2, completed: 1, terminated: 0, done: false },
  });
  const inner = el(pk + 8, pk + 5, 'review', 'USER_TASK', { jobKey: pk + 9, loopCounter: 2, eventVariables: { 意见: '同意' } });
  const orphanJobKey = el(pk + 12, pk + 5, 'review', 'USER_TASK', { jobKey: pk + 99, loopCounter: 3, interruptedBy: { elementId: 'late', variables: { reason: '超时' } } });
  const job: Job = {
    key: pk + 9,
    type: 'io.camunda.zeebe:userTask',
    state: 'ACTIVATED',
    retries: 2,
    deadline: t0 + 300_000,
    worker: '窗口-3',
    errorMessage: '',
    errorCode: '',
    customHeaders: { candidateGroups: 'hall-clerks' },
    elementInstanceKey: pk + 8,
    elementId: 'review',
    processInstanceKey: pk,
    process,
    createdAt: t0 + 9,
  };
  return {
    instance: { key: pk, process, state: 'ACTIVE', startTime: t0, parentProcessInstanceKey: 2251799813689000, parentElementInstanceKey: 2251799813689004, startCorrelationKey: 'C-7' },
    elements: [
      { ei: root, container: true },
      { ei: body, container: true },
      { ei: inner, container: false },
      { ei: orphanJobKey, container: false },
    ],
    jobs: [job],
    variables: [
      [pk, new Map<string, unknown>([['applicant', { name: '张三', idNumber: '11010519491231002X' }], ['approvers', ['李四', '王五']], ['amount', 12.5], ['none', null]])],
      [pk + 8, new Map<string, unknown>([['approver', '王五'], ['loopCounter', 2]])],
    ],
  };
}

describe('fold / unfold', () => {
  it('gives back every field of the instance, its elements, jobs and variable scopes', async () => {
    const process = await deployed();
    const original = instance(process);
    const text = fold(original);
    const back = unfold(original.instance.key, text, (key) => {
      expect(key).toBe(process.key);
      return process;
    });
    expect(back.instance).toEqual(original.instance);
    expect(back.elements).toEqual(original.elements);
    expect(back.jobs).toEqual(original.jobs);
    expect(back.variables).toEqual(original.variables);
    // The element ids are the model's own strings, and every object refers to the deployed process.
    expect(back.elements.every(({ ei }) => ei.process === process)).toBe(true);
  });

  it('is a one-byte string even with Chinese variables, and smaller than the JSON of its parts', async () => {
    const original = instance(await deployed());
    const text = fold(original);
    expect(/^[\u0000-\u00ff]*$/.test(text)).toBe(true);
    const plain = JSON.stringify({
      instance: { ...original.instance, process: undefined },
      elements: original.elements.map(({ ei }) => ({ ...ei, process: undefined })),
      jobs: original.jobs.map((j) => ({ ...j, process: undefined })),
      variables: original.variables.map(([k, v]) => [k, Object.fromEntries(v)]),
    });
    expect(text.length).toBeLessThan(plain.length * 0.6);
  });

  it('refuses a compact form that names an element its process does not have', async () => {
    const process = await deployed();
    const original = instance(process);
    const text = fold(original);
    const other = { ...process, model: { ...process.model, elements: new Map([...process.model.elements].filter(([id]) => id !== 'review')) } };
    expect(() => unfold(original.instance.key, text, () => other)).toThrow("names element 'review', which its process does not have");
  });
});
