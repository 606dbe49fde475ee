// What a supervisor paints on a diagram and looks at first when cases are stuck.
//
// Camunda 8 shapes:
//   GET /v2/process-instances/{key}/statistics/element-instances
//       {items: [{elementId, active, canceled, incidents, completed}]}
//       Counts of the instance's element instances per element. `active` excludes those held by
//       an incident, which count under `incidents` (Operate draws them as separate badges).
//       Multi-instance bodies are left out: they share their activity's elementId, and the
//       inner instances are what is counted.
//   GET /v2/process-instances/{key}/sequence-flows
//       {items: [{processInstanceKey, sequenceFlowId, elementId, processDefinitionKey,
//                 processDefinitionId, tenantId, count}]}  — each flow taken at least once
//       (`count`, how many times, is ours).
//   GET /v2/process-instances/{key}/statistics/wait-states   (Camunda 8.10)
//       {items: [{elementId, waitingCount}]}
// Ours (v2 has nothing across instances):
//   GET /v2/statistics/wait-states — per process and element, how many live instances wait
//   there and for how long; see waitStateStatistics.
import type { Fragment, Sql } from 'postgres';
import { z } from 'zod';
import { definitionsOf } from './definitions.js';
import { notFound } from './errors.js';
import { liveStartTime, recordedElementInstances } from './element-instances.js';
import { and, textArray } from './filters.js';
import { num, str, unprepared } from './paging.js';
import { TENANT } from './tenant.js';

async function requireInstance(sql: Sql, key: string): Promise<{ processDefinitionKey: string; bpmnProcessId: string }> {
  const [row] = await sql<{ process_definition_key: string; bpmn_process_id: string }[]>`
    select process_definition_key::text as process_definition_key, bpmn_process_id from engine.process_instances where key = ${key}::bigint`;
  if (!row) throw notFound(`Process instance with key '${key}' not found`);
  return { processDefinitionKey: row.process_definition_key, bpmnProcessId: row.bpmn_process_id };
}

// ---------------------------------------------------------------- per instance

export interface ElementStatistics {
  readonly elementId: string;
  readonly active: number;
  readonly canceled: number;
  readonly incidents: number;
  readonly completed: number;
}

export async function elementStatistics(sql: Sql, processInstanceKey: string): Promise<{ items: ElementStatistics[] }> {
  await requireInstance(sql, processInstanceKey);
  const rows = await unprepared(sql<{ element_id: string; active: number; canceled: number; incidents: number; completed: number }[]>`
    select e.element_id,
      count(*) filter (where e.state = 'ACTIVE' and e.incident_key is null)::int as active,
      count(*) filter (where e.state = 'TERMINATED')::int as canceled,
      count(*) filter (where e.state = 'ACTIVE' and e.incident_key is not null)::int as incidents,
      count(*) filter (where e.state = 'COMPLETED')::int as completed
    from ${recordedElementInstances(sql, [processInstanceKey])}
    where e.element_type not in ('PROCESS', 'MULTI_INSTANCE_BODY')
    group by e.element_id order by e.element_id`);
  return { items: rows.map((r) => ({ elementId: r.element_id, active: r.active, canceled: r.canceled, incidents: r.incidents, completed: r.completed })) };
}

export interface SequenceFlowResult {
  readonly processInstanceKey: string;
  readonly sequenceFlowId: string;
  readonly elementId: string;
  readonly processDefinitionKey: string;
  readonly processDefinitionId: string;
  readonly tenantId: string;
  readonly count: number;
}

export async function sequenceFlows(sql: Sql, processInstanceKey: string): Promise<{ items: SequenceFlowResult[] }> {
  const instance = await requireInstance(sql, processInstanceKey);
  const rows = await unprepared(sql<{ flow: string; n: number }[]>`
    select r.value->>'elementId' as flow, count(*)::int as n from engine.records r
    where r.process_instance_key = ${processInstanceKey}::bigint and r.value_type = 'PROCESS_INSTANCE' and r.intent = 'SEQUENCE_FLOW_TAKEN'
    group by 1 order by min(r.position)`);
  return {
    items: rows.map((r) => ({
      processInstanceKey,
      sequenceFlowId: r.flow,
      elementId: r.flow,
      processDefinitionKey: instance.processDefinitionKey,
      processDefinitionId: instance.bpmnProcessId,
      tenantId: TENANT,
      count: r.n,
    })),
  };
}

