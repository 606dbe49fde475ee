// The core of the engine: one lifecycle for every element (ACTIVATING → ACTIVATED → COMPLETING →
// COMPLETED, or TERMINATING → TERMINATED), taking sequence flows, joins, scope completion,
// incidents, and the record log. What is special about each element kind lives in elements/.
//
// Commands run synchronously against the live state (one writer), queue their follow-up steps
// here, and run those steps to the end before the next command starts. Their changes then
// become durable in one group commit (state/committer.ts) before any answer goes out.
import type { BpmnElementType, ElementModel, ProcessModel, SequenceFlowModel } from '../model/types.js';
import type { Committer } from '../state/committer.js';
import type { DeployedProcess, ElementInstance, FailedStep, Incident, IncidentErrorType, Key, ProcessInstance } from '../state/entities.js';
import type { FoldingOptions, LiveState } from '../state/live-state.js';
import { elementInstancesTable, incidentsTable, processInstancesTable } from '../state/tables.js';
import type { DueQueue } from '../scheduler/due-queue.js';
import { behaviorOf } from './elements/index.js';
import { Variables } from './variables.js';
import { Jobs } from './jobs.js';
import { Timers } from './timers.js';
import { Messages } from './messages.js';
import { Errors } from './errors.js';
import { Signals } from './signals.js';
import { Decisions } from './decisions.js';
import { StartEvents } from './start-events.js';
import { bodyMaybeComplete, innerCompleted, innerCompleting } from './elements/multi-instance.js';
import { eventBasedGatewayChose } from './elements/event-based-gateway.js';
import { childInstanceEnded } from './elements/call-activity.js';
import { applyInputMappings, applyOutputMappings } from './mappings.js';
import { Rejection, Backpressure } from './rejection.js';

export const TENANT = '<default>';

/** Element types that hold child element instances. */
export const CONTAINERS: ReadonlySet<BpmnElementType> = new Set(['PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS', 'MULTI_INSTANCE_BODY']);

export interface CreateOptions {
  /** Start before these elements instead of at the none start event. */
  readonly startAt?: readonly string[];
  /** The call activity that starts this instance. */
  readonly parent?: { readonly processInstanceKey: Key; readonly elementInstanceKey: Key };
  /** A message start event's correlation key (one active instance per key). */
  readonly startCorrelationKey?: string;
}

/** Called when a job type gains activatable jobs (long-polling ActivateJobs wakes up). */
export type ActivatableListener = (type: string, jobKeys: readonly Key[]) => void;
/** Called when a process instance ends (CreateProcessInstanceWithResult answers). */
export type InstanceEndListener = (instance: ProcessInstance) => void;

/** What a command is about, for its COMMAND_REJECTION record (Zeebe copies the command's value type and key). */
export interface CommandInfo {
  readonly valueType: string;
  readonly key?: Key;
  readonly processInstanceKey?: Key;
}

export interface ExecuteOptions {
  /** Completing and failing jobs is never refused for load: it is what drains the load. */
  readonly exemptFromBackpressure?: boolean;
  readonly command?: CommandInfo;
}

export class Runtime {
  readonly variables: Variables;
  readonly jobs: Jobs;
  readonly timers: Timers;
  readonly messages: Messages;
  readonly errors: Errors;
  readonly signals: Signals;
  readonly startEvents: StartEvents;
  readonly decisions: Decisions;
  /** Wall-clock time of the command being processed; every record of it carries this. */
  now = Date.now();
  private readonly steps: (() => void)[] = [];
  private running = false;
  /** Jobs that became activatable during the current command, by type. */
  private readonly touched = new Map<string, Key[]>();
  onActivatable: ActivatableListener = () => {};
  onInstanceEnd: InstanceEndListener = () => {};
  /** Above this many uncommitted commands new work is refused with RESOURCE_EXHAUSTED. */
  maxPendingCommands = 20_000;

