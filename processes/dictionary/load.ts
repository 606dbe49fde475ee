// Loads the acceptance dictionary (受理事典) from its JSON files, or from the same data held in
// memory (a version from the database, an import): all of it, checked, or none of it.
//
// Every problem in every file is collected first and thrown together as one DictionaryError, so
// whoever edits the data sees the whole list at once and a running hall never serves half a
// dictionary. What comes back is frozen: the guide desk, the intake form and the flows all read
// the same object, and none of them may change it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { child, childList, childString } from './json.js';
import {
  chineseMessages,
  crossEntryIssues,
  departmentsFileSchema,
  ORG_LEVELS,
  volumeFileSchema,
  VOLUMES,
  type CaseType,
  type Department,
  type DepartmentsFile,
  type DictionaryIssue,
  type MatterData,
  type MatterType,
  type OrgLevel,
  type ServiceArea,
  type SubItemData,
  type Volume,
  type VolumeFile,
} from './schema.js';

/** The shipped dictionary: this folder. */
export const DEFAULT_DICTIONARY_DIR = path.dirname(fileURLToPath(import.meta.url));

export const DEPARTMENTS_FILE = 'departments.json';
export const volumeFileName = (volume: Volume): string => `${volume}.json`;

// ---------------------------------------------------------------- errors

export type { DictionaryIssue };

export function formatIssue(issue: DictionaryIssue): string {
  const where = [issue.code, issue.path].filter((part) => part !== undefined && part !== '').join(' ');
  return where === '' ? `${issue.file}: ${issue.message}` : `${issue.file}: ${where}: ${issue.message}`;
}

export class DictionaryError extends Error {
  override readonly name = 'DictionaryError';
  readonly issues: readonly DictionaryIssue[];

  constructor(issues: readonly DictionaryIssue[]) {
    super(`受理事典有 ${issues.length} 处错误，未加载：\n${issues.map(formatIssue).join('\n')}`);
    this.issues = Object.freeze([...issues]);
  }

  /** The issues as `file: code path: message` lines. */
  get lines(): readonly string[] {
    return this.issues.map(formatIssue);
  }
}

// ---------------------------------------------------------------- the loaded dictionary

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A sub-item as served: its own data plus what it inherits from its matter and volume. */
export type SubItem = DeepReadonly<SubItemData> & {
  readonly volume: Volume;
  readonly file: string;
  readonly matterCode: string;
  readonly matterName: string;
  readonly department: string;
  readonly matterType: MatterType;
  readonly serviceArea: ServiceArea;
};

export type Matter = DeepReadonly<Omit<MatterData, 'subItems'>> & {
  readonly volume: Volume;
  readonly subItems: readonly SubItem[];
};

export interface VolumeEntry {
  readonly volume: Volume;
  readonly title: string;
  readonly matters: readonly Matter[];
}

export interface Dictionary {
  /**
   * The dictionary as validated data, in the files' shape (defaults filled in, text trimmed):
   * what a new version is made from, stored and exported. Loading it again gives the same.
   */
  readonly document: DictionaryDocument;
  readonly departments: ReadonlyMap<string, Readonly<Department>>;
  readonly volumes: readonly VolumeEntry[];
  readonly matters: readonly Matter[];
  readonly subItems: readonly SubItem[];
  readonly byCode: ReadonlyMap<string, SubItem>;
  readonly byVolume: ReadonlyMap<Volume, readonly SubItem[]>;
  /** `town` is the town catalogue: every sub-item a town sub-centre handles. */
  readonly byLevel: ReadonlyMap<OrgLevel, readonly SubItem[]>;
  readonly byCaseType: ReadonlyMap<CaseType, readonly SubItem[]>;
  /** Normalized keyword (names, keywords, synonyms) → the sub-items it finds. */
  readonly byKeyword: ReadonlyMap<string, readonly SubItem[]>;
}

