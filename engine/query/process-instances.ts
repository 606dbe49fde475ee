// POST /v2/process-instances/search and GET /v2/process-instances/{key} — Camunda 8 "Search
// process instances" / "Get process instance". Rows: engine.process_instances (kept after an
// instance ends), active incidents from engine.incidents, variables from engine.variables.
//
// What Operate users ask most: "which cases have applicant X" — filter.variables, several at
// once (AND), each with a StringFilterProperty on the serialized JSON value: equals (`"\"X\""`),
// contains (`{"$like": "*X*"}`), exists (`{"$exists": true}`, or no value at all), `$in`, `$neq`.
import type { Fragment, Sql } from 'postgres';
import { z } from 'zod';
import { definitionsOf } from './definitions.js';
import { notFound } from './errors.js';
import {
  and,
  dateTimeFilter,
  enumFilter,
  integerFilter,
  keyFilter,
  keySql,
  numberSql,
  or,
  stringFilter,
  stringSql,
  type StringFilter,
} from './filters.js';
import { iso, num, optKey, pageSchema, runSearch, sortSchema, str, type DbRow, type SearchResult, type SortColumn } from './paging.js';
import { TENANT, tenantSql } from './tenant.js';
import { variableNameEquals, variableValueSql } from './variables.js';

export const PROCESS_INSTANCE_STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;

const variableFilter = z.strictObject({
  name: z.string().min(1),
  /** Absent: the variable exists, whatever its value. */
  value: stringFilter.optional(),
});

const baseFilter = {
  processInstanceKey: keyFilter.optional(),
  processDefinitionId: stringFilter.optional(),
  processDefinitionKey: keyFilter.optional(),
  processDefinitionVersion: integerFilter.optional(),
  parentProcessInstanceKey: keyFilter.optional(),
  parentElementInstanceKey: keyFilter.optional(),
  /** The 8.6/8.7 name of parentElementInstanceKey. */
  parentFlowNodeInstanceKey: keyFilter.optional(),
  state: enumFilter(PROCESS_INSTANCE_STATES).optional(),
  startDate: dateTimeFilter.optional(),
  endDate: dateTimeFilter.optional(),
  hasIncident: z.boolean().optional(),
  /** Instances with an active incident whose message matches. */
  errorMessage: stringFilter.optional(),
  /** Instances with a failed job that still has retries (waiting for its backoff). */
  hasRetriesLeft: z.boolean().optional(),
  /** Instances with an active element instance at this element. */
  elementId: stringFilter.optional(),
  /** Only ACTIVE: finished element instances live in the record log, not in an index. */
  elementInstanceState: enumFilter(['ACTIVE']).optional(),
  tenantId: stringFilter.optional(),
  variables: z.array(variableFilter).max(20).optional(),
};

const filterSchema = z.strictObject({ ...baseFilter, $or: z.array(z.strictObject(baseFilter)).max(20).optional() });
type BaseFilter = z.output<z.ZodObject<typeof baseFilter>>;

export const PROCESS_INSTANCE_SORT_FIELDS = [
  'processInstanceKey',
  'processDefinitionId',
  'processDefinitionKey',
  'processDefinitionVersion',
  'parentProcessInstanceKey',
  'parentElementInstanceKey',
  'parentFlowNodeInstanceKey',
  'state',
  'startDate',
  'endDate',
  'hasIncident',
  'tenantId',
] as const;

export const processInstanceSearchRequest = z.strictObject({
  filter: filterSchema.optional(),
  sort: sortSchema(PROCESS_INSTANCE_SORT_FIELDS).optional(),
  page: pageSchema.optional(),
});
export type ProcessInstanceSearchRequest = z.output<typeof processInstanceSearchRequest>;

export interface ProcessInstanceResult {
  readonly processInstanceKey: string;
  readonly processDefinitionId: string;
  readonly processDefinitionName: string;
  readonly processDefinitionVersion: number;
  readonly processDefinitionVersionTag: string | null;
  readonly processDefinitionKey: string;
  readonly parentProcessInstanceKey: string | null;
  readonly parentElementInstanceKey: string | null;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly state: string;
  readonly hasIncident: boolean;
  readonly tenantId: string;
}

