// DeleteResource: an operator removes a process definition (zeebe-node 8.3.2 has no call for it,
// so the raw gateway client sends it). References: docs.camunda.io/docs/8.3/apis-tools/grpc/
// ("DeleteResource RPC": NOT_FOUND for an unknown key, FAILED_PRECONDITION while instances of the
// definition are running) and the gateway.proto comment on DeleteResource ("New instances of a
// deleted process are created using the latest version that hasn't been deleted").
import { describe, expect, it } from 'vitest';
import type { ZBClient } from 'zeebe-node';
import { line, serviceTask } from '../support/bpmn.js';
import { startTestEngine, type TestEngine } from '../support/engine.js';
import { Code, grpcError, rawGateway, UNKNOWN_KEY } from '../support/gateway.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('resources');

/** Deploys `xml` and returns the new definition's key and version. */
async function deploy(client: ZBClient, processId: string, xml: string): Promise<{ key: string; version: number }> {
  const res = await client.deployResource({ name: `${processId}.bpmn`, process: Buffer.from(xml) });
  const process = (res.deployments[0] as { process?: { processDefinitionKey: string; version: number } } | undefined)?.process;
  if (!process) throw new Error(`deploying ${processId} returned no process`);
  return { key: String(process.processDefinitionKey), version: process.version };
}

/** Two versions of `processId`: v1 has one task, v2 a second one. */
async function twoVersions(client: ZBClient, processId: string): Promise<{ v1: string; v2: string }> {
  const v1 = await deploy(client, processId, line(processId, serviceTask('pack', `${processId}-pack`)));
  const v2 = await deploy(client, processId, line(processId, serviceTask('pack', `${processId}-pack`), serviceTask('ship', `${processId}-ship`)));
  expect([v1.version, v2.version]).toEqual([1, 2]);
  return { v1: v1.key, v2: v2.key };
}

describe('DeleteResource (gRPC reference, "DeleteResource RPC")', () => {
  it('deletes a definition without instances: its key is gone and "latest" falls back to the previous version', async () => {
    const { v1, v2 } = await twoVersions(t.zbc, 'res-fallback');
    expect(await t.raw.call('DeleteResource', { resourceKey: v2 })).toEqual({});

    const byKey = await grpcError(t.raw.call('CreateProcessInstance', { processDefinitionKey: v2, variables: '{}' }));
    expect(byKey.code).toBe(Code.NOT_FOUND);
    expect(byKey.details).toContain(v2);

    const latest = await t.zbc.createProcessInstance({ bpmnProcessId: 'res-fallback', variables: {} });
    expect(latest).toMatchObject({ bpmnProcessId: 'res-fallback', version: 1, processDefinitionKey: v1 });
    const explicit = await grpcError(t.zbc.createProcessInstance({ bpmnProcessId: 'res-fallback', version: 2, variables: {} }));
    expect(explicit.code).toBe(Code.NOT_FOUND);
    await t.zbc.cancelProcessInstance(latest.processInstanceKey);

    // The supervisor's trail says what happened.
    const deleted = await t.log.find({ valueType: 'PROCESS', intent: 'DELETED', key: v2 });
    expect(deleted).toHaveLength(1);
    expect(deleted[0]?.value).toMatchObject({ bpmnProcessId: 'res-fallback', version: 2 });
  });

  it('refuses with FAILED_PRECONDITION while an instance runs, and deletes once it is gone', async () => {
    const { v1, v2 } = await twoVersions(t.zbc, 'res-running');
    const running = await t.zbc.createProcessInstance({ bpmnProcessId: 'res-running', variables: {} });
    expect(running.processDefinitionKey).toBe(v2);

    const refused = await grpcError(t.raw.call('DeleteResource', { resourceKey: v2 }));
    expect(refused.code).toBe(Code.FAILED_PRECONDITION);
    expect(refused.details).toMatch(/running/i);
    expect(refused.details).toMatch(/instance/i);
    expect(refused.details).toContain(v2);
    // Nothing was deleted: the definition still starts instances.
    const again = await t.zbc.createProcessInstance({ bpmnProcessId: 'res-running', variables: {} });
    expect(again.processDefinitionKey).toBe(v2);

    await t.zbc.cancelProcessInstance(running.processInstanceKey);
    await t.zbc.cancelProcessInstance(again.processInstanceKey);
    await t.raw.call('DeleteResource', { resourceKey: v2 });
    expect((await t.zbc.createProcessInstance({ bpmnProcessId: 'res-running', variables: {} })).processDefinitionKey).toBe(v1);
  });

  it('answers NOT_FOUND for an unknown key, and for a key already deleted', async () => {
    const unknown = await grpcError(t.raw.call('DeleteResource', { resourceKey: UNKNOWN_KEY }));
    expect(unknown.code).toBe(Code.NOT_FOUND);
    expect(unknown.details).toContain(UNKNOWN_KEY);

    const { key } = await deploy(t.zbc, 'res-twice', line('res-twice', serviceTask('pack', 'res-twice-pack')));
    await t.raw.call('DeleteResource', { resourceKey: key });
    const twice = await grpcError(t.raw.call('DeleteResource', { resourceKey: key }));
    expect(twice.code).toBe(Code.NOT_FOUND);
    // The only version is gone: the process can't be started at all.
    expect((await grpcError(t.zbc.createProcessInstance({ bpmnProcessId: 'res-twice', variables: {} }))).code).toBe(Code.NOT_FOUND);
  });

  it('stays deleted after the engine restarts on the same database', async () => {
    const first = await startTestEngine('resources-restart');
    let firstStopped = false;
    let second: TestEngine | undefined;
    try {
      const { v1, v2 } = await twoVersions(first.client(), 'res-restart');
      const firstRaw = rawGateway(first.address);
      try {
        await firstRaw.call('DeleteResource', { resourceKey: v2 });
      } finally {
        firstRaw.close();
      }
      await first.stop();
      firstStopped = true;

      second = await startTestEngine('resources-restart', { databaseUrl: first.databaseUrl });
      const client = second.client();
      const secondRaw = rawGateway(second.address);
      try {
        expect((await grpcError(secondRaw.call('CreateProcessInstance', { processDefinitionKey: v2, variables: '{}' }))).code).toBe(Code.NOT_FOUND);
        expect((await grpcError(secondRaw.call('DeleteResource', { resourceKey: v2 }))).code).toBe(Code.NOT_FOUND);
      } finally {
        secondRaw.close();
      }
      const latest = await client.createProcessInstance({ bpmnProcessId: 'res-restart', variables: {} });
      expect(latest).toMatchObject({ version: 1, processDefinitionKey: v1 });
    } finally {
      await second?.stop();
      if (!firstStopped) await first.stop();
    }
  });
});
