// What makes a form-js schema one the hall can store: the checks a designer's save goes through
// before it becomes a new version. form-js itself imports almost anything and fails late (a
// duplicate key silently shares one value between two fields; an unknown type renders nothing), so
// the api refuses such a schema with the place it went wrong: `components.3.key`.
//
// Rules:
// - the root is an object `{ type: 'default', components: [...] }` (form-js's root form field);
// - each component is an object with a known form-js `type` (the viewer's built-in fields);
// - input fields (textfield, select, checklist…) have a `key`: letters, digits, `_`, starting with
//   a letter or `_` — the name their value has in the form data (the intake prefill and the case's
//   formData use it); keys are unique within the form (a dynamic list has a scope of its own);
// - component `id`s, where given, are unique across the whole form;
// - containers (group, dynamiclist) hold their children in `components`, checked the same way.

/** One problem: `path` inside the schema (`components.3.key`), `message` in Chinese. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/** Fields with a value in the form data: they need a key. */
export const KEYED_TYPES: ReadonlySet<string> = new Set([
  'textfield', 'textarea', 'number', 'datetime', 'expression', 'filepicker',
  'checkbox', 'checklist', 'radio', 'select', 'taglist',
]);

/** Fields that only show something, or hold other fields. */
const UNKEYED_TYPES: ReadonlySet<string> = new Set([
  'text', 'image', 'table', 'html', 'documentPreview', 'spacer', 'separator', 'iframe', 'button',
  'group', 'dynamiclist',
]);

const CONTAINERS: ReadonlySet<string> = new Set(['group', 'dynamiclist']);

/** Every type form-js 1.x renders (its viewer's built-in form fields), for messages and the editor. */
export const KNOWN_TYPES: readonly string[] = [...KEYED_TYPES, ...UNKEYED_TYPES];

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** All problems of `schema`, in document order; empty when it may be stored. */
export function checkFormSchema(schema: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  if (!isObject(schema)) return [{ path: '', message: '表单应为 form-js 表单定义（JSON 对象）' }];
  if (schema['type'] !== 'default') issues.push({ path: 'type', message: `根节点类型应为 "default"（form-js 表单），而不是 ${JSON.stringify(schema['type'] ?? null)}` });
  if (!Array.isArray(schema['components'])) {
    issues.push({ path: 'components', message: '缺少 components 字段列表（应为数组）' });
    return issues;
  }
  const ids = new Map<string, string>();
  checkComponents(schema['components'], 'components', new Map(), ids, issues);
  return issues;
}

function checkComponents(list: readonly unknown[], at: string, keys: Map<string, string>, ids: Map<string, string>, issues: SchemaIssue[]): void {
  list.forEach((component, index) => {
    const path = `${at}.${String(index)}`;
    if (!isObject(component)) {
      issues.push({ path, message: '字段应为对象' });
      return;
    }
    const type = component['type'];
    if (typeof type !== 'string' || type === '') {
      issues.push({ path: `${path}.type`, message: '缺少字段类型 type' });
      return;
    }
    if (!KEYED_TYPES.has(type) && !UNKEYED_TYPES.has(type)) {
      issues.push({ path: `${path}.type`, message: `不认识的字段类型“${type}”：应为 ${KNOWN_TYPES.join('、')} 之一` });
      return;
    }
    const id = component['id'];
    if (id !== undefined) {
      if (typeof id !== 'string' || id === '') issues.push({ path: `${path}.id`, message: '字段 id 应为非空文字' });
      else {
        const first = ids.get(id);
        if (first !== undefined) issues.push({ path: `${path}.id`, message: `字段 id“${id}”与 ${first} 重复` });
        else ids.set(id, path);
      }
    }
    if (KEYED_TYPES.has(type)) {
      const key = component['key'];
      if (typeof key !== 'string' || key === '') issues.push({ path: `${path}.key`, message: `${type} 字段缺少 key（数据中的字段名）` });
      else if (!KEY.test(key)) issues.push({ path: `${path}.key`, message: `key“${key}”应以字母或下划线开头，只含字母、数字和下划线` });
      else {
        const first = keys.get(key);
        if (first !== undefined) issues.push({ path: `${path}.key`, message: `key“${key}”与 ${first}重复：两个字段会共用一个值` });
        else keys.set(key, typeof component['label'] === 'string' && component['label'] !== '' ? `${path}（${component['label']}）` : `${path} `);
      }
    }
    if (CONTAINERS.has(type) && component['components'] !== undefined) {
      if (!Array.isArray(component['components'])) issues.push({ path: `${path}.components`, message: 'components 应为数组' });
      // A dynamic list repeats its fields per row: their keys live in a scope of their own.
      else checkComponents(component['components'], `${path}.components`, type === 'dynamiclist' ? new Map() : keys, ids, issues);
    }
  });
}

/** The keys of the form's top-level data (fields outside dynamic lists), in document order. */
export function dataKeys(schema: unknown): string[] {
  const out: string[] = [];
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isObject(c) || typeof c['type'] !== 'string') continue;
      if (KEYED_TYPES.has(c['type']) && typeof c['key'] === 'string') out.push(c['key']);
      if (c['type'] === 'dynamiclist' && typeof c['path'] === 'string') out.push(c['path']);
      else if (c['type'] === 'group') walk(c['components']);
    }
  };
  if (isObject(schema)) walk(schema['components']);
  return out;
}

/** Sample data may only name the form's own fields (a stale sample after a key was renamed is an error). */
export function checkSample(schema: unknown, sample: unknown): SchemaIssue[] {
  if (!isObject(sample)) return [{ path: '', message: '填写模板应为 JSON 对象（字段 key → 示例值）' }];
  const known = new Set(dataKeys(schema));
  return Object.keys(sample).filter((k) => !known.has(k)).map((k) => ({ path: k, message: `表单中没有 key 为“${k}”的字段` }));
}

/** The form's title: its first text block's first line, without Markdown heading marks. */
export function formTitle(schema: unknown): string | undefined {
  if (!isObject(schema) || !Array.isArray(schema['components'])) return undefined;
  for (const c of schema['components']) {
    if (isObject(c) && c['type'] === 'text' && typeof c['text'] === 'string') {
      const line = c['text'].split('\n')[0]?.replace(/^#+\s*/, '').trim();
      if (line) return line;
    }
  }
  return undefined;
}