// ---------------------------------------------------------------- waiting element instances

export const WAIT_STATE_TYPES = ['USER_TASK', 'JOB', 'MESSAGE', 'SIGNAL', 'TIMER', 'CALL_ACTIVITY', 'NONE'] as const;

/**
 * Live element instances that wait (alias `w`): what they wait for (a user, a worker, a message,
 * a signal, a timer, a called process — NONE when only an incident holds them), whether an
 * incident holds them, and since when. Scopes (process, subprocesses, multi-instance bodies)
 * are not wait states — their children are — unless an incident holds the scope itself.
 */
function waiting(sql: Sql): Fragment {
  return sql`(
    select l.key, l.process_instance_key, l.process_definition_key, d.bpmn_process_id, d.version, l.element_id, l.element_type,
      ${liveStartTime(sql, sql`l`)} as start_time,
      (l.data->>'incidentKey') is not null as incident,
      case
        when l.element_type = 'USER_TASK' then 'USER_TASK'
        when (l.data->>'jobKey') is not null then 'JOB'
        when jsonb_array_length(coalesce(l.data->'subscriptionKeys', '[]')) > 0 then 'MESSAGE'
        when jsonb_array_length(coalesce(l.data->'signalKeys', '[]')) > 0 then 'SIGNAL'
        when jsonb_array_length(coalesce(l.data->'timerKeys', '[]')) > 0 then 'TIMER'
        when l.element_type = 'CALL_ACTIVITY' then 'CALL_ACTIVITY'
        else 'NONE'
      end as wait_state_type
    from engine.element_instances l join engine.process_definitions d on d.key = l.process_definition_key
    where l.element_type not in ('PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS', 'MULTI_INSTANCE_BODY', 'AD_HOC_SUB_PROCESS') or (l.data->>'incidentKey') is not null
  ) w`;
}

export async function instanceWaitStates(sql: Sql, processInstanceKey: string): Promise<{ items: { elementId: string; waitingCount: number }[] }> {
  await requireInstance(sql, processInstanceKey);
  const rows = await unprepared(sql<{ element_id: string; n: number }[]>`
    select w.element_id, count(*)::int as n from ${waiting(sql)}
    where w.process_instance_key = ${processInstanceKey}::bigint group by 1 order by 1`);
  return { items: rows.map((r) => ({ elementId: r.element_id, waitingCount: r.n })) };
}

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''));

/** Query-string parameters of GET /v2/statistics/wait-states. */
export const waitStateQuery = z.strictObject({
  /** Comma-separated bpmnProcessIds. */
  processDefinitionId: csv.optional(),
  /** Comma-separated element ids. */
  elementId: csv.optional(),
  /** Comma-separated wait-state types. */
  waitStateType: csv.pipe(z.array(z.enum(WAIT_STATE_TYPES))).optional(),
  /** Only groups where an incident holds at least one (true) / no (false) element instance. */
  hasIncident: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Only element instances waiting at least this long (ms). */
  minWaitMs: z.coerce.number().int().min(0).optional(),
  sort: z.enum(['oldest', 'p50', 'p90', 'waitingCount', 'incidentCount']).optional(),
});
export type WaitStateQuery = z.output<typeof waitStateQuery>;

export interface WaitStateStatistics {
  readonly processDefinitionId: string;
  readonly processDefinitionName: string;
  readonly processDefinitionVersions: number[];
  readonly elementId: string;
  readonly elementName: string;
  readonly elementType: string;
  /** What most of them wait for. */
  readonly waitStateType: string;
  readonly waitingCount: number;
  /** How many of them an incident holds. */
  readonly incidentCount: number;
  readonly oldestStartDate: string;
  /** The process instance that has waited here longest: where to start looking. */
  readonly oldestProcessInstanceKey: string;
  readonly waitDuration: { readonly oldestMs: number; readonly p50Ms: number; readonly p90Ms: number };
}

