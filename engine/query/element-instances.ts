// POST /v2/element-instances/search — Camunda 8 "Search element instances" (Operate's flow node
// instances) — and GET /v2/process-instances/{key}/element-instances/tree, the instance history
// tree Operate shows beside the diagram (ours; v2 has no tree endpoint).
//
// Where the rows come from: live element instances are in engine.element_instances and are
// deleted when they finish; a finished one exists only in the record log, as its
// PROCESS_INSTANCE records (ELEMENT_ACTIVATING … ELEMENT_COMPLETED / ELEMENT_TERMINATED, keyed by
// the element instance key). So a search that may include finished element instances names its
// process instances (filter.processInstanceKey: a key or $in), and reads their records through
// the (process_instance_key, position) index; a search for ACTIVE element instances only may
// span every instance and reads the live table. Multi-instance bodies are element instances of
// type MULTI_INSTANCE_BODY, their inner instances have the body as scope.
import type { Fragment, Sql } from 'postgres';
import { z } from 'zod';
import { definitionsOf } from './definitions.js';
import { badRequest, notFound } from './errors.js';
import { dateTimeFilter, enumFilter, keyFilter, keySql, numberSql, pinnedKeys, stringFilter, stringSql } from './filters.js';
import { iso, optStr, pageSchema, runSearch, unprepared, sortSchema, str, type DbRow, type SearchResult, type SortColumn } from './paging.js';
import { TENANT, tenantSql } from './tenant.js';

export const ELEMENT_TYPES = [
  'UNSPECIFIED',
  'PROCESS',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS',
  'START_EVENT',
  'INTERMEDIATE_CATCH_EVENT',
  'INTERMEDIATE_THROW_EVENT',
  'BOUNDARY_EVENT',
  'END_EVENT',
  'SERVICE_TASK',
  'RECEIVE_TASK',
  'USER_TASK',
  'MANUAL_TASK',
  'TASK',
  'EXCLUSIVE_GATEWAY',
  'INCLUSIVE_GATEWAY',
  'PARALLEL_GATEWAY',
  'EVENT_BASED_GATEWAY',
  'SEQUENCE_FLOW',
  'MULTI_INSTANCE_BODY',
  'CALL_ACTIVITY',
  'BUSINESS_RULE_TASK',
  'SCRIPT_TASK',
  'SEND_TASK',
  'UNKNOWN',
] as const;

export const ELEMENT_INSTANCE_STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;

/** How many process instances one element-instance search may read from the record log. */
const MAX_INSTANCES = 1000;

const filterSchema = z.strictObject({
  elementInstanceKey: keyFilter.optional(),
  processInstanceKey: keyFilter.optional(),
  processDefinitionKey: keyFilter.optional(),
  processDefinitionId: stringFilter.optional(),
  elementId: stringFilter.optional(),
  type: enumFilter(ELEMENT_TYPES).optional(),
  state: enumFilter(ELEMENT_INSTANCE_STATES).optional(),
  hasIncident: z.boolean().optional(),
  incidentKey: keyFilter.optional(),
  /** Direct children of this element instance (or of the process instance, by its key). */
  elementInstanceScopeKey: keyFilter.optional(),
  startDate: dateTimeFilter.optional(),
  endDate: dateTimeFilter.optional(),
  tenantId: stringFilter.optional(),
});
type Filter = z.output<typeof filterSchema>;

export const ELEMENT_INSTANCE_SORT_FIELDS = [
  'elementInstanceKey',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'elementId',
  'type',
  'state',
  'startDate',
  'endDate',
  'incidentKey',
  'tenantId',
] as const;

export const elementInstanceSearchRequest = z.strictObject({
  filter: filterSchema.optional(),
  sort: sortSchema(ELEMENT_INSTANCE_SORT_FIELDS).optional(),
  page: pageSchema.optional(),
});
export type ElementInstanceSearchRequest = z.output<typeof elementInstanceSearchRequest>;

export interface ElementInstanceResult {
  readonly elementInstanceKey: string;
  readonly processInstanceKey: string;
  readonly processDefinitionKey: string;
  readonly processDefinitionId: string;
  readonly elementId: string;
  readonly elementName: string;
  readonly type: string;
  readonly state: string;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly hasIncident: boolean;
  readonly incidentKey: string | null;
  readonly tenantId: string;
  /** Not in Camunda's result (only its filter): the enclosing element instance, null for the process. */
  readonly elementInstanceScopeKey: string | null;
}

export interface ElementInstanceNode extends ElementInstanceResult {
  readonly children: ElementInstanceNode[];
}

/**
 * Element instances of the given process instances, rebuilt from their records: one row per
 * element instance with the columns every element-instance query reads (alias `e`).
 */