  constructor(
    readonly state: LiveState,
    readonly committer: Committer,
    readonly due: DueQueue,
  ) {
    this.variables = new Variables(this);
    this.jobs = new Jobs(this);
    this.timers = new Timers(this);
    this.messages = new Messages(this);
    this.errors = new Errors(this);
    this.signals = new Signals(this);
    this.startEvents = new StartEvents(this);
    this.decisions = new Decisions(this);
  }

  // ---------------------------------------------------------------- commands

  /**
   * Runs one command: `fn` and every step it queues, then resolves with its result once the
   * changes are durable. A Rejection thrown by `fn` (before it changes anything) rejects.
   */
  execute<T>(fn: () => T, options: ExecuteOptions = {}): Promise<T> {
    const failure = this.committer.failed;
    if (failure) return Promise.reject(new Error(`The engine stopped after a failed write: ${failure.message}`));
    if (!options.exemptFromBackpressure && this.committer.pendingCommands >= this.maxPendingCommands) {
      return Promise.reject(new Backpressure());
    }
    let result: T;
    try {
      result = this.process(fn);
    } catch (error) {
      if (error instanceof Rejection) this.rejectionRecord(error, options.command);
      // Even a rejected command waits for the commit: what it saw may not be durable yet.
      return new Promise((_, reject) => this.committer.afterCommit(() => reject(error)));
    }
    return new Promise((resolve) => this.committer.afterCommit(() => resolve(result)));
  }

  /** Runs `fn` and drains the step queue; nested calls just queue. */
  process<T>(fn: () => T): T {
    if (this.running) return fn();
    this.running = true;
    this.now = Date.now();
    try {
      const result = fn();
      this.drain();
      return result;
    } finally {
      this.running = false;
      this.steps.length = 0;
      this.inFlight.clear();
      this.committer.schedule();
      if (this.touched.size > 0) {
        const touched = [...this.touched];
        this.touched.clear();
        for (const [type, keys] of touched) this.onActivatable(type, keys);
      }
    }
  }

  /** Queues a follow-up step of the current command. */
  step(fn: () => void): void {
    this.steps.push(fn);
  }

  private drain(): void {
    // A queue, not recursion: a loop of automatic elements must not grow the stack.
    for (let i = 0; i < this.steps.length; i++) {
      const s = this.steps[i] as () => void;
      s();
    }
  }

  /** A job became activatable during the current command. */
  activatableTouched(type: string, jobKey: Key): void {
    const keys = this.touched.get(type);
    if (keys) keys.push(jobKey);
    else this.touched.set(type, [jobKey]);
  }

  // ---------------------------------------------------------------- keys and records

  nextKey(): Key {
    return this.state.nextKey++;
  }

  event(valueType: string, intent: string, key: Key, value: Record<string, unknown>, processInstanceKey: Key | null = null): void {
    this.committer.batch.append({
      position: this.state.nextPosition++,
      key,
      timestamp: this.now,
      record_type: 'EVENT',
      value_type: valueType,
      intent,
      process_instance_key: processInstanceKey,
      value,
    });
  }

  private rejectionRecord(r: Rejection, command: CommandInfo | undefined): void {
    this.committer.batch.append({
      position: this.state.nextPosition++,
      key: command?.key ?? -1,
      timestamp: this.now,
      record_type: 'COMMAND_REJECTION',
      value_type: command?.valueType ?? 'UNSPECIFIED',
      intent: r.intent,
      process_instance_key: command?.processInstanceKey ?? null,
      value: { rejectionType: r.type, rejectionReason: r.reason },
    });
  }

