// The gateway as a client meets it before any process runs: topology, the RPCs that come with a
// later engine version, and load shedding.
import { describe, expect, it } from 'vitest';
import { line, serviceTask } from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { takeJob } from '../support/jobs.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('gateway_protocol');

// docs.camunda.io/docs/apis-tools/grpc/ — "Topology RPC": brokers with their partitions and roles.
describe('Topology', () => {
  it('describes a one-node cluster whose only broker leads partition 1', async () => {
    const topology = await t.client().topology();
    expect(topology).toMatchObject({ clusterSize: 1, partitionsCount: 1, replicationFactor: 1 });
    expect(topology.brokers).toHaveLength(1);
    expect(topology.brokers[0]?.partitions).toEqual([{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }]);
    expect(topology.gatewayVersion).toMatch(/^8\.\d+\.\d+$/);
  });
});

// docs.camunda.io/docs/self-managed/zeebe-deployment/operations/backpressure/ — when the broker
// can't take more work it answers RESOURCE_EXHAUSTED, except for commands that complete or fail
// jobs (those reduce the load), and clients retry.
describe('backpressure', () => {
  it('refuses new instances with RESOURCE_EXHAUSTED while jobs can still be completed', async () => {
    const zbc = t.client();
    await zbc.deployResource({ name: 'load.bpmn', process: Buffer.from(line('load', serviceTask('work', 'load-work'))) });
    const { processInstanceKey } = await zbc.createProcessInstance({ bpmnProcessId: 'load', variables: {} });
    const job = await takeJob(zbc, 'load-work');
    const runtime = t.engine.runtime;
    const limit = runtime.maxPendingCommands;
    runtime.maxPendingCommands = 0; // as if the commit queue were full
    try {
      const refused = await grpcError(zbc.createProcessInstance({ bpmnProcessId: 'load', variables: {} }));
      expect(refused.code).toBe(Code.RESOURCE_EXHAUSTED);
      expect(refused.details).toMatch(/busy|retry/i);
      await zbc.completeJob({ jobKey: job.key, variables: { done: true } });
    } finally {
      runtime.maxPendingCommands = limit;
    }
    expect(runtime.state.processInstances.has(Number(processInstanceKey))).toBe(false);
    const again = await zbc.createProcessInstance({ bpmnProcessId: 'load', variables: {} });
    expect(Number(again.processInstanceKey)).toBeGreaterThan(Number(processInstanceKey));
  });
});