const activeIncidentOf = (sql: Sql): Fragment => sql`exists (select 1 from engine.incidents i where i.process_instance_key = p.key and i.state = 'ACTIVE')`;

/**
 * The variable filters: the instances having every variable asked for (with a matching value)
 * and none of those asked to be absent. The keys of the instances that match are gathered first
 * — one self-join of engine.variables on the process instance key, so that the planner starts
 * from the most selective filter (it knows the value frequencies from the (name, md5(value))
 * index) — and the instances are then read by primary key. Left to itself the planner may
 * instead walk every instance in key order hoping to meet the matches early, but matches
 * cluster (the newest instances are the running ones) and such a walk costs seconds.
 */
function variablesSql(sql: Sql, filters: readonly z.output<typeof variableFilter>[]): Fragment[] {
  const out: Fragment[] = [];
  const present: Fragment[] = [];
  for (const v of filters) {
    if (v.value?.$exists === false) {
      const name = variableNameEquals(sql, sql`v.name`, v.name);
      out.push(sql`not exists (select 1 from engine.variables v where v.process_instance_key = p.key and ${name})`);
      continue;
    }
    const alias = sql(`v${present.length}`);
    present.push(and(sql, [variableNameEquals(sql, sql`${alias}.name`, v.name), ...variableValueSql(sql, sql`${alias}.value`, v.value)]));
  }
  if (present.length > 0) {
    const from = present
      .map((_, i) => (i === 0 ? sql`engine.variables v0` : sql`join engine.variables ${sql(`v${i}`)} on ${sql(`v${i}`)}.process_instance_key = v0.process_instance_key`))
      .reduce((a, b) => sql`${a} ${b}`);
    out.push(keyIn(sql, sql`select v0.process_instance_key from ${from} where ${and(sql, present)}`));
  }
  return out;
}

/** `p.key` is one of the keys `keys` selects (computed once, then looked up by primary key). */
const keyIn = (sql: Sql, keys: Fragment): Fragment => sql`p.key = any(array(${keys}))`;

function filterSql(sql: Sql, f: BaseFilter): Fragment[] {
  const out: Fragment[] = [
    ...keySql(sql, sql`p.key`, f.processInstanceKey),
    ...stringSql(sql, sql`p.bpmn_process_id`, f.processDefinitionId),
    ...keySql(sql, sql`p.process_definition_key`, f.processDefinitionKey),
    ...numberSql(sql, sql`p.version`, f.processDefinitionVersion),
    ...keySql(sql, sql`nullif(p.parent_process_instance_key, -1)`, f.parentProcessInstanceKey),
    ...keySql(sql, sql`nullif(p.parent_element_instance_key, -1)`, f.parentElementInstanceKey),
    ...keySql(sql, sql`nullif(p.parent_element_instance_key, -1)`, f.parentFlowNodeInstanceKey),
    ...stringSql(sql, sql`p.state`, f.state),
    ...numberSql(sql, sql`p.start_time`, f.startDate),
    ...numberSql(sql, sql`p.end_time`, f.endDate),
    ...tenantSql(sql, f.tenantId),
  ];
  if (f.hasIncident !== undefined) {
    out.push(
      f.hasIncident
        ? keyIn(sql, sql`select i.process_instance_key from engine.incidents i where i.state = 'ACTIVE'`)
        : sql`not ${activeIncidentOf(sql)}`,
    );
  }
  if (f.errorMessage !== undefined) {
    const match = and(sql, [sql`i.state = 'ACTIVE'`, ...stringSql(sql, sql`i.error_message`, f.errorMessage)]);
    out.push(keyIn(sql, sql`select i.process_instance_key from engine.incidents i where ${match}`));
  }
  if (f.hasRetriesLeft !== undefined) {
    const failed = keyIn(sql, sql`select j.process_instance_key from engine.jobs j where j.state = 'FAILED' and j.retries > 0`);
    out.push(f.hasRetriesLeft ? failed : sql`not (${failed})`);
  }
  if (f.elementId !== undefined || f.elementInstanceState !== undefined) {
    const match = and(sql, stringSql(sql, sql`e.element_id`, f.elementId));
    out.push(keyIn(sql, sql`select e.process_instance_key from engine.element_instances e where ${match}`));
  }
  out.push(...variablesSql(sql, f.variables ?? []));
  return out;
}

