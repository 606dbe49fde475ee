// The live part of the engine's state, indexed the ways commands look it up. Only the engine's
// single writer touches it (engine.md: one engine per database), so no locks.
//
// Instances that wait untouched for a while are folded into a compact form (state/folding.ts) and
// unfolded on the first lookup of any of their keys: the maps below that hold instance state are
// UnfoldingMaps, whose get/has do that. Their iteration (values(), size, for…of) sees only the
// unfolded entries — code that needs every instance asks by key or uses the counters here.
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
import { FIRST_KEY, fold, slot, unfold, type Unfolded } from './folding.js';

export { FIRST_KEY } from './folding.js';

/** A Map by key whose misses first unfold a folded instance that owns the key. */
export class UnfoldingMap<V> extends Map<Key, V> {
  constructor(
    private readonly unfold: (key: Key) => boolean,
    private readonly touch?: (value: V) => void,
    private readonly forget?: (key: Key) => void,
  ) {
    super();
  }

  override delete(key: Key): boolean {
    this.forget?.(key);
    return super.delete(key);
  }

  override get(key: Key): V | undefined {
    const v = super.get(key);
    if (v !== undefined) {
      this.touch?.(v);
      return v;
    }
    return this.unfold(key) ? super.get(key) : undefined;
  }

  override has(key: Key): boolean {
    return super.has(key) || (this.unfold(key) && super.has(key));
  }

  override set(key: Key, value: V): this {
    this.touch?.(value);
    return super.set(key, value);
  }

  /** The entry if it is unfolded, without unfolding or counting as a touch. */
  peek(key: Key): V | undefined {
    return super.get(key);
  }
}

/**
 * A set of keys in insertion order, held as slots (small integers) instead of a boxed double per
 * key: the activatable queues hold one entry per waiting job.
 */
export class KeySet implements Iterable<Key> {
  private readonly slots = new Set<number>();

  get size(): number {
    return this.slots.size;
  }

  add(key: Key): this {
    this.slots.add(slot(key));
    return this;
  }

  has(key: Key): boolean {
    return this.slots.has(slot(key));
  }

  delete(key: Key): boolean {
    return this.slots.delete(slot(key));
  }

  *[Symbol.iterator](): Iterator<Key> {
    for (const s of this.slots) yield s + FIRST_KEY;
  }
}

/** How folding waiting instances is paced (engine.ts runs `foldIdle` on a timer). */
export interface FoldingOptions {
  /** Sweeps an instance must go untouched before it is folded. */
  readonly idleSweeps: number;
  /** Work per sweep, ms: folding never holds the event loop longer than this. */
  readonly budgetMs: number;
}

export class LiveState {
  nextKey = FIRST_KEY;
  nextPosition = 1;

  readonly definitions = new Map<Key, DeployedProcess>();
  /** bpmnProcessId → its versions, oldest first. */
  readonly versions = new Map<string, DeployedProcess[]>();

  private readonly unfoldOwner = (key: Key): boolean => this.unfold(key);
  readonly processInstances = new UnfoldingMap<ProcessInstance>(
    this.unfoldOwner,
    (pi) => this.touch(pi.key),
    (key) => this.lastTouch.delete(slot(key)),
  );
  readonly elements = new UnfoldingMap<ElementInstance>(this.unfoldOwner, (ei) => this.touch(ei.processInstanceKey));
  /** Children of container element instances (process, subprocess). */
  readonly children = new UnfoldingMap<Set<Key>>(this.unfoldOwner);
  /** scope key → variable name → value. */
  readonly variables = new UnfoldingMap<Map<string, unknown>>(this.unfoldOwner);

  readonly jobs = new UnfoldingMap<Job>(this.unfoldOwner, (job) => this.touch(job.processInstanceKey));
  /** job type → ACTIVATABLE job keys in the order they became activatable. */
  readonly activatable = new Map<string, KeySet>();

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

  // ---------------------------------------------------------------- folded instances

  /** Folded instances by slot(process instance key). */
  private readonly folded = new Map<number, string>();
  /** slot(element or job key) → slot(process instance key), for the folded instances' other keys. */
  private readonly foldedOwner = new Map<number, number>();
  /** Folded instances per process definition key (DeleteResource counts running instances). */
  private readonly foldedPerDefinition = new Map<Key, number>();
  /** Every definition a folded instance refers to (a deleted one stays reachable). */
  private readonly foldedDefinitions = new Map<Key, DeployedProcess>();
  /** slot(process instance key) → the sweep that last saw it touched. */
  private readonly lastTouch = new Map<number, number>();
  private sweep = 0;
  private sweepCursor: Iterator<ProcessInstance> | undefined;

  /** Instances folded now. */
  get foldedCount(): number {
    return this.folded.size;
  }

  /** Active instances of a process definition, folded or not. */
  runningInstancesOf(definitionKey: Key): number {
    let n = this.foldedPerDefinition.get(definitionKey) ?? 0;
    for (const pi of Map.prototype.values.call(this.processInstances) as IterableIterator<ProcessInstance>) if (pi.process.key === definitionKey) n++;
    return n;
  }

  private touch(processInstanceKey: Key): void {
    this.lastTouch.set(slot(processInstanceKey), this.sweep);
  }

