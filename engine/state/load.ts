// Rebuilds the live state from engine.* after a start (or a crash): the definitions (re-parsed
// from their XML), every waiting instance, jobs with their deadlines and backoffs, timers,
// subscriptions and buffered messages. Everything due is queued again in the due queue.
import type { Sql } from 'postgres';
import { parseBpmn } from '../model/parse.js';
import { parseDmn } from '../dmn/index.js';
import { parseForm } from '../forms/parse.js';
import type { DeployedDecision, DeployedDrg } from '../runtime/decisions.js';
import type { Runtime } from '../runtime/runtime.js';
import { CONTAINERS } from '../runtime/runtime.js';
import type {
  DeployedProcess,
  ElementInstance,
  ElementState,
  FailedStep,
  IncidentErrorType,
  JobState,
} from './entities.js';
import type { BpmnElementType } from '../model/types.js';

type DbRow = Record<string, unknown>;
const num = (v: unknown): number => Number(v);
const numOrUndefined = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));
const str = (v: unknown): string => String(v ?? '');

export async function loadState(sql: Sql, rt: Runtime): Promise<{ instances: number; jobs: number }> {
  const state = rt.state;
  const [meta] = await sql<DbRow[]>`select next_key, next_position from engine.meta where id = 1`;
  if (meta) {
    state.nextKey = num(meta['next_key']);
    state.nextPosition = num(meta['next_position']);
  }

  const parsedResources = new Map<string, Awaited<ReturnType<typeof parseBpmn>>>();
  for (const r of await sql<DbRow[]>`select * from engine.process_definitions where not deleted order by key`) {
    const resource = str(r['resource']);
    const cacheKey = `${str(r['checksum'])}:${str(r['resource_name'])}`;
    let models = parsedResources.get(cacheKey);
    if (!models) parsedResources.set(cacheKey, (models = await parseBpmn(resource, str(r['resource_name']))));
    const model = models.find((m) => m.bpmnProcessId === str(r['bpmn_process_id']));
    if (!model) throw new Error(`Stored definition ${str(r['key'])} has no process '${str(r['bpmn_process_id'])}' in its resource`);
    const d: DeployedProcess = {
      key: num(r['key']),
      bpmnProcessId: str(r['bpmn_process_id']),
      version: num(r['version']),
      resourceName: str(r['resource_name']),
      checksum: str(r['checksum']),
      resource,
      deploymentKey: num(r['deployment_key']),
      deployedAt: num(r['deployed_at']),
      model,
    };
    state.addDefinition(d);
  }
  const drgRows = await sql<DbRow[]>`select * from engine.decision_requirements where not deleted order by key`;
  const decisionRows = await sql<DbRow[]>`select * from engine.decisions order by key`;
  for (const r of drgRows) {
    const decisions: DeployedDecision[] = [];
    const drg: DeployedDrg = {
      key: num(r['key']),
      drgId: str(r['drg_id']),
      name: str(r['name']),
      version: num(r['version']),
      resourceName: str(r['resource_name']),
      checksum: str(r['checksum']),
      resource: str(r['resource']),
      deploymentKey: num(r['deployment_key']),
      deployedAt: num(r['deployed_at']),
      model: await parseDmn(str(r['resource']), str(r['resource_name'])),
      decisions,
    };
    for (const d of decisionRows) {
      if (num(d['decision_requirements_key']) !== drg.key) continue;
      decisions.push({ key: num(d['key']), decisionId: str(d['decision_id']), name: str(d['name']), version: num(d['version']), drg });
    }
    rt.decisions.addDrg(drg);
  }
  for (const r of await sql<DbRow[]>`select * from engine.forms order by key`) {
    rt.decisions.addForm({
      key: num(r['key']),
      formId: str(r['form_id']),
      version: num(r['version']),
      resourceName: str(r['resource_name']),
      checksum: str(r['checksum']),
      resource: str(r['resource']),
      deploymentKey: num(r['deployment_key']),
      deployedAt: num(r['deployed_at']),
      model: parseForm(str(r['resource']), str(r['resource_name'])),
    });
  }

  const definition = (key: unknown): DeployedProcess => {
    const d = state.definitions.get(num(key));
    if (!d) throw new Error(`Stored state refers to process definition ${str(key)}, which is not deployed`);
    return d;
  };

  for (const r of await sql<DbRow[]>`select * from engine.process_instances where state = 'ACTIVE'`) {
    const startCorrelationKey = r['start_correlation_key'] === null || r['start_correlation_key'] === undefined ? undefined : str(r['start_correlation_key']);
    const pi = {
      key: num(r['key']),
      process: definition(r['process_definition_key']),
      state: 'ACTIVE' as const,
      startTime: num(r['start_time']),
      parentProcessInstanceKey: num(r['parent_process_instance_key']),
      parentElementInstanceKey: num(r['parent_element_instance_key']),
      ...(startCorrelationKey !== undefined ? { startCorrelationKey } : {}),
    };
    state.processInstances.set(pi.key, pi);
    if (startCorrelationKey) state.messageStartedInstances.set(`${pi.process.bpmnProcessId}\u0000${startCorrelationKey}`, pi.key);
  }
  for (const list of state.versions.values()) {
    const latest = list[list.length - 1];
    if (latest) rt.startEvents.index(latest);
  }

  const elementRows = await sql<DbRow[]>`select * from engine.element_instances order by key`;
  for (const r of elementRows) {
    const data = (r['data'] ?? {}) as Partial<ElementInstance>;
    const ei: ElementInstance = {
      key: num(r['key']),
      processInstanceKey: num(r['process_instance_key']),
      flowScopeKey: num(r['flow_scope_key']),
      elementId: str(r['element_id']),
      type: str(r['element_type']) as BpmnElementType,
      process: definition(r['process_definition_key']),
      state: str(r['state']) as ElementState,
      startTime: num(r['start_time']),
    };
    if (data.joins) ei.joins = data.joins;
    if (data.jobKey !== undefined && data.jobKey !== null) ei.jobKey = data.jobKey;
    if (data.timerKeys) ei.timerKeys = data.timerKeys;
    if (data.subscriptionKeys) ei.subscriptionKeys = data.subscriptionKeys;
    if (data.incidentKey !== undefined && data.incidentKey !== null) ei.incidentKey = data.incidentKey;
    if (data.eventVariables) ei.eventVariables = data.eventVariables;
    if (data.interruptedBy) ei.interruptedBy = data.interruptedBy;
    if (data.signalKeys) ei.signalKeys = data.signalKeys;
    if (data.mi) ei.mi = data.mi;
    if (data.loopCounter !== undefined && data.loopCounter !== null) ei.loopCounter = data.loopCounter;
    if (data.calledInstanceKey !== undefined && data.calledInstanceKey !== null) ei.calledInstanceKey = data.calledInstanceKey;
    state.elements.set(ei.key, ei);
    if (CONTAINERS.has(ei.type)) state.children.set(ei.key, new Set());
  }
  for (const ei of state.elements.values()) state.children.get(ei.flowScopeKey)?.add(ei.key);

  for (const r of await sql<DbRow[]>`
      select v.scope_key, v.name, v.value from engine.variables v
      join engine.element_instances e on e.key = v.scope_key`) {
    const scope = num(r['scope_key']);
    let vars = state.variables.get(scope);
    if (!vars) state.variables.set(scope, (vars = new Map()));
    vars.set(str(r['name']), r['value']);
  }

  let jobs = 0;
  for (const r of await sql<DbRow[]>`select * from engine.jobs order by key`) {
    const job = {
      key: num(r['key']),
      type: str(r['type']),
      state: str(r['state']) as JobState,
      retries: num(r['retries']),
      deadline: numOrUndefined(r['deadline']),
      recurAt: numOrUndefined(r['recur_at']),
      worker: str(r['worker']),
      errorMessage: str(r['error_message']),
      errorCode: str(r['error_code']),
      customHeaders: (r['custom_headers'] ?? {}) as Record<string, string>,
      elementInstanceKey: num(r['element_instance_key']),
      elementId: str(r['element_id']),
      processInstanceKey: num(r['process_instance_key']),
      process: definition(r['process_definition_key']),
      createdAt: num(r['created_at']),
    };
    state.jobs.set(job.key, job);
    jobs++;
    if (job.state === 'ACTIVATABLE') state.makeActivatable(job);
    else if (job.state === 'ACTIVATED' && job.deadline !== undefined) rt.due.add(job.deadline, 'jobDeadline', job.key);
    else if (job.state === 'FAILED' && job.recurAt !== undefined && job.retries > 0) rt.due.add(job.recurAt, 'jobBackoff', job.key);
  }

  for (const r of await sql<DbRow[]>`select * from engine.timers`) {
    const t = {
      key: num(r['key']),
      elementInstanceKey: num(r['element_instance_key']),
      elementId: str(r['element_id']),
      processInstanceKey: num(r['process_instance_key']),
      process: definition(r['process_definition_key']),
      dueDate: num(r['due_date']),
      repetitions: num(r['repetitions']),
      ...(r['interval'] ? { interval: str(r['interval']) } : {}),
    };
    state.timers.set(t.key, t);
    rt.due.add(t.dueDate, 'timer', t.key);
  }

  for (const r of await sql<DbRow[]>`select * from engine.message_subscriptions order by key`) {
    const s = {
      key: num(r['key']),
      elementInstanceKey: num(r['element_instance_key']),
      elementId: str(r['element_id']),
      processInstanceKey: num(r['process_instance_key']),
      process: definition(r['process_definition_key']),
      messageName: str(r['message_name']),
      correlationKey: str(r['correlation_key']),
      interrupting: Boolean(r['interrupting']),
    };
    rt.messages.index(s);
  }

  for (const r of await sql<DbRow[]>`select * from engine.signal_subscriptions order by key`) {
    rt.signals.index({
      key: num(r['key']),
      elementInstanceKey: num(r['element_instance_key']),
      elementId: str(r['element_id']),
      processInstanceKey: num(r['process_instance_key']),
      process: definition(r['process_definition_key']),
      signalName: str(r['signal_name']),
      interrupting: Boolean(r['interrupting']),
    });
  }

  for (const r of await sql<DbRow[]>`select * from engine.messages order by key`) {
    const m = {
      key: num(r['key']),
      name: str(r['name']),
      correlationKey: str(r['correlation_key']),
      messageId: str(r['message_id']),
      variables: (r['variables'] ?? {}) as Record<string, unknown>,
      deadline: num(r['deadline']),
      correlatedProcessIds: (r['correlated_process_ids'] ?? []) as string[],
    };
    rt.messages.buffer(m);
    rt.due.add(m.deadline, 'messageTtl', m.key);
  }

  for (const r of await sql<DbRow[]>`select * from engine.incidents where state = 'ACTIVE'`) {
    state.incidents.set(num(r['key']), {
      key: num(r['key']),
      errorType: str(r['error_type']) as IncidentErrorType,
      errorMessage: str(r['error_message']),
      state: 'ACTIVE',
      processInstanceKey: num(r['process_instance_key']),
      process: definition(r['process_definition_key']),
      elementInstanceKey: num(r['element_instance_key']),
      elementId: str(r['element_id']),
      jobKey: num(r['job_key']),
      variableScopeKey: num(r['variable_scope_key']),
      failedStep: str(r['failed_step']) as FailedStep,
      createdAt: num(r['created_at']),
    });
  }
  return { instances: state.processInstances.size, jobs };
}
