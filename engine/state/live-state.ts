// The live part of the engine's state, indexed the ways commands look it up. Only the engine's
// single writer touches it (engine.md: one engine per database), so no locks.
import type {
  BufferedMessage,
  DeployedProcess,
  ElementInstance,
  Incident,
  Job,
  Key,
  MessageSubscription,
  ProcessInstance,
  SignalSubscription,
  Timer,
} from './entities.js';

export const FIRST_KEY = 2251799813685249; // partition 1, as Zeebe encodes it: (1 << 51) + 1

export class LiveState {
  nextKey = FIRST_KEY;
  nextPosition = 1;

  readonly definitions = new Map<Key, DeployedProcess>();
  /** bpmnProcessId → its versions, oldest first. */
  readonly versions = new Map<string, DeployedProcess[]>();

  readonly processInstances = new Map<Key, ProcessInstance>();
  readonly elements = new Map<Key, ElementInstance>();
  /** Children of container element instances (process, subprocess). */
  readonly children = new Map<Key, Set<Key>>();
  /** scope key → variable name → value. */
  readonly variables = new Map<Key, Map<string, unknown>>();

  readonly jobs = new Map<Key, Job>();
  /** job type → ACTIVATABLE job keys in the order they became activatable. */
  readonly activatable = new Map<string, Set<Key>>();

  readonly timers = new Map<Key, Timer>();
  readonly subscriptions = new Map<Key, MessageSubscription>();
  /** `name \0 correlationKey` → subscription keys. */
  readonly subscriptionsByMessage = new Map<string, Set<Key>>();
  readonly signalSubscriptions = new Map<Key, SignalSubscription>();
  /** signal name → subscription keys. */
  readonly signalsByName = new Map<string, Set<Key>>();
  /** `bpmnProcessId \0 correlationKey` → the active instance a message start event started. */
  readonly messageStartedInstances = new Map<string, Key>();
  readonly messages = new Map<Key, BufferedMessage>();
  /** `name \0 correlationKey` → buffered message keys, oldest first. */
  readonly messagesByCorrelation = new Map<string, Set<Key>>();
  /** `name \0 correlationKey \0 messageId` → key, while buffered. */
  readonly messageIds = new Map<string, Key>();
  /** Active incidents. */
  readonly incidents = new Map<Key, Incident>();

  latest(bpmnProcessId: string): DeployedProcess | undefined {
    const list = this.versions.get(bpmnProcessId);
    return list?.[list.length - 1];
  }

  addDefinition(p: DeployedProcess): void {
    this.definitions.set(p.key, p);
    const list = this.versions.get(p.bpmnProcessId) ?? [];
    list.push(p);
    list.sort((a, b) => a.version - b.version);
    this.versions.set(p.bpmnProcessId, list);
  }

  /** DeleteResource: the version no longer starts instances; an older one may be latest again. */
  removeDefinition(p: DeployedProcess): void {
    this.definitions.delete(p.key);
    const list = (this.versions.get(p.bpmnProcessId) ?? []).filter((d) => d.key !== p.key);
    if (list.length > 0) this.versions.set(p.bpmnProcessId, list);
    else this.versions.delete(p.bpmnProcessId);
  }

  makeActivatable(job: Job): void {
    job.state = 'ACTIVATABLE';
    job.deadline = undefined;
    job.recurAt = undefined;
    let set = this.activatable.get(job.type);
    if (!set) this.activatable.set(job.type, (set = new Set()));
    set.add(job.key);
  }

  notActivatable(job: Job): void {
    this.activatable.get(job.type)?.delete(job.key);
  }
}

export function correlationIndex(name: string, correlationKey: string): string {
  return `${name}\u0000${correlationKey}`;
}
