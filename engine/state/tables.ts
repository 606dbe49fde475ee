// How each live entity becomes a row of engine.* (see migrations/0001_engine.sql). Rows are
// plain objects keyed by column name: the writer sends them as one JSON array per table and
// lets PostgreSQL's jsonb_populate_recordset turn them into rows.
import type { DeployedDrg } from '../runtime/decisions.js';
import type { BufferedMessage, DeployedProcess, ElementInstance, Incident, Job, MessageSubscription, ProcessInstance, SignalSubscription, Timer } from './entities.js';

export type Row = Record<string, unknown>;

export interface VariableRow {
  readonly scopeKey: number;
  readonly name: string;
  readonly value: unknown;
  readonly processInstanceKey: number;
}

export interface TableSpec<T> {
  readonly name: string;
  /** Primary key columns. */
  readonly key: readonly string[];
  toRow(entity: T): Row;
}

/** A deployed process version; `deleted` once DeleteResource removed it. */
export interface DefinitionRow {
  readonly process: DeployedProcess;
  readonly deleted: boolean;
}

export const processDefinitionsTable: TableSpec<DefinitionRow> = {
  name: 'process_definitions',
  key: ['key'],
  toRow: ({ process: d, deleted }) => ({
    key: d.key,
    bpmn_process_id: d.bpmnProcessId,
    version: d.version,
    resource_name: d.resourceName,
    checksum: d.checksum,
    resource: d.resource,
    deployment_key: d.deploymentKey,
    deployed_at: d.deployedAt,
    deleted,
  }),
};

export const decisionRequirementsTable: TableSpec<{ readonly drg: DeployedDrg; readonly deleted: boolean }> = {
  name: 'decision_requirements',
  key: ['key'],
  toRow: ({ drg: d, deleted }) => ({
    key: d.key,
    drg_id: d.drgId,
    name: d.name,
    version: d.version,
    resource_name: d.resourceName,
    checksum: d.checksum,
    resource: d.resource,
    deployment_key: d.deploymentKey,
    deployed_at: d.deployedAt,
    deleted,
  }),
};

export const processInstancesTable: TableSpec<ProcessInstance> = {
  name: 'process_instances',
  key: ['key'],
  toRow: (p) => ({
    key: p.key,
    process_definition_key: p.process.key,
    bpmn_process_id: p.process.bpmnProcessId,
    version: p.process.version,
    state: p.state,
    start_time: p.startTime,
    end_time: p.endTime ?? null,
    parent_process_instance_key: p.parentProcessInstanceKey,
    parent_element_instance_key: p.parentElementInstanceKey,
    start_correlation_key: p.startCorrelationKey ?? null,
  }),
};

export const elementInstancesTable: TableSpec<ElementInstance> = {
  name: 'element_instances',
  key: ['key'],
  toRow: (e) => ({
    key: e.key,
    process_instance_key: e.processInstanceKey,
    flow_scope_key: e.flowScopeKey,
    element_id: e.elementId,
    element_type: e.type,
    state: e.state,
    process_definition_key: e.process.key,
    start_time: e.startTime,
    data: {
      joins: e.joins,
      jobKey: e.jobKey,
      timerKeys: e.timerKeys,
      subscriptionKeys: e.subscriptionKeys,
      incidentKey: e.incidentKey,
      eventVariables: e.eventVariables,
      interruptedBy: e.interruptedBy,
      signalKeys: e.signalKeys,
      mi: e.mi,
      loopCounter: e.loopCounter,
      calledInstanceKey: e.calledInstanceKey,
    },
  }),
};

export const variablesTable: TableSpec<VariableRow> = {
  name: 'variables',
  key: ['scope_key', 'name'],
  toRow: (v) => ({ scope_key: v.scopeKey, name: v.name, value: v.value === undefined ? null : v.value, process_instance_key: v.processInstanceKey }),
};

export const jobsTable: TableSpec<Job> = {
  name: 'jobs',
  key: ['key'],
  toRow: (j) => ({
    key: j.key,
    type: j.type,
    state: j.state,
    retries: j.retries,
    deadline: j.deadline ?? null,
    recur_at: j.recurAt ?? null,
    worker: j.worker,
    error_message: j.errorMessage,
    error_code: j.errorCode,
    custom_headers: j.customHeaders,
    element_instance_key: j.elementInstanceKey,
    element_id: j.elementId,
    process_instance_key: j.processInstanceKey,
    process_definition_key: j.process.key,
    bpmn_process_id: j.process.bpmnProcessId,
    version: j.process.version,
    created_at: j.createdAt,
  }),
};

export const timersTable: TableSpec<Timer> = {
  name: 'timers',
  key: ['key'],
  toRow: (t) => ({
    key: t.key,
    element_instance_key: t.elementInstanceKey,
    element_id: t.elementId,
    process_instance_key: t.processInstanceKey,
    process_definition_key: t.process.key,
    due_date: t.dueDate,
    repetitions: t.repetitions,
    interval: t.interval ?? null,
  }),
};

export const subscriptionsTable: TableSpec<MessageSubscription> = {
  name: 'message_subscriptions',
  key: ['key'],
  toRow: (s) => ({
    key: s.key,
    element_instance_key: s.elementInstanceKey,
    element_id: s.elementId,
    process_instance_key: s.processInstanceKey,
    process_definition_key: s.process.key,
    bpmn_process_id: s.process.bpmnProcessId,
    message_name: s.messageName,
    correlation_key: s.correlationKey,
    interrupting: s.interrupting,
  }),
};

export const signalSubscriptionsTable: TableSpec<SignalSubscription> = {
  name: 'signal_subscriptions',
  key: ['key'],
  toRow: (s) => ({
    key: s.key,
    element_instance_key: s.elementInstanceKey,
    element_id: s.elementId,
    process_instance_key: s.processInstanceKey,
    process_definition_key: s.process.key,
    signal_name: s.signalName,
    interrupting: s.interrupting,
  }),
};

export const messagesTable: TableSpec<BufferedMessage> = {
  name: 'messages',
  key: ['key'],
  toRow: (m) => ({
    key: m.key,
    name: m.name,
    correlation_key: m.correlationKey,
    message_id: m.messageId,
    variables: m.variables,
    deadline: m.deadline,
    correlated_process_ids: m.correlatedProcessIds,
  }),
};

export const incidentsTable: TableSpec<Incident> = {
  name: 'incidents',
  key: ['key'],
  toRow: (i) => ({
    key: i.key,
    error_type: i.errorType,
    error_message: i.errorMessage,
    state: i.state,
    process_instance_key: i.processInstanceKey,
    process_definition_key: i.process.key,
    bpmn_process_id: i.process.bpmnProcessId,
    element_instance_key: i.elementInstanceKey,
    element_id: i.elementId,
    job_key: i.jobKey,
    variable_scope_key: i.variableScopeKey,
    failed_step: i.failedStep,
    created_at: i.createdAt,
    resolved_at: i.resolvedAt ?? null,
  }),
};

/** Every table a batch may upsert or delete rows in; the writer's one statement covers them all. */
export const ALL_TABLES: readonly { readonly name: string; readonly key: readonly string[] }[] = [
  processDefinitionsTable,
  decisionRequirementsTable,
  processInstancesTable,
  elementInstancesTable,
  variablesTable,
  jobsTable,
  timersTable,
  subscriptionsTable,
  signalSubscriptionsTable,
  messagesTable,
  incidentsTable,
];

/** Insert-only tables (Batch.insert). */
export const INSERT_TABLES: readonly string[] = ['deployments', 'decisions', 'forms'];
