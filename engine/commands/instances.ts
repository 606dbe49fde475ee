// CreateProcessInstance(WithResult), CancelProcessInstance and SetVariables.
import type { DeployedProcess, Key, ProcessInstance } from '../state/entities.js';
import { Rejection } from '../runtime/rejection.js';
import { unsupportedActivation } from '../model/activation-targets.js';
import type { Runtime } from '../runtime/runtime.js';

export interface CreateRequest {
  readonly processDefinitionKey?: Key;
  readonly bpmnProcessId?: string;
  /** -1 or undefined: the latest version. */
  readonly version?: number;
  readonly variables: Record<string, unknown>;
  /** Start before these elements instead of at the none start event. */
  readonly startAt?: readonly string[];
}

export interface CreatedInstance {
  readonly processDefinitionKey: Key;
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly processInstanceKey: Key;
}

function findProcess(rt: Runtime, req: CreateRequest): DeployedProcess {
  if (req.processDefinitionKey !== undefined && req.processDefinitionKey > 0) {
    const p = rt.state.definitions.get(req.processDefinitionKey);
    if (!p) throw new Rejection('NOT_FOUND', 'CREATE', `Expected to find process definition with key '${req.processDefinitionKey}', but none found`);
    return p;
  }
  const id = req.bpmnProcessId ?? '';
  if (req.version === undefined || req.version < 0) {
    const p = rt.state.latest(id);
    if (!p) throw new Rejection('NOT_FOUND', 'CREATE', `Expected to find process definition with process ID '${id}', but none found`);
    return p;
  }
  const p = rt.state.versions.get(id)?.find((d) => d.version === req.version);
  if (!p) {
    throw new Rejection('NOT_FOUND', 'CREATE', `Expected to find process definition with process ID '${id}' and version '${req.version}', but none found`);
  }
  return p;
}

function start(rt: Runtime, req: CreateRequest): { process: DeployedProcess; instance: ProcessInstance } {
  const process = findProcess(rt, req);
  if (req.startAt && req.startAt.length > 0) {
    // Start instructions (docs.camunda.io … process-instance-creation, "start instructions").
    const problems: string[] = [];
    for (const id of req.startAt) {
      const e = process.model.elements.get(id);
      if (!e || e.type === 'PROCESS') problems.push(`no element with id '${id}' in process '${process.bpmnProcessId}'`);
      else if (unsupportedActivation(process.model, e)) problems.push(`element '${id}': ${unsupportedActivation(process.model, e) ?? ''}`);
      else {
        for (let s = e.flowScopeId ? process.model.elements.get(e.flowScopeId) : undefined; s; s = s.flowScopeId ? process.model.elements.get(s.flowScopeId) : undefined) {
          if (s.multiInstance) problems.push(`element '${id}' is inside the multi-instance element '${s.id}'`);
          if (s.type === 'EVENT_SUB_PROCESS') problems.push(`element '${id}' is inside the event subprocess '${s.id}'`);
        }
      }
    }
    if (problems.length > 0) {
      throw new Rejection('INVALID_ARGUMENT', 'CREATE', `Expected to create instance of process with start instructions but: ${problems.join('; ')}`);
    }
    return { process, instance: rt.createInstance(process, req.variables, { startAt: req.startAt }) };
  }
  const root = process.model.elements.get(process.bpmnProcessId);
  if (!root?.noneStartEventId) {
    throw new Rejection(
      'INVALID_STATE',
      'CREATE',
      `Expected to create instance of process with none start event, but there is no such event in process '${process.bpmnProcessId}'`,
    );
  }
  return { process, instance: rt.createInstance(process, req.variables) };
}

function created(process: DeployedProcess, instance: ProcessInstance): CreatedInstance {
  return {
    processDefinitionKey: process.key,
    bpmnProcessId: process.bpmnProcessId,
    version: process.version,
    processInstanceKey: instance.key,
  };
}

export function createInstance(rt: Runtime, req: CreateRequest): Promise<CreatedInstance> {
  return rt.execute(() => {
    const { process, instance } = start(rt, req);
    return created(process, instance);
  }, { command: { valueType: 'PROCESS_INSTANCE_CREATION' } });
}

export interface InstanceResult extends CreatedInstance {
  readonly variables: Record<string, unknown>;
}

interface ResultWaiter {
  readonly fetchVariables: readonly string[];
  readonly resolve: (variables: Record<string, unknown>) => void;
  readonly reject: (error: Error) => void;
}

