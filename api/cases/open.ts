// Opening a case (收件): the clerk records the applicant and the materials for one sub-item, the
// case gets its number, and the sub-item's flow starts.
//
// Durable order. The case row, its materials and the audit entry are inserted in one transaction;
// the process instance is started inside that transaction, and its key stored, before it
// commits. If the engine refuses or cannot be reached, the transaction rolls back: no case, no
// materials, and the case number goes back to the day's counter — the clerk simply tries again.
// A compensating status instead would leave numbered cases that never ran in every list and
// report. The one window left is a commit failing after the instance started: the instance is
// then canceled, so nothing runs for a case that does not exist. Workers that touch the case's
// rows before the commit (foreign keys to app.cases) wait for it; they never see a half case.
import { randomBytes } from 'node:crypto';
import type { TransactionSql } from 'postgres';
import { z } from 'zod';
import type { ZBClient } from 'zeebe-node';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../db/app/case-status.js';
import type { SubItem } from '../../processes/dictionary/load.js';
import { chinaDateOf } from '../../workers/rules/calendar/iso-date.js';
import { audit } from '../audit.js';
import type { Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { readScannedInput } from '../enterprise/code.js';
import { reusableMaterials } from '../enterprise/history.js';
import { ApiError, badRequest, forbidden, type ErrorIssue } from '../http/errors.js';
import { ApplicantInput, checkApplicant, normalizePhone } from './applicant.js';
import { nextCaseNo, returnCaseNo } from './case-number.js';
import { checkMaterials, MaterialInput, type CaseMaterial } from './materials.js';
import { checkFormData } from './form-data.js';
import { startVariables } from './start-variables.js';

export const MailAddress = z.object({
  recipient: z.string().trim().min(1, '请填写收件人').max(40),
  phone: z.string().trim().min(1, '请填写收件人电话'),
  /** 省市区, e.g. 浙江省某某市某某县. */
  region: z.string().trim().max(100).optional(),
  address: z.string().trim().min(1, '请填写详细地址').max(200),
  postcode: z.string().regex(/^\d{6}$/, '邮政编码应为6位数字').optional(),
});

export const OpenCaseBody = z.object({
  subItemCode: z.string().trim().min(1, '请选择办理的子项'),
  applicant: ApplicantInput,
  materials: z.array(MaterialInput).default([]),
  delivery: z.enum(['pickup', 'mail']).default('pickup'),
  mailAddress: MailAddress.optional(),
  /** The 企业码 the clerk scanned (or the credit code typed); materials may then be reused. */
  enterpriseCode: z.string().max(200).optional(),
  /**
   * What the clerk filled in the sub-item's intake form (制式表格, processes/forms/intake.ts): field
   * key → value. Stored with the case as { key, version, data } against the form's latest version.
   */
  formData: z.record(z.string(), z.unknown(), { error: '应为对象（表格字段 key → 填写的值）' }).optional(),
});
export type OpenCaseBody = z.output<typeof OpenCaseBody>;

export const OpenedCase = z.object({
  caseNo: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  subItemCode: z.string(),
  subItemName: z.string(),
  caseType: z.enum(['instant', 'commitment']),
  orgUnit: z.string(),
  publicToken: z.string(),
  bpmnProcessId: z.string(),
  processVersion: z.number(),
  processInstanceKey: z.string(),
  materials: z.array(z.object({ name: z.string(), source: z.string(), fileSha256: z.string().nullable(), filename: z.string().nullable(), reusedFrom: z.string().nullable() })),
});
export type OpenedCase = z.input<typeof OpenedCase>;

/** 县镇同权: a town sub-centre handles the town catalogue, the county hall what the county handles. */
export function assertLevelMayOpen(staff: Staff, subItem: SubItem): void {
  if (subItem.levels.includes(staff.orgLevel)) return;
  if (staff.orgLevel === 'town') {
    throw forbidden(`「${subItem.name}」（${subItem.code}）不在镇街分中心可办事项目录中，本中心不能受理，请引导办事人到县政务服务中心办理`);
  }
  throw forbidden(`「${subItem.name}」（${subItem.code}）由镇街分中心办理，县政务服务中心不能受理，请引导办事人到所在镇街便民服务中心办理`);
}

function fail(issues: readonly ErrorIssue[]): ApiError {
  const first = issues[0];
  return badRequest(first ? `${first.path}: ${first.message}${issues.length > 1 ? `（另有 ${String(issues.length - 1)} 处）` : ''}` : '办件信息有误', issues);
}

export async function openCase(ctx: ApiContext, staff: Staff, body: OpenCaseBody): Promise<OpenedCase> {
  const now = ctx.now();
  const subItem = ctx.dictionary().byCode.get(body.subItemCode);
  if (!subItem) throw fail([{ path: 'body.subItemCode', message: `受理事典中没有子项 ${body.subItemCode}` }]);
  assertLevelMayOpen(staff, subItem);

  const issues: ErrorIssue[] = [];
  if (!subItem.applicants.includes(body.applicant.kind)) {
    issues.push({ path: 'body.applicant.kind', message: `「${subItem.name}」的服务对象不包括${body.applicant.kind === 'person' ? '自然人' : '法人和其他组织'}` });
  }
  // A scanned 企业码 stands for the enterprise's credit code: the clerk need not type it again.
  const scanned = body.enterpriseCode !== undefined ? readScannedInput(ctx.secret, body.enterpriseCode) : undefined;
  const applicantInput = scanned && scanned.kind !== 'invalid' && body.applicant.kind === 'enterprise' && body.applicant.creditCode === undefined
    ? { ...body.applicant, creditCode: scanned.creditCode }
    : body.applicant;
  const applicant = checkApplicant(applicantInput, chinaDateOf(now), issues);
  await checkMaterials(body.materials, subItem, async (hashes) => {
    const rows = await ctx.sql<{ sha256: string }[]>`select sha256 from app.files where sha256 in ${ctx.sql(hashes)}`;
    return new Set(rows.map((r) => r.sha256));
  }, issues);

  if (body.delivery === 'mail') {
    if (!subItem.mailDelivery) issues.push({ path: 'body.delivery', message: `「${subItem.name}」不提供邮寄送达（邮帮办），请选择窗口领取` });
    else if (!body.mailAddress) issues.push({ path: 'body.mailAddress', message: '邮寄送达需要填写邮寄地址' });
  } else if (body.mailAddress) {
    issues.push({ path: 'body.mailAddress', message: '窗口领取时不填写邮寄地址；要邮寄请选择 delivery = mail' });
  }
  const mailAddress = body.delivery === 'mail' && body.mailAddress ? { ...body.mailAddress, phone: normalizePhone(body.mailAddress.phone) } : null;

  const formData = body.formData !== undefined ? await checkFormData(ctx.sql, subItem, body.formData, issues) : null;

  let enterpriseCreditCode: string | undefined;
  if (scanned !== undefined) {
    const read = scanned;
    if (read.kind === 'invalid') issues.push({ path: 'body.enterpriseCode', message: read.reason });
    else if (body.applicant.kind !== 'enterprise') issues.push({ path: 'body.enterpriseCode', message: '企业码只适用于法人和其他组织申请人' });
    else if (applicant.creditCode !== undefined && applicant.creditCode !== read.creditCode) {
      issues.push({ path: 'body.enterpriseCode', message: `企业码属于 ${read.creditCode}，与申请人的统一社会信用代码 ${applicant.creditCode} 不一致` });
    } else enterpriseCreditCode = read.creditCode;
  }
  if (issues.length > 0) throw fail(issues);

  const status: CaseStatus = subItem.caseType === 'instant' && hasEveryRequired(subItem, body.materials) ? 'accepted' : 'received';
  // Three steps, in this order, because the flow's workers read the case row (prefill records the
  // reused materials on it, the legal clock writes its ledger): the row must be committed before
  // the instance can reach them. If the flow cannot start, the row is removed again and its number
  // given back, so no case is left half-made.
  const publicToken = randomBytes(18).toString('base64url');
  const recorded = await ctx.sql.begin(async (tx) => {
    const caseNo = await nextCaseNo(tx, staff.orgUnit, now);
    const reusable = enterpriseCreditCode ? new Map((await reusableMaterials(tx, enterpriseCreditCode)).map((m) => [m.name, m])) : new Map();
    const materials: CaseMaterial[] = body.materials.map((m) => {
      const reuse = !m.fileSha256 && m.source === 'enterpriseCode' ? reusable.get(m.name) : undefined;
      return {
        name: m.name,
        source: m.source ?? 'applicant',
        fileSha256: m.fileSha256 ?? reuse?.fileSha256 ?? null,
        filename: m.filename ?? reuse?.filename ?? null,
        reusedFrom: reuse?.caseNo ?? null,
      };
    });
    await tx`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, credit_code, id_number, phone,
        status, delivery, mail_address, bpmn_process_id, process_version, created_by, created_at, accepted_at, public_token, form_data)
      values (${caseNo}, ${subItem.code}, ${staff.orgUnit}, ${tx.json(applicant as unknown as Parameters<typeof tx.json>[0])}, ${applicant.kind}, ${applicant.name},
        ${applicant.creditCode ?? null}, ${applicant.idNumber ?? null}, ${applicant.phone}, ${status}, ${body.delivery},
        ${mailAddress ? tx.json(mailAddress) : null}, ${subItem.process.bpmnProcessId}, ${subItem.process.version ?? null},
        ${staff.username}, ${now}, ${status === 'accepted' ? now : null}, ${publicToken}, ${formData ? tx.json(formData as unknown as Parameters<typeof tx.json>[0]) : null})`;
    await insertMaterials(tx, caseNo, 1, materials, staff.username, now);
    return { caseNo, materials };
  });
  const { caseNo, materials } = recorded;

  let started: { processInstanceKey: string; version: number };
  try {
    const variables = startVariables({ caseNo, subItem, applicant, materials, delivery: body.delivery, mailAddress });
    started = await startInstance(ctx.zbc, subItem, variables);
  } catch (error) {
    await undoOpening(ctx, caseNo);
    throw error;
  }

  try {
    await ctx.sql.begin(async (tx) => {
      await tx`update app.cases set process_instance_key = ${started.processInstanceKey}, process_version = ${started.version} where case_no = ${caseNo}`;
      await audit(tx, {
        actor: staff.username,
        action: 'case.open',
        subjectType: 'case',
        subjectId: caseNo,
        detail: { subItemCode: subItem.code, processInstanceKey: started.processInstanceKey, materials: materials.length, ...(enterpriseCreditCode ? { enterpriseCode: enterpriseCreditCode } : {}), ...(formData ? { form: `${formData.key} v${String(formData.version)}` } : {}) },
      }, now);
    });
  } catch (error) {
    const key = started.processInstanceKey;
    await ctx.zbc.cancelProcessInstance(key).catch((cancelError: unknown) => {
      console.error(`api: case opening failed after instance ${key} started, and canceling it failed too`, cancelError);
    });
    await undoOpening(ctx, caseNo);
    throw error;
  }
  return {
    caseNo,
    status,
    statusLabel: CASE_STATUS_LABELS[status],
    subItemCode: subItem.code,
    subItemName: subItem.name,
    caseType: subItem.caseType,
    orgUnit: staff.orgUnit,
    publicToken,
    bpmnProcessId: subItem.process.bpmnProcessId,
    processVersion: started.version,
    processInstanceKey: started.processInstanceKey,
    materials: materials.map((m) => ({ ...m })),
  };
}

/** Removes a case whose flow never ran (its materials too) and gives its number back. */
async function undoOpening(ctx: ApiContext, caseNo: string): Promise<void> {
  try {
    await ctx.sql.begin(async (tx) => {
      await tx`delete from app.case_materials where case_no = ${caseNo}`;
      await tx`delete from app.cases where case_no = ${caseNo}`;
      await returnCaseNo(tx, caseNo);
    });
  } catch (error) {
    console.error(`api: case ${caseNo} could not start its flow, and removing it failed too`, error);
  }
}

function hasEveryRequired(subItem: SubItem, materials: readonly MaterialInput[]): boolean {
  const given = new Set(materials.map((m) => m.name));
  return subItem.materials.every((m) => m.necessity !== 'required' || given.has(m.name));
}

export async function insertMaterials(tx: TransactionSql, caseNo: string, firstSeq: number, materials: readonly CaseMaterial[], by: string, at: Date): Promise<void> {
  let seq = firstSeq;
  for (const m of materials) {
    await tx`insert into app.case_materials (case_no, seq, name, file_sha256, filename, source, reused_from, submitted_at, submitted_by)
      values (${caseNo}, ${seq}, ${m.name}, ${m.fileSha256}, ${m.filename}, ${m.source}, ${m.reusedFrom}, ${at}, ${by})`;
    seq += 1;
  }
}

/** gRPC status codes the engine answers with when the bound flow is missing or refuses the start. */
const GRPC_NOT_FOUND = 5;
const GRPC_INVALID_ARGUMENT = 3;

async function startInstance(zbc: ZBClient, subItem: SubItem, variables: Record<string, unknown>): Promise<{ processInstanceKey: string; version: number }> {
  const binding = subItem.process;
  try {
    const r = await zbc.createProcessInstance({
      bpmnProcessId: binding.bpmnProcessId,
      ...(binding.version !== undefined ? { version: binding.version } : {}),
      variables: variables as Parameters<ZBClient['createProcessInstance']>[0]['variables'],
    });
    return { processInstanceKey: String(r.processInstanceKey), version: Number(r.version) };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? Number(error.code) : undefined;
    const flow = `${binding.bpmnProcessId}${binding.version !== undefined ? ` 第 ${String(binding.version)} 版` : ''}`;
    if (code === GRPC_NOT_FOUND || code === GRPC_INVALID_ARGUMENT) {
      throw new ApiError(409, 'process_not_deployed', `子项「${subItem.name}」绑定的流程 ${flow} 无法启动（未部署或版本不存在），办件未创建；请流程设计人员检查事典中的流程绑定`);
    }
    console.error(`api: starting ${flow} for a case failed`, error);
    throw new ApiError(503, 'engine_unavailable', `流程引擎暂时无法启动流程 ${flow}，办件未创建，请稍后重试`);
  }
}