  elementRecord(ei: ElementInstance, intent: string, key: Key = ei.key, elementId = ei.elementId, type: string = ei.type): void {
    const model = ei.process.model.elements.get(elementId);
    const pi = this.state.processInstances.get(ei.processInstanceKey);
    // The stored form (migrations/0005_compact_records.sql): engine.record_log adds bpmnProcessId,
    // version and tenantId, and the event type and parent keys where they are left out.
    const value: Record<string, unknown> = {
      processDefinitionKey: ei.process.key,
      processInstanceKey: ei.processInstanceKey,
      elementId,
      flowScopeKey: ei.flowScopeKey,
      bpmnElementType: type,
    };
    const eventType = model?.eventType ?? 'UNSPECIFIED';
    if (eventType !== 'UNSPECIFIED') value['bpmnEventType'] = eventType;
    const parentProcessInstanceKey = pi?.parentProcessInstanceKey ?? -1;
    const parentElementInstanceKey = pi?.parentElementInstanceKey ?? -1;
    if (parentProcessInstanceKey !== -1) value['parentProcessInstanceKey'] = parentProcessInstanceKey;
    if (parentElementInstanceKey !== -1) value['parentElementInstanceKey'] = parentElementInstanceKey;
    this.event('PROCESS_INSTANCE', intent, key, value, ei.processInstanceKey);
  }

  // ---------------------------------------------------------------- lookups

  model(ei: ElementInstance): ElementModel {
    const m = ei.process.model.elements.get(ei.elementId);
    if (!m) throw new Error(`element '${ei.elementId}' is not in process '${ei.process.bpmnProcessId}'`);
    return m;
  }

  element(key: Key): ElementInstance | undefined {
    return this.state.elements.get(key);
  }

  flowScope(ei: ElementInstance): ElementInstance | undefined {
    return ei.flowScopeKey === -1 ? undefined : this.state.elements.get(ei.flowScopeKey);
  }

  save(ei: ElementInstance): void {
    this.committer.batch.save(elementInstancesTable, ei.key, ei);
  }

  saveInstance(pi: ProcessInstance): void {
    this.committer.batch.save(processInstancesTable, pi.key, pi);
  }

  // ---------------------------------------------------------------- creating instances

  /**
   * Starts a process instance with `variables` in the root scope: at its none start event, or at
   * the given elements (a message/timer/signal start event, or start instructions).
   */
  createInstance(process: DeployedProcess, variables: Record<string, unknown>, options: CreateOptions = {}): ProcessInstance {
    const key = this.nextKey();
    const pi: ProcessInstance = {
      key,
      process,
      state: 'ACTIVE',
      startTime: this.now,
      parentProcessInstanceKey: options.parent?.processInstanceKey ?? -1,
      parentElementInstanceKey: options.parent?.elementInstanceKey ?? -1,
      ...(options.startCorrelationKey !== undefined ? { startCorrelationKey: options.startCorrelationKey } : {}),
    };
    this.state.processInstances.set(key, pi);
    if (options.startCorrelationKey) this.state.messageStartedInstances.set(`${process.bpmnProcessId}\u0000${options.startCorrelationKey}`, key);
    this.saveInstance(pi);
    this.event(
      'PROCESS_INSTANCE_CREATION',
      'CREATED',
      key,
      {
        bpmnProcessId: process.bpmnProcessId,
        version: process.version,
        processDefinitionKey: process.key,
        processInstanceKey: key,
        variables,
        startInstructions: (options.startAt ?? []).map((elementId) => ({ elementId })),
        tenantId: TENANT,
      },
      key,
    );
    const root: ElementInstance = {
      key,
      processInstanceKey: key,
      flowScopeKey: -1,
      elementId: process.bpmnProcessId,
      type: 'PROCESS',
      process,
      state: 'ACTIVATING',
      startTime: this.now,
    };
    this.state.elements.set(key, root);
    this.state.children.set(key, new Set());
    if (options.startAt && options.startAt.length > 0) this.startInstructions.set(root, options.startAt);
    this.save(root);
    this.elementRecord(root, 'ELEMENT_ACTIVATING');
    for (const [name, value] of Object.entries(variables)) this.variables.setLocal(root, name, value);
    this.step(() => this.continueActivation(root));
    return pi;
  }

  /** Containers started "before element X" instead of at their none start event. */
  readonly startInstructions = new WeakMap<ElementInstance, readonly string[]>();
  /** Catch events entered already triggered (the event-based gateway chose them). */
  private readonly pretriggered = new WeakSet<ElementInstance>();

  isPretriggered(ei: ElementInstance): boolean {
    return this.pretriggered.has(ei);
  }

