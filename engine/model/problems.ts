// Collecting what is wrong with a deployment: every problem, each tied to the id of the element
// that has it, reported together (as Zeebe does) instead of stopping at the first.
import type { ModdleWarning } from 'bpmn-moddle';
import type { ModelProblem } from './types.js';
import type { ModdleElement } from './xml.js';

/** Collects problems once each, in the order found. */
export class Problems {
  readonly list: ModelProblem[] = [];
  private readonly seen = new Set<string>();

  add(elementId: string, message: string): void {
    const key = `${elementId}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ elementId, message });
  }
}

/** Ids that moddle could not resolve, by the element and qualified property holding them. */
export type Unresolved = Map<ModdleElement, Map<string, string>>;

/** The first line of a moddle/saxen message, with its line/column details folded in. */
export function describeWarning(message: string): { elementId: string; message: string } {
  const duplicate = /duplicate ID <([^>]*)>/.exec(message);
  if (duplicate?.[1] !== undefined) {
    return { elementId: duplicate[1], message: `Duplicate element id '${duplicate[1]}'` };
  }
  const lines = message.split('\n').map((l) => l.trim());
  const first = lines[0] ?? message;
  const line = lines.find((l) => l.startsWith('line:'))?.slice(5).trim();
  const column = lines.find((l) => l.startsWith('column:'))?.slice(7).trim();
  const nested = lines.find((l) => l.startsWith('nested error:'))?.slice(13).trim();
  const where = line !== undefined ? ` (line ${line}${column !== undefined ? `, column ${column}` : ''})` : '';
  return { elementId: '', message: `${first}${where}${nested ? `: ${nested}` : ''}` };
}

/**
 * Turns moddle's warnings into problems, except unresolved references: those are kept aside and
 * reported by the parser where the reference matters, with the wording of that check.
 */
export function collectWarnings(warnings: readonly ModdleWarning[], problems: Problems): Unresolved {
  const unresolved: Unresolved = new Map();
  for (const w of warnings) {
    if (w.element && w.property !== undefined && w.value !== undefined && w.message.startsWith('unresolved reference')) {
      let byProperty = unresolved.get(w.element);
      if (!byProperty) unresolved.set(w.element, (byProperty = new Map()));
      byProperty.set(w.property, w.value);
      continue;
    }
    const { elementId, message } = describeWarning(w.message);
    problems.add(elementId, message);
  }
  return unresolved;
}

/** The values that occur more than once, in order of first repetition. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}
