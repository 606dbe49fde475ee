// The engine process serves the supervisors' read API beside its gateway (ENGINE_HTTP_PORT):
// what a supervisor's browser or script reaches without any other service running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../engine/engine.js';
import { line, userTask } from '../support/bpmn.js';
import { createTestDatabase } from '../support/db.js';
import { ZBClient } from 'zeebe-node';

let engine: RunningEngine;
let zbc: ZBClient;
beforeAll(async () => {
  engine = await startEngine({ databaseUrl: await createTestDatabase('engine_http'), port: 0, httpPort: 0 });
  zbc = new ZBClient(engine.address, { loglevel: 'NONE', retry: false });
});
afterAll(async () => {
  await zbc?.close(2_000).catch(() => undefined);
  await engine?.stop();
});

describe('the engine serves the read API over HTTP', () => {
  it('finds a waiting case by a variable value and shows where it waits', async () => {
    await zbc.deployResource({ name: 'approve.bpmn', process: Buffer.from(line('approve', userTask('sign', { candidateGroups: '审批科' }))) });
    const { processInstanceKey } = await zbc.createProcessInstance({ bpmnProcessId: 'approve', variables: { caseNo: 'ZW-2026-000123' } });
    const base = `http://127.0.0.1:${String(engine.httpPort)}`;
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
