// Variable scopes as Zeebe documents them (concepts/variables): every element instance is a
// scope; lookups see the innermost value; merging a document propagates each variable to the
// nearest scope that already has it, else to the root (the process instance).
import type { ElementInstance } from '../state/entities.js';
import { variablesTable } from '../state/tables.js';
import type { Runtime } from './runtime.js';

export class Variables {
  constructor(private readonly rt: Runtime) {}

  private scope(key: number): Map<string, unknown> | undefined {
    return this.rt.state.variables.get(key);
  }

  /** Sets a variable in exactly this scope (VARIABLE CREATED/UPDATED when it changed). */
  setLocal(scope: ElementInstance, name: string, value: unknown): void {
    let vars = this.scope(scope.key);
    if (!vars) this.rt.state.variables.set(scope.key, (vars = new Map()));
    const had = vars.has(name);
    const json = JSON.stringify(value ?? null);
    if (had && JSON.stringify(vars.get(name) ?? null) === json) return;
    const stored = value === undefined ? null : value;
    vars.set(name, stored);
    this.rt.committer.batch.save(variablesTable, `${scope.key}:${name}`, {
      scopeKey: scope.key,
      name,
      value: stored,
      processInstanceKey: scope.processInstanceKey,
    });
    this.rt.event(
      'VARIABLE',
      had ? 'UPDATED' : 'CREATED',
      this.rt.nextKey(),
      {
        name,
        value: json,
        scopeKey: scope.key,
        processInstanceKey: scope.processInstanceKey,
        processDefinitionKey: scope.process.key,
        // bpmnProcessId and tenantId: engine.record_log adds them (migrations/0005_compact_records.sql).
      },
      scope.processInstanceKey,
    );
  }

  /** Propagates each variable from `start` upwards to the nearest scope holding it, else the root. */
  merge(start: ElementInstance, document: Readonly<Record<string, unknown>>): void {
    for (const [name, value] of Object.entries(document)) {
      let target: ElementInstance = start;
      for (let s: ElementInstance | undefined = start; s; s = this.rt.flowScope(s)) {
        target = s;
        if (this.scope(s.key)?.has(name)) break;
      }
      this.setLocal(target, name, value);
    }
  }

  /** The scope's own variables (not its parents'). */
  locals(scope: ElementInstance): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.scope(scope.key) ?? []) out[k] = v;
    return out;
  }

  /** Whether the scope itself (not its parents) has the variable. */
  hasLocal(scope: ElementInstance, name: string): boolean {
    return this.scope(scope.key)?.has(name) ?? false;
  }

  /** Everything visible from `ei`: inner scopes shadow outer ones. */
  visible(ei: ElementInstance): Record<string, unknown> {
    const chain: Map<string, unknown>[] = [];
    for (let s: ElementInstance | undefined = ei; s; s = this.rt.flowScope(s)) {
      const vars = this.scope(s.key);
      if (vars && vars.size > 0) chain.push(vars);
    }
    const out: Record<string, unknown> = {};
    for (let i = chain.length - 1; i >= 0; i--) for (const [k, v] of chain[i] as Map<string, unknown>) out[k] = v;
    return out;
  }

  /** Only the named variables visible from `ei` (ActivateJobs fetchVariable). */
  pick(ei: ElementInstance, names: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of names) {
      for (let s: ElementInstance | undefined = ei; s; s = this.rt.flowScope(s)) {
        const vars = this.scope(s.key);
        if (vars?.has(name)) {
          out[name] = vars.get(name);
          break;
        }
      }
    }
    return out;
  }

  /** A scope ended: forget its variables; delete their rows unless `keepRows` (root scopes). */
  dropScope(scope: ElementInstance, keepRows: boolean): void {
    const vars = this.scope(scope.key);
    if (!vars) return;
    if (!keepRows) {
      for (const name of vars.keys()) {
        this.rt.committer.batch.remove(variablesTable, `${scope.key}:${name}`, { scope_key: scope.key, name }, scope.key);
      }
    }
    this.rt.state.variables.delete(scope.key);
  }
}
