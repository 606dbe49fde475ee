// /dictionary: the acceptance dictionary in force — read it, edit one sub-item, rebind a sub-item
// to another flow, list versions with what each changed, export and import it as .xlsx or JSON.
// Every change is a new version (versions.ts); a bad one is a 400 naming where, and changes nothing.
import type { Router } from 'express';
import { z } from 'zod';
import { DictionaryError, formatIssue, loadDictionaryDocument, volumeFileName, type Dictionary, type DictionaryDocument, type DictionaryIssue, type SubItem } from '../../processes/dictionary/load.js';
import { child, childList } from '../../processes/dictionary/json.js';
import { CASE_TYPES, ORG_LEVELS, VOLUME_LABELS, VOLUMES } from '../../processes/dictionary/schema.js';
import { dictionaryWorkbook, formatWorkbookIssue, importDictionaryWorkbook, WorkbookError } from '../../processes/dictionary/workbook.js';
import { normalizeKeyword } from '../../processes/dictionary/load.js';
import type { Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest, notFound, type ErrorIssue } from '../http/errors.js';
import { RAW, route, type RouteRegistry } from '../http/route.js';
import { deployedVersions } from './deployed.js';
import { changeDictionary, currentVersion, listVersions, versionDetail, type ChangeResult } from './versions.js';

