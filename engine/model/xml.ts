// Typed access to moddle elements: every property is `unknown` (see moddle.d.ts) and these
// helpers narrow it, so the parser never trusts the shape of what it read.
import type { ModdleElement } from 'bpmn-moddle';

export type { ModdleElement };

export function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && '$type' in value && typeof value.$type === 'string';
}

/** A string attribute, or undefined when absent (an empty attribute stays ''). */
export function str(el: ModdleElement, property: string): string | undefined {
  const value = el[property];
  return typeof value === 'string' ? value : undefined;
}

export function bool(el: ModdleElement, property: string): boolean | undefined {
  const value = el[property];
  return typeof value === 'boolean' ? value : undefined;
}

/** A single child or a resolved reference. */
export function child(el: ModdleElement, property: string): ModdleElement | undefined {
  const value = el[property];
  return isElement(value) ? value : undefined;
}

/** A many-valued child list or reference list. */
export function children(el: ModdleElement, property: string): ModdleElement[] {
  const value = el[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

export function idOf(el: ModdleElement): string | undefined {
  return str(el, 'id');
}

/** The element's `bpmn:extensionElements` children of the given type, e.g. `zeebe:TaskDefinition`. */
export function extensions(el: ModdleElement, type: string): ModdleElement[] {
  const ext = child(el, 'extensionElements');
  return ext ? children(ext, 'values').filter((v) => v.$type === type) : [];
}

/** The text of a `bpmn:Expression`/`bpmn:FormalExpression` child (conditions, timers), trimmed. */
export function textOf(el: ModdleElement | undefined): string | undefined {
  if (!el) return undefined;
  const body = str(el, 'body');
  return body === undefined ? undefined : body.trim();
}
