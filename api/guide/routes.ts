// /guide: the entrance desk. The guide types what the visitor says and gets the sub-items
// (search.ts explains the ranking), then prints the materials checklist for the one chosen.
//
// Search is for staff (the guide screen): what a unit may handle depends on who asks — a town
// guide sees the town catalogue as handleHere and county-only items marked as such, so the
// visitor is sent to the county hall instead of queueing in vain. The checklist is public: it is
// the published service guide (办事指南) and a visitor may open it from a QR code.
import type { Router } from 'express';
import { z } from 'zod';
import { ORG_LEVEL_LABELS, VOLUME_LABELS } from '../../processes/dictionary/schema.js';
import type { ApiContext } from '../context.js';
import { currentVersion } from '../dictionary/versions.js';
import { notFound } from '../http/errors.js';
import { RAW, route, type RouteRegistry } from '../http/route.js';
import { checklistHtml, checklistOf } from './checklist.js';
import { readQuery, searchSubItems } from './search.js';

const TAG = '导办';
const Code = z.object({ code: z.string().regex(/^[0-9A-Z]{12}\d{2}$/u, { error: '业务办理项编码应为14位' }) });

export function guideRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'get',
    path: '/guide/search',
    tag: TAG,
    summary: '导办搜索：用群众的话找业务办理项',
    description:
      '分词（Intl.Segmenter）后按名称 > 关键词 > 同义词 > 词语重合排序，score = 层次 × 1000 + 强度（见 api/guide/search.ts）。' +
      '按登录人员所在机构标注 handleHere：镇街人员可看到仅县级可办的事项，但 handleHere 为 false，where 说明应到何处办理。',
    access: 'staff',
    query: z.object({
      q: z.string().trim().min(1).max(100),
      limit: z.coerce.number().int().min(1).max(50).default(10),
      onlyHere: z.enum(['true', 'false']).optional(),
    }),
    response: z.object({
      query: z.object({ words: z.array(z.string()), core: z.string() }),
      orgLevel: z.enum(['county', 'town']),
      results: z.array(z.object({
        code: z.string(),
        name: z.string(),
        matterName: z.string(),
        volume: z.string(),
        volumeLabel: z.string(),
        department: z.string(),
        caseType: z.string(),
        committedDays: z.number(),
        levels: z.array(z.string()),
        handleHere: z.boolean(),
        where: z.string(),
        score: z.number(),
        match: z.enum(['name', 'keyword', 'synonym', 'words']),
        matched: z.string(),
      })),
    }),
    async handler({ query, staff, ctx }) {
      const level = staff?.orgLevel ?? 'county';
      const d = ctx.dictionary();
      const hits = searchSubItems(d, query.q, { level, onlyHere: query.onlyHere === 'true', limit: query.limit });
      const read = readQuery(query.q);
      return {
        query: { words: [...read.words], core: read.core },
        orgLevel: level,
        results: hits.map((h) => ({
          code: h.item.code,
          name: h.item.name,
          matterName: h.item.matterName,
          volume: h.item.volume,
          volumeLabel: VOLUME_LABELS[h.item.volume],
          department: d.departments.get(h.item.department)?.name ?? h.item.department,
          caseType: h.item.caseType,
          committedDays: h.item.committedDays,
          levels: [...h.item.levels],
          handleHere: h.handleHere,
          where: h.handleHere
            ? '本中心可办'
            : `仅${h.item.levels.map((l) => ORG_LEVEL_LABELS[l]).join('、')}可办，请引导到${h.item.levels.includes('county') ? '县政务服务中心' : '所在镇街分中心'}办理`,
          score: h.score,
          match: h.match,
          matched: h.matched,
        })),
      };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/guide/sub-items/:code/checklist',
    tag: TAG,
    summary: '材料清单（一次性告知）：材料、表格与模板、时限、收费、办理地点',
    access: 'public',
    params: Code,
    response: z.record(z.string(), z.unknown()),
    async handler({ params, ctx }) {
      const d = ctx.dictionary();
      const item = d.byCode.get(params.code);
      if (!item) throw notFound(`受理事典中没有业务办理项 ${params.code}`);
      return { ...checklistOf(d, item, await currentVersion(ctx.sql)) };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/guide/sub-items/:code/checklist.html',
    tag: TAG,
    summary: '材料清单的打印页（A4）',
    access: 'public',
    params: Code,
    produces: 'text/html',
    async handler({ params, ctx, res }) {
      const d = ctx.dictionary();
      const item = d.byCode.get(params.code);
      if (!item) throw notFound(`受理事典中没有业务办理项 ${params.code}`);
      res.type('html').send(checklistHtml(checklistOf(d, item, await currentVersion(ctx.sql))));
      return RAW;
    },
  });
}