  /**
   * Folds instances that have waited untouched for a while into their compact form
   * (state/folding.ts). Never inside a command; an element this runtime still keeps notes on
   * (start instructions, a pre-triggered catch) keeps its instance unfolded.
   */
  foldIdle(options: FoldingOptions): number {
    if (this.running || this.committer.failed) return 0;
    return this.state.foldIdle(options, (ei) => !this.startInstructions.has(ei) && !this.pretriggered.has(ei));
  }

  // ---------------------------------------------------------------- the lifecycle

  /**
   * Creates an instance of `element` inside `scope` and starts activating it. A multi-instance
   * element is entered as its body; `inner` creates one of the body's inner instances.
   */
  activate(
    element: ElementModel,
    scope: ElementInstance,
    eventVariables?: Record<string, unknown>,
    options: { inner?: { item: unknown; loopCounter: number }; pretriggered?: boolean } = {},
  ): ElementInstance {
    const body = element.multiInstance !== undefined && options.inner === undefined;
    const type: BpmnElementType = body ? 'MULTI_INSTANCE_BODY' : element.type;
    const ei: ElementInstance = {
      key: this.nextKey(),
      processInstanceKey: scope.processInstanceKey,
      flowScopeKey: scope.key,
      elementId: element.id,
      type,
      process: scope.process,
      state: 'ACTIVATING',
      startTime: this.now,
    };
    if (eventVariables) ei.eventVariables = eventVariables;
    if (options.inner) ei.loopCounter = options.inner.loopCounter;
    if (options.pretriggered) this.pretriggered.add(ei);
    this.state.elements.set(ei.key, ei);
    this.state.children.get(scope.key)?.add(ei.key);
    if (CONTAINERS.has(type)) this.state.children.set(ei.key, new Set());
    this.save(ei);
    this.elementRecord(ei, 'ELEMENT_ACTIVATING');
    if (options.inner) {
      // The item and the counter are the inner instance's own variables, there before its input mappings.
      const mi = element.multiInstance;
      if (mi?.inputElement) this.variables.setLocal(ei, mi.inputElement, options.inner.item);
      this.variables.setLocal(ei, 'loopCounter', options.inner.loopCounter);
      // An outputElement that names a variable is that instance's own, starting as null
      // (multi-instance page, "Variable mappings"), so results don't leak between instances.
      const out = mi?.outputElement?.kind === 'feel' ? /^([A-Za-z_][\w]*)(\.[\w.]+)?$/.exec(mi.outputElement.source.trim()) : null;
      if (out?.[1] && out[1] !== mi?.inputElement && out[1] !== 'loopCounter') this.variables.setLocal(ei, out[1], null);
    }
    this.step(() => this.continueActivation(ei));
    return ei;
  }

  /** Input mappings, then the element's own activation. Also what resolving an incident retries. */
  continueActivation(ei: ElementInstance): void {
    if (ei.state !== 'ACTIVATING') return;
    const element = this.model(ei);
    // A body's mappings belong to its inner instances; a scope entered on the way to a start or
    // modification instruction skips them (docs: process-instance-modification).
    if (ei.type !== 'MULTI_INSTANCE_BODY' && !this.startInstructions.has(ei) && element.inputMappings.length > 0) {
      const failure = applyInputMappings(this, ei, element);
      if (failure) {
        this.raiseIncident(ei, 'IO_MAPPING_ERROR', failure, 'activate');
        return;
      }
    }
    behaviorOf(ei.type).activate(this, ei, element);
  }

  /** Whether `ei` is one of the inner instances of a multi-instance body. */
  isInner(ei: ElementInstance): boolean {
    return ei.loopCounter !== undefined && this.flowScope(ei)?.type === 'MULTI_INSTANCE_BODY';
  }