/**
 * Per process (bpmnProcessId, all versions together) and element: how many live element
 * instances wait there, what for, how many are held by an incident, and for how long (the
 * oldest, the median and the 90th percentile of now − start). Longest waits first.
 */
export async function waitStateStatistics(sql: Sql, query: WaitStateQuery, now = Date.now()): Promise<{ asOf: string; items: WaitStateStatistics[] }> {
  const where: Fragment[] = [];
  if (query.processDefinitionId) where.push(sql`w.bpmn_process_id = any(${textArray(sql, query.processDefinitionId)})`);
  if (query.elementId) where.push(sql`w.element_id = any(${textArray(sql, query.elementId)})`);
  if (query.waitStateType) where.push(sql`w.wait_state_type = any(${textArray(sql, query.waitStateType)})`);
  if (query.minWaitMs !== undefined) where.push(sql`w.start_time <= ${String(now - query.minWaitMs)}::bigint`);
  const having =
    query.hasIncident === undefined ? sql`true` : query.hasIncident ? sql`bool_or(w.incident)` : sql`not bool_or(w.incident)`;
  const order = {
    oldest: sql`oldest_start asc`,
    p50: sql`percentiles[1] desc`,
    p90: sql`percentiles[2] desc`,
    waitingCount: sql`waiting desc`,
    incidentCount: sql`incidents desc`,
  }[query.sort ?? 'oldest'];
  const nowParam = sql`${String(now)}::bigint`;
  const rows = await unprepared(sql<
    {
      bpmn_process_id: string;
      element_id: string;
      element_type: string;
      wait_state_type: string;
      versions: number[];
      latest_definition: string;
      waiting: number;
      incidents: number;
      oldest_start: number;
      percentiles: number[];
      oldest_instance: string;
    }[]
  >`
    select w.bpmn_process_id, w.element_id, min(w.element_type) as element_type,
      mode() within group (order by w.wait_state_type) as wait_state_type,
      array_agg(distinct w.version order by w.version) as versions,
      max(w.process_definition_key)::text as latest_definition,
      count(*)::int as waiting,
      count(*) filter (where w.incident)::int as incidents,
      min(w.start_time)::float8 as oldest_start,
      percentile_cont(array[0.5, 0.9]) within group (order by (${nowParam} - w.start_time)::float8) as percentiles,
      (min(array[w.start_time, w.key, w.process_instance_key]))[3]::text as oldest_instance
    from ${waiting(sql)}
    where ${and(sql, where)}
    group by w.bpmn_process_id, w.element_id
    having ${having}
    order by ${order}, w.bpmn_process_id, w.element_id`);
  const names = await definitionsOf(sql).names(rows.map((r) => r.latest_definition));
  return {
    asOf: new Date(now).toISOString(),
    items: rows.map((r) => {
      const n = names.get(r.latest_definition);
      const oldest = num(r.oldest_start);
      return {
        processDefinitionId: r.bpmn_process_id,
        processDefinitionName: n?.processName ?? r.bpmn_process_id,
        processDefinitionVersions: r.versions.map(num),
        elementId: r.element_id,
        elementName: n?.elementName(r.element_id) ?? r.element_id,
        elementType: r.element_type,
        waitStateType: r.wait_state_type,
        waitingCount: r.waiting,
        incidentCount: r.incidents,
        oldestStartDate: new Date(oldest).toISOString(),
        oldestProcessInstanceKey: str(r.oldest_instance),
        waitDuration: {
          oldestMs: Math.max(0, now - oldest),
          p50Ms: Math.max(0, Math.round(num(r.percentiles[0]))),
          p90Ms: Math.max(0, Math.round(num(r.percentiles[1]))),
        },
      };
    }),
  };
}
