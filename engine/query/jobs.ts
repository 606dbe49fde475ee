// POST /v2/jobs/search — Camunda 8 "Search jobs". Rows: engine.jobs, which holds LIVE jobs only
// (a completed or canceled job is deleted; its JOB records stay in the history). The state is
// Camunda's JobStateEnum, the last thing that happened to the job: our ACTIVATABLE and
// ACTIVATED jobs are CREATED (an activated one has a worker and a deadline), FAILED and
// ERROR_THROWN are themselves. "Waiting for a worker" is {state: CREATED, deadline: {$exists: false}}.
import type { Fragment, Sql } from 'postgres';
import { z } from 'zod';
import { dateTimeFilter, enumFilter, integerFilter, keyFilter, keySql, numberSql, stringFilter, stringSql } from './filters.js';
import { iso, num, pageSchema, runSearch, sortSchema, str, type DbRow, type SearchResult, type SortColumn } from './paging.js';
import { TENANT, tenantSql } from './tenant.js';

export const JOB_STATES = ['CREATED', 'COMPLETED', 'CANCELED', 'FAILED', 'RETRIES_UPDATED', 'TIMED_OUT', 'ERROR_THROWN', 'MIGRATED'] as const;
export const JOB_KINDS = ['BPMN_ELEMENT', 'EXECUTION_LISTENER', 'TASK_LISTENER', 'AD_HOC_SUB_PROCESS'] as const;

const filterSchema = z.strictObject({
  jobKey: keyFilter.optional(),
  type: stringFilter.optional(),
  worker: stringFilter.optional(),
  state: enumFilter(JOB_STATES).optional(),
  kind: enumFilter(JOB_KINDS).optional(),
  retries: integerFilter.optional(),
  processDefinitionId: stringFilter.optional(),
  processDefinitionKey: keyFilter.optional(),
  processInstanceKey: keyFilter.optional(),
  elementId: stringFilter.optional(),
  elementInstanceKey: keyFilter.optional(),
  deadline: dateTimeFilter.optional(),
  creationTime: dateTimeFilter.optional(),
  errorCode: stringFilter.optional(),
  errorMessage: stringFilter.optional(),
  hasFailedWithRetriesLeft: z.boolean().optional(),
  tenantId: stringFilter.optional(),
});

export const JOB_SORT_FIELDS = [
  'jobKey',
  'type',
  'worker',
  'state',
  'kind',
  'retries',
  'processDefinitionId',
  'processDefinitionKey',
  'processInstanceKey',
  'elementId',
  'elementInstanceKey',
  'deadline',
  'creationTime',
  'errorCode',
  'errorMessage',
  'hasFailedWithRetriesLeft',
  'tenantId',
] as const;

export const jobSearchRequest = z.strictObject({
  filter: filterSchema.optional(),
  sort: sortSchema(JOB_SORT_FIELDS).optional(),
  page: pageSchema.optional(),
});
export type JobSearchRequest = z.output<typeof jobSearchRequest>;

export interface JobResult {
  readonly jobKey: string;
  readonly type: string;
  readonly worker: string;
  readonly state: string;
  readonly kind: string;
  readonly listenerEventType: string;
  readonly retries: number;
  readonly isDenied: boolean | null;
  readonly deniedReason: string | null;
  readonly hasFailedWithRetriesLeft: boolean;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly customHeaders: Record<string, string>;
  readonly deadline: string | null;
  readonly endTime: string | null;
  readonly creationTime: string | null;
  readonly processDefinitionId: string;
  readonly processDefinitionKey: string;
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly tenantId: string;
}

const camundaState = (sql: Sql): Fragment => sql`(case j.state when 'FAILED' then 'FAILED' when 'ERROR_THROWN' then 'ERROR_THROWN' else 'CREATED' end)`;
/** The activation deadline means something only while the job is activated. */
const deadline = (sql: Sql): Fragment => sql`(case when j.state = 'ACTIVATED' then j.deadline end)`;
const retriesLeft = (sql: Sql): Fragment => sql`(j.state = 'FAILED' and j.retries > 0)`;

