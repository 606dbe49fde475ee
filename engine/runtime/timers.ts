// Timer catch events and timer boundary events (docs.camunda.io … bpmn/timer-events): a duration
// counts from activation, a date is absolute, a cycle repeats (R3/PT10S). Timers are rows in
// engine.timers and entries in the due queue, so they survive a restart.
import type { ElementModel } from '../model/types.js';
import type { ElementInstance, Key, Timer } from '../state/entities.js';
import { timersTable } from '../state/tables.js';
import { addIsoDuration, parseIsoDateTime, parseIsoDuration, parseRepeatingInterval } from '../model/time.js';
import { nextCronTime, parseCron } from '../model/cron.js';
import { evaluate } from './expressions.js';
import type { Runtime } from './runtime.js';
import { TENANT } from './runtime.js';

export interface TimerPlan {
  readonly dueDate: number;
  readonly repetitions: number;
  readonly interval?: string;
}

export class Timers {
  constructor(private readonly rt: Runtime) {}

  /** Evaluates the timer of `event`; returns how to open it, or an error message. */
  plan(owner: ElementInstance, event: ElementModel): (() => void) | string {
    const p = this.planAt(event, this.rt.variables.visible(owner));
    if (typeof p === 'string') return p;
    return () => this.open(owner, event.id, p);
  }

  /** When a timer event is due first, evaluated against `variables`; or why it can't be. */
  planAt(event: ElementModel, variables: Record<string, unknown>): TimerPlan | string {
    const timer = event.timer;
    if (!timer) return `Expected element '${event.id}' to have a timer definition`;
    const r = evaluate(timer.expression, variables);
    if (!r.ok) return r.message;
    const text = typeof r.value === 'string' ? r.value : '';
    const p = this.toPlan(timer.kind, text);
    if (!p) {
      return `Expected result of the expression '${timer.expression.kind === 'feel' ? timer.expression.source : timer.expression.value}' of timer '${event.id}' to be a valid ISO 8601 ${timer.kind}, but was '${JSON.stringify(r.value)}'`;
    }
    return p;
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
    if (c) {
      const intervalText = text.trim().split('/').pop() ?? '';
      return { dueDate: c.start ?? addIsoDuration(now, c.interval), repetitions: c.repetitions ?? -1, interval: intervalText };
    }
    const cron = parseCron(text);
    if (!cron) return undefined;
    const next = nextCronTime(cron, now);
    return next === undefined ? undefined : { dueDate: next, repetitions: -1, interval: text.trim() };
  }

  /** The next due date of a cycle after `t` fired: ISO interval or cron. */
  nextOfCycle(t: Timer): number | undefined {
    if (t.interval === undefined) return undefined;
    const d = parseIsoDuration(t.interval);
    if (d) return addIsoDuration(t.dueDate, d);
    const cron = parseCron(t.interval);
    return cron ? nextCronTime(cron, Math.max(t.dueDate, this.rt.now)) : undefined;
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
    if (t.elementInstanceKey === -1) {
      this.rt.startEvents.fireTimer(t);
      return;
    }
    const owner = this.rt.element(t.elementInstanceKey);
    this.record(t, 'TRIGGERED');
    this.drop(t, owner);
    if (!owner || owner.state !== 'ACTIVATED') return;
    const event = owner.process.model.elements.get(t.elementId);
    const interrupting = event?.type === 'START_EVENT' ? event.interrupting !== false : event?.cancelActivity !== false;
    if (!interrupting && t.interval !== undefined && t.repetitions !== 1) {
      const next = this.nextOfCycle(t);
      if (next !== undefined) {
        this.open(owner, t.elementId, { dueDate: next, repetitions: t.repetitions < 0 ? -1 : t.repetitions - 1, interval: t.interval });
      }
    }
    this.rt.trigger(owner, t.elementId, {}, interrupting);
  }

  /** The owner is completing or terminating: its timers are canceled. */
  cancelOwned(owner: ElementInstance, only?: (elementId: string) => boolean): void {
    if (!owner.timerKeys) return;
    for (const key of [...owner.timerKeys]) {
      const t = this.rt.state.timers.get(key);
      if (!t || (only && !only(t.elementId))) continue;
      this.record(t, 'CANCELED');
      this.drop(t, owner);
    }
  }
}
