// Message correlation (docs.camunda.io … concepts/messages): a message is published with a name
// and correlation key and correlated to the open subscriptions of catch events, receive tasks
// and message boundary events with the same name and key — at most once per bpmnProcessId. With
// a TTL it is buffered, and a subscription opened later takes the first buffered match.
import type { ElementModel } from '../model/types.js';
import type { BufferedMessage, ElementInstance, Key, MessageSubscription } from '../state/entities.js';
import { correlationIndex } from '../state/live-state.js';
import { messagesTable, subscriptionsTable } from '../state/tables.js';
import { evaluateCorrelationKey, evaluateString } from './expressions.js';
import { Rejection } from './rejection.js';
import type { Runtime } from './runtime.js';
import { TENANT } from './runtime.js';

export interface PublishRequest {
  readonly name: string;
  readonly correlationKey: string;
  readonly timeToLive: number;
  readonly messageId: string;
  readonly variables: Record<string, unknown>;
}

export class Messages {
  constructor(private readonly rt: Runtime) {}

  /** Evaluates name and correlation key of `event`; returns how to open it, or an error message. */
  plan(owner: ElementInstance, event: ElementModel, interrupting: boolean): (() => void) | string {
    const def = event.message;
    if (!def) return `Expected element '${event.id}' to have a message`;
    const variables = this.rt.variables.visible(owner);
    const name = evaluateString(def.name, variables);
    if (!name.ok) return name.message;
    if (!def.correlationKey) return `Expected message '${name.value}' of element '${event.id}' to have a correlation key`;
    const key = evaluateCorrelationKey(def.correlationKey, variables, event.id);
    if (!key.ok) return key.message;
    return () => this.open(owner, event.id, name.value, key.value, interrupting);
  }

  private open(owner: ElementInstance, elementId: string, messageName: string, correlationKey: string, interrupting: boolean): void {
    const sub: MessageSubscription = {
      key: this.rt.nextKey(),
      elementInstanceKey: owner.key,
      elementId,
      processInstanceKey: owner.processInstanceKey,
      process: owner.process,
      messageName,
      correlationKey,
      interrupting,
    };
    this.index(sub);
    const index = correlationIndex(messageName, correlationKey);
    (owner.subscriptionKeys ??= []).push(sub.key);
    this.rt.save(owner);
    this.rt.committer.batch.save(subscriptionsTable, sub.key, sub);
    this.record(sub, 'CREATED');
    // A buffered message may already be waiting for this subscription.
    this.rt.step(() => {
      if (!this.rt.state.subscriptions.has(sub.key)) return;
      const buffered = this.rt.state.messagesByCorrelation.get(index);
      if (!buffered) return;
      for (const mk of buffered) {
        const m = this.rt.state.messages.get(mk);
        if (!m || m.deadline <= this.rt.now || m.correlatedProcessIds.includes(sub.process.bpmnProcessId)) continue;
        this.correlate(sub, m.key, m.variables, m);
        return;
      }
    });
  }

  /** Puts a subscription into the in-memory indexes (also used when loading state). */
  index(sub: MessageSubscription): void {
    this.rt.state.subscriptions.set(sub.key, sub);
    const index = correlationIndex(sub.messageName, sub.correlationKey);
    let set = this.rt.state.subscriptionsByMessage.get(index);
    if (!set) this.rt.state.subscriptionsByMessage.set(index, (set = new Set()));
    set.add(sub.key);
  }

  private record(sub: MessageSubscription, intent: string, variables: Record<string, unknown> = {}, messageKey: Key = -1): void {
    this.rt.event(
      'PROCESS_MESSAGE_SUBSCRIPTION',
      intent,
      sub.key,
      {
        processInstanceKey: sub.processInstanceKey,
        elementInstanceKey: sub.elementInstanceKey,
        elementId: sub.elementId,
        bpmnProcessId: sub.process.bpmnProcessId,
        messageName: sub.messageName,
        correlationKey: sub.correlationKey,
        messageKey,
        interrupting: sub.interrupting,
        variables,
        tenantId: TENANT,
      },
      sub.processInstanceKey,
    );
  }

  private close(sub: MessageSubscription, owner: ElementInstance | undefined): void {
    this.rt.state.subscriptions.delete(sub.key);
    const index = correlationIndex(sub.messageName, sub.correlationKey);
    const set = this.rt.state.subscriptionsByMessage.get(index);
    set?.delete(sub.key);
    if (set && set.size === 0) this.rt.state.subscriptionsByMessage.delete(index);
    this.rt.committer.batch.remove(subscriptionsTable, sub.key, { key: sub.key });
    if (owner?.subscriptionKeys) {
      owner.subscriptionKeys = owner.subscriptionKeys.filter((k) => k !== sub.key);
      if (owner.subscriptionKeys.length === 0) delete owner.subscriptionKeys;
      this.rt.save(owner);
    }
  }

