// /forms: the fixed-format forms (制式表格) designed with form-js — list them with the sub-items and
// materials that use each, read one (latest or a version), save a designer's edit as a new version
// (the schema checked first: a 400 names `body.schema.components.N.key`), list versions — and
// /dictionary/sub-items/:code/intake-form, the form a clerk fills at intake for a sub-item
// (processes/forms/intake.ts states the rule).
import type { Router } from 'express';
import { z } from 'zod';
import type { Dictionary } from '../../processes/dictionary/load.js';
import { intakeFormOf } from '../../processes/forms/intake.js';
import { FORM_KEY, sampleKeyOf } from '../../processes/forms/load.js';
import { checkFormSchema, checkSample, dataKeys, formTitle, type SchemaIssue } from '../../processes/forms/schema-check.js';
import type { ApiContext } from '../context.js';
import { badRequest, notFound, unauthorized, type ErrorIssue } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';
import { formVersions, latestForms, readForm, saveForm, type FormVersion } from './store.js';

const TAG = '制式表格';
const DESIGNERS = ['designer', 'admin'] as const;

const KeyParams = z.object({ key: z.string().regex(FORM_KEY, '表格标识应为小写字母、数字和连字符') });

const Use = z.object({
  subItemCode: z.string(),
  subItemName: z.string(),
  material: z.string(),
  necessity: z.string(),
  /** Used as the blank form (`form`) or as its filled sample (`formSample`). */
  as: z.enum(['form', 'sample']),
  /** This is the sub-item's intake form (the clerk fills it at 受理). */
  intake: z.boolean(),
});

const FormSummary = z.object({
  key: z.string(),
  title: z.string(),
  /** Latest version; null for a key the dictionary names that has no form yet. */
  version: z.number().nullable(),
  author: z.string().nullable(),
  createdAt: z.string().nullable(),
  fields: z.number(),
  hasSample: z.boolean(),
  sampleKey: z.string(),
  usedBy: z.array(Use),
});

const FormDetail = z.object({
  key: z.string(),
  title: z.string(),
  version: z.number(),
  latestVersion: z.number(),
  schema: z.record(z.string(), z.unknown()),
  sample: z.record(z.string(), z.unknown()).nullable(),
  sampleKey: z.string(),
  author: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  usedBy: z.array(Use),
});

/** Where the dictionary in force names `key` (as a form or as its sample). */
export function usesOf(dictionary: Dictionary, key: string): z.input<typeof Use>[] {
  const uses: z.input<typeof Use>[] = [];
  const sampleKey = sampleKeyOf(key);
  for (const s of dictionary.subItems) {
    const intake = intakeFormOf(s);
    for (const m of s.materials) {
      const as = m.form === key ? 'form' : m.formSample === sampleKey ? 'sample' : undefined;
      if (as) uses.push({ subItemCode: s.code, subItemName: s.name, material: m.name, necessity: m.necessity, as, intake: as === 'form' && intake?.key === key && intake.material === m.name });
    }
  }
  return uses;
}

/** A form's name: its heading, else the material it is in the dictionary, else its key. */
function titleOf(dictionary: Dictionary, key: string, schema: unknown): string {
  return formTitle(schema) ?? usesOf(dictionary, key).find((u) => u.as === 'form')?.material ?? key;
}

function detail(dictionary: Dictionary, f: FormVersion, latestVersion: number): z.input<typeof FormDetail> {
  return {
    key: f.key,
    title: titleOf(dictionary, f.key, f.schema),
    version: f.version,
    latestVersion,
    schema: f.schema,
    sample: f.sample,
    sampleKey: sampleKeyOf(f.key),
    author: f.author,
    note: f.note,
    createdAt: f.createdAt.toISOString(),
    usedBy: usesOf(dictionary, f.key),
  };
}

function refuse(issues: readonly SchemaIssue[], at: string, what: string): never {
  const listed: ErrorIssue[] = issues.map((i) => ({ path: i.path === '' ? at : `${at}.${i.path}`, message: i.message }));
  const first = listed[0];
  throw badRequest(first ? `${what}有误：${first.path}: ${first.message}${listed.length > 1 ? `（另有 ${String(listed.length - 1)} 处）` : ''}` : `${what}有误`, listed);
}

/** A form key the dictionary writes as `<key>-sample` reads as its form (with the sample). */
async function readFormOrSample(ctx: ApiContext, key: string, version?: number): Promise<FormVersion | undefined> {
  const found = await readForm(ctx.sql, key, version);
  if (found || !key.endsWith('-sample')) return found;
  return readForm(ctx.sql, key.slice(0, -'-sample'.length), version);
}

