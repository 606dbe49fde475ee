// Deploying processes: DeployResource and the deprecated DeployProcess, as a process designer
// (or a CI pipeline) deploys models with zeebe-node.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, exclusiveGateway, flow, line, serviceTask, startEvent, type Node } from '../support/bpmn.js';
import { Code, FIRST_KEY, grpcError, type Message } from '../support/gateway.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('deploy');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'));
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** zbc.deployProcess takes several models only as files (it sends each file's base name). */
function files(models: Record<string, string>): string[] {
  return Object.entries(models).map(([name, xml]) => {
    const file = path.join(dir, name);
    writeFileSync(file, xml);
    return file;
  });
}

const buf = (xml: string): Buffer => Buffer.from(xml, 'utf8');

/** DeployResource answers with one `process` per deployed process. */
function processesOf(response: { deployments: readonly unknown[] }): { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string }[] {
  return response.deployments.map((d) => {
    const p = (d as { process?: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string } }).process;
    if (!p) throw new Error(`deployment entry without a process: ${JSON.stringify(d)}`);
    return p;
  });
}

/** A start → task → end process whose element ids are prefixed with its id (ids are unique per document). */
function simpleProcess(id: string): string {
  return bpmnXml(id, {
    nodes: [startEvent(`${id}-start`), serviceTask(`${id}-task`, `${id}-work`), endEvent(`${id}-end`)],
    flows: [flow(`${id}-start`, `${id}-task`), flow(`${id}-task`, `${id}-end`)],
  });
}

/** Two executable processes in one definitions document. */
function twoProcesses(a: string, b: string): string {
  const processOf = (xml: string): string => {
    const m = /<bpmn:process[\s\S]*<\/bpmn:process>/.exec(xml);
    if (!m) throw new Error('no process element');
    return m[0];
  };
  const first = simpleProcess(a);
  return first.replace(processOf(first), `${processOf(first)}\n${processOf(simpleProcess(b))}`);
}

async function definitionRows(bpmnProcessId: string): Promise<number> {
  const rows = await t.sql<{ n: string }[]>`select count(*)::text as n from engine.process_definitions where bpmn_process_id = ${bpmnProcessId}`;
  return Number(rows[0]?.n ?? 0);
}

// docs.camunda.io/docs/components/concepts/processes/ ("Process versioning"), and
// docs.camunda.io/docs/apis-tools/grpc/ ("DeployResource RPC").
describe('DeployResource: versions per bpmnProcessId', () => {
  it('gives version 1 to a new process and a new version (and key) to a changed model', async () => {
    const v1 = await t.zbc.deployResource({ name: 'permit.bpmn', process: buf(line('permit', serviceTask('check', 'permit-check'))) });
    const [p1] = processesOf(v1);
    expect(p1).toMatchObject({ bpmnProcessId: 'permit', version: 1, resourceName: 'permit.bpmn' });
    expect(BigInt(v1.key)).toBeGreaterThanOrEqual(FIRST_KEY);
    expect(BigInt(p1?.processDefinitionKey ?? '0')).toBeGreaterThanOrEqual(FIRST_KEY);

    const v2 = await t.zbc.deployResource({
      name: 'permit.bpmn',
      process: buf(line('permit', serviceTask('check', 'permit-check'), serviceTask('approve', 'permit-approve'))),
    });
    const [p2] = processesOf(v2);
    expect(p2).toMatchObject({ bpmnProcessId: 'permit', version: 2 });
    expect(p2?.processDefinitionKey).not.toBe(p1?.processDefinitionKey);
    expect(v2.key).not.toBe(v1.key);

    // A third change: 3. Versions count per process id, not per deployment.
    const v3 = await t.zbc.deployResource({ name: 'permit.bpmn', process: buf(line('permit', serviceTask('approve', 'permit-approve'))) });
    expect(processesOf(v3)[0]).toMatchObject({ bpmnProcessId: 'permit', version: 3 });
    const other = await t.zbc.deployResource({ name: 'license.bpmn', process: buf(line('license', serviceTask('check', 'license-check'))) });
    expect(processesOf(other)[0]).toMatchObject({ bpmnProcessId: 'license', version: 1 });
  });

  it('keeps the version and process definition key when the identical resource is deployed again', async () => {
    const xml = buf(line('stamp', serviceTask('affix', 'stamp-work')));
    const first = await t.zbc.deployResource({ name: 'stamp.bpmn', process: xml });
    const again = await t.zbc.deployResource({ name: 'stamp.bpmn', process: xml });
    const [a] = processesOf(first);
    const [b] = processesOf(again);
    expect(a?.version).toBe(1);
    expect(b?.version).toBe(1);
    expect(b?.processDefinitionKey).toBe(a?.processDefinitionKey);
    expect(await definitionRows('stamp')).toBe(1);

    // …and a change after that still becomes version 2.
    const changed = await t.zbc.deployResource({ name: 'stamp.bpmn', process: buf(line('stamp', serviceTask('affix', 'stamp-work-v2'))) });
    expect(processesOf(changed)[0]?.version).toBe(2);
    const started = await t.zbc.createProcessInstance({ bpmnProcessId: 'stamp', variables: {} });
    expect(started.version).toBe(2);
  });

  it('deploys every executable process of one resource together', async () => {
    const response = await t.zbc.deployResource({ name: 'pair.bpmn', process: buf(twoProcesses('pair-a', 'pair-b')) });
    const processes = processesOf(response);
    expect(processes.map((p) => p.bpmnProcessId).sort()).toEqual(['pair-a', 'pair-b']);
    for (const p of processes) expect(p).toMatchObject({ version: 1, resourceName: 'pair.bpmn' });
    const a = await t.zbc.createProcessInstance({ bpmnProcessId: 'pair-a', variables: {} });
    const b = await t.zbc.createProcessInstance({ bpmnProcessId: 'pair-b', variables: {} });
    expect(a.bpmnProcessId).toBe('pair-a');
    expect(b.bpmnProcessId).toBe('pair-b');
  });

  it('deploys several resources in one request, under one deployment key', async () => {
    const response = await t.raw.call('DeployResource', {
      resources: [
        { name: 'multi-one.bpmn', content: buf(line('multi-one', serviceTask('t', 'multi-one-work'))) },
        { name: 'multi-two.bpmn', content: buf(line('multi-two', serviceTask('t', 'multi-two-work'))) },
      ],
    });
    const deployments = (response['deployments'] as Message[]).map((d) => d['process'] as Message);
    expect(deployments.map((p) => [p['bpmnProcessId'], p['version'], p['resourceName']])).toEqual([
      ['multi-one', 1, 'multi-one.bpmn'],
      ['multi-two', 1, 'multi-two.bpmn'],
    ]);
    const rows = await t.sql<{ deployment_key: string }[]>`
      select distinct deployment_key::text from engine.process_definitions where bpmn_process_id in ('multi-one', 'multi-two')`;
    expect(rows.map((r) => r.deployment_key)).toEqual([String(response['key'])]);
  });
});

