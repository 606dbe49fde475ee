// What changed between two versions of the dictionary, in the terms staff use: which sub-items
// were added, removed or changed, and for a changed one the field paths that differ
// (`materials[2].copies`, `keywords`). Stored with every version, so "who changed the materials of
// 食品经营许可 last month" is answered without diffing documents by hand.
import { child, childList, childString } from './json.js';
import { DEPARTMENTS_FILE, DICTIONARY_FILES, type DictionaryDocument } from './load.js';

export interface SubItemRef {
  readonly code: string;
  readonly name: string;
  readonly file: string;
}

export interface SubItemChange extends SubItemRef {
  /** Field paths inside the sub-item, e.g. `materials[2].copies`; `matterCode` when it moved. */
  readonly fields: readonly string[];
}

export interface EntryChange {
  /** A matter's catalogue code, a department id, or the file (for a volume's own fields). */
  readonly id: string;
  readonly file: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly fields: readonly string[];
}

export interface ChangeSummary {
  readonly added: readonly SubItemRef[];
  readonly removed: readonly SubItemRef[];
  readonly changed: readonly SubItemChange[];
  /** Changes to matters, volumes' titles and departments (the sub-items' own fields are above). */
  readonly other: readonly EntryChange[];
}

export function isUnchanged(summary: ChangeSummary): boolean {
  return summary.added.length === 0 && summary.removed.length === 0 && summary.changed.length === 0 && summary.other.length === 0;
}

/** The field paths where `a` and `b` differ. Lists of objects are compared item by item. */
export function differingPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const ofObjects = [...a, ...b].some((x) => typeof x === 'object' && x !== null);
    if (!ofObjects) return canonicalJson(a) === canonicalJson(b) ? [] : [prefix];
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...differingPaths(a[i], b[i], `${prefix}[${i}]`));
    return out;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differingPaths(a[k], b[k], prefix === '' ? k : `${prefix}.${k}`));
  }
  return canonicalJson(a) === canonicalJson(b) ? [] : [prefix];
}

/** JSON with object keys sorted, so two equal documents give the same text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  ) ?? 'undefined';
}

interface Located {
  readonly file: string;
  readonly matterCode: string;
  readonly data: Record<string, unknown>;
}

function subItemsOf(document: DictionaryDocument): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const file of DICTIONARY_FILES) {
    if (file === DEPARTMENTS_FILE) continue;
    for (const matter of childList(document[file], 'matters')) {
      const matterCode = childString(matter, 'catalogCode') ?? '';
      for (const item of childList(matter, 'subItems')) {
        const code = childString(item, 'code');
        if (code !== undefined && isRecord(item)) out.set(code, { file, matterCode, data: item });
      }
    }
  }
  return out;
}

function keyed(list: readonly unknown[], key: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const entry of list) {
    const id = childString(entry, key);
    if (id !== undefined && isRecord(entry)) out.set(id, entry);
  }
  return out;
}

function entryChanges(file: string, before: Map<string, Record<string, unknown>>, after: Map<string, Record<string, unknown>>, ignore: readonly string[] = []): EntryChange[] {
  const out: EntryChange[] = [];
  for (const [id, b] of before) {
    const a = after.get(id);
    if (!a) {
      out.push({ id, file, change: 'removed', fields: [] });
      continue;
    }
    const strip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !ignore.includes(k)));
    const fields = differingPaths(strip(b), strip(a));
    if (fields.length > 0) out.push({ id, file, change: 'changed', fields });
  }
  for (const id of after.keys()) if (!before.has(id)) out.push({ id, file, change: 'added', fields: [] });
  return out;
}

/** What `after` changes relative to `before`. */
export function summarizeChanges(before: DictionaryDocument, after: DictionaryDocument): ChangeSummary {
  const b = subItemsOf(before);
  const a = subItemsOf(after);
  const ref = (code: string, l: Located): SubItemRef => ({ code, name: childString(l.data, 'name') ?? '', file: l.file });
  const added: SubItemRef[] = [];
  const removed: SubItemRef[] = [];
  const changed: SubItemChange[] = [];
  for (const [code, old] of b) {
    const now = a.get(code);
    if (!now) {
      removed.push(ref(code, old));
      continue;
    }
    const fields = differingPaths(old.data, now.data);
    if (old.matterCode !== now.matterCode || old.file !== now.file) fields.unshift('matterCode');
    if (fields.length > 0) changed.push({ ...ref(code, now), fields });
  }
  for (const [code, now] of a) if (!b.has(code)) added.push(ref(code, now));

  const other: EntryChange[] = [];
  other.push(...entryChanges(DEPARTMENTS_FILE, keyed(childList(before[DEPARTMENTS_FILE], 'departments'), 'id'), keyed(childList(after[DEPARTMENTS_FILE], 'departments'), 'id')));
  for (const file of DICTIONARY_FILES) {
    if (file === DEPARTMENTS_FILE) continue;
    const titleFields = differingPaths(child(before[file], 'title'), child(after[file], 'title'), 'title');
    if (titleFields.length > 0) other.push({ id: file, file, change: 'changed', fields: titleFields });
    // A matter's sub-items are reported above, one by one; here only the matter's own fields.
    other.push(...entryChanges(file, keyed(childList(before[file], 'matters'), 'catalogCode'), keyed(childList(after[file], 'matters'), 'catalogCode'), ['subItems']));
  }
  return { added, removed, changed, other };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
