// Timer catch events and timer boundary events (docs.camunda.io … bpmn/timer-events): a duration
// counts from activation, a date is absolute, a cycle repeats (R3/PT10S). Timers are rows in
// engine.timers and entries in the due queue, so they survive a restart.
import type { ElementModel } from '../model/types.js';
import type { ElementInstance, Key, Timer } from '../state/entities.js';
import { timersTable } from '../state/tables.js';
import { addIsoDuration, parseIsoDateTime, parseIsoDuration, parseRepeatingInterval } from '../model/time.js';
import { evaluate } from './expressions.js';
import type { Runtime } from './runtime.js';
import { TENANT } from './runtime.js';

interface TimerPlan {
  readonly dueDate: number;
  readonly repetitions: number;
  readonly interval?: string;
}

export class Timers {
  constructor(private readonly rt: Runtime) {}

  /** Evaluates the timer of `event`; returns how to open it, or an error message. */
  plan(owner: ElementInstance, event: ElementModel): (() => void) | string {
    const timer = event.timer;
    if (!timer) return `Expected element '${event.id}' to have a timer definition`;
    const r = evaluate(timer.expression, this.rt.variables.visible(owner));
    if (!r.ok) return r.message;
    const text = typeof r.value === 'string' ? r.value : '';
    const p = this.toPlan(timer.kind, text);
    if (!p) {
      return `Expected result of the expression '${timer.expression.kind === 'feel' ? timer.expression.source : timer.expression.value}' of timer '${event.id}' to be a valid ISO 8601 ${timer.kind}, but was '${JSON.stringify(r.value)}'`;
    }
    return () => this.open(owner, event.id, p);
  }

  private toPlan(kind: 'duration' | 'date' | 'cycle', text: string): TimerPlan | undefined {
    const now = this.rt.now;
    if (kind === 'duration') {
      const d = parseIsoDuration(text);
      return d ? { dueDate: addIsoDuration(now, d), repetitions: 1 } : undefined;
    }
    if (kind === 'date') {
      const at = parseIsoDateTime(text);
      return at === undefined ? undefined : { dueDate: at, repetitions: 1 };
    }
    const c = parseRepeatingInterval(text);
    if (!c) return undefined;
    const intervalText = text.trim().split('/').pop() ?? '';
    return { dueDate: c.start ?? addIsoDuration(now, c.interval), repetitions: c.repetitions ?? -1, interval: intervalText };
  }

  private open(owner: ElementInstance, elementId: string, p: TimerPlan): void {
    const timer: Timer = {
      key: this.rt.nextKey(),
      elementInstanceKey: owner.key,
      elementId,
      processInstanceKey: owner.processInstanceKey,
      process: owner.process,
      dueDate: p.dueDate,
      repetitions: p.repetitions,
      ...(p.interval !== undefined ? { interval: p.interval } : {}),
    };
    this.rt.state.timers.set(timer.key, timer);
    (owner.timerKeys ??= []).push(timer.key);
    this.rt.save(owner);
    this.rt.committer.batch.save(timersTable, timer.key, timer);
    this.record(timer, 'CREATED');
    this.rt.due.add(timer.dueDate, 'timer', timer.key);
  }

  private record(t: Timer, intent: string): void {
    this.rt.event(
      'TIMER',
      intent,
      t.key,
      {
        elementInstanceKey: t.elementInstanceKey,
        processInstanceKey: t.processInstanceKey,
        processDefinitionKey: t.process.key,
        targetElementId: t.elementId,
        dueDate: t.dueDate,
        repetitions: t.repetitions,
        tenantId: TENANT,
      },
      t.processInstanceKey,
    );
  }

  private drop(t: Timer, owner: ElementInstance | undefined): void {
    this.rt.state.timers.delete(t.key);
    this.rt.committer.batch.remove(timersTable, t.key, { key: t.key });
    if (owner?.timerKeys) {
      owner.timerKeys = owner.timerKeys.filter((k) => k !== t.key);
      if (owner.timerKeys.length === 0) delete owner.timerKeys;
      this.rt.save(owner);
    }
  }

  /** The due queue says this timer may be due. */
  fire(key: Key, at: number): void {
    const t = this.rt.state.timers.get(key);
    if (!t || t.dueDate > at) return;
    const owner = this.rt.element(t.elementInstanceKey);
    this.record(t, 'TRIGGERED');
    this.drop(t, owner);
    if (!owner || owner.state !== 'ACTIVATED') return;
    if (t.elementId === owner.elementId) {
      this.rt.complete(owner);
      return;
    }
    const boundary = owner.process.model.elements.get(t.elementId);
    if (!boundary) return;
    if (boundary.cancelActivity !== false) {
      owner.interruptedBy = { elementId: boundary.id };
      this.rt.save(owner);
      this.rt.terminate(owner);
      return;
    }
    const scope = this.rt.flowScope(owner);
    if (scope) this.rt.activate(boundary, scope);
    if (t.interval !== undefined && t.repetitions !== 1) {
      const d = parseIsoDuration(t.interval);
      if (d) {
        this.open(owner, t.elementId, {
          dueDate: addIsoDuration(t.dueDate, d),
          repetitions: t.repetitions < 0 ? -1 : t.repetitions - 1,
          interval: t.interval,
        });
      }
    }
  }

  /** The owner is completing or terminating: its timers are canceled. */
  cancelOwned(owner: ElementInstance): void {
    if (!owner.timerKeys) return;
    for (const key of [...owner.timerKeys]) {
      const t = this.rt.state.timers.get(key);
      if (!t) continue;
      this.record(t, 'CANCELED');
      this.drop(t, owner);
    }
  }
}
