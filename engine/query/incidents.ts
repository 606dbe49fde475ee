// POST /v2/incidents/search — Camunda 8 "Search incidents". Rows: engine.incidents, ACTIVE and
// RESOLVED (an incident row stays after it is resolved, with resolved_at).
import type { Sql } from 'postgres';
import { z } from 'zod';
import { dateTimeFilter, enumFilter, keyFilter, keySql, numberSql, stringFilter, stringSql } from './filters.js';
import { iso, optKey, pageSchema, runSearch, sortSchema, str, type DbRow, type SearchResult, type SortColumn } from './paging.js';
import { TENANT, tenantSql } from './tenant.js';

/** Camunda's IncidentErrorTypeEnum (the engine raises a subset of them). */
export const INCIDENT_ERROR_TYPES = [
  'UNSPECIFIED',
  'UNKNOWN',
  'IO_MAPPING_ERROR',
  'JOB_NO_RETRIES',
  'EXECUTION_LISTENER_NO_RETRIES',
  'TASK_LISTENER_NO_RETRIES',
  'CONDITION_ERROR',
  'EXTRACT_VALUE_ERROR',
  'CALLED_ELEMENT_ERROR',
  'UNHANDLED_ERROR_EVENT',
  'MESSAGE_SIZE_EXCEEDED',
  'CALLED_DECISION_ERROR',
  'DECISION_EVALUATION_ERROR',
  'FORM_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
] as const;

export const INCIDENT_STATES = ['ACTIVE', 'MIGRATED', 'RESOLVED', 'PENDING'] as const;

const filterSchema = z.strictObject({
  incidentKey: keyFilter.optional(),
  processDefinitionKey: keyFilter.optional(),
  processDefinitionId: stringFilter.optional(),
  processInstanceKey: keyFilter.optional(),
  errorType: enumFilter(INCIDENT_ERROR_TYPES).optional(),
  errorMessage: stringFilter.optional(),
  elementId: stringFilter.optional(),
  elementInstanceKey: keyFilter.optional(),
  creationTime: dateTimeFilter.optional(),
  state: enumFilter(INCIDENT_STATES).optional(),
  jobKey: keyFilter.optional(),
  tenantId: stringFilter.optional(),
});

export const INCIDENT_SORT_FIELDS = [
  'incidentKey',
  'processDefinitionKey',
  'processDefinitionId',
  'processInstanceKey',
  'errorType',
  'errorMessage',
  'elementId',
  'elementInstanceKey',
  'creationTime',
  'state',
  'jobKey',
  'tenantId',
] as const;

export const incidentSearchRequest = z.strictObject({
  filter: filterSchema.optional(),
  sort: sortSchema(INCIDENT_SORT_FIELDS).optional(),
  page: pageSchema.optional(),
});
export type IncidentSearchRequest = z.output<typeof incidentSearchRequest>;

export interface IncidentResult {
  readonly incidentKey: string;
  readonly processDefinitionKey: string;
  readonly processDefinitionId: string;
  readonly processInstanceKey: string;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly creationTime: string;
  readonly state: string;
  readonly jobKey: string | null;
  readonly tenantId: string;
}

function sortColumns(sql: Sql): Record<(typeof INCIDENT_SORT_FIELDS)[number], SortColumn> {
  return {
    incidentKey: { expr: sql`i.key`, type: 'bigint' },
    processDefinitionKey: { expr: sql`i.process_definition_key`, type: 'bigint' },
    processDefinitionId: { expr: sql`i.bpmn_process_id`, type: 'text' },
    processInstanceKey: { expr: sql`i.process_instance_key`, type: 'bigint' },
    errorType: { expr: sql`i.error_type`, type: 'text' },
    errorMessage: { expr: sql`i.error_message`, type: 'text' },
    elementId: { expr: sql`i.element_id`, type: 'text' },
    elementInstanceKey: { expr: sql`i.element_instance_key`, type: 'bigint' },
    creationTime: { expr: sql`i.created_at`, type: 'bigint' },
    state: { expr: sql`i.state`, type: 'text' },
    jobKey: { expr: sql`i.job_key`, type: 'bigint' },
    tenantId: { expr: sql`${TENANT}::text`, type: 'text' },
  };
}

export function toIncidentResult(r: DbRow): IncidentResult {
  return {
    incidentKey: str(r['key']),
    processDefinitionKey: str(r['process_definition_key']),
    processDefinitionId: str(r['bpmn_process_id']),
    processInstanceKey: str(r['process_instance_key']),
    errorType: str(r['error_type']),
    errorMessage: str(r['error_message']),
    elementId: str(r['element_id']),
    elementInstanceKey: str(r['element_instance_key']),
    creationTime: iso(r['created_at']) ?? '',
    state: str(r['state']),
    jobKey: optKey(r['job_key']),
    tenantId: TENANT,
  };
}

export async function searchIncidents(sql: Sql, request: IncidentSearchRequest): Promise<SearchResult<IncidentResult>> {
  const f = request.filter ?? {};
  const result = await runSearch(sql, {
    select: sql`i.key::text as key, i.process_definition_key::text as process_definition_key, i.bpmn_process_id,
      i.process_instance_key::text as process_instance_key, i.error_type, i.error_message, i.element_id,
      i.element_instance_key::text as element_instance_key, i.created_at::float8 as created_at, i.state, i.job_key::text as job_key`,
    from: sql`engine.incidents i`,
    where: [
      ...keySql(sql, sql`i.key`, f.incidentKey),
      ...keySql(sql, sql`i.process_definition_key`, f.processDefinitionKey),
      ...stringSql(sql, sql`i.bpmn_process_id`, f.processDefinitionId),
      ...keySql(sql, sql`i.process_instance_key`, f.processInstanceKey),
      ...stringSql(sql, sql`i.error_type`, f.errorType),
      ...stringSql(sql, sql`i.error_message`, f.errorMessage),
      ...stringSql(sql, sql`i.element_id`, f.elementId),
      ...keySql(sql, sql`i.element_instance_key`, f.elementInstanceKey),
      ...numberSql(sql, sql`i.created_at`, f.creationTime),
      ...stringSql(sql, sql`i.state`, f.state),
      ...keySql(sql, sql`nullif(i.job_key, -1)`, f.jobKey),
      ...tenantSql(sql, f.tenantId),
    ],
    columns: sortColumns(sql),
    tiebreak: ['incidentKey'],
    sort: request.sort,
    page: request.page,
  });
  return { items: result.items.map(toIncidentResult), page: result.page };
}
