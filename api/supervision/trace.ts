// The full trace of one case (办件全程追溯): what people did (app.audit, subject case/<caseNo>) and
// what the engine did (the records of its process instance and of every instance it called),
// merged into one timeline by time, with the element-instance tree, the variables and the
// incidents beside it — everything a supervisor needs to see why a case is where it is.
import type { ElementInstanceNode } from '../../engine/query/element-instances.js';
import type { IncidentResult } from '../../engine/query/incidents.js';
import type { ProcessInstanceResult } from '../../engine/query/process-instances.js';
import type { VariableResult } from '../../engine/query/variables.js';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../db/app/case-status.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { ENGINE_QUERY_UNAVAILABLE } from './engine-query.js';
import type { TraceCase } from './answers.js';

export type AuditEntry = {
  readonly source: 'audit';
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly reason: string | null;
  readonly detail: unknown;
};

export type EngineEntry = {
  readonly source: 'engine';
  readonly at: string;
  readonly processInstanceKey: string;
  readonly position: string;
  readonly key: string;
  readonly recordType: string;
  readonly valueType: string;
  readonly intent: string;
  /** The element the record is about, when it is about one. */
  readonly elementId: string | null;
  readonly elementName: string | null;
  /** The few fields of the record's value that say what happened (job type, variable name, error …). */
  readonly detail: Record<string, unknown>;
};

export type TimelineEntry = AuditEntry | EngineEntry;

export interface CaseTrace {
  readonly case: TraceCase;
  readonly engineAvailable: boolean;
  readonly note: string | null;
  readonly processInstances: ProcessInstanceResult[];
  readonly timeline: TimelineEntry[];
  /** One tree per process instance (the case's, then those it called). */
  readonly trees: ElementInstanceNode[];
  readonly variables: VariableResult[];
  readonly incidents: IncidentResult[];
}

/** The value fields worth showing in a timeline line; the rest stays in the engine's history. */
const DETAIL_FIELDS = ['bpmnElementType', 'type', 'retries', 'worker', 'errorMessage', 'errorType', 'errorCode', 'name', 'messageName', 'correlationKey', 'dueDate', 'elementInstanceKey', 'jobKey'] as const;

function detailOf(value: unknown): { elementId: string | null; detail: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return { elementId: null, detail: {} };
  const v = value as Record<string, unknown>;
  const detail: Record<string, unknown> = {};
  for (const f of DETAIL_FIELDS) if (v[f] !== undefined && v[f] !== null && v[f] !== '') detail[f] = v[f];
  const elementId = typeof v['elementId'] === 'string' && v['elementId'] !== '' ? v['elementId'] : null;
  return { elementId, detail };
}

function namesIn(tree: ElementInstanceNode, out: Map<string, string>): void {
  out.set(tree.elementId, tree.elementName);
  for (const c of tree.children) namesIn(c, out);
}

export async function caseTrace(ctx: ApiContext, caseNo: string): Promise<CaseTrace> {
  type Row = {
    caseNo: string; subItemCode: string; orgUnit: string; status: string; warning: string | null; bpmnProcessId: string; processVersion: number | null;
    processInstanceKey: string | null; createdAt: Date; acceptedAt: Date | null; concludedAt: Date | null; committedDueAt: Date | null;
  };
  const [c] = await ctx.sql<Row[]>`
    select case_no as "caseNo", sub_item_code as "subItemCode", org_unit as "orgUnit", status, warning, bpmn_process_id as "bpmnProcessId",
      process_version as "processVersion", process_instance_key as "processInstanceKey", created_at as "createdAt", accepted_at as "acceptedAt",
      concluded_at as "concludedAt", committed_due_at as "committedDueAt"
    from app.cases where case_no = ${caseNo}`;
  if (!c) throw notFound(`没有办件 ${caseNo}`);

  const audits = await ctx.sql<{ at: Date; actor: string; action: string; reason: string | null; detail: unknown }[]>`
    select at, actor, action, reason, detail from app.audit
    where (subject_type = 'case' and subject_id = ${caseNo})
       -- what people did to the case's tasks (claim, complete, reassign, send back, urge); the
       -- inbox's own bookkeeping (task.created, withdrawn by the engine) is in the engine records
       or (subject_type = 'task' and actor <> 'engine' and subject_id in (select job_key::text from app.tasks where case_no = ${caseNo}))
    order by at, id`;
  const timeline: TimelineEntry[] = audits.map((a) => ({ source: 'audit', at: a.at.toISOString(), actor: a.actor, action: a.action, reason: a.reason, detail: a.detail }));

  const eq = ctx.engineQuery;
  let processInstances: ProcessInstanceResult[] = [];
  const trees: ElementInstanceNode[] = [];
  let variables: VariableResult[] = [];
  let incidents: IncidentResult[] = [];
  let note: string | null = null;
  if (!eq) note = ENGINE_QUERY_UNAVAILABLE;
  else if (c.processInstanceKey === null) note = '该办件尚未启动流程实例。';
  else {
    processInstances = await eq.family(c.processInstanceKey);
    if (processInstances.length === 0) note = `流程引擎中没有该办件的流程实例 ${c.processInstanceKey}。`;
    const keys = processInstances.map((p) => p.processInstanceKey);
    for (const p of processInstances) {
      const tree = await eq.tree(p.processInstanceKey);
      trees.push(tree);
      const names = new Map<string, string>();
      namesIn(tree, names);
      for (const r of await eq.history(p.processInstanceKey)) {
        const { elementId, detail } = detailOf(r.value);
        timeline.push({
          source: 'engine',
          at: r.timestamp,
          processInstanceKey: p.processInstanceKey,
          position: r.position,
          key: r.key,
          recordType: r.recordType,
          valueType: r.valueType,
          intent: r.intent,
          elementId,
          elementName: elementId ? (names.get(elementId) ?? elementId) : null,
          detail,
        });
      }
    }
    variables = await eq.variables(keys);
    incidents = await eq.incidents(keys, { all: true });
  }

  // By time; at the same millisecond people's entries first, the engine's in log order.
  const rank = (e: TimelineEntry): number => (e.source === 'audit' ? 0 : 1);
  timeline.sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b) || (a.source === 'engine' && b.source === 'engine' ? Number(BigInt(a.position) - BigInt(b.position)) : 0));

  return {
    case: {
      caseNo: c.caseNo,
      subItemCode: c.subItemCode,
      subItemName: ctx.dictionary().byCode.get(c.subItemCode)?.name ?? null,
      orgUnit: c.orgUnit,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status,
      warning: c.warning,
      bpmnProcessId: c.bpmnProcessId,
      processVersion: c.processVersion,
      processInstanceKey: c.processInstanceKey,
      createdAt: c.createdAt.toISOString(),
      acceptedAt: c.acceptedAt?.toISOString() ?? null,
      concludedAt: c.concludedAt?.toISOString() ?? null,
      committedDueAt: c.committedDueAt?.toISOString() ?? null,
    },
    engineAvailable: eq !== undefined,
    note,
    processInstances,
    timeline,
    trees,
    variables,
    incidents,
  };
}