export function recordedElementInstances(sql: Sql, processInstanceKeys: readonly string[]): Fragment {
  return sql`(
    select x.key, x.process_instance_key,
      (x.v->>'processDefinitionKey')::bigint as process_definition_key,
      -- Stored records leave the process id to their definition (migrations/0005_compact_records.sql).
      coalesce(x.v->>'bpmnProcessId', (select d.bpmn_process_id from engine.process_definitions d
        where d.key = (x.v->>'processDefinitionKey')::bigint)) as bpmn_process_id,
      x.v->>'elementId' as element_id,
      x.v->>'bpmnElementType' as element_type,
      x.state, x.start_time, x.end_time,
      nullif((x.v->>'flowScopeKey')::bigint, -1) as flow_scope_key,
      case when x.state = 'ACTIVE' then
        (select min(i.key) from engine.incidents i
          where i.process_instance_key = x.process_instance_key and i.element_instance_key = x.key and i.state = 'ACTIVE')
      end as incident_key
    from (
      select r.key, min(r.process_instance_key) as process_instance_key,
        (array_agg(r.value order by r.position))[1] as v,
        min(r.timestamp) as start_time,
        max(r.timestamp) filter (where r.intent in ('ELEMENT_COMPLETED', 'ELEMENT_TERMINATED')) as end_time,
        case
          when bool_or(r.intent = 'ELEMENT_COMPLETED') then 'COMPLETED'
          when bool_or(r.intent = 'ELEMENT_TERMINATED') then 'TERMINATED'
          else 'ACTIVE'
        end as state
      from engine.records r
      where r.process_instance_key = any(${`{${processInstanceKeys.join(',')}}`}::bigint[])
        and r.value_type = 'PROCESS_INSTANCE' and r.record_type = 'EVENT'
        and r.intent in ('ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING', 'ELEMENT_COMPLETED', 'ELEMENT_TERMINATING', 'ELEMENT_TERMINATED')
      group by r.key
    ) x
  ) e`;
}

/**
 * When a live element instance started waiting. Rows written before start_time existed (0) fall
 * back to the element's first record.
 */
export const liveStartTime = (sql: Sql, alias: Fragment): Fragment => sql`case when ${alias}.start_time > 0 then ${alias}.start_time else
  (select min(r.timestamp) from engine.records r where r.process_instance_key = ${alias}.process_instance_key and r.key = ${alias}.key) end`;

/** Live element instances of every process instance (alias `e`), same columns as the recorded ones. */
export function liveElementInstances(sql: Sql): Fragment {
  return sql`(
    select l.key, l.process_instance_key, l.process_definition_key, d.bpmn_process_id, l.element_id, l.element_type,
      'ACTIVE'::text as state, ${liveStartTime(sql, sql`l`)} as start_time, null::bigint as end_time,
      nullif(l.flow_scope_key, -1) as flow_scope_key,
      (l.data->>'incidentKey')::bigint as incident_key
    from engine.element_instances l join engine.process_definitions d on d.key = l.process_definition_key
  ) e`;
}

const SELECT = (sql: Sql): Fragment => sql`e.key::text as key, e.process_instance_key::text as process_instance_key,
  e.process_definition_key::text as process_definition_key, e.bpmn_process_id, e.element_id, e.element_type, e.state,
  e.start_time::float8 as start_time, e.end_time::float8 as end_time, e.flow_scope_key::text as flow_scope_key,
  e.incident_key::text as incident_key`;

function filterSql(sql: Sql, f: Filter): Fragment[] {
  const out: Fragment[] = [
    ...keySql(sql, sql`e.key`, f.elementInstanceKey),
    ...keySql(sql, sql`e.process_instance_key`, f.processInstanceKey),
    ...keySql(sql, sql`e.process_definition_key`, f.processDefinitionKey),
    ...stringSql(sql, sql`e.bpmn_process_id`, f.processDefinitionId),
    ...stringSql(sql, sql`e.element_id`, f.elementId),
    ...stringSql(sql, sql`e.element_type`, f.type),
    ...stringSql(sql, sql`e.state`, f.state),
    ...keySql(sql, sql`e.incident_key`, f.incidentKey),
    ...numberSql(sql, sql`e.start_time`, f.startDate),
    ...numberSql(sql, sql`e.end_time`, f.endDate),
    ...tenantSql(sql, f.tenantId),
  ];
  if (f.hasIncident !== undefined) out.push(f.hasIncident ? sql`e.incident_key is not null` : sql`e.incident_key is null`);
  if (f.elementInstanceScopeKey !== undefined) {
    // The process instance is the scope of its top-level elements (their flowScopeKey is its key).
    out.push(...keySql(sql, sql`coalesce(e.flow_scope_key, -1)`, f.elementInstanceScopeKey));
  }
  return out;
}