  /**
   * ACTIVATED: first opens what can interrupt or join in — an activity's boundary events (on
   * the body, not the inner instances, of a multi-instance activity) and a scope's event
   * subprocesses. Returns false when that failed and an incident now holds the element.
   */
  markActivated(ei: ElementInstance, element: ElementModel): boolean {
    const waits: { event: ElementModel; interrupting: boolean }[] = [];
    if (element.boundaryEventIds.length > 0 && !this.isInner(ei)) {
      for (const id of element.boundaryEventIds) {
        const b = ei.process.model.elements.get(id);
        if (b && (b.timer || b.message || b.signal)) waits.push({ event: b, interrupting: b.cancelActivity !== false });
      }
    }
    if (element.eventSubProcessIds && ei.type !== 'MULTI_INSTANCE_BODY') {
      for (const id of element.eventSubProcessIds) {
        const start = this.eventSubProcessStart(ei.process.model, id);
        if (start && (start.timer || start.message || start.signal)) waits.push({ event: start, interrupting: start.interrupting !== false });
      }
    }
    if (waits.length > 0 && !this.openWaits(ei, waits)) return false;
    ei.state = 'ACTIVATED';
    this.save(ei);
    this.elementRecord(ei, 'ELEMENT_ACTIVATED');
    return true;
  }

  eventSubProcessStart(model: ProcessModel, eventSubProcessId: string): ElementModel | undefined {
    const esp = model.elements.get(eventSubProcessId);
    return esp?.startEventId ? model.elements.get(esp.startEventId) : undefined;
  }

  /** Evaluates every wait first so that a failure leaves nothing half-open, then opens them all. */
  openWaits(owner: ElementInstance, waits: readonly { event: ElementModel; interrupting: boolean }[]): boolean {
    const plans: (() => void)[] = [];
    for (const w of waits) {
      const plan = this.planWait(owner, w.event, w.interrupting);
      if (typeof plan === 'string') {
        this.raiseIncident(owner, 'EXTRACT_VALUE_ERROR', plan, 'activate');
        return false;
      }
      plans.push(plan);
    }
    for (const p of plans) p();
    return true;
  }

  /** How to open the wait of a timer, message or signal event for `owner`, or why it can't be. */
  planWait(owner: ElementInstance, event: ElementModel, interrupting: boolean): (() => void) | string {
    if (event.timer) return this.timers.plan(owner, event);
    if (event.message) return this.messages.plan(owner, event, interrupting);
    if (event.signal) return this.signals.plan(owner, event, interrupting);
    return `Expected element '${event.id}' to be a timer, message or signal event`;
  }

  planTimer(owner: ElementInstance, timerEvent: ElementModel): (() => void) | string {
    return this.timers.plan(owner, timerEvent);
  }

  planSubscription(owner: ElementInstance, event: ElementModel, interrupting: boolean): (() => void) | string {
    return this.messages.plan(owner, event, interrupting);
  }

  /** Closes the timers and message/signal subscriptions an element owns. */
  closeWaits(owner: ElementInstance, only?: (elementId: string) => boolean): void {
    if (owner.timerKeys) this.timers.cancelOwned(owner, only);
    if (owner.subscriptionKeys) this.messages.closeOwned(owner, only);
    if (owner.signalKeys) this.signals.closeOwned(owner, only);
  }

  /**
   * A timer fired, a message correlated or a signal arrived for `owner`, on behalf of the event
   * `eventElementId`: the owner itself (catch event, receive task), one of its boundary events,
   * one of its event subprocesses' start events, or a target of an event-based gateway.
   */
  trigger(owner: ElementInstance, eventElementId: string, variables: Record<string, unknown>, interrupting: boolean): void {
    if (owner.state !== 'ACTIVATED') return;
    if (eventElementId === owner.elementId) {
      owner.eventVariables = variables;
      this.save(owner);
      this.complete(owner);
      return;
    }
    const event = owner.process.model.elements.get(eventElementId);
    if (!event) return;
    if (owner.type === 'EVENT_BASED_GATEWAY') {
      eventBasedGatewayChose(this, owner, event, variables);
      return;
    }
    if (event.type === 'START_EVENT') {
      const esp = event.flowScopeId ? owner.process.model.elements.get(event.flowScopeId) : undefined;
      if (esp) this.triggerEventSubProcess(owner, esp, variables, interrupting);
      return;
    }
    // A boundary event.
    if (interrupting) {
      owner.interruptedBy = { elementId: event.id, variables };
      this.save(owner);
      this.terminate(owner);
      return;
    }
    const scope = this.flowScope(owner);
    if (scope) this.activate(event, scope, variables);
  }