/** How the guide's search terms and the dictionary's keywords are compared: NFKC, no spaces, lower case. */
export function normalizeKeyword(term: string): string {
  return term.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

// ---------------------------------------------------------------- loading

/**
 * The whole dictionary as data: each file's name (`departments.json`, `enterprise-startup.json` …)
 * → its parsed JSON. The same shape is read from this folder, kept as a version in the database
 * (app.dictionary_versions), exported and imported; one validator serves all of them.
 */
export type DictionaryDocument = { readonly [file: string]: unknown };

/** The files a complete dictionary document holds, in their order. */
export const DICTIONARY_FILES: readonly string[] = [DEPARTMENTS_FILE, ...VOLUMES.map(volumeFileName)];

/**
 * Reads `departments.json` and the four volume files from `dir`, validates them and builds the
 * indexes. Throws one DictionaryError listing every problem in every file; returns only a
 * dictionary in which every entry passed.
 */
export function loadDictionary(dir: string = DEFAULT_DICTIONARY_DIR): Dictionary {
  const issues: DictionaryIssue[] = [];
  const document = readDocument(dir, issues);
  return validate(document, issues);
}

/**
 * The dictionary files of `dir` as a document, unvalidated (for seeding the database). Throws a
 * DictionaryError when a file is missing, unknown or not JSON.
 */
export function readDictionaryDocument(dir: string = DEFAULT_DICTIONARY_DIR): DictionaryDocument {
  const issues: DictionaryIssue[] = [];
  const document = readDocument(dir, issues);
  if (issues.length > 0) throw new DictionaryError(byFile(issues));
  return document;
}

/**
 * Validates a dictionary document (from the database, an import or an edit) exactly as the files
 * are validated, and builds the indexes. Throws one DictionaryError listing every problem.
 */
export function loadDictionaryDocument(document: DictionaryDocument): Dictionary {
  const issues: DictionaryIssue[] = [];
  for (const name of Object.keys(document).sort()) {
    if (!DICTIONARY_FILES.includes(name)) {
      issues.push({ file: name, message: `不认识的事典文件：应为 ${DICTIONARY_FILES.join('、')} 之一` });
    }
  }
  for (const name of DICTIONARY_FILES) {
    if (document[name] === undefined) issues.push({ file: name, message: '缺少此事典文件' });
  }
  return validate(document, issues);
}

function readDocument(dir: string, issues: DictionaryIssue[]): Record<string, unknown> {
  let present: string[];
  try {
    present = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch (error) {
    throw new DictionaryError([{ file: dir, message: `无法读取事典目录：${describe(error)}` }]);
  }
  for (const name of present.sort()) {
    if (!DICTIONARY_FILES.includes(name)) {
      issues.push({ file: name, message: `不认识的事典文件：应为 ${DICTIONARY_FILES.join('、')} 之一` });
    }
  }
  const document: Record<string, unknown> = {};
  for (const file of DICTIONARY_FILES) {
    const raw = readJson(dir, file, present, issues);
    if (raw !== undefined) document[file] = raw;
  }
  return document;
}

/** Checks every file of `document` (adding to `issues` found earlier) and builds the dictionary. */
function validate(document: DictionaryDocument, issues: DictionaryIssue[]): Dictionary {
  // Departments first: the volumes refer to them.
  const departmentsRaw = document[DEPARTMENTS_FILE];
  let departments: DepartmentsData | undefined;
  if (departmentsRaw !== undefined) {
    const parsed = departmentsFileSchema.safeParse(departmentsRaw, { error: chineseMessages });
    if (parsed.success) departments = parsed.data.departments;
    else issues.push(...parsed.error.issues.map((i) => locate(DEPARTMENTS_FILE, departmentsRaw, i)));
  }
  // A broken departments file is reported above; the volumes are still checked against the ids it
  // does name, so one run shows every problem.
  const departmentIds = new Set(departments?.map((d) => d.id) ?? rawDepartmentIds(departmentsRaw));

  const raws: { file: string; raw: unknown }[] = [];
  const parsedVolumes: ParsedVolume[] = [];
  for (const volume of VOLUMES) {
    const file = volumeFileName(volume);
    const raw = document[file];
    if (raw === undefined) continue;
    raws.push({ file, raw });
    const parsed = volumeFileSchema({ volume, departments: departmentIds }).safeParse(raw, { error: chineseMessages });
    if (parsed.success) parsedVolumes.push({ file, volume, data: parsed.data });
    else issues.push(...parsed.error.issues.map((i) => locate(file, raw, i)));
  }

  // Unique codes, codes under their matter: checked on the raw data of every readable file.
  issues.push(...crossEntryIssues(raws));

  if (issues.length > 0 || departments === undefined) throw new DictionaryError(byFile(issues));
  return build(departments, parsedVolumes);
}

interface ParsedVolume {
  readonly file: string;
  readonly volume: Volume;
  readonly data: VolumeFile;
}

type DepartmentsData = DepartmentsFile['departments'];

/** Problems grouped by file (unknown files first, then departments, then the volumes in order). */
function byFile(issues: readonly DictionaryIssue[]): DictionaryIssue[] {
  const order = DICTIONARY_FILES;
  return issues
    .map((issue, index) => ({ issue, index, rank: order.indexOf(issue.file) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ issue }) => issue);
}

function readJson(dir: string, file: string, present: readonly string[], issues: DictionaryIssue[]): unknown {
  if (!present.includes(file)) {
    issues.push({ file, message: '缺少此事典文件' });
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path.join(dir, file), 'utf8');
  } catch (error) {
    issues.push({ file, message: `无法读取：${describe(error)}` });
    return undefined;
  }
  try {
    // Editors on Windows like to save a byte-order mark; JSON.parse does not.
    return JSON.parse(text.replace(/^\uFEFF/u, '')) as unknown;
  } catch (error) {
    issues.push({ file, message: `不是有效的 JSON：${describe(error)}` });
    return undefined;
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/gu, ' ').trim();
}

// ---------------------------------------------------------------- locating an issue

/** `['materials', 2, 'copies']` → `materials[2].copies`. */
function fieldPath(keys: readonly PropertyKey[]): string {
  let out = '';
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Names an entry by its code where it has a usable one, else by where it sits in the file. */
function entryName(entry: unknown, codeField: string, fallback: string): string {
  const code = child(entry, codeField);
  return typeof code === 'string' && code.trim() !== '' ? code : fallback;
}

/**
 * Turns a zod issue (a path from the file's root) into file + the entry it is about + the field
 * inside that entry: the sub-item for anything under `matters[i].subItems[j]`, the matter for the
 * rest of `matters[i]`, the department for `departments[i]`.
 */
function locate(file: string, raw: unknown, issue: z.core.$ZodIssue): DictionaryIssue {
  const keys = issue.path;
  const [k0, k1, k2, k3] = keys;
  if (k0 === 'matters' && typeof k1 === 'number') {
    const matter = child(child(raw, 'matters'), k1);
    if (k2 === 'subItems' && typeof k3 === 'number') {
      const subItem = child(child(matter, 'subItems'), k3);
      const code = entryName(subItem, 'code', `matters[${k1}].subItems[${k3}]`);
      return { file, code, path: fieldPath(keys.slice(4)), message: issue.message };
    }
    const code = entryName(matter, 'catalogCode', `matters[${k1}]`);
    return { file, code, path: fieldPath(keys.slice(2)), message: issue.message };
  }
  if (k0 === 'departments' && typeof k1 === 'number') {
    const department = child(child(raw, 'departments'), k1);
    const code = entryName(department, 'id', `departments[${k1}]`);
    return { file, code, path: fieldPath(keys.slice(2)), message: issue.message };
  }
  return { file, path: fieldPath(keys), message: issue.message };
}

function rawDepartmentIds(raw: unknown): string[] {
  return childList(raw, 'departments')
    .map((d) => childString(d, 'id'))
    .filter((id): id is string => id !== undefined);
}

// ---------------------------------------------------------------- building

function build(departments: DepartmentsData, files: readonly ParsedVolume[]): Dictionary {
  const volumes: VolumeEntry[] = [];
  const matters: Matter[] = [];
  const subItems: SubItem[] = [];
  for (const { file, volume, data } of files) {
    const volumeMatters: Matter[] = [];
    for (const { subItems: items, ...matterData } of data.matters) {
      const own = items.map(
        (item): SubItem =>
          deepFreeze({
            ...item,
            volume,
            file,
            matterCode: matterData.catalogCode,
            matterName: matterData.name,
            department: matterData.department,
            matterType: matterData.matterType,
            serviceArea: matterData.serviceArea,
          }),
      );
      const matter: Matter = Object.freeze({ ...deepFreeze(matterData), volume, subItems: Object.freeze(own) });
      volumeMatters.push(matter);
      subItems.push(...own);
    }
    matters.push(...volumeMatters);
    volumes.push(Object.freeze({ volume, title: data.title, matters: Object.freeze(volumeMatters) }));
  }

  const byKeyword = new Map<string, SubItem[]>();
  for (const item of subItems) {
    const terms = new Set(
      [item.name, item.matterName, ...item.keywords, ...item.synonyms].map(normalizeKeyword).filter((t) => t !== ''),
    );
    for (const term of terms) push(byKeyword, term, item);
  }

  const document: Record<string, unknown> = { [DEPARTMENTS_FILE]: { departments } };
  for (const { file, data } of files) document[file] = data;

  return Object.freeze({
    document: deepFreeze(structuredClone(document)),
    departments: new FrozenMap(departments.map((d) => [d.id, Object.freeze({ ...d })] as const)),
    volumes: Object.freeze(volumes),
    matters: Object.freeze(matters),
    subItems: Object.freeze(subItems),
    byCode: new FrozenMap(subItems.map((s) => [s.code, s] as const)),
    byVolume: groupBy(VOLUMES, subItems, (s) => [s.volume]),
    byLevel: groupBy(ORG_LEVELS, subItems, (s) => s.levels),
    byCaseType: groupBy(['instant', 'commitment'] as const, subItems, (s) => [s.caseType]),
    byKeyword: new FrozenMap([...byKeyword].map(([k, v]) => [k, Object.freeze(v)] as const)),
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Every key gets an entry (possibly empty), so `byVolume.get('town-centres')` is never a surprise. */
function groupBy<K extends string>(
  keys: readonly K[],
  items: readonly SubItem[],
  keysOf: (item: SubItem) => readonly K[],
): ReadonlyMap<K, readonly SubItem[]> {
  const groups = new Map<K, SubItem[]>(keys.map((k) => [k, []]));
  for (const item of items) for (const key of keysOf(item)) push(groups, key, item);
  return new FrozenMap([...groups].map(([k, v]) => [k, Object.freeze(v)] as const));
}

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}

/** A map nobody can change after it is built (a frozen Map still accepts `set`). */
class FrozenMap<K, V> implements ReadonlyMap<K, V> {
  readonly #map: Map<K, V>;

  constructor(entries: Iterable<readonly [K, V]>) {
    this.#map = new Map(entries);
    Object.freeze(this);
  }

  get size(): number {
    return this.#map.size;
  }
  get(key: K): V | undefined {
    return this.#map.get(key);
  }
  has(key: K): boolean {
    return this.#map.has(key);
  }
  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.#map.forEach((value, key) => callback.call(thisArg, value, key, this));
  }
  entries(): MapIterator<[K, V]> {
    return this.#map.entries();
  }
  keys(): MapIterator<K> {
    return this.#map.keys();
  }
  values(): MapIterator<V> {
    return this.#map.values();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#map[Symbol.iterator]();
  }
}
