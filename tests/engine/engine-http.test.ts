// The engine process serves the supervisors' read API beside its gateway (ENGINE_HTTP_PORT):
// what a supervisor's browser or script reaches without any other service running.
import { describe, expect, it } from 'vitest';
import { line, userTask } from '../support/bpmn.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('engine_http', { httpPort: 0 });

describe('the engine serves the read API over HTTP', () => {
  it('finds a waiting case by a variable value and shows where it waits', async () => {
    await t.deploy('approve', line('approve', userTask('sign', { candidateGroups: '审批科' })));
    const { processInstanceKey } = await t.zbc.createProcessInstance({ bpmnProcessId: 'approve', variables: { caseNo: 'ZW-2026-000123' } });
    const base = `http://127.0.0.1:${String(t.engine.httpPort)}`;
    const found = await fetch(`${base}/v2/process-instances/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { variables: [{ name: 'caseNo', value: JSON.stringify('ZW-2026-000123') }] } }),
    });
    expect(found.status).toBe(200);
    const body = (await found.json()) as { items: { processInstanceKey: string; state: string }[] };
    expect(body.items.map((i) => i.processInstanceKey)).toEqual([processInstanceKey]);
    expect(body.items[0]?.state).toBe('ACTIVE');
    const stats = await fetch(`${base}/v2/process-instances/${processInstanceKey}/statistics/element-instances`);
    const counts = (await stats.json()) as { items: { elementId: string; active: number }[] };
    expect(counts.items.find((i) => i.elementId === 'sign')?.active).toBe(1);
    const bad = await fetch(`${base}/v2/process-instances/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { state: 'STUCK' } }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('filter.state');
  });
});
