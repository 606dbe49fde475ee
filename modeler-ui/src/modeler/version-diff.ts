/// <reference path="./bpmn-js-differ.d.ts" />
// What changed between two versions of a flow: bpmn-js-differ finds the added, removed, changed
// and moved elements; this file then says, per changed element, which of its settings differ
// (name, condition, job type, assignment, timer …) with the value before and after, so a
// designer reads "任务类型：ow.a → ow.b" rather than a moddle path.
//
// bpmn-js-differ only reports a change on an element when the changed object is the element
// itself; a change inside its extension elements (zeebe:taskDefinition, zeebe:assignmentDefinition
// — exactly what designers change) is dropped. NestedChangeHandler hands such a change to the
// nearest tracked ancestor. The differ's own attrs (old/new) are not shown: the values are read
// from both models below, which also covers the nested settings.
import { ChangeHandler, diff } from 'bpmn-js-differ';

/** A moddle element as bpmn-moddle builds it (only what is read here). */
export interface ModdleNode {
  readonly $type: string;
  readonly $parent?: ModdleNode;
  readonly $descriptor: {
    readonly isGeneric?: boolean;
    readonly properties: readonly { readonly name: string; readonly isMany?: boolean; readonly isReference?: boolean; readonly isVirtual?: boolean }[];
  };
  readonly id?: string;
  readonly name?: string;
  get(name: string): unknown;
  $instanceOf(type: string): boolean;
}

export type ChangeKind = 'added' | 'removed' | 'changed' | 'layout';

export interface SettingChange {
  /** Where in the element, as a path: `name`, `conditionExpression.body`, `extensionElements.zeebe:TaskDefinition.type`. */
  readonly path: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

export interface ElementChange {
  readonly id: string;
  readonly type: string;
  readonly name: string | undefined;
  readonly kind: ChangeKind;
  /** For `changed`: the settings that differ (empty when only the order of children changed). */
  readonly settings: readonly SettingChange[];
}

const isModdle = (value: unknown): value is ModdleNode => typeof value === 'object' && value !== null && '$type' in value && '$descriptor' in value;
const isDi = (element: ModdleNode): boolean => /^(bpmndi|dc|di):/u.test(element.$type);

class NestedChangeHandler extends ChangeHandler {
  override added(model: object, property: string, element: object, index: number): void {
    super.added(model, property, element, index);
    if (!this._isTracked(element)) this.nested(model);
  }

  override removed(model: object, property: string, element: object, index: number): void {
    super.removed(model, property, element, index);
    if (!this._isTracked(element)) this.nested(model);
  }

  override changed(model: object, property: string, newValue?: unknown, oldValue?: unknown): void {
    super.changed(model, property, newValue, oldValue);
    this.nested(model);
  }