function sortColumns(sql: Sql): Record<(typeof PROCESS_INSTANCE_SORT_FIELDS)[number], SortColumn> {
  return {
    processInstanceKey: { expr: sql`p.key`, type: 'bigint' },
    processDefinitionId: { expr: sql`p.bpmn_process_id`, type: 'text' },
    processDefinitionKey: { expr: sql`p.process_definition_key`, type: 'bigint' },
    processDefinitionVersion: { expr: sql`p.version`, type: 'int' },
    parentProcessInstanceKey: { expr: sql`p.parent_process_instance_key`, type: 'bigint' },
    parentElementInstanceKey: { expr: sql`p.parent_element_instance_key`, type: 'bigint' },
    parentFlowNodeInstanceKey: { expr: sql`p.parent_element_instance_key`, type: 'bigint' },
    state: { expr: sql`p.state`, type: 'text' },
    startDate: { expr: sql`p.start_time`, type: 'bigint' },
    // Running instances have no end: they sort after every finished one.
    endDate: { expr: sql`coalesce(p.end_time, 9223372036854775807)`, type: 'bigint' },
    hasIncident: { expr: activeIncidentOf(sql), type: 'boolean' },
    tenantId: { expr: sql`${TENANT}::text`, type: 'text' },
  };
}

async function toResults(sql: Sql, rows: readonly DbRow[]): Promise<ProcessInstanceResult[]> {
  if (rows.length === 0) return [];
  const keys = rows.map((r) => str(r['key']));
  const [incidents, names] = await Promise.all([
    sql<{ key: string }[]>`
      select distinct process_instance_key::text as key from engine.incidents
      where state = 'ACTIVE' and process_instance_key = any(${`{${keys.join(',')}}`}::bigint[])`,
    definitionsOf(sql).names(rows.map((r) => str(r['process_definition_key']))),
  ]);
  const withIncident = new Set(incidents.map((i) => i.key));
  return rows.map((r) => {
    const id = str(r['bpmn_process_id']);
    return {
      processInstanceKey: str(r['key']),
      processDefinitionId: id,
      processDefinitionName: names.get(str(r['process_definition_key']))?.processName ?? id,
      processDefinitionVersion: num(r['version']),
      processDefinitionVersionTag: null,
      processDefinitionKey: str(r['process_definition_key']),
      parentProcessInstanceKey: optKey(r['parent_process_instance_key']),
      parentElementInstanceKey: optKey(r['parent_element_instance_key']),
      startDate: iso(r['start_time']) ?? '',
      endDate: iso(r['end_time']),
      state: str(r['state']),
      hasIncident: withIncident.has(str(r['key'])),
      tenantId: TENANT,
    };
  });
}

export async function searchProcessInstances(sql: Sql, request: ProcessInstanceSearchRequest): Promise<SearchResult<ProcessInstanceResult>> {
  const f = request.filter ?? {};
  const where = filterSql(sql, f);
  if (f.$or && f.$or.length > 0) where.push(or(sql, f.$or.map((alt) => and(sql, filterSql(sql, alt)))));
  const result = await runSearch(sql, {
    select: sql`p.key::text as key, p.process_definition_key::text as process_definition_key, p.bpmn_process_id, p.version,
      p.state, p.start_time::float8 as start_time, p.end_time::float8 as end_time,
      p.parent_process_instance_key::text as parent_process_instance_key, p.parent_element_instance_key::text as parent_element_instance_key`,
    from: sql`engine.process_instances p`,
    where,
    columns: sortColumns(sql),
    tiebreak: ['processInstanceKey'],
    sort: request.sort,
    page: request.page,
  });
  return { items: await toResults(sql, result.items), page: result.page };
}

export async function getProcessInstance(sql: Sql, processInstanceKey: string): Promise<ProcessInstanceResult> {
  const found = await searchProcessInstances(sql, { filter: { processInstanceKey: { $eq: processInstanceKey } }, page: { limit: 1 } });
  const item = found.items[0];
  if (!item) throw notFound(`Process instance with key '${processInstanceKey}' not found`);
  return item;
}