  /** The owner is completing or terminating: its subscriptions are deleted. */
  closeOwned(owner: ElementInstance, only?: (elementId: string) => boolean): void {
    if (!owner.subscriptionKeys) return;
    for (const key of [...owner.subscriptionKeys]) {
      const sub = this.rt.state.subscriptions.get(key);
      if (!sub || (only && !only(sub.elementId))) continue;
      this.record(sub, 'DELETED');
      this.close(sub, owner);
    }
  }

  private correlate(sub: MessageSubscription, messageKey: Key, variables: Record<string, unknown>, buffered?: BufferedMessage): void {
    const owner = this.rt.element(sub.elementInstanceKey);
    if (!owner || owner.state !== 'ACTIVATED') return;
    this.record(sub, 'CORRELATED', variables, messageKey);
    if (buffered) {
      buffered.correlatedProcessIds.push(sub.process.bpmnProcessId);
      this.rt.committer.batch.save(messagesTable, buffered.key, buffered);
    }
    this.rt.trigger(owner, sub.elementId, variables, sub.interrupting);
  }

  publish(req: PublishRequest): Key {
    const idIndex = req.messageId ? `${correlationIndex(req.name, req.correlationKey)}\u0000${req.messageId}` : '';
    if (idIndex && this.rt.state.messageIds.has(idIndex)) {
      throw new Rejection(
        'ALREADY_EXISTS',
        'PUBLISH',
        `Expected to publish a new message with id '${req.messageId}', but a message with that id was already published`,
      );
    }
    const key = this.rt.nextKey();
    const value = {
      name: req.name,
      correlationKey: req.correlationKey,
      messageId: req.messageId,
      timeToLive: req.timeToLive,
      deadline: this.rt.now + Math.max(req.timeToLive, 0),
      variables: req.variables,
      tenantId: TENANT,
    };
    this.rt.event('MESSAGE', 'PUBLISHED', key, value);
    const correlated: string[] = [];
    const index = correlationIndex(req.name, req.correlationKey);
    const subs = this.rt.state.subscriptionsByMessage.get(index);
    if (subs) {
      for (const sk of [...subs]) {
        const sub = this.rt.state.subscriptions.get(sk);
        if (!sub || correlated.includes(sub.process.bpmnProcessId)) continue;
        const owner = this.rt.element(sub.elementInstanceKey);
        if (!owner || owner.state !== 'ACTIVATED') continue;
        correlated.push(sub.process.bpmnProcessId);
        this.correlate(sub, key, req.variables);
      }
    }
    correlated.push(...this.rt.startEvents.message(req.name, req.correlationKey, req.variables, correlated));
    if (req.timeToLive > 0) {
      const m: BufferedMessage = {
        key,
        name: req.name,
        correlationKey: req.correlationKey,
        messageId: req.messageId,
        variables: req.variables,
        deadline: value.deadline,
        correlatedProcessIds: correlated,
      };
      this.buffer(m);
      this.rt.committer.batch.save(messagesTable, key, m);
      this.rt.due.add(m.deadline, 'messageTtl', key);
    } else {
      this.rt.event('MESSAGE', 'EXPIRED', key, value);
    }
    return key;
  }

  /** Puts a message into the in-memory indexes (also used when loading state). */
  buffer(m: BufferedMessage): void {
    this.rt.state.messages.set(m.key, m);
    const index = correlationIndex(m.name, m.correlationKey);
    let set = this.rt.state.messagesByCorrelation.get(index);
    if (!set) this.rt.state.messagesByCorrelation.set(index, (set = new Set()));
    set.add(m.key);
    if (m.messageId) this.rt.state.messageIds.set(`${index}\u0000${m.messageId}`, m.key);
  }

  expire(key: Key, at: number): void {
    const m = this.rt.state.messages.get(key);
    if (!m || m.deadline > at) return;
    this.rt.event('MESSAGE', 'EXPIRED', key, {
      name: m.name,
      correlationKey: m.correlationKey,
      messageId: m.messageId,
      deadline: m.deadline,
      variables: m.variables,
      tenantId: TENANT,
    });
    this.rt.state.messages.delete(key);
    const index = correlationIndex(m.name, m.correlationKey);
    const set = this.rt.state.messagesByCorrelation.get(index);
    set?.delete(key);
    if (set && set.size === 0) this.rt.state.messagesByCorrelation.delete(index);
    if (m.messageId) this.rt.state.messageIds.delete(`${index}\u0000${m.messageId}`);
    this.rt.committer.batch.remove(messagesTable, key, { key });
  }
}