  /**
   * Starts an event subprocess inside `scope`. An interrupting one first terminates everything
   * else in the scope and closes the scope's other event subprocesses; the scope's own boundary
   * events stay open.
   */
  triggerEventSubProcess(scope: ElementInstance, esp: ElementModel, variables: Record<string, unknown>, interrupting: boolean): void {
    if (scope.state !== 'ACTIVATED') return;
    if (!interrupting) {
      this.activate(esp, scope, variables);
      return;
    }
    const starts = new Set((this.model(scope).eventSubProcessIds ?? []).map((id) => this.eventSubProcessStart(scope.process.model, id)?.id));
    this.closeWaits(scope, (elementId) => starts.has(elementId));
    delete scope.joins;
    this.save(scope);
    for (const childKey of [...(this.state.children.get(scope.key) ?? [])]) {
      const child = this.state.elements.get(childKey);
      if (child) this.terminate(child, { quiet: true });
    }
    this.activate(esp, scope, variables);
  }

  /** Starts completing an element whose work is done. */
  complete(ei: ElementInstance): void {
    if (ei.state !== 'ACTIVATED') return;
    ei.state = 'COMPLETING';
    this.save(ei);
    this.elementRecord(ei, 'ELEMENT_COMPLETING');
    this.continueCompletion(ei);
  }

  /** Output mappings (or event variables), then COMPLETED and onwards. Also what resolving retries. */
  continueCompletion(ei: ElementInstance): void {
    if (ei.state !== 'COMPLETING') return;
    const element = this.model(ei);
    const failure = applyOutputMappings(this, ei, element);
    if (failure) {
      this.raiseIncident(ei, 'IO_MAPPING_ERROR', failure, 'complete');
      return;
    }
    const scope = this.flowScope(ei);
    const inner = scope?.type === 'MULTI_INSTANCE_BODY' && ei.loopCounter !== undefined ? scope : undefined;
    if (inner) {
      const f = innerCompleting(this, inner, ei, element);
      if (f) {
        this.raiseIncident(ei, f.errorType, f.message, 'complete');
        return;
      }
    }
    this.closeWaits(ei);
    ei.state = 'COMPLETED';
    this.elementRecord(ei, 'ELEMENT_COMPLETED');
    const behavior = behaviorOf(ei.type);
    if (!scope) {
      this.endInstance(ei, 'COMPLETED'); // before forget: listeners read the root variables
      this.forget(ei);
      return;
    }
    this.forget(ei);
    if (inner) {
      innerCompleted(this, inner);
      return;
    }
    const next = behavior.outgoing ? behavior.outgoing(this, ei, element) : element.outgoing;
    for (const flowId of next) {
      const flow = ei.process.model.flows.get(flowId);
      if (flow) this.takeFlow(flow, scope);
    }
    behavior.afterComplete?.(this, ei, element, scope);
    this.step(() => this.maybeCompleteScope(scope));
  }