// docs.camunda.io/docs/apis-tools/zeebe-api/deprecated-rpcs/ ("DeployProcess RPC": deprecated,
// still served; "an atomic call, i.e. either all processes are deployed, or none of them are").
describe('DeployProcess (deprecated, zbc.deployProcess)', () => {
  it('deploys several processes and answers with their metadata', async () => {
    const response = await t.zbc.deployProcess(
      files({
        'old-one.bpmn': line('old-one', serviceTask('t', 'old-one-work')),
        'old-two.bpmn': line('old-two', serviceTask('t', 'old-two-work')),
      }),
    );
    expect(BigInt(response.key)).toBeGreaterThanOrEqual(FIRST_KEY);
    expect(response.processes.map((p) => [p.bpmnProcessId, p.version, p.resourceName])).toEqual([
      ['old-one', 1, 'old-one.bpmn'],
      ['old-two', 1, 'old-two.bpmn'],
    ]);
    const again = await t.zbc.deployProcess({ name: 'old-one.bpmn', definition: buf(line('old-one', serviceTask('t', 'old-one-work-changed'))) });
    expect(again.processes[0]).toMatchObject({ bpmnProcessId: 'old-one', version: 2 });
    const started = await t.zbc.createProcessInstance({ bpmnProcessId: 'old-two', variables: {} });
    expect(started.version).toBe(1);
  });

  it('is atomic: one invalid process and nothing is deployed', async () => {
    const failure = await grpcError(
      t.zbc.deployProcess(
        files({
          'old-good.bpmn': line('old-good', serviceTask('t', 'old-good-work')),
          'old-bad.bpmn': line('old-bad', serviceTask('typeless', '')),
        }),
      ),
    );
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain('typeless');
    expect(await definitionRows('old-good')).toBe(0);
  });
});