  /**
   * Folds instances untouched for `idleSweeps` sweeps whose every element waits (ACTIVATED, no
   * incident) and that `mayFold` allows, within the time budget; returns how many it folded.
   * Call it between commands, never inside one.
   */
  foldIdle(options: FoldingOptions, mayFold: (ei: ElementInstance) => boolean): number {
    this.sweep++;
    const until = performance.now() + options.budgetMs;
    let count = 0;
    for (let n = 0; ; n++) {
      if ((n & 63) === 0 && performance.now() > until) break;
      this.sweepCursor ??= Map.prototype.values.call(this.processInstances) as IterableIterator<ProcessInstance>;
      const next = this.sweepCursor.next();
      if (next.done) {
        this.sweepCursor = undefined;
        this.pruneTouches();
        break;
      }
      const pi = next.value;
      const touched = this.lastTouch.get(slot(pi.key));
      if (touched !== undefined && this.sweep - touched <= options.idleSweeps) continue;
      if (this.fold(pi, mayFold)) count++;
      else this.lastTouch.set(slot(pi.key), this.sweep); // not foldable now: look again after another idle period
    }
    return count;
  }

  /** Lookups right after an instance ended may have noted a touch for it: drop those. */
  private pruneTouches(): void {
    // size (not overridden) counts the unfolded instances, the only ones that keep touches.
    if (this.lastTouch.size <= this.processInstances.size) return;
    const live = Map.prototype.has.bind(this.processInstances) as (key: Key) => boolean;
    for (const s of this.lastTouch.keys()) if (!live(s + FIRST_KEY)) this.lastTouch.delete(s);
  }

  private fold(pi: ProcessInstance, mayFold: (ei: ElementInstance) => boolean): boolean {
    if (pi.state !== 'ACTIVE') return false;
    const root = this.elements.peek(pi.key);
    if (!root) return false;
    const elements: Unfolded['elements'] = [];
    const jobs: Job[] = [];
    const variables: Unfolded['variables'] = [];
    // Breadth first, children in their Set's order: unfolding adds them back in this order, so
    // terminating a scope still walks its children in activation order.
    const pending: ElementInstance[] = [root];
    for (let i = 0; i < pending.length; i++) {
      const ei = pending[i] as ElementInstance;
      if (ei.state !== 'ACTIVATED' || ei.incidentKey !== undefined || !mayFold(ei)) return false;
      const kids = this.children.peek(ei.key);
      elements.push({ ei, container: kids !== undefined });
      for (const k of kids ?? []) {
        const child = this.elements.peek(k);
        if (!child) return false;
        pending.push(child);
      }
      if (ei.jobKey !== undefined) {
        const job = this.jobs.peek(ei.jobKey);
        if (job) jobs.push(job);
      }
      const vars = this.variables.peek(ei.key);
      if (vars) variables.push([ei.key, vars]);
    }
    const text = fold({ instance: pi, elements, jobs, variables });
    const owner = slot(pi.key);
    this.folded.set(owner, text);
    Map.prototype.delete.call(this.processInstances, pi.key);
    for (const { ei } of elements) {
      Map.prototype.delete.call(this.elements, ei.key);
      Map.prototype.delete.call(this.children, ei.key);
      Map.prototype.delete.call(this.variables, ei.key);
      if (ei.key !== pi.key) this.foldedOwner.set(slot(ei.key), owner);
    }
    for (const job of jobs) {
      Map.prototype.delete.call(this.jobs, job.key);
      this.foldedOwner.set(slot(job.key), owner);
    }
    this.foldedPerDefinition.set(pi.process.key, (this.foldedPerDefinition.get(pi.process.key) ?? 0) + 1);
    this.foldedDefinitions.set(pi.process.key, pi.process);
    this.lastTouch.delete(owner);
    return true;
  }

  /** Unfolds the folded instance that owns `key` (instance, element or job key), if any. */
  private unfold(key: Key): boolean {
    if (this.folded.size === 0) return false;
    const s = slot(key);
    const owner = this.folded.has(s) ? s : this.foldedOwner.get(s);
    if (owner === undefined) return false;
    const text = this.folded.get(owner);
    if (text === undefined) return false;
    const u = unfold(owner + FIRST_KEY, text, (definitionKey) => {
      const d = this.foldedDefinitions.get(definitionKey) ?? this.definitions.get(definitionKey);
      if (!d) throw new Error(`A folded process instance refers to process definition ${definitionKey}, which is not known`);
      return d;
    });
    this.folded.delete(owner);
    const pi = u.instance;
    const left = (this.foldedPerDefinition.get(pi.process.key) ?? 1) - 1;
    if (left > 0) this.foldedPerDefinition.set(pi.process.key, left);
    else this.foldedPerDefinition.delete(pi.process.key);
    Map.prototype.set.call(this.processInstances, pi.key, pi);
    for (const { ei, container } of u.elements) {
      Map.prototype.set.call(this.elements, ei.key, ei);
      if (ei.key !== pi.key) this.foldedOwner.delete(slot(ei.key));
      if (container) Map.prototype.set.call(this.children, ei.key, new Set<Key>());
    }
    for (const { ei } of u.elements) if (ei.flowScopeKey !== -1) this.children.peek(ei.flowScopeKey)?.add(ei.key);
    for (const job of u.jobs) {
      Map.prototype.set.call(this.jobs, job.key, job);
      this.foldedOwner.delete(slot(job.key));
    }
    for (const [scope, vars] of u.variables) Map.prototype.set.call(this.variables, scope, vars);
    this.touch(pi.key);
    return true;
  }

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
    if (!set) this.activatable.set(job.type, (set = new KeySet()));
    set.add(job.key);
  }

  notActivatable(job: Job): void {
    this.activatable.get(job.type)?.delete(job.key);
  }
}

export function correlationIndex(name: string, correlationKey: string): string {
  return `${name}\u0000${correlationKey}`;
}