/** CreateProcessInstanceWithResult: answers when the instance completes. */
export class InstanceResults {
  private readonly waiters = new Map<Key, ResultWaiter>();

  constructor(private readonly rt: Runtime) {
    rt.onInstanceEnd = (pi) => this.ended(pi);
  }

  async createAndAwait(req: CreateRequest, fetchVariables: readonly string[], timeoutMs: number): Promise<InstanceResult> {
    let waiter: ResultWaiter | undefined;
    const result = new Promise<Record<string, unknown>>((resolve, reject) => {
      waiter = { fetchVariables, resolve, reject };
    });
    result.catch(() => {}); // a rejection is observed below; don't let it surface as unhandled first
    const info = await this.rt.execute(() => {
      const { process, instance } = start(this.rt, req);
      // Registered inside the command, so an instance that completes right away is still seen.
      if (waiter) this.waiters.set(instance.key, waiter);
      return created(process, instance);
    }, { command: { valueType: 'PROCESS_INSTANCE_CREATION' } });
    const key = info.processInstanceKey;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeadlineExceeded(`Expected to receive the result of process instance '${key}' within ${timeoutMs} ms, but it did not complete in time`)),
        timeoutMs,
      );
    });
    try {
      return { ...info, variables: await Promise.race([result, timeout]) };
    } finally {
      if (timer) clearTimeout(timer);
      this.waiters.delete(key);
    }
  }

  private ended(pi: ProcessInstance): void {
    const waiter = this.waiters.get(pi.key);
    if (!waiter) return;
    this.waiters.delete(pi.key);
    if (pi.state !== 'COMPLETED') {
      const error = new Rejection('INVALID_STATE', 'CREATE_WITH_AWAITING_RESULT', `Expected process instance '${pi.key}' to complete, but it was terminated`);
      this.rt.committer.afterCommit(() => waiter.reject(error));
      return;
    }
    const all = this.rt.state.variables.get(pi.key) ?? new Map<string, unknown>();
    const variables: Record<string, unknown> = {};
    if (waiter.fetchVariables.length > 0) {
      for (const name of waiter.fetchVariables) if (all.has(name)) variables[name] = all.get(name);
    } else {
      for (const [k, v] of all) variables[k] = v;
    }
    this.rt.committer.afterCommit(() => waiter.resolve(variables));
  }
}

/** The gateway answers DEADLINE_EXCEEDED. */
export class DeadlineExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineExceeded';
  }
}

export function cancelInstance(rt: Runtime, processInstanceKey: Key): Promise<void> {
  return rt.execute(() => {
    const pi = rt.state.processInstances.get(processInstanceKey);
    const root = rt.element(processInstanceKey);
    if (!pi || !root) {
      throw new Rejection('NOT_FOUND', 'CANCEL', `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`);
    }
    if (pi.parentProcessInstanceKey !== -1) {
      throw new Rejection(
        'INVALID_STATE',
        'CANCEL',
        `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${rootOf(rt, pi.parentProcessInstanceKey)}' instead.`,
      );
    }
    rt.terminate(root);
  }, { command: { valueType: 'PROCESS_INSTANCE', key: processInstanceKey, processInstanceKey } });
}

function rootOf(rt: Runtime, key: Key): Key {
  let pi = rt.state.processInstances.get(key);
  while (pi && pi.parentProcessInstanceKey !== -1) {
    const parent = rt.state.processInstances.get(pi.parentProcessInstanceKey);
    if (!parent) break;
    pi = parent;
  }
  return pi?.key ?? key;
}

export function setVariables(rt: Runtime, elementInstanceKey: Key, variables: Record<string, unknown>, local: boolean): Promise<Key> {
  return rt.execute(() => {
    const ei = rt.element(elementInstanceKey);
    if (!ei || ei.state === 'COMPLETED' || ei.state === 'TERMINATED') {
      throw new Rejection(
        'NOT_FOUND',
        'UPDATE',
        `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
      );
    }
    const key = rt.nextKey();
    if (local) for (const [name, value] of Object.entries(variables)) rt.variables.setLocal(ei, name, value);
    else rt.variables.merge(ei, variables);
    rt.event(
      'VARIABLE_DOCUMENT',
      'UPDATED',
      key,
      { scopeKey: ei.key, updateSemantics: local ? 'LOCAL' : 'PROPAGATE', variables, processInstanceKey: ei.processInstanceKey },
      ei.processInstanceKey,
    );
    return key;
  }, { command: { valueType: 'VARIABLE_DOCUMENT', key: elementInstanceKey } });
}
