import { describe, expect, it } from 'vitest';
import { line, serviceTask } from '../support/bpmn.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('smoke');

describe('smoke', () => {
  it('runs a service task through a zeebe-node worker', async () => {
    const zbc = t.client();
    const topology = await zbc.topology();
    expect(topology.brokers[0]?.partitions[0]?.role).toBe('LEADER');
    const deployed = await zbc.deployResource({ name: 'smoke.bpmn', process: Buffer.from(line('smoke', serviceTask('check', 'check-materials'))) });
    expect(deployed.deployments[0]?.process.bpmnProcessId).toBe('smoke');
    const worker = zbc.createWorker({
      taskType: 'check-materials',
      taskHandler: (job) => job.complete({ checked: true, seen: job.variables['caseNo'] }),
      loglevel: 'NONE',
    });
    const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'smoke', variables: { caseNo: 'A-1' } });
    expect(result.variables).toMatchObject({ caseNo: 'A-1', checked: true, seen: 'A-1' });
    await worker.close();
  });
});