function sortColumns(sql: Sql): Record<(typeof JOB_SORT_FIELDS)[number], SortColumn> {
  return {
    jobKey: { expr: sql`j.key`, type: 'bigint' },
    type: { expr: sql`j.type`, type: 'text' },
    worker: { expr: sql`j.worker`, type: 'text' },
    state: { expr: camundaState(sql), type: 'text' },
    kind: { expr: sql`'BPMN_ELEMENT'::text`, type: 'text' },
    retries: { expr: sql`j.retries`, type: 'int' },
    processDefinitionId: { expr: sql`j.bpmn_process_id`, type: 'text' },
    processDefinitionKey: { expr: sql`j.process_definition_key`, type: 'bigint' },
    processInstanceKey: { expr: sql`j.process_instance_key`, type: 'bigint' },
    elementId: { expr: sql`j.element_id`, type: 'text' },
    elementInstanceKey: { expr: sql`j.element_instance_key`, type: 'bigint' },
    deadline: { expr: sql`coalesce(${deadline(sql)}, 9223372036854775807)`, type: 'bigint' },
    creationTime: { expr: sql`j.created_at`, type: 'bigint' },
    errorCode: { expr: sql`j.error_code`, type: 'text' },
    errorMessage: { expr: sql`j.error_message`, type: 'text' },
    hasFailedWithRetriesLeft: { expr: retriesLeft(sql), type: 'boolean' },
    tenantId: { expr: sql`${TENANT}::text`, type: 'text' },
  };
}

function headers(v: unknown): Record<string, string> {
  const parsed: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  const out: Record<string, string> = {};
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [k, x] of Object.entries(parsed)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  }
  return out;
}

function toJobResult(r: DbRow): JobResult {
  const errorCode = str(r['error_code']);
  const errorMessage = str(r['error_message']);
  return {
    jobKey: str(r['key']),
    type: str(r['type']),
    worker: str(r['worker']),
    state: str(r['camunda_state']),
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
    retries: num(r['retries']),
    isDenied: null,
    deniedReason: null,
    hasFailedWithRetriesLeft: r['retries_left'] === true,
    errorCode: errorCode === '' ? null : errorCode,
    errorMessage: errorMessage === '' ? null : errorMessage,
    customHeaders: headers(r['custom_headers']),
    deadline: iso(r['deadline']),
    endTime: null,
    creationTime: iso(r['created_at']),
    processDefinitionId: str(r['bpmn_process_id']),
    processDefinitionKey: str(r['process_definition_key']),
    processInstanceKey: str(r['process_instance_key']),
    elementId: str(r['element_id']),
    elementInstanceKey: str(r['element_instance_key']),
    tenantId: TENANT,
  };
}

export async function searchJobs(sql: Sql, request: JobSearchRequest): Promise<SearchResult<JobResult>> {
  const f = request.filter ?? {};
  const where: Fragment[] = [
    ...keySql(sql, sql`j.key`, f.jobKey),
    ...stringSql(sql, sql`j.type`, f.type),
    ...stringSql(sql, sql`j.worker`, f.worker),
    ...stringSql(sql, camundaState(sql), f.state),
    ...stringSql(sql, sql`'BPMN_ELEMENT'::text`, f.kind),
    ...numberSql(sql, sql`j.retries`, f.retries),
    ...stringSql(sql, sql`j.bpmn_process_id`, f.processDefinitionId),
    ...keySql(sql, sql`j.process_definition_key`, f.processDefinitionKey),
    ...keySql(sql, sql`j.process_instance_key`, f.processInstanceKey),
    ...stringSql(sql, sql`j.element_id`, f.elementId),
    ...keySql(sql, sql`j.element_instance_key`, f.elementInstanceKey),
    ...numberSql(sql, deadline(sql), f.deadline),
    ...numberSql(sql, sql`j.created_at`, f.creationTime),
    ...stringSql(sql, sql`nullif(j.error_code, '')`, f.errorCode),
    ...stringSql(sql, sql`nullif(j.error_message, '')`, f.errorMessage),
    ...tenantSql(sql, f.tenantId),
  ];
  if (f.hasFailedWithRetriesLeft !== undefined) where.push(f.hasFailedWithRetriesLeft ? retriesLeft(sql) : sql`not ${retriesLeft(sql)}`);
  const result = await runSearch(sql, {
    select: sql`j.key::text as key, j.type, j.worker, ${camundaState(sql)} as camunda_state, j.retries,
      ${retriesLeft(sql)} as retries_left, j.error_code, j.error_message, j.custom_headers::text as custom_headers,
      ${deadline(sql)}::float8 as deadline, j.created_at::float8 as created_at, j.bpmn_process_id,
      j.process_definition_key::text as process_definition_key, j.process_instance_key::text as process_instance_key,
      j.element_id, j.element_instance_key::text as element_instance_key`,
    from: sql`engine.jobs j`,
    where,
    columns: sortColumns(sql),
    tiebreak: ['jobKey'],
    sort: request.sort,
    page: request.page,
  });
  return { items: result.items.map(toJobResult), page: result.page };
}
