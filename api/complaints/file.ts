// Filing a 办不成事反映: a number for the complainant (FY + China date + sequence), the record, and
// the `complaint` flow (processes/README.md: complaintNo, complainant, caseNo if any, description).
// The complaint is saved before the flow starts, so the complainant always gets a number; a flow
// that could not start is kept on the complaint (flow_error) for a supervisor to start again.
import type { TransactionSql } from 'postgres';
import { z } from 'zod';
import { chinaDateOf } from '../../workers/rules/calendar/index.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import { assertPublicQuota } from '../ratings/public-limit.js';
import { addStep } from './store.js';

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export const complaintBody = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(40, '姓名不超过 40 字'),
  phone: z.string().trim().regex(PHONE, '请填写 11 位手机号或带区号的固定电话'),
  caseNo: z.string().trim().min(1).max(64).optional().describe('相关办件编号（如有）'),
  description: z.string().trim().min(5, '请描述遇到的问题（至少 5 个字）').max(2000, '描述不超过 2000 字'),
});
export type ComplaintBody = z.output<typeof complaintBody>;

/** The start variables of `complaint`. */
export interface ComplaintVariables {
  readonly complaintNo: string;
  readonly complainant: { readonly kind: 'person'; readonly name: string; readonly phone: string };
  readonly caseNo?: string;
  readonly description: string;
}

async function nextComplaintNo(tx: TransactionSql, now: Date): Promise<string> {
  const day = chinaDateOf(now);
  const [row] = await tx<{ last: number }[]>`
    insert into app.complaint_counters (day, last) values (${day}, 1)
    on conflict (day) do update set last = app.complaint_counters.last + 1
    returning last`;
  if (!row) throw new Error('the complaint counter returned no row');
  return `FY${day.replaceAll('-', '')}${String(row.last).padStart(4, '0')}`;
}

export interface FiledComplaint {
  readonly complaintNo: string;
  readonly processInstanceKey: string | null;
  readonly flowError: string | null;
}

/** Who files: staff at the window on someone's behalf, or a citizen's phone (by its address). */
export type ComplaintSender = { readonly filedBy: string } | { readonly ip: string };

export async function fileComplaint(ctx: ApiContext, body: ComplaintBody, sender: ComplaintSender): Promise<FiledComplaint> {
  const filedBy = 'filedBy' in sender ? sender.filedBy : null;
  const ip = 'ip' in sender ? sender.ip : null;
  const source = filedBy === null ? 'public' : 'window';
  if (body.caseNo !== undefined) {
    const [known] = await ctx.sql`select 1 from app.cases where case_no = ${body.caseNo}`;
    if (!known) {
      const message = `没有办件 ${body.caseNo}，请核对编号，或不填办件编号`;
      throw badRequest(`body.caseNo: ${message}`, [{ path: 'body.caseNo', message }]);
    }
  }
  const now = ctx.now();
  if (ip !== null) await assertPublicQuota(ctx.sql, 'complaints', ip, now);
  const complaintNo = await ctx.sql.begin(async (tx) => {
    const no = await nextComplaintNo(tx, now);
    await tx`insert into app.complaints (complaint_no, complainant_name, phone, case_no, description, source, filed_by, source_ip, filed_at)
      values (${no}, ${body.name}, ${body.phone}, ${body.caseNo ?? null}, ${body.description}, ${source}, ${filedBy}, ${ip}, ${now})`;
    await addStep(tx, no, now, 'filed', filedBy, { source });
    if (filedBy) await audit(tx, { actor: filedBy, action: 'complaint.file', subjectType: 'complaint', subjectId: no, detail: { caseNo: body.caseNo ?? null } }, now);
    return no;
  });
  return startComplaintFlow(ctx, complaintNo);
}

/** Starts the complaint's flow (once) and records the instance key, or why it failed. */
export async function startComplaintFlow(ctx: ApiContext, complaintNo: string): Promise<FiledComplaint> {
  const [row] = await ctx.sql<{ name: string; phone: string; caseNo: string | null; description: string; key: string | null }[]>`
    select complainant_name as name, phone, case_no as "caseNo", description, process_instance_key as key
    from app.complaints where complaint_no = ${complaintNo}`;
  if (!row) throw new Error(`complaint ${complaintNo} does not exist`);
  if (row.key !== null) return { complaintNo, processInstanceKey: row.key, flowError: null };
  const variables: ComplaintVariables = {
    complaintNo,
    complainant: { kind: 'person', name: row.name, phone: row.phone },
    ...(row.caseNo !== null ? { caseNo: row.caseNo } : {}),
    description: row.description,
  };
  try {
    const started = await ctx.zbc.createProcessInstance({ bpmnProcessId: 'complaint', variables: { ...variables } });
    const key = String(started.processInstanceKey);
    await ctx.sql.begin(async (tx) => {
      await tx`update app.complaints set process_instance_key = ${key}, flow_error = null where complaint_no = ${complaintNo}`;
      await addStep(tx, complaintNo, ctx.now(), 'flowStarted', null, { processInstanceKey: key });
    });
    return { complaintNo, processInstanceKey: key, flowError: null };
  } catch (error) {
    const message = `反映办理流程未能启动：${error instanceof Error ? error.message : String(error)}`;
    await ctx.sql`update app.complaints set flow_error = ${message} where complaint_no = ${complaintNo}`;
    return { complaintNo, processInstanceKey: null, flowError: message };
  }
}