  /** Records a change below a tracked element (its extension elements, its condition) on it. */
  private nested(model: object): void {
    if (!isModdle(model) || isDi(model) || this._isTracked(model)) return;
    for (let at = model.$parent; at !== undefined; at = at.$parent) {
      if (isDi(at)) return;
      const tracked = this._isTracked(at);
      if (tracked) {
        const owner = tracked.element as ModdleNode;
        const id = owner.id;
        if (id !== undefined && !this._changed[id]) this._changed[id] = { model: owner, attrs: {} };
        return;
      }
    }
  }
}

// Containment that is diffed as elements of their own, and links that follow from the flows.
const NOT_A_SETTING = new Set(['id', 'flowElements', 'artifacts', 'laneSets', 'lanes', 'childLaneSet', 'flowNodeRef', 'incoming', 'outgoing', 'participants', 'messageFlows', 'rootElements', 'diagrams', 'di']);

/** Every setting of an element as path → text (references as the referenced id). */
export function settingsOf(element: ModdleNode): Map<string, string> {
  const out = new Map<string, string>([['$type', element.$type]]);
  collect(element, '', out);
  return out;
}

function collect(element: ModdleNode, prefix: string, out: Map<string, string>): void {
  const at = (name: string): string => (prefix ? `${prefix}.${name}` : name);
  const names = element.$descriptor.isGeneric
    ? Object.keys(element).filter((k) => !k.startsWith('$')).map((name) => ({ name, isReference: false, isMany: false, isVirtual: false }))
    : element.$descriptor.properties;
  for (const p of names) {
    if (p.isVirtual || NOT_A_SETTING.has(p.name) || (p.isMany && p.isReference)) continue;
    const value = element.get(p.name);
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    // Extension elements read as their type: extensionElements.zeebe:TaskDefinition.type.
    const path = p.name === 'values' && element.$type === 'bpmn:ExtensionElements' ? prefix : at(p.name);
    if (p.isReference) out.set(path, isModdle(value) ? (value.id ?? value.$type) : String(value));
    else if (Array.isArray(value)) {
      const counts = new Map<string, number>();
      for (const v of value) if (isModdle(v)) counts.set(v.$type, (counts.get(v.$type) ?? 0) + 1);
      const seen = new Map<string, number>();
      value.forEach((v: unknown, i) => {
        if (!isModdle(v)) return out.set(`${path}.${String(i)}`, String(v));
        const n = seen.get(v.$type) ?? 0;
        seen.set(v.$type, n + 1);
        collect(v, `${path}.${v.$type}${(counts.get(v.$type) ?? 0) > 1 ? `[${String(n)}]` : ''}`, out);
      });
    } else if (isModdle(value)) collect(value, path, out);
    else out.set(path, String(value));
  }
}

function index(definitions: ModdleNode): Map<string, ModdleNode> {
  const byId = new Map<string, ModdleNode>();
  const seen = new Set<object>();
  const visit = (element: ModdleNode): void => {
    if (seen.has(element)) return;
    seen.add(element);
    if (element.id !== undefined && !isDi(element) && !byId.has(element.id)) byId.set(element.id, element);
    for (const p of element.$descriptor.properties) {
      if (p.isReference || p.isVirtual) continue;
      const value = element.get(p.name);
      for (const v of Array.isArray(value) ? value : [value]) if (isModdle(v)) visit(v);
    }
  };
  visit(definitions);
  return byId;
}

export function settingChanges(before: ModdleNode, after: ModdleNode): SettingChange[] {
  const a = settingsOf(before);
  const b = settingsOf(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.filter((p) => a.get(p) !== b.get(p)).map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

const ORDER: Record<ChangeKind, number> = { removed: 0, added: 1, changed: 2, layout: 3 };

/** The changes from `older` to `newer` (both bpmn:Definitions read with the zeebe moddle). */
export function diffVersions(older: ModdleNode, newer: ModdleNode): ElementChange[] {
  const result = diff(older, newer, new NestedChangeHandler());
  const olderById = index(older);
  const newerById = index(newer);
  const describe = (id: string, kind: ChangeKind, fallback: object): ElementChange => {
    const element = (kind === 'removed' ? olderById.get(id) : newerById.get(id)) ?? (isModdle(fallback) ? fallback : undefined);
    const before = olderById.get(id);
    const after = newerById.get(id);
    return {
      id,
      type: element?.$type ?? '',
      name: element?.name || undefined,
      kind,
      settings: kind === 'changed' && before && after ? settingChanges(before, after) : [],
    };
  };
  const changes: ElementChange[] = [
    ...Object.entries(result._removed).map(([id, e]) => describe(id, 'removed', e)),
    ...Object.entries(result._added).map(([id, e]) => describe(id, 'added', e)),
    ...Object.entries(result._changed).map(([id, c]) => describe(id, 'changed', c.model)),
    // Moved only: an element also changed in substance is listed once, as changed.
    ...Object.entries(result._layoutChanged)
      .filter(([id]) => !(id in result._changed) && !(id in result._added) && !(id in result._removed))
      .map(([id, e]) => describe(id, 'layout', e)),
  ];
  return changes.sort((x, y) => ORDER[x.kind] - ORDER[y.kind] || x.id.localeCompare(y.id));
}

/**
 * A setting's name for people: the longest known tail of its path (`zeebe:TaskDefinition.type`),
 * else the nearest known part (`zeebe:IoMapping` for any of its mappings), else the path itself.
 */
export function settingLabel(path: string, labels: Readonly<Record<string, string>>): string {
  const parts = path.split('.').map((s) => s.replace(/\[\d+\]$/u, ''));
  for (let i = 0; i < parts.length; i++) {
    const label = labels[parts.slice(i).join('.')];
    if (label !== undefined) return label;
  }
  for (let i = parts.length - 1; i >= 0; i--) {
    const label = labels[parts[i] ?? ''];
    if (label !== undefined) return label;
  }
  return path;
}

/** `bpmn:ServiceTask` → `Service Task`, the key of the lint terms' Chinese names. */
export function typeTerm(type: string): string {
  return type.replace(/^[a-z]+:/u, '').replace(/([a-z])([A-Z])/gu, '$1 $2');
}
