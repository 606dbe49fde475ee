// Complaints as staff and complainants see them, with the steps recorded so far.
import type { Sql, TransactionSql } from 'postgres';
import { z } from 'zod';
import { COMPLAINT_TIER_LABELS, type ComplaintTier } from './resolve-due.js';

export const COMPLAINT_STAGES = ['assign', 'resolve', 'satisfactionCheck', 'closed'] as const;
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number];
export const COMPLAINT_STAGE_LABELS: Readonly<Record<ComplaintStage, string>> = {
  assign: '分类转办',
  resolve: '限期办理',
  satisfactionCheck: '满意度核查',
  closed: '办结备案',
};

export const STEP_LABELS: Readonly<Record<string, string>> = {
  filed: '登记反映',
  flowStarted: '进入办理流程',
  assigned: '已分类转办',
  resolved: '已办理并反馈',
  satisfied: '反映人满意，办结备案',
  unsatisfied: '反映人不满意，重新转办',
};

const Step = z.object({ at: z.string(), step: z.string(), label: z.string(), actor: z.string().nullable(), detail: z.record(z.string(), z.unknown()) });

export const ComplaintView = z.object({
  complaintNo: z.string(),
  complainant: z.object({ name: z.string(), phone: z.string() }),
  caseNo: z.string().nullable(),
  description: z.string(),
  source: z.enum(['public', 'window']),
  filedBy: z.string().nullable(),
  filedAt: z.string(),
  state: z.enum(['open', 'closed']),
  overdue: z.boolean().describe('未办结且已过办理期限'),
  stage: z.enum(COMPLAINT_STAGES),
  stageLabel: z.string(),
  responsibleGroups: z.array(z.string()),
  tier: z.string().nullable(),
  tierLabel: z.string().nullable(),
  resolveDueAt: z.string().nullable(),
  resolution: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopened: z.number().describe('因不满意退回重新转办的次数'),
  processInstanceKey: z.string().nullable(),
  flowError: z.string().nullable(),
  steps: z.array(Step),
});
export type ComplaintView = z.infer<typeof ComplaintView>;

/** What a complainant sees of their own complaint (no staff names). */
export const PublicComplaintView = z.object({
  complaintNo: z.string(),
  filedAt: z.string(),
  state: z.enum(['open', 'closed']),
  stageLabel: z.string(),
  resolveDueAt: z.string().nullable(),
  resolution: z.string().nullable(),
  closedAt: z.string().nullable(),
  steps: z.array(z.object({ at: z.string(), label: z.string() })),
});

export interface ComplaintRow {
  readonly complaintNo: string;
  readonly complainantName: string;
  readonly phone: string;
  readonly caseNo: string | null;
  readonly description: string;
  readonly source: 'public' | 'window';
  readonly filedBy: string | null;
  readonly filedAt: Date;
  readonly processInstanceKey: string | null;
  readonly flowError: string | null;
  readonly stage: ComplaintStage;
  readonly responsibleGroups: string[];
  readonly tier: ComplaintTier | null;
  readonly resolveDueAt: Date | null;
  readonly resolution: string | null;
  readonly closedAt: Date | null;
  readonly reopened: number;
}

export const complaintColumns = (sql: Sql | TransactionSql) => sql`
  c.complaint_no as "complaintNo", c.complainant_name as "complainantName", c.phone, c.case_no as "caseNo",
  c.description, c.source, c.filed_by as "filedBy", c.filed_at as "filedAt",
  c.process_instance_key as "processInstanceKey", c.flow_error as "flowError", c.stage,
  c.responsible_groups as "responsibleGroups", c.tier, c.resolve_due_at as "resolveDueAt", c.resolution,
  c.closed_at as "closedAt", c.reopened`;

interface StepRow {
  readonly at: Date;
  readonly step: string;
  readonly actor: string | null;
  readonly detail: Record<string, unknown>;
}

export async function complaintSteps(sql: Sql, complaintNo: string): Promise<StepRow[]> {
  return sql<StepRow[]>`select at, step, actor, detail from app.complaint_steps where complaint_no = ${complaintNo} order by seq`;
}

export function complaintView(row: ComplaintRow, steps: readonly StepRow[], now: Date): ComplaintView {
  return {
    complaintNo: row.complaintNo,
    complainant: { name: row.complainantName, phone: row.phone },
    caseNo: row.caseNo,
    description: row.description,
    source: row.source,
    filedBy: row.filedBy,
    filedAt: row.filedAt.toISOString(),
    state: row.closedAt === null ? 'open' : 'closed',
    overdue: row.closedAt === null && row.resolveDueAt !== null && row.resolveDueAt.getTime() < now.getTime(),
    stage: row.stage,
    stageLabel: COMPLAINT_STAGE_LABELS[row.stage],
    responsibleGroups: row.responsibleGroups,
    tier: row.tier,
    tierLabel: row.tier === null ? null : (COMPLAINT_TIER_LABELS[row.tier] ?? row.tier),
    resolveDueAt: row.resolveDueAt?.toISOString() ?? null,
    resolution: row.resolution,
    closedAt: row.closedAt?.toISOString() ?? null,
    reopened: row.reopened,
    processInstanceKey: row.processInstanceKey,
    flowError: row.flowError,
    steps: steps.map((s) => ({ at: s.at.toISOString(), step: s.step, label: STEP_LABELS[s.step] ?? s.step, actor: s.actor, detail: s.detail })),
  };
}

export function publicComplaintView(view: ComplaintView): z.infer<typeof PublicComplaintView> {
  return {
    complaintNo: view.complaintNo,
    filedAt: view.filedAt,
    state: view.state,
    stageLabel: view.stageLabel,
    resolveDueAt: view.resolveDueAt,
    resolution: view.resolution,
    closedAt: view.closedAt,
    steps: view.steps.map((s) => ({ at: s.at, label: s.label })),
  };
}

/** Appends a step to the complaint's record. */
export async function addStep(sql: Sql | TransactionSql, complaintNo: string, at: Date, step: string, actor: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await sql`insert into app.complaint_steps (complaint_no, seq, at, step, actor, detail)
    values (${complaintNo}, (select coalesce(max(seq), 0) + 1 from app.complaint_steps where complaint_no = ${complaintNo}),
            ${at}, ${step}, ${actor}, ${sql.json(detail as Parameters<Sql['json']>[0])})`;
}