  /** SEQUENCE_FLOW_TAKEN, then the target: activated, or a token waiting at a parallel join. */
  takeFlow(flow: SequenceFlowModel, scope: ElementInstance, trigger?: { readonly variables: Record<string, unknown> }): void {
    const processModel: ProcessModel = scope.process.model;
    this.event(
      'PROCESS_INSTANCE',
      'SEQUENCE_FLOW_TAKEN',
      this.nextKey(),
      // Stored form, as in elementRecord (record_log shows parents -1, event type UNSPECIFIED).
      {
        processDefinitionKey: scope.process.key,
        processInstanceKey: scope.processInstanceKey,
        elementId: flow.id,
        flowScopeKey: scope.key,
        bpmnElementType: 'SEQUENCE_FLOW',
      },
      scope.processInstanceKey,
    );
    const target = processModel.elements.get(flow.targetId);
    if (!target) return;
    if (trigger) {
      this.enterLater(target, scope, trigger.variables);
      return;
    }
    if (target.type === 'PARALLEL_GATEWAY' && target.incoming.length > 1) {
      const joins = (scope.joins ??= {});
      const arrived = (joins[target.id] ??= {});
      arrived[flow.id] = (arrived[flow.id] ?? 0) + 1;
      if (target.incoming.every((f) => (arrived[f] ?? 0) > 0)) {
        for (const f of target.incoming) {
          const left = (arrived[f] ?? 1) - 1;
          if (left > 0) arrived[f] = left;
          else delete arrived[f];
        }
        if (Object.keys(arrived).length === 0) delete joins[target.id];
        if (Object.keys(joins).length === 0) delete scope.joins;
        this.save(scope);
        this.enterLater(target, scope);
      } else {
        this.save(scope);
      }
      return;
    }
    this.enterLater(target, scope);
  }

  /** Tokens on their way into an element of the scope (queued activations), by scope key. */
  private readonly inFlight = new Map<Key, number>();

