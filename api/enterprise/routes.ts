// 企业码: issuing an enterprise's code (with its QR code) and resolving what a scanner reads
// at the acceptance seat into the enterprise's earlier cases and reusable materials.
import type { Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { validateCreditCode } from '../../workers/rules/credit-code.js';
import { chinaDateOf } from '../../workers/rules/calendar/iso-date.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';
import { readScannedInput, signEnterpriseCode } from './code.js';
import { enterpriseHistory } from './history.js';

const CaseSummary = z.object({
  caseNo: z.string(),
  subItemCode: z.string(),
  subItemName: z.string().nullable(),
  status: z.string(),
  statusLabel: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  concludedAt: z.string().nullable(),
});
const Material = z.object({
  name: z.string(),
  fileSha256: z.string(),
  filename: z.string().nullable(),
  mediaType: z.string(),
  size: z.number(),
  caseNo: z.string(),
  submittedAt: z.string(),
});

export function enterpriseRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'post',
    path: '/enterprises/:creditCode/code',
    tag: '企业码',
    summary: '生成企业码（含二维码）',
    description: '校验统一社会信用代码后签发企业码：OW1.<信用代码>.<签发日期>.<签名>，并给出可打印的二维码（SVG）。',
    access: ['clerk', 'admin'],
    status: 201,
    params: z.object({ creditCode: z.string() }),
    response: z.object({ creditCode: z.string(), name: z.string().nullable(), issuedOn: z.string(), code: z.string(), qrSvg: z.string() }),
    async handler({ params, ctx, staff }) {
      const check = validateCreditCode(params.creditCode);
      if (!check.ok) throw badRequest(`params.creditCode: ${check.reason}`, [{ path: 'params.creditCode', message: check.reason }]);
      const issuedOn = chinaDateOf(ctx.now());
      const code = signEnterpriseCode(ctx.secret, { creditCode: check.normalized, issuedOn });
      const qrSvg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      const [latest] = await ctx.sql<{ name: string }[]>`select applicant_name as name from app.cases where credit_code = ${check.normalized} order by created_at desc limit 1`;
      await audit(ctx.sql, { actor: staff?.username ?? '?', action: 'enterprise.code.issue', subjectType: 'enterprise', subjectId: check.normalized, detail: { issuedOn } }, ctx.now());
      return { creditCode: check.normalized, name: latest?.name ?? null, issuedOn, code, qrSvg };
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/enterprises/resolve',
    tag: '企业码',
    summary: '扫企业码：调取企业的历史办件和可复用材料',
    description: '扫码枪输入的企业码（前后空白、回车、全角字符均可），或手工输入的统一社会信用代码。签名不符返回 400。',
    access: ['clerk', 'admin'],
    body: z.object({ code: z.string().max(200, '内容过长，不是企业码') }),
    response: z.object({
      creditCode: z.string(),
      via: z.enum(['code', 'creditCode']),
      issuedOn: z.string().nullable(),
      name: z.string().nullable(),
      cases: z.array(CaseSummary),
      reusableMaterials: z.array(Material),
    }),
    async handler({ body, ctx, staff }) {
      const read = readScannedInput(ctx.secret, body.code);
      if (read.kind === 'invalid') throw badRequest(`body.code: ${read.reason}`, [{ path: 'body.code', message: read.reason }]);
      const history = await enterpriseHistory(ctx.sql, ctx.dictionary(), read.creditCode);
      await audit(ctx.sql, { actor: staff?.username ?? '?', action: 'enterprise.resolve', subjectType: 'enterprise', subjectId: read.creditCode, detail: { via: read.kind } }, ctx.now());
      return { ...history, via: read.kind, issuedOn: read.kind === 'code' ? read.issuedOn : null };
    },
  });
}