export function formRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'get',
    path: '/forms',
    tag: TAG,
    summary: '制式表格列表（含使用它的业务办理项和材料）',
    description: '每个表格的最新版本；事典中引用了但尚无表格的标识也列出（version 为 null），以便设计。',
    access: 'staff',
    response: z.object({ forms: z.array(FormSummary) }),
    async handler({ ctx }) {
      const dictionary = ctx.dictionary();
      const stored = await latestForms(ctx.sql);
      const forms: z.input<typeof FormSummary>[] = stored.map((f) => ({
        key: f.key,
        title: titleOf(dictionary, f.key, f.schema),
        version: f.version,
        author: f.author,
        createdAt: f.createdAt.toISOString(),
        fields: dataKeys(f.schema).length,
        hasSample: f.sample !== null,
        sampleKey: sampleKeyOf(f.key),
        usedBy: usesOf(dictionary, f.key),
      }));
      const have = new Set(stored.map((f) => f.key));
      const named = new Set(dictionary.subItems.flatMap((s) => s.materials.flatMap((m) => (m.form ? [m.form] : []))));
      for (const key of [...named].filter((k) => !have.has(k)).sort()) {
        forms.push({ key, title: titleOf(dictionary, key, undefined), version: null, author: null, createdAt: null, fields: 0, hasSample: false, sampleKey: sampleKeyOf(key), usedBy: usesOf(dictionary, key) });
      }
      return { forms };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/forms/:key',
    tag: TAG,
    summary: '一个制式表格（最新版本，或 ?version= 指定版本）',
    description: '填写模板的标识（<key>-sample）读出的是同一表格，sample 即填写模板的内容。',
    access: 'staff',
    params: KeyParams,
    query: z.object({ version: z.coerce.number().int().min(1).optional() }),
    response: FormDetail,
    async handler({ params, query, ctx }) {
      const found = await readFormOrSample(ctx, params.key, query.version);
      if (!found) throw notFound(query.version === undefined ? `没有制式表格 ${params.key}` : `制式表格 ${params.key} 没有第 ${String(query.version)} 版`);
      const latest = query.version === undefined ? found.version : ((await readForm(ctx.sql, found.key))?.version ?? found.version);
      return detail(ctx.dictionary(), found, latest);
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/forms/:key/versions',
    tag: TAG,
    summary: '制式表格的版本历史',
    access: 'staff',
    params: KeyParams,
    response: z.object({ key: z.string(), versions: z.array(z.object({ version: z.number(), author: z.string(), note: z.string().nullable(), createdAt: z.string(), fields: z.number(), title: z.string().nullable() })) }),
    async handler({ params, ctx }) {
      const versions = await formVersions(ctx.sql, params.key);
      if (versions.length === 0) throw notFound(`没有制式表格 ${params.key}`);
      return {
        key: params.key,
        versions: versions.map((v) => ({ version: v.version, author: v.author, note: v.note, createdAt: v.createdAt.toISOString(), fields: dataKeys(v.schema).length, title: formTitle(v.schema) ?? null })),
      };
    },
  });

  route(router, registry, ctx, {
    method: 'put',
    path: '/forms/:key',
    tag: TAG,
    summary: '保存制式表格（生成新版本）',
    description:
      'schema 为 form-js 表单定义：根节点 type 为 default，components 为字段数组；每个字段的 type 须为 form-js 的字段类型，输入字段须有 key，' +
      'key 在表格内不得重复。有错误返回 400，issues 指出位置（如 body.schema.components.3.key），不生成版本。' +
      'sample（填写模板数据）省略时沿用上一版（去掉已不存在的字段）。baseVersion 给出时，若表格已被他人更新则返回 409。',
    access: DESIGNERS,
    params: KeyParams,
    body: z.object({
      schema: z.unknown(),
      sample: z.record(z.string(), z.unknown()).nullable().optional(),
      note: z.string().trim().min(1).max(500).optional(),
      baseVersion: z.int().min(0).optional(),
    }),
    status: 201,
    response: FormDetail,
    async handler({ params, body, ctx, staff }) {
      if (!staff) throw unauthorized();
      const schemaIssues = checkFormSchema(body.schema);
      if (schemaIssues.length > 0) refuse(schemaIssues, 'body.schema', '表单定义');
      const schema = body.schema as Record<string, unknown>;
      if (body.sample) {
        const sampleIssues = checkSample(schema, body.sample);
        if (sampleIssues.length > 0) refuse(sampleIssues, 'body.sample', '填写模板');
      }
      const saved = await saveForm(ctx.sql, { key: params.key, schema, sample: body.sample, note: body.note, baseVersion: body.baseVersion, author: staff.username, at: ctx.now() });
      return detail(ctx.dictionary(), saved, saved.version);
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/dictionary/sub-items/:code/intake-form',
    tag: TAG,
    summary: '业务办理项的受理表格（收件时填写的制式表格）',
    description: '规则：该子项第一项“必要”材料中指定了制式表格（form）的，即为受理表格；没有则 form 为 null。返回表格的最新版本。',
    access: 'staff',
    params: z.object({ code: z.string().regex(/^[0-9A-Z]{12}\d{2}$/u, { error: '业务办理项编码应为14位' }) }),
    response: z.object({ subItemCode: z.string(), material: z.string().nullable(), form: FormDetail.nullable() }),
    async handler({ params, ctx }) {
      const dictionary = ctx.dictionary();
      const subItem = dictionary.byCode.get(params.code);
      if (!subItem) throw notFound(`受理事典中没有业务办理项 ${params.code}`);
      const ref = intakeFormOf(subItem);
      const found = ref ? await readForm(ctx.sql, ref.key) : undefined;
      return { subItemCode: subItem.code, material: ref?.material ?? null, form: found ? detail(dictionary, found, found.version) : null };
    },
  });
}
