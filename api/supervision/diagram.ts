// What the case page paints: for the case's process instance and every instance it called, the
// deployed BPMN of the very version the instance runs (not the latest), the per-element counts
// (active / held by an incident / completed / canceled) and the sequence flows taken.
import { processXml } from '../designer/deployed-processes.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { ENGINE_QUERY_UNAVAILABLE } from './engine-query.js';
import type { CaseDiagrams, InstanceDiagram } from './answers.js';

export type { CaseDiagrams, InstanceDiagram };

export async function caseDiagrams(ctx: ApiContext, caseNo: string): Promise<CaseDiagrams> {
  const [c] = await ctx.sql<{ key: string | null }[]>`select process_instance_key as key from app.cases where case_no = ${caseNo}`;
  if (!c) throw notFound(`没有办件 ${caseNo}`);
  const eq = ctx.engineQuery;
  if (!eq) return { caseNo, engineAvailable: false, note: ENGINE_QUERY_UNAVAILABLE, diagrams: [] };
  if (c.key === null) return { caseNo, engineAvailable: true, note: '该办件尚未启动流程实例。', diagrams: [] };
  const family = await eq.family(c.key);
  if (family.length === 0) return { caseNo, engineAvailable: true, note: `流程引擎中没有该办件的流程实例 ${c.key}。`, diagrams: [] };
  const diagrams: InstanceDiagram[] = [];
  for (const p of family) {
    const model = await processXml(eq.sql, p.processDefinitionKey);
    if (!model) throw notFound(`流程引擎中没有流程定义 ${p.processDefinitionKey}（${p.processDefinitionId} 第 ${String(p.processDefinitionVersion)} 版）`);
    diagrams.push({
      processInstanceKey: p.processInstanceKey,
      parentProcessInstanceKey: p.parentProcessInstanceKey,
      bpmnProcessId: p.processDefinitionId,
      name: p.processDefinitionName,
      version: p.processDefinitionVersion,
      processDefinitionKey: p.processDefinitionKey,
      state: p.state,
      xml: model.xml,
      elements: (await eq.elementCounts(p.processInstanceKey)).map((e) => ({ elementId: e.elementId, active: e.active, incidents: e.incidents, completed: e.completed, canceled: e.canceled })),
      sequenceFlows: (await eq.takenFlows(p.processInstanceKey)).map((f) => ({ sequenceFlowId: f.sequenceFlowId, count: f.count })),
    });
  }
  return { caseNo, engineAvailable: true, note: null, diagrams };
}
