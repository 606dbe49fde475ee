// 补正: the applicant hands in what the one-time notice (or the approver) asked for. The clerk
// records the new materials, and the flow waiting at 等待补正 / 等待补正材料 receives the message
// `supplement-received` (correlation key = caseNo) with the case's whole updated `materials`.
//
// Only a case that waits for a supplement takes one (status supplementing or suspended). The
// message is published inside the transaction that records the materials: if the engine cannot
// take it, nothing is recorded and the clerk tries again. It carries a time to live because the
// status is set by the notice's worker a moment before the flow reaches its receive task; a
// buffered message is correlated as soon as the subscription opens. Its message id makes a
// retried publish of the same supplement harmless.
import { z } from 'zod';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../db/app/case-status.js';
import { audit } from '../audit.js';
import type { Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest, conflict, notFound, type ErrorIssue } from '../http/errors.js';
import { checkMaterials, MaterialInput, materialsVariable, type CaseMaterial } from './materials.js';
import { insertMaterials } from './open.js';

export const SUPPLEMENT_MESSAGE = 'supplement-received';
/** Statuses in which the flow waits for a supplement (db/app/case-status.ts). */
const WAITING: readonly CaseStatus[] = ['supplementing', 'suspended'];
const MESSAGE_TTL_MS = 60 * 60 * 1000;

export const SupplementBody = z.object({
  materials: z.array(MaterialInput).min(1, '至少补交一项材料'),
  note: z.string().trim().max(500).optional(),
});

export const SupplementResult = z.object({
  caseNo: z.string(),
  added: z.number(),
  materials: z.array(z.object({ name: z.string(), source: z.string(), fileSha256: z.string().optional(), reusedFrom: z.string().optional() })),
  messageKey: z.string(),
});

export async function supplementCase(ctx: ApiContext, staff: Staff, caseNo: string, body: z.output<typeof SupplementBody>): Promise<z.input<typeof SupplementResult>> {
  const now = ctx.now();
  return ctx.sql.begin(async (tx) => {
    // The row lock orders concurrent supplements of one case (sequence numbers, message ids).
    const [c] = await tx<{ subItemCode: string; status: string; orgUnit: string }[]>`
      select sub_item_code as "subItemCode", status, org_unit as "orgUnit" from app.cases where case_no = ${caseNo} for update`;
    if (!c) throw notFound(`没有办件 ${caseNo}`);
    if (staff.orgLevel === 'town' && c.orgUnit !== staff.orgUnit) throw new ApiError(403, 'forbidden', `办件 ${caseNo} 不属于本中心，请到受理该办件的中心补正`);
    if (!WAITING.includes(c.status as CaseStatus)) {
      const label = CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status;
      throw conflict(`办件 ${caseNo} 当前为“${label}”，不在等待补正，不能补交材料`);
    }
    const subItem = ctx.dictionary().byCode.get(c.subItemCode);
    if (!subItem) throw conflict(`办件 ${caseNo} 的子项 ${c.subItemCode} 已不在受理事典中，请联系流程设计人员`);
    const issues: ErrorIssue[] = [];
    await checkMaterials(body.materials, subItem, async (hashes) => {
      const rows = await tx<{ sha256: string }[]>`select sha256 from app.files where sha256 in ${tx(hashes)}`;
      return new Set(rows.map((r) => r.sha256));
    }, issues);
    if (issues.length > 0) {
      const first = issues[0];
      throw badRequest(first ? `${first.path}: ${first.message}` : '补正材料有误', issues);
    }
    const [last] = await tx<{ seq: number }[]>`select coalesce(max(seq), 0)::int as seq from app.case_materials where case_no = ${caseNo}`;
    const firstSeq = (last?.seq ?? 0) + 1;
    const added: CaseMaterial[] = body.materials.map((m) => ({ name: m.name, source: m.source ?? 'applicant', fileSha256: m.fileSha256 ?? null, filename: m.filename ?? null, reusedFrom: null }));
    await insertMaterials(tx, caseNo, firstSeq, added, staff.username, now);
    const all = await tx<CaseMaterial[]>`select name, source, file_sha256 as "fileSha256", filename, reused_from as "reusedFrom"
      from app.case_materials where case_no = ${caseNo} order by seq`;
    const materials = materialsVariable(all);
    const published = await ctx.zbc.publishMessage({
      name: SUPPLEMENT_MESSAGE,
      correlationKey: caseNo,
      messageId: `${caseNo}:supplement:${String(firstSeq)}`,
      timeToLive: MESSAGE_TTL_MS,
      variables: { materials },
    }).catch((error: unknown) => {
      console.error(`api: publishing ${SUPPLEMENT_MESSAGE} for ${caseNo} failed`, error);
      throw new ApiError(503, 'engine_unavailable', '流程引擎暂时无法接收补正，材料未登记，请稍后重试');
    });
    await audit(tx, { actor: staff.username, action: 'case.supplement', subjectType: 'case', subjectId: caseNo, reason: body.note, detail: { added: added.map((m) => m.name), messageKey: String(published.key) } }, now);
    return { caseNo, added: added.length, materials, messageKey: String(published.key) };
  });
}
