// Start events other than none (docs.camunda.io … bpmn/message-events, timer-events,
// signal-events): they belong to the LATEST version of a process. Message start events start an
// instance per published message (at most one active instance per correlation key); signal
// start events one per broadcast; timer start events at their date or cycle.
import type { ElementModel } from '../model/types.js';
import type { BufferedMessage, DeployedProcess, Key, Timer } from '../state/entities.js';
import { correlationIndex } from '../state/live-state.js';
import { messagesTable, timersTable } from '../state/tables.js';
import { evaluateString } from './expressions.js';
import type { Runtime } from './runtime.js';

export class StartEvents {
  /** message name → bpmnProcessIds whose latest version has such a message start event. */
  private readonly byMessage = new Map<string, Set<string>>();
  /** signal name → bpmnProcessIds whose latest version has such a signal start event. */
  private readonly bySignal = new Map<string, Set<string>>();

  constructor(private readonly rt: Runtime) {}

  private startEvents(process: DeployedProcess): ElementModel[] {
    const root = process.model.elements.get(process.bpmnProcessId);
    return (root?.eventStartEventIds ?? []).map((id) => process.model.elements.get(id)).filter((e): e is ElementModel => e !== undefined);
  }

  private staticName(e: { readonly name: import('../model/types.js').Expression }): string | undefined {
    const r = evaluateString(e.name, {});
    return r.ok ? r.value : undefined;
  }

  /** Indexes the message and signal start events of a latest version (deploy and load). */
  index(process: DeployedProcess): void {
    for (const e of this.startEvents(process)) {
      const name = e.message ? this.staticName(e.message) : e.signal ? this.staticName(e.signal) : undefined;
      if (name === undefined) continue;
      const map = e.message ? this.byMessage : this.bySignal;
      let set = map.get(name);
      if (!set) map.set(name, (set = new Set()));
      set.add(process.bpmnProcessId);
    }
  }

  private unindex(process: DeployedProcess): void {
    for (const map of [this.byMessage, this.bySignal]) for (const set of map.values()) set.delete(process.bpmnProcessId);
  }

  /**
   * `next` became the latest version of its process (or `previous` was deleted and `next` is
   * what is left): the start events move over, and timer start events are re-armed.
   */
  latestChanged(previous: DeployedProcess | undefined, next: DeployedProcess | undefined): void {
    if (previous) {
      this.unindex(previous);
      for (const t of [...this.rt.state.timers.values()]) {
        if (t.elementInstanceKey === -1 && t.process.key === previous.key) {
          this.record(t, 'CANCELED');
          this.rt.state.timers.delete(t.key);
          this.rt.committer.batch.remove(timersTable, t.key, { key: t.key });
        }
      }
    }
    if (!next) return;
    this.index(next);
    for (const e of this.startEvents(next)) {
      if (!e.timer) continue;
      const plan = this.rt.timers.planAt(e, {});
      if (typeof plan !== 'string') this.openTimer(next, e.id, plan);
    }
  }

  private openTimer(process: DeployedProcess, elementId: string, p: { dueDate: number; repetitions: number; interval?: string }): void {
    const t: Timer = {
      key: this.rt.nextKey(),
      elementInstanceKey: -1,
      elementId,
      processInstanceKey: -1,
      process,
      dueDate: p.dueDate,
      repetitions: p.repetitions,
      ...(p.interval !== undefined ? { interval: p.interval } : {}),
    };
    this.rt.state.timers.set(t.key, t);
    this.rt.committer.batch.save(timersTable, t.key, t);
    this.record(t, 'CREATED');
    this.rt.due.add(t.dueDate, 'timer', t.key);
  }

  private record(t: Timer, intent: string): void {
    this.rt.event('TIMER', intent, t.key, {
      elementInstanceKey: -1,
      processInstanceKey: -1,
      processDefinitionKey: t.process.key,
      targetElementId: t.elementId,
      dueDate: t.dueDate,
      repetitions: t.repetitions,
      tenantId: '<default>',
    });
  }

  /** A timer start event is due: start an instance there, and re-arm a cycle. */
  fireTimer(t: Timer): void {
    this.record(t, 'TRIGGERED');
    this.rt.state.timers.delete(t.key);
    this.rt.committer.batch.remove(timersTable, t.key, { key: t.key });
    if (this.rt.state.latest(t.process.bpmnProcessId)?.key !== t.process.key) return;
    this.rt.createInstance(t.process, {}, { startAt: [t.elementId] });
    if (t.interval !== undefined && t.repetitions !== 1) {
      const next = this.rt.timers.nextOfCycle(t);
      if (next !== undefined) this.openTimer(t.process, t.elementId, { dueDate: next, repetitions: t.repetitions < 0 ? -1 : t.repetitions - 1, interval: t.interval });
    }
  }

  /** A published message: start the processes waiting for it. Returns the bpmnProcessIds started. */
  message(name: string, correlationKey: string, variables: Record<string, unknown>, already: readonly string[]): string[] {
    const started: string[] = [];
    for (const bpmnProcessId of this.byMessage.get(name) ?? []) {
      if (already.includes(bpmnProcessId)) continue;
      const process = this.rt.state.latest(bpmnProcessId);
      if (!process) continue;
      if (correlationKey !== '' && this.rt.state.messageStartedInstances.has(`${bpmnProcessId}\u0000${correlationKey}`)) continue;
      const start = this.startEvents(process).find((e) => e.message && this.staticName(e.message) === name);
      if (!start) continue;
      this.rt.createInstance(process, variables, { startAt: [start.id], ...(correlationKey !== '' ? { startCorrelationKey: correlationKey } : {}) });
      started.push(bpmnProcessId);
    }
    return started;
  }

  /**
   * The instance a message started with `correlationKey` ended: the oldest buffered message for
   * one of the process's message start events with that key, not yet used by this process,
   * starts the next instance (message-events page, "Message start events").
   */
  correlateBuffered(bpmnProcessId: string, correlationKey: string): void {
    const process = this.rt.state.latest(bpmnProcessId);
    if (!process || this.rt.state.messageStartedInstances.has(`${bpmnProcessId}\u0000${correlationKey}`)) return;
    let best: { message: BufferedMessage; start: ElementModel } | undefined;
    for (const start of this.startEvents(process)) {
      const name = start.message ? this.staticName(start.message) : undefined;
      if (name === undefined) continue;
      for (const key of this.rt.state.messagesByCorrelation.get(correlationIndex(name, correlationKey)) ?? []) {
        const m = this.rt.state.messages.get(key);
        if (!m || m.deadline <= this.rt.now || m.correlatedProcessIds.includes(bpmnProcessId)) continue;
        if (!best || m.key < best.message.key) best = { message: m, start };
        break;
      }
    }
    if (!best) return;
    best.message.correlatedProcessIds.push(bpmnProcessId);
    this.rt.committer.batch.save(messagesTable, best.message.key, best.message);
    this.rt.createInstance(process, best.message.variables, { startAt: [best.start.id], startCorrelationKey: correlationKey });
  }

  signal(name: string, variables: Record<string, unknown>): Key[] {
    const started: Key[] = [];
    for (const bpmnProcessId of this.bySignal.get(name) ?? []) {
      const process = this.rt.state.latest(bpmnProcessId);
      const start = process ? this.startEvents(process).find((e) => e.signal && this.staticName(e.signal) === name) : undefined;
      if (process && start) started.push(this.rt.createInstance(process, variables, { startAt: [start.id] }).key);
    }
    return started;
  }
}
