// Reading JSON of unknown shape: for the rules that must run even where a file doesn't parse, and
// for naming the entry a problem belongs to.

/** `value[key]`, or undefined when `value` is not an object or array. */
export function child(value: unknown, key: PropertyKey): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<PropertyKey, unknown>)[key];
}

/** `value[key]` when it is an array, else an empty list. */
export function childList(value: unknown, key: PropertyKey): readonly unknown[] {
  const list = child(value, key);
  return Array.isArray(list) ? (list as unknown[]) : [];
}

/** `value[key]` when it is a string, else undefined. */
export function childString(value: unknown, key: PropertyKey): string | undefined {
  const s = child(value, key);
  return typeof s === 'string' ? s : undefined;
}
