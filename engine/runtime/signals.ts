// Signals (docs.camunda.io … bpmn/signal-events): broadcast by name to every open signal
// subscription — catch events, boundary events, event subprocesses — and to the latest version
// of every process with a signal start event of that name. Nothing is buffered.
import type { ElementModel } from '../model/types.js';
import type { ElementInstance, Key, SignalSubscription } from '../state/entities.js';
import { signalSubscriptionsTable } from '../state/tables.js';
import { evaluateString } from './expressions.js';
import type { Runtime } from './runtime.js';
import { TENANT } from './runtime.js';

export class Signals {
  constructor(private readonly rt: Runtime) {}

  plan(owner: ElementInstance, event: ElementModel, interrupting: boolean): (() => void) | string {
    if (!event.signal) return `Expected element '${event.id}' to have a signal`;
    const name = evaluateString(event.signal.name, this.rt.variables.visible(owner));
    if (!name.ok) return name.message;
    return () => this.open(owner, event.id, name.value, interrupting);
  }

  private open(owner: ElementInstance, elementId: string, signalName: string, interrupting: boolean): void {
    const sub: SignalSubscription = {
      key: this.rt.nextKey(),
      elementInstanceKey: owner.key,
      elementId,
      processInstanceKey: owner.processInstanceKey,
      process: owner.process,
      signalName,
      interrupting,
    };
    this.index(sub);
    (owner.signalKeys ??= []).push(sub.key);
    this.rt.save(owner);
    this.rt.committer.batch.save(signalSubscriptionsTable, sub.key, sub);
    this.record(sub, 'CREATED');
  }

  /** Puts a subscription into the in-memory indexes (also used when loading state). */
  index(sub: SignalSubscription): void {
    this.rt.state.signalSubscriptions.set(sub.key, sub);
    let set = this.rt.state.signalsByName.get(sub.signalName);
    if (!set) this.rt.state.signalsByName.set(sub.signalName, (set = new Set()));
    set.add(sub.key);
  }

  private record(sub: SignalSubscription, intent: string): void {
    this.rt.event(
      'SIGNAL_SUBSCRIPTION',
      intent,
      sub.key,
      {
        signalName: sub.signalName,
        catchElementId: sub.elementId,
        catchEventInstanceKey: sub.elementInstanceKey,
        processInstanceKey: sub.processInstanceKey,
        bpmnProcessId: sub.process.bpmnProcessId,
        processDefinitionKey: sub.process.key,
        tenantId: TENANT,
      },
      sub.processInstanceKey,
    );
  }

  private close(sub: SignalSubscription, owner: ElementInstance | undefined): void {
    this.rt.state.signalSubscriptions.delete(sub.key);
    const set = this.rt.state.signalsByName.get(sub.signalName);
    set?.delete(sub.key);
    if (set && set.size === 0) this.rt.state.signalsByName.delete(sub.signalName);
    this.rt.committer.batch.remove(signalSubscriptionsTable, sub.key, { key: sub.key });
    if (owner?.signalKeys) {
      owner.signalKeys = owner.signalKeys.filter((k) => k !== sub.key);
      if (owner.signalKeys.length === 0) delete owner.signalKeys;
      this.rt.save(owner);
    }
  }

  closeOwned(owner: ElementInstance, only?: (elementId: string) => boolean): void {
    if (!owner.signalKeys) return;
    for (const key of [...owner.signalKeys]) {
      const sub = this.rt.state.signalSubscriptions.get(key);
      if (!sub || (only && !only(sub.elementId))) continue;
      this.record(sub, 'DELETED');
      this.close(sub, owner);
    }
  }

  /** BroadcastSignal and signal throw events. Returns the signal's key. */
  broadcast(signalName: string, variables: Record<string, unknown>): Key {
    const key = this.rt.nextKey();
    this.rt.event('SIGNAL', 'BROADCASTED', key, { signalName, variables, tenantId: TENANT });
    const subs = this.rt.state.signalsByName.get(signalName);
    for (const sk of [...(subs ?? [])]) {
      const sub = this.rt.state.signalSubscriptions.get(sk);
      if (!sub) continue;
      const owner = this.rt.element(sub.elementInstanceKey);
      if (!owner || owner.state !== 'ACTIVATED') continue;
      // A non-interrupting catch stays subscribed; anything else is consumed.
      const keep = !sub.interrupting && sub.elementId !== owner.elementId;
      if (!keep) {
        this.record(sub, 'DELETED');
        this.close(sub, owner);
      }
      this.rt.trigger(owner, sub.elementId, variables, sub.interrupting);
    }
    this.rt.startEvents.signal(signalName, variables);
    return key;
  }
}