// docs.camunda.io/docs/apis-tools/grpc/ ("DeployResource RPC": atomic; INVALID_ARGUMENT when
// "no resources given", "if at least one resource is invalid", "if the content is not deserializable
// or not valid"); the reason lists every problem (Zeebe's validation result names each element).
describe('DeployResource: rejected deployments store nothing', () => {
  // One model with three problems: a service task without a job type; an exclusive gateway whose
  // second outgoing flow has no condition and is not the default; a condition that doesn't parse.
  const broken = bpmnXml('broken', {
    nodes: [startEvent('start'), serviceTask('noJobType', ''), exclusiveGateway('decide'), endEvent('yes'), endEvent('no')],
    flows: [
      flow('start', 'noJobType'),
      flow('noJobType', 'decide'),
      flow('decide', 'yes', { id: 'badCondition', condition: '=(amount > 10' }),
      flow('decide', 'no', { id: 'noCondition' }),
    ],
  });

  it('rejects a deployment with one valid and one invalid resource as a whole, naming every offending element', async () => {
    const failure = await grpcError(
      t.raw.call('DeployResource', {
        resources: [
          { name: 'valid.bpmn', content: buf(line('atomic-valid', serviceTask('t', 'atomic-work'))) },
          { name: 'broken.bpmn', content: buf(broken) },
        ],
      }),
    );
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain("rejected with code 'INVALID_ARGUMENT'");
    expect(failure.details).toContain('broken.bpmn');
    for (const id of ['noJobType', 'badCondition', 'noCondition']) expect(failure.details).toContain(id);
    expect(failure.details).not.toContain("'valid.bpmn'"); // the valid resource is not blamed

    // Nothing of it was stored: the valid process can't be started and has no definition row.
    const notFound = await grpcError(t.zbc.createProcessInstance({ bpmnProcessId: 'atomic-valid', variables: {} }));
    expect(notFound.code).toBe(Code.NOT_FOUND);
    expect(await definitionRows('atomic-valid')).toBe(0);
    expect(await definitionRows('broken')).toBe(0);

    // No version number was used up either.
    const alone = await t.zbc.deployResource({ name: 'valid.bpmn', process: buf(line('atomic-valid', serviceTask('t', 'atomic-work'))) });
    expect(processesOf(alone)[0]?.version).toBe(1);
  });

  it('rejects a resource type it cannot deploy, naming the resource', async () => {
    const failure = await grpcError(t.zbc.deployResource({ name: 'notes.txt', process: buf('just some notes') }));
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain('notes.txt');
  });

  it('rejects a resource that is not BPMN XML at all', async () => {
    const failure = await grpcError(t.zbc.deployResource({ name: 'garbage.bpmn', process: buf('<definitions><unclosed></definitions>') }));
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain('garbage.bpmn');
  });

  it('rejects an empty deployment', async () => {
    const failure = await grpcError(t.raw.call('DeployResource', { resources: [] }));
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toMatch(/at least one resource/i);
  });

  // docs.camunda.io/docs/components/modeler/bpmn/bpmn-coverage/ — only executable processes run;
  // Zeebe's validator: "Must contain at least one executable process".
  it('rejects a resource whose only process is not executable', async () => {
    const xml = line('paper-only', serviceTask('t', 'paper-work')).replace('isExecutable="true"', 'isExecutable="false"');
    const failure = await grpcError(t.zbc.deployResource({ name: 'paper-only.bpmn', process: buf(xml) }));
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain('paper-only.bpmn');
    expect(failure.details).toMatch(/executable process/i);
    expect(await definitionRows('paper-only')).toBe(0);
  });

  // docs.camunda.io/docs/components/modeler/bpmn/none-events/ — a process starts at its start
  // event; Zeebe's validator rejects a process without any ("Must have at least one start event").
  it('rejects a process without any start event, naming the process', async () => {
    const task = serviceTask('lonely', 'lonely-work');
    const xml = bpmnXml('no-start', { nodes: [task, endEvent('end')], flows: [flow('lonely', 'end')] });
    const failure = await grpcError(t.zbc.deployResource({ name: 'no-start.bpmn', process: buf(xml) }));
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain('no-start');
    expect(failure.details).toMatch(/start event/i);
  });
});

// docs.camunda.io/docs/components/modeler/bpmn/message-events/ (a process may start only by a
// message) and docs.camunda.io/docs/apis-tools/grpc/ ("CreateProcessInstance RPC": FAILED_PRECONDITION
// "the process definition does not contain a none start event; only processes with none start
// event can be started manually").
describe('a process without a none start event', () => {
  it('deploys, but CreateProcessInstance answers FAILED_PRECONDITION', async () => {
    const messageStart: Node = {
      id: 'applied',
      xml: (_incoming, outgoing) =>
        `<bpmn:startEvent id="applied">${outgoing.map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`).join('')}<bpmn:messageEventDefinition messageRef="Message_applied"/></bpmn:startEvent>`,
      extra: '<bpmn:message id="Message_applied" name="application-received"/>',
    };
    const xml = bpmnXml('by-message', { nodes: [messageStart, serviceTask('t', 'by-message-work'), endEvent('end')], flows: [flow('applied', 't'), flow('t', 'end')] });
    const deployed = await t.zbc.deployResource({ name: 'by-message.bpmn', process: buf(xml) });
    expect(processesOf(deployed)[0]).toMatchObject({ bpmnProcessId: 'by-message', version: 1 });
    const failure = await grpcError(t.zbc.createProcessInstance({ bpmnProcessId: 'by-message', variables: {} }));
    expect(failure.code).toBe(Code.FAILED_PRECONDITION);
    expect(failure.details).toContain('by-message');
  });
});