function sortColumns(sql: Sql): Record<(typeof ELEMENT_INSTANCE_SORT_FIELDS)[number], SortColumn> {
  return {
    elementInstanceKey: { expr: sql`e.key`, type: 'bigint' },
    processInstanceKey: { expr: sql`e.process_instance_key`, type: 'bigint' },
    processDefinitionKey: { expr: sql`e.process_definition_key`, type: 'bigint' },
    processDefinitionId: { expr: sql`e.bpmn_process_id`, type: 'text' },
    elementId: { expr: sql`e.element_id`, type: 'text' },
    type: { expr: sql`e.element_type`, type: 'text' },
    state: { expr: sql`e.state`, type: 'text' },
    startDate: { expr: sql`coalesce(e.start_time, 0)`, type: 'bigint' },
    endDate: { expr: sql`coalesce(e.end_time, 9223372036854775807)`, type: 'bigint' },
    incidentKey: { expr: sql`coalesce(e.incident_key, -1)`, type: 'bigint' },
    tenantId: { expr: sql`${TENANT}::text`, type: 'text' },
  };
}

/** The only-ACTIVE filter that lets a search read live element instances across every process instance. */
function onlyActive(f: Filter): boolean {
  const s = f.state;
  if (!s) return false;
  if (s.$eq === 'ACTIVE') return true;
  return s.$in !== undefined && s.$in.length > 0 && s.$in.every((v) => v === 'ACTIVE');
}

export async function toElementInstanceResults(sql: Sql, rows: readonly DbRow[]): Promise<ElementInstanceResult[]> {
  const names = await definitionsOf(sql).names(rows.map((r) => str(r['process_definition_key'])));
  return rows.map((r) => {
    const elementId = str(r['element_id']);
    const incidentKey = optStr(r['incident_key']);
    return {
      elementInstanceKey: str(r['key']),
      processInstanceKey: str(r['process_instance_key']),
      processDefinitionKey: str(r['process_definition_key']),
      processDefinitionId: str(r['bpmn_process_id']),
      elementId,
      elementName: names.get(str(r['process_definition_key']))?.elementName(elementId) ?? elementId,
      type: str(r['element_type']),
      state: str(r['state']),
      startDate: iso(r['start_time']),
      endDate: iso(r['end_time']),
      hasIncident: incidentKey !== null,
      incidentKey,
      tenantId: TENANT,
      elementInstanceScopeKey: optStr(r['flow_scope_key']),
    };
  });
}

export async function searchElementInstances(sql: Sql, request: ElementInstanceSearchRequest): Promise<SearchResult<ElementInstanceResult>> {
  const f = request.filter ?? {};
  const instances = pinnedKeys(f.processInstanceKey);
  let from: Fragment;
  if (instances !== undefined) {
    if (instances.length > MAX_INSTANCES) {
      throw badRequest(`filter.processInstanceKey: At most ${MAX_INSTANCES} process instances per search (got ${instances.length})`);
    }
    from = recordedElementInstances(sql, instances);
  } else if (onlyActive(f)) {
    from = liveElementInstances(sql);
  } else {
    throw badRequest(
      'filter.processInstanceKey: Required (a key or {"$in": [...]}) unless filter.state is ACTIVE: ' +
        'finished element instances are read from their process instances\' record logs',
    );
  }
  const result = await runSearch(sql, {
    select: SELECT(sql),
    from,
    where: filterSql(sql, f),
    columns: sortColumns(sql),
    tiebreak: ['elementInstanceKey'],
    sort: request.sort,
    page: request.page,
  });
  return { items: await toElementInstanceResults(sql, result.items), page: result.page };
}

/** Every element instance of one process instance, nested by scope under the PROCESS element. */
export async function elementInstanceTree(sql: Sql, processInstanceKey: string): Promise<ElementInstanceNode> {
  const rows = await unprepared(sql<DbRow[]>`select ${SELECT(sql)} from ${recordedElementInstances(sql, [processInstanceKey])} order by e.key`);
  const items = await toElementInstanceResults(sql, rows);
  const nodes = new Map<string, ElementInstanceNode>();
  for (const item of items) nodes.set(item.elementInstanceKey, { ...item, children: [] });
  let root: ElementInstanceNode | undefined;
  for (const node of nodes.values()) {
    const parent = node.elementInstanceScopeKey === null ? undefined : nodes.get(node.elementInstanceScopeKey);
    if (parent) parent.children.push(node);
    else if (node.type === 'PROCESS') root = node;
  }
  if (!root) throw notFound(`Process instance with key '${processInstanceKey}' not found`);
  return root;
}