  /**
   * Queues the activation of `target` in `scope`. Until it runs the token counts as in flight,
   * so the scope can't complete underneath it.
   */
  enterLater(target: ElementModel, scope: ElementInstance, triggeredWith?: Record<string, unknown>): void {
    this.inFlight.set(scope.key, (this.inFlight.get(scope.key) ?? 0) + 1);
    this.step(() => {
      const left = (this.inFlight.get(scope.key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(scope.key, left);
      else this.inFlight.delete(scope.key);
      if (scope.state !== 'ACTIVATED' || !this.state.elements.has(scope.key)) return;
      if (triggeredWith) this.activate(target, scope, triggeredWith, { pretriggered: true });
      else this.activate(target, scope);
    });
  }

  /** A scope whose children are all done and has no tokens waiting at a join completes. */
  maybeCompleteScope(scope: ElementInstance): void {
    if (scope.state !== 'ACTIVATED') return;
    if (scope.type === 'MULTI_INSTANCE_BODY') {
      bodyMaybeComplete(this, scope);
      return;
    }
    if (!CONTAINERS.has(scope.type)) return;
    if ((this.state.children.get(scope.key)?.size ?? 0) > 0 || this.inFlight.has(scope.key)) return;
    if (scope.joins && Object.keys(scope.joins).length > 0) return;
    this.complete(scope);
  }

  /**
   * Terminates an element and everything inside it. Afterwards an interrupting boundary event
   * that caused it is activated in the element's scope. `quiet`: the caller takes care of the
   * scope (an interrupting event subprocess is about to start there).
   */
  terminate(ei: ElementInstance, options: { quiet?: boolean } = {}): void {
    if (ei.state === 'TERMINATING' || ei.state === 'TERMINATED' || ei.state === 'COMPLETED') return;
    ei.state = 'TERMINATING';
    this.save(ei);
    this.elementRecord(ei, 'ELEMENT_TERMINATING');
    const kids = this.state.children.get(ei.key);
    if (kids) {
      for (const childKey of [...kids]) {
        const child = this.state.elements.get(childKey);
        if (child) this.terminate(child, { quiet: true });
      }
    }
    behaviorOf(ei.type).terminate?.(this, ei);
    this.closeWaits(ei);
    if (ei.incidentKey !== undefined) this.resolveIncidentRecord(ei.incidentKey);
    ei.state = 'TERMINATED';
    this.elementRecord(ei, 'ELEMENT_TERMINATED');
    const scope = this.flowScope(ei);
    if (!scope) {
      this.endInstance(ei, 'TERMINATED');
      this.forget(ei);
      return;
    }
    this.forget(ei);
    if (scope.type === 'MULTI_INSTANCE_BODY' && scope.mi && ei.loopCounter !== undefined) {
      scope.mi.terminated++;
      this.save(scope);
    }
    const interrupt = ei.interruptedBy;
    if (interrupt && scope.state === 'ACTIVATED') {
      const boundary = ei.process.model.elements.get(interrupt.elementId);
      if (boundary) this.activate(boundary, scope, interrupt.variables);
    } else if (!options.quiet && scope.state === 'ACTIVATED') {
      this.step(() => this.maybeCompleteScope(scope));
    }
  }

  /** Drops a finished element instance from live state (its history stays in the records). */
  private forget(ei: ElementInstance): void {
    this.state.elements.delete(ei.key);
    this.state.children.delete(ei.key);
    this.state.children.get(ei.flowScopeKey)?.delete(ei.key);
    this.committer.batch.remove(elementInstancesTable, ei.key, { key: ei.key });
    // The root scope's variables stay in the database for supervisors; local ones go.
    this.variables.dropScope(ei, ei.flowScopeKey === -1);
  }

  private endInstance(root: ElementInstance, state: 'COMPLETED' | 'TERMINATED'): void {
    const pi = this.state.processInstances.get(root.processInstanceKey);
    if (!pi) return;
    pi.state = state;
    pi.endTime = this.now;
    this.saveInstance(pi);
    this.state.processInstances.delete(pi.key);
    if (pi.startCorrelationKey) {
      this.state.messageStartedInstances.delete(`${pi.process.bpmnProcessId}\u0000${pi.startCorrelationKey}`);
      // A message refused for this key while the instance ran may be buffered: it starts the next one.
      const processId = pi.process.bpmnProcessId;
      const correlationKey = pi.startCorrelationKey;
      this.step(() => this.startEvents.correlateBuffered(processId, correlationKey));
    }
    if (pi.parentElementInstanceKey !== -1) childInstanceEnded(this, pi, root);
    this.onInstanceEnd(pi);
  }

  // ---------------------------------------------------------------- incidents

  raiseIncident(ei: ElementInstance, errorType: IncidentErrorType, errorMessage: string, failedStep: FailedStep, jobKey: Key = -1): Incident {
    const incident: Incident = {
      key: this.nextKey(),
      errorType,
      errorMessage,
      state: 'ACTIVE',
      processInstanceKey: ei.processInstanceKey,
      process: ei.process,
      elementInstanceKey: ei.key,
      elementId: ei.elementId,
      jobKey,
      variableScopeKey: ei.key,
      failedStep,
      createdAt: this.now,
    };
    this.state.incidents.set(incident.key, incident);
    ei.incidentKey = incident.key;
    this.save(ei);
    this.committer.batch.save(incidentsTable, incident.key, incident);
    this.event('INCIDENT', 'CREATED', incident.key, this.incidentValue(incident), ei.processInstanceKey);
    return incident;
  }

  incidentValue(i: Incident): Record<string, unknown> {
    return {
      errorType: i.errorType,
      errorMessage: i.errorMessage,
      bpmnProcessId: i.process.bpmnProcessId,
      processDefinitionKey: i.process.key,
      processInstanceKey: i.processInstanceKey,
      elementId: i.elementId,
      elementInstanceKey: i.elementInstanceKey,
      jobKey: i.jobKey,
      variableScopeKey: i.variableScopeKey,
      tenantId: TENANT,
    };
  }

  /** Marks an incident resolved (record + row) without retrying anything. */
  resolveIncidentRecord(incidentKey: Key): Incident | undefined {
    const incident = this.state.incidents.get(incidentKey);
    if (!incident) return undefined;
    incident.state = 'RESOLVED';
    incident.resolvedAt = this.now;
    this.state.incidents.delete(incidentKey);
    this.committer.batch.save(incidentsTable, incident.key, incident);
    this.event('INCIDENT', 'RESOLVED', incident.key, this.incidentValue(incident), incident.processInstanceKey);
    const ei = this.state.elements.get(incident.elementInstanceKey);
    if (ei && ei.incidentKey === incidentKey) {
      delete ei.incidentKey;
      this.save(ei);
    }
    return incident;
  }
}