const TAG = '受理事典';
const EDITORS = ['designer', 'admin'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * A JSON document as a file: the app parses application/json bodies itself, up to 1 MB; a whole
 * county catalogue can be larger, and under this type it reaches the import as bytes (≤ 20 MB).
 */
const DICTIONARY_JSON = 'application/vnd.onewindow.dictionary+json';

/** Fields a served sub-item inherits from its matter and volume: changed only through an import. */
const INHERITED = ['volume', 'file', 'matterCode', 'matterName', 'department', 'matterType', 'serviceArea'] as const;

const SubItemCode = z.object({ code: z.string().regex(/^[0-9A-Z]{12}\d{2}$/u, { error: '业务办理项编码应为14位' }) });

const ChangeSummarySchema = z.object({
  added: z.array(z.object({ code: z.string(), name: z.string(), file: z.string() })).readonly(),
  removed: z.array(z.object({ code: z.string(), name: z.string(), file: z.string() })).readonly(),
  changed: z.array(z.object({ code: z.string(), name: z.string(), file: z.string(), fields: z.array(z.string()).readonly() })).readonly(),
  other: z.array(z.object({ id: z.string(), file: z.string(), change: z.enum(['added', 'removed', 'changed']), fields: z.array(z.string()).readonly() })).readonly(),
});
const ChangeResultSchema = z.object({ version: z.number(), created: z.boolean(), summary: ChangeSummarySchema });

const SubItemBrief = z.object({
  code: z.string(),
  name: z.string(),
  situation: z.string(),
  volume: z.string(),
  matterCode: z.string(),
  matterName: z.string(),
  department: z.string(),
  departmentName: z.string(),
  caseType: z.string(),
  levels: z.array(z.string()),
  legalDays: z.number(),
  committedDays: z.number(),
  process: z.object({ bpmnProcessId: z.string(), version: z.number().optional() }),
});

export function briefOf(dictionary: Dictionary, s: SubItem): z.input<typeof SubItemBrief> {
  return {
    code: s.code,
    name: s.name,
    situation: s.situation,
    volume: s.volume,
    matterCode: s.matterCode,
    matterName: s.matterName,
    department: s.department,
    departmentName: dictionary.departments.get(s.department)?.name ?? s.department,
    caseType: s.caseType,
    levels: [...s.levels],
    legalDays: s.legalDays,
    committedDays: s.committedDays,
    process: { ...s.process },
  };
}

/** Where a sub-item sits in a document: its volume file, matter index and own index. */
function findSubItem(document: DictionaryDocument, code: string): { file: string; matter: number; index: number } | undefined {
  for (const volume of VOLUMES) {
    const file = volumeFileName(volume);
    const matters = childList(document[file], 'matters');
    for (let m = 0; m < matters.length; m++) {
      const items = childList(matters[m], 'subItems');
      const index = items.findIndex((s) => child(s, 'code') === code);
      if (index >= 0) return { file, matter: m, index };
    }
  }
  return undefined;
}

/** The document with one sub-item replaced (a copy; the stored one is never touched). */
function withSubItem(document: DictionaryDocument, code: string, make: (old: Record<string, unknown>) => Record<string, unknown>): DictionaryDocument {
  const at = findSubItem(document, code);
  if (!at) throw notFound(`受理事典中没有业务办理项 ${code}`);
  const copy = structuredClone(document) as Record<string, { matters: { subItems: Record<string, unknown>[] }[] }>;
  const items = copy[at.file]?.matters[at.matter]?.subItems;
  const old = items?.[at.index];
  if (!items || !old) throw new Error(`sub-item ${code} vanished from its copy`);
  items[at.index] = make(old);
  return copy;
}

/** A refused dictionary as a 400: each issue with where (file, code, field) and what. */
function refused(error: DictionaryError, pathOf: (issue: DictionaryIssue) => string): ApiError {
  const issues: ErrorIssue[] = error.issues.map((issue) => ({ path: pathOf(issue), message: formatIssue(issue) }));
  return badRequest(`受理事典未修改：${issues[0]?.message ?? '校验未通过'}${issues.length > 1 ? `（另有 ${issues.length - 1} 处）` : ''}`, issues);
}

async function change(ctx: ApiContext, request: Parameters<typeof changeDictionary>[1], pathOf: (issue: DictionaryIssue) => string): Promise<ChangeResult> {
  try {
    return await changeDictionary(ctx, request);
  } catch (error) {
    if (error instanceof DictionaryError) throw refused(error, pathOf);
    throw error;
  }
}

/** `materials[2].copies` → `materials.2.copies`, the api's issue path style. */
const dotted = (path: string | undefined): string => (path ?? '').replace(/\[(\d+)\]/gu, '.$1').replace(/^\./u, '');

function author(staff: Staff | undefined): string {
  if (!staff) throw new Error('an editor route ran without a signed-in staff member');
  return staff.username;
}

export function dictionaryRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'get',
    path: '/dictionary',
    tag: TAG,
    summary: '受理事典概况：版本、分册、事项和业务办理项数',
    access: 'staff',
    response: z.object({
      version: z.number(),
      matters: z.number(),
      subItems: z.number(),
      departments: z.number(),
      volumes: z.array(z.object({
        volume: z.string(),
        label: z.string(),
        title: z.string(),
        subItems: z.number(),
        matters: z.array(z.object({ catalogCode: z.string(), name: z.string(), department: z.string(), subItems: z.number() })),
      })),
    }),
    async handler({ ctx }) {
      const d = ctx.dictionary();
      return {
        version: await currentVersion(ctx.sql),
        matters: d.matters.length,
        subItems: d.subItems.length,
        departments: d.departments.size,
        volumes: d.volumes.map((v) => ({
          volume: v.volume,
          label: VOLUME_LABELS[v.volume],
          title: v.title,
          subItems: v.matters.reduce((n, m) => n + m.subItems.length, 0),
          matters: v.matters.map((m) => ({ catalogCode: m.catalogCode, name: m.name, department: m.department, subItems: m.subItems.length })),
        })),
      };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/dictionary/sub-items',
    tag: TAG,
    summary: '业务办理项列表（可按分册、层级、办件类型、部门、关键字筛选）',
    access: 'staff',
    query: z.object({
      volume: z.enum(VOLUMES).optional(),
      level: z.enum(ORG_LEVELS).optional(),
      caseType: z.enum(CASE_TYPES).optional(),
      department: z.string().min(1).optional(),
      q: z.string().trim().min(1).optional(),
    }),
    response: z.array(SubItemBrief),
    async handler({ query, ctx }) {
      const d = ctx.dictionary();
      if (query.department !== undefined && !d.departments.has(query.department)) {
        throw badRequest(`query.department: 没有部门 ${query.department}`, [{ path: 'query.department', message: `没有部门 ${query.department}` }]);
      }
      const q = query.q === undefined ? undefined : normalizeKeyword(query.q);
      return d.subItems
        .filter((s) => query.volume === undefined || s.volume === query.volume)
        .filter((s) => query.level === undefined || s.levels.includes(query.level))
        .filter((s) => query.caseType === undefined || s.caseType === query.caseType)
        .filter((s) => query.department === undefined || s.department === query.department)
        .filter((s) => q === undefined || [s.code, s.name, s.matterName, ...s.keywords, ...s.synonyms].some((t) => normalizeKeyword(t).includes(q)))
        .map((s) => briefOf(d, s));
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/dictionary/sub-items/:code',
    tag: TAG,
    summary: '一个业务办理项的全部内容',
    access: 'staff',
    params: SubItemCode,
    response: z.record(z.string(), z.unknown()),
    async handler({ params, ctx }) {
      const d = ctx.dictionary();
      const item = d.byCode.get(params.code);
      if (!item) throw notFound(`受理事典中没有业务办理项 ${params.code}`);
      return { ...item, departmentName: d.departments.get(item.department)?.name ?? item.department };
    },
  });

  route(router, registry, ctx, {
    method: 'put',
    path: '/dictionary/sub-items/:code',
    tag: TAG,
    summary: '修改一个业务办理项（生成新版本）',
    description:
      '`subItem` 是该业务办理项的完整内容（与 GET 返回的相同；从事项继承的字段 volume、matterCode、department 等可带上但不能改，' +
      '改事项请用导入）。先整体校验，有错误返回 400，issues 逐条指出字段，事典不变。`baseVersion` 给出时，若事典已被他人更新则返回 409。',
    access: EDITORS,
    params: SubItemCode,
    body: z.object({
      subItem: z.record(z.string(), z.unknown()),
      baseVersion: z.int().min(1).optional(),
      note: z.string().trim().min(1).max(500).optional(),
    }),
    response: ChangeResultSchema,
    async handler({ params, body, staff, ctx }) {
      const served = ctx.dictionary().byCode.get(params.code);
      if (!served) throw notFound(`受理事典中没有业务办理项 ${params.code}`);
      const { departmentName: _shown, ...given } = body.subItem;
      const inheritedIssues: ErrorIssue[] = [];
      for (const key of INHERITED) {
        if (key in given && given[key] !== served[key]) {
          inheritedIssues.push({ path: `body.subItem.${key}`, message: `${key} 属于所在事项，不能在业务办理项中修改（请通过导入修改事项）` });
        }
        delete given[key];
      }
      if (given['code'] !== undefined && given['code'] !== params.code) {
        inheritedIssues.push({ path: 'body.subItem.code', message: `编码应为 ${params.code}：业务办理项编码不能修改` });
      }
      if (inheritedIssues.length > 0) throw badRequest(`${inheritedIssues[0]?.path ?? ''}: ${inheritedIssues[0]?.message ?? ''}`, inheritedIssues);
      return change(
        ctx,
        {
          author: author(staff),
          source: 'edit',
          note: body.note,
          baseVersion: body.baseVersion,
          subject: params.code,
          change: (current) => withSubItem(current, params.code, () => ({ ...given, code: params.code })),
        },
        (issue) => (issue.code === params.code ? `body.subItem${issue.path ? `.${dotted(issue.path)}` : ''}` : `${issue.file} ${issue.code ?? ''} ${issue.path ?? ''}`.trim()),
      );
    },
  });

  route(router, registry, ctx, {
    method: 'put',
    path: '/dictionary/sub-items/:code/process',
    tag: TAG,
    summary: '把业务办理项改绑到另一个流程（对新办件生效）',
    description:
      '只改事典数据：已在办的办件继续走原流程，新受理的办件走新绑定的流程。内置引擎与 api 共用数据库时，' +
      '检查该流程（及版本）已部署；连接外部 Zeebe 时只按事典规则检查流程标识，`verified` 为 false。',
    access: EDITORS,
    params: SubItemCode,
    body: z.object({
      bpmnProcessId: z.string().min(1),
      version: z.int().min(1).optional(),
      baseVersion: z.int().min(1).optional(),
      note: z.string().trim().min(1).max(500).optional(),
    }),
    response: ChangeResultSchema.extend({ verified: z.boolean() }),
    async handler({ params, body, staff, ctx }) {
      if (!ctx.dictionary().byCode.has(params.code)) throw notFound(`受理事典中没有业务办理项 ${params.code}`);
      const deployment = await deployedVersions(ctx.sql, body.bpmnProcessId);
      if (deployment.known) {
        if (deployment.versions.length === 0) {
          throw badRequest(`body.bpmnProcessId: 流程 ${body.bpmnProcessId} 尚未部署，请先部署再绑定`, [{ path: 'body.bpmnProcessId', message: `流程 ${body.bpmnProcessId} 尚未部署` }]);
        }
        if (body.version !== undefined && !deployment.versions.includes(body.version)) {
          throw badRequest(`body.version: 流程 ${body.bpmnProcessId} 没有第 ${body.version} 版（已部署：${deployment.versions.join('、')}）`, [
            { path: 'body.version', message: `没有第 ${body.version} 版，已部署的版本：${deployment.versions.join('、')}` },
          ]);
        }
      }
      const process = { bpmnProcessId: body.bpmnProcessId, ...(body.version === undefined ? {} : { version: body.version }) };
      const result = await change(
        ctx,
        {
          author: author(staff),
          source: 'rebind',
          note: body.note ?? `改绑流程 ${body.bpmnProcessId}${body.version === undefined ? '' : ` 第${body.version}版`}`,
          baseVersion: body.baseVersion,
          subject: params.code,
          change: (current) => withSubItem(current, params.code, (old) => ({ ...old, process })),
        },
        (issue) => (issue.code === params.code && issue.path?.startsWith('process.') ? `body.${issue.path.slice('process.'.length)}` : `${issue.file} ${issue.code ?? ''} ${issue.path ?? ''}`.trim()),
      );
      return { ...result, verified: deployment.known };
    },
  });

  const VersionInfoSchema = z.object({
    version: z.number(),
    author: z.string(),
    createdAt: z.date(),
    source: z.string(),
    note: z.string().nullable(),
    summary: ChangeSummarySchema,
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/dictionary/versions',
    tag: TAG,
    summary: '受理事典的版本（最新在前），每版改了什么',
    access: 'staff',
    response: z.array(VersionInfoSchema),
    async handler({ ctx }) {
      return listVersions(ctx.sql);
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/dictionary/versions/:version',
    tag: TAG,
    summary: '一个版本：作者、时间、改动摘要（新增、删除、修改的业务办理项及字段）',
    access: 'staff',
    params: z.object({ version: z.coerce.number().int().min(1) }),
    response: VersionInfoSchema,
    async handler({ params, ctx }) {
      const found = await versionDetail(ctx.sql, params.version);
      if (!found) throw notFound(`受理事典没有第 ${params.version} 版`);
      const { document: _document, ...info } = found;
      return info;
    },
  });

  const exportQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
  /** The dictionary of a stored version, or the one in force. */
  const dictionaryAt = async (version: number | undefined): Promise<{ dictionary: Dictionary; version: number }> => {
    if (version === undefined) return { dictionary: ctx.dictionary(), version: await currentVersion(ctx.sql) };
    const found = await versionDetail(ctx.sql, version);
    if (!found) throw notFound(`受理事典没有第 ${version} 版`);
    return { dictionary: loadDictionaryDocument(found.document), version };
  };
  const attachment = (name: string): string => `attachment; filename="dictionary-${name}"; filename*=UTF-8''${encodeURIComponent(`受理事典-${name}`)}`;

  route(router, registry, ctx, {
    method: 'get',
    path: '/dictionary/export.xlsx',
    tag: TAG,
    summary: '导出受理事典为 Excel 工作簿（可编辑后导入）',
    access: 'staff',
    query: exportQuery,
    produces: XLSX,
    async handler({ query, res }) {
      const { dictionary, version } = await dictionaryAt(query.version);
      const bytes = await dictionaryWorkbook(dictionary);
      res.set({ 'content-type': XLSX, 'content-disposition': attachment(`v${version}.xlsx`), 'x-dictionary-version': String(version) }).send(bytes);
      return RAW;
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/dictionary/export.json',
    tag: TAG,
    summary: '导出受理事典为 JSON（与事典文件同构：文件名 → 内容）',
    access: 'staff',
    query: exportQuery,
    produces: 'application/json',
    async handler({ query, res }) {
      const { dictionary, version } = await dictionaryAt(query.version);
      res.set({ 'content-disposition': attachment(`v${version}.json`), 'x-dictionary-version': String(version) }).json(dictionary.document);
      return RAW;
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/dictionary/import',
    tag: TAG,
    summary: '导入受理事典（.xlsx 工作簿或 JSON），整体校验后生成新版本',
    description:
      '请求体为导出的 .xlsx（Content-Type: ' + XLSX + '）或 JSON 文档（Content-Type: application/json，≤1MB；' +
      '更大的文档用 ' + DICTIONARY_JSON + '，≤20MB）。' +
      '任何错误都整体拒绝（400），issues 指出工作表、行、列和业务办理项编码（JSON 则为文件、编码和字段）。' +
      '内容与现行版本完全相同时不生成新版本（created 为 false）。查询参数 baseVersion、note 可选。',
    access: EDITORS,
    query: z.object({ baseVersion: z.coerce.number().int().min(1).optional(), note: z.string().trim().min(1).max(500).optional() }),
    rawBody: { mediaTypes: `${XLSX}, ${DICTIONARY_JSON}`, limitBytes: 20 * 1024 * 1024, alsoJson: true },
    response: ChangeResultSchema,
    async handler({ query, body: received, staff, ctx, req }) {
      const request = { author: author(staff), source: 'import' as const, note: query.note, baseVersion: query.baseVersion, subject: 'dictionary' };
      // A Buffer from express.raw (the declared media types), or the app's parsed application/json.
      let body: unknown = received as unknown;
      if (Buffer.isBuffer(body) && typeof req.is(DICTIONARY_JSON) === 'string') {
        try {
          body = JSON.parse(body.toString('utf8').replace(/^\uFEFF/u, '')) as unknown;
        } catch (error) {
          throw badRequest(`body: 不是有效的 JSON（${error instanceof Error ? error.message : String(error)}）`, [{ path: 'body', message: '不是有效的 JSON' }]);
        }
      }
      if (Buffer.isBuffer(body)) {
        let imported: Dictionary;
        try {
          imported = await importDictionaryWorkbook(body);
        } catch (error) {
          if (!(error instanceof WorkbookError)) throw error;
          const issues = error.issues.map((i) => ({ path: formatWorkbookIssue({ ...i, message: '' }).replace(/：$/u, ''), message: formatWorkbookIssue(i) }));
          throw badRequest(`工作簿未导入：${issues[0]?.message ?? ''}${issues.length > 1 ? `（另有 ${issues.length - 1} 处）` : ''}`, issues);
        }
        return change(ctx, { ...request, change: () => imported }, (i) => formatIssue(i));
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw badRequest(`body: 请上传 .xlsx 工作簿（${XLSX}）或 JSON 文档（application/json）`, [{ path: 'body', message: '应为 .xlsx 或 JSON 文档' }]);
      }
      const document = body as DictionaryDocument;
      return change(ctx, { ...request, change: () => document }, (i) => `body.${i.file}${i.code ? ` ${i.code}` : ''}${i.path ? ` ${i.path}` : ''}`);
    },
  });
}
