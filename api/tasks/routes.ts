// The task list (任务中心) for staff: the lists Tasklist users know (mine, my groups, unassigned,
// done), one task with its case and legal clock, and the actions on it — claim, unclaim, complete
// (completing the Zeebe job), reassign, send back to an earlier step, urge. Every action is audited
// in the same transaction as the change. inbox.ts fills app.tasks from the engine.
import type { Router } from 'express';
import type { Sql, TransactionSql } from 'postgres';
import { z } from 'zod';
import { audit } from '../audit.js';
import type { Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest, conflict, forbidden, invalidInput, notFound, unauthorized } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';
import { assertMaySee, hasPool, isCandidate, isSupervisor, notYours } from './access.js';
import { COUNTERSIGN_FORM, countersignRound, stampDepartment } from './countersign.js';
import { engineUnavailable, isNotFound } from './engine-calls.js';
import { formFor, FORMS } from './forms.js';
import { groupList, groupNamer } from './group-names.js';
import { reconcileOneTask, taskInboxOf, WITHDRAWN_REASON } from './inbox.js';
import { recordFlowProgress } from './progress.js';
import { sendBackTarget } from './send-back.js';
import { findTask, markWithdrawn, taskColumns, type TaskRow } from './task-store.js';
import { caseSummary, clockOf, TaskDetail, TaskItem, taskItem, type CaseColumns, type CaseRow } from './views.js';
import { startOfChinaDay } from '../../workers/rules/working-time.js';

const TAG = '任务中心';
const LISTS = ['mine', 'groups', 'unassigned', 'done', 'all'] as const;
const KNOWN_QUERY = new Set(['list', 'dueBefore', 'subItemCode', 'orgUnit', 'page', 'pageSize']);
const VAR_PATH = /^var\.([A-Za-z_][\w-]*)(\.[A-Za-z0-9_][\w-]*)*$/;

const ListQuery = z
  .object({
    list: z.enum(LISTS, { error: 'list 须为 mine（我的）、groups（我所在组）、unassigned（待认领）、done（我已办）或 all（全部待办，督办）' }).default('groups'),
    dueBefore: z.iso.datetime({ offset: true, error: '须为带时区的日期时间' }).or(z.iso.date({ error: '须为日期 YYYY-MM-DD' })).optional(),
    subItemCode: z.string().trim().min(1).optional(),
    orgUnit: z.string().trim().min(1).optional(),
    page: z.coerce.number().int().min(1, '页码从 1 开始').default(1),
    pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(50),
  })
  .catchall(z.string().describe('var.<变量路径>=值：按业务字段筛选，如 var.applicant.creditCode=9133…'))
  .superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (KNOWN_QUERY.has(key)) continue;
      if (!VAR_PATH.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `未知的查询参数；按业务字段筛选请用 var.<变量路径>，如 var.applicant.creditCode` });
    }
  });

const Params = z.object({ key: z.string().regex(/^\d{1,20}$/, '任务编号为数字') });
const Reason = (what: string) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(500, `${what}不超过 500 字`);

/** One row of a task with what it joins: the case (when the app has it) and its urges. */
type Joined = TaskRow & CaseColumns;

function joined(sql: Sql | TransactionSql): ReturnType<Sql['unsafe']> {
  return sql.unsafe(`c.sub_item_code as "caseSubItemCode", c.applicant_name as "caseApplicantName", c.org_unit as "caseOrgUnit",
    c.status as "caseStatus", c.yellow_at as "caseYellowAt", c.committed_due_at as "caseCommittedDueAt", c.legal_due_at as "caseLegalDueAt",
    c.deadlines_estimated as "caseDeadlinesEstimated",
    (select count(*)::int from app.task_urges u where u.job_key = task.job_key) as "urgeCount"`);
}

function who(staff: Staff | undefined): Staff {
  if (!staff) throw unauthorized();
  return staff;
}

/** A task the person may see, or 404/403. */
async function visibleTask(ctx: ApiContext, staff: Staff, key: string): Promise<Joined> {
  const [row] = await ctx.sql<Joined[]>`select ${taskColumns(ctx.sql)}, ${joined(ctx.sql)}
    from app.tasks task left join app.cases c on c.case_no = task.case_no where task.job_key = ${key}`;
  if (!row) throw notFound(`没有任务 ${key}`);
  assertMaySee(staff, row, row.caseOrgUnit, groupNamer(ctx.dictionary()));
  return row;
}

/** 409 for a task that can't be worked any more, saying why. */
function notOpen(task: TaskRow): ApiError {
  if (task.state === 'completed') return conflict(`任务 ${task.jobKey}（${task.name}）已由 ${task.completedBy ?? '他人'} 办结`);
  if (task.cancelReason === 'sent-back') return conflict(`任务 ${task.jobKey}（${task.name}）已退回，不能再办理`);
  return conflict(`任务 ${task.jobKey}（${task.name}）已被流程撤回（办件已撤销、已转到其他环节或或签已由他人签署），不能再办理`);
}

/**
 * Asks the engine whether an open task's job still exists before someone acts on it (or opens it
 * after a while); a gone job's task is canceled here and the person gets a 409 saying so.
 */
async function assertStillThere(ctx: ApiContext, task: TaskRow, maxAgeMs = 0): Promise<void> {
  if (task.state !== 'created') throw notOpen(task);
  if (maxAgeMs > 0 && ctx.now().getTime() - task.checkedAt.getTime() < maxAgeMs) return;
  let exists: boolean;
  try {
    exists = await reconcileOneTask(ctx.sql, ctx.zbc, ctx.now(), task.jobKey, task.retries);
  } catch (error) {
    throw engineUnavailable(error);
  }
  if (!exists) throw notOpen({ ...task, state: 'canceled', cancelReason: 'withdrawn' });
}

function lockedOpen(task: TaskRow | undefined, key: string): TaskRow {
  if (!task) throw notFound(`没有任务 ${key}`);
  if (task.state !== 'created') throw notOpen(task);
  return task;
}

/** After a completion: the instance's other tasks may have been withdrawn (或签) or moved on. */
async function reconcileAfter(ctx: ApiContext, task: TaskRow): Promise<void> {
  const inbox = taskInboxOf(ctx);
  try {
    if (inbox) await inbox.reconcileInstance(task.processInstanceKey, task.jobKey);
  } catch (error) {
    console.error(`task inbox: could not reconcile instance ${task.processInstanceKey}`, error);
  }
}

async function detail(ctx: ApiContext, staff: Staff, row: Joined): Promise<TaskDetail> {
  const now = ctx.now();
  const [caseRow] = row.caseNo
    ? await ctx.sql<CaseRow[]>`select case_no as "caseNo", sub_item_code as "subItemCode", applicant_name as "applicantName",
        applicant_kind as "applicantKind", org_unit as "orgUnit", status, accepted_at as "acceptedAt", warning
        from app.cases where case_no = ${row.caseNo}`
    : [];
  const urges = await ctx.sql<{ by: string; reason: string; at: Date }[]>`select urged_by as by, reason, at from app.task_urges where job_key = ${row.jobKey} order by id`;
  const clock = clockOf(row, row, now);
  return {
    ...taskItem(row, row, now),
    modelAssignee: row.assignee,
    followUpAt: row.followUpAt?.toISOString() ?? null,
    variables: row.variables,
    outcome: row.outcome,
    canceledAt: row.canceledAt?.toISOString() ?? null,
    case: caseRow ? caseSummary(caseRow) : null,
    legalClock: clock,
    urges: urges.map((u) => ({ by: u.by, reason: u.reason, at: u.at.toISOString() })),
    countersign: row.formKey === COUNTERSIGN_FORM ? await countersignRound(ctx.sql, row, groupNamer(ctx.dictionary())) : null,
    sentBack: await sentBackInto(ctx.sql, row),
    canClaim: row.state === 'created' && row.claimedBy === null && isCandidate(staff, row),
    canComplete: row.state === 'created' && (row.claimedBy === staff.username || (row.claimedBy === null && isCandidate(staff, row))),
  };
}

/** When this task exists because someone sent the case back to it: from where, who and why. */
async function sentBackInto(sql: Sql, task: TaskRow): Promise<TaskDetail['sentBack']> {
  const [row] = await sql<{ name: string; by: string | null; reason: string | null; at: Date }[]>`
    select name, sent_back_by as by, sent_back_reason as reason, canceled_at as at from app.tasks
    where process_instance_key = ${task.processInstanceKey} and sent_back_to = ${task.elementId} and canceled_at <= ${task.createdAt}
    order by canceled_at desc limit 1`;
  if (!row) return null;
  // Only the latest step into this element counts: a later normal pass is not a send-back.
  const [between] = await sql`select 1 from app.tasks where process_instance_key = ${task.processInstanceKey}
    and element_id = ${task.elementId} and created_at > ${row.at} and created_at < ${task.createdAt} limit 1`;
  return between ? null : { from: row.name, by: row.by, reason: row.reason, at: row.at.toISOString() };
}

export function taskRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'get',
    path: '/tasks',
    tag: TAG,
    summary: '任务列表',
    description:
      'list：mine 我的待办（我认领或指派给我）、groups 我所在组的待办（含已被认领的；会签任务在各会签部门的组里）、unassigned 待认领、done 我已办结、all 全部待办（仅督办）。' +
      '筛选：dueBefore 到期时间之前、subItemCode 业务办理项、orgUnit 办件所属机构、var.<变量路径>=值（如 var.applicant.creditCode）。' +
      '镇街分中心的工作人员只看到本机构的办件。按到期时间排序（已办按办结时间倒序）。',
    access: 'staff',
    query: ListQuery,
    response: z.object({ items: z.array(TaskItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
    async handler({ query, staff: s, ctx }) {
      const staff = who(s);
      const sql = ctx.sql;
      const candidate = sql`(task.candidate_groups && ${[...staff.groups]}::text[] or ${staff.username} = any(task.candidate_users) or task.assignee = ${staff.username})`;
      const conditions = [];
      switch (query.list) {
        case 'mine':
          conditions.push(sql`task.state = 'created' and task.claimed_by = ${staff.username}`);
          break;
        case 'groups':
          conditions.push(sql`task.state = 'created' and ${candidate}`);
          break;
        case 'unassigned':
          conditions.push(sql`task.state = 'created' and task.claimed_by is null and ${candidate}`);
          break;
        case 'done':
          conditions.push(sql`task.state = 'completed' and task.completed_by = ${staff.username}`);
          break;
        case 'all':
          if (!isSupervisor(staff)) throw forbidden('全部待办仅督办可查看');
          conditions.push(sql`task.state = 'created'`);
          break;
      }
      if (staff.orgLevel === 'town') conditions.push(sql`(c.case_no is null or c.org_unit = ${staff.orgUnit})`);
      if (query.dueBefore) {
        const before = new Date(query.dueBefore.length === 10 ? startOfChinaDay(query.dueBefore) : query.dueBefore);
        conditions.push(sql`task.due_at < ${before}`);
      }
      if (query.subItemCode) conditions.push(sql`coalesce(c.sub_item_code, task.variables->>'subItemCode') = ${query.subItemCode}`);
      if (query.orgUnit) conditions.push(sql`c.org_unit = ${query.orgUnit}`);
      for (const [key, value] of Object.entries(query)) {
        if (KNOWN_QUERY.has(key) || typeof value !== 'string') continue;
        const path = key.split('.').slice(1);
        conditions.push(sql`task.variables #>> ${path}::text[] = ${value}`);
      }
      const where = conditions.reduce((acc, c) => sql`${acc} and ${c}`);
      const order = query.list === 'done' ? sql`task.completed_at desc, task.job_key` : sql`task.due_at asc nulls last, task.created_at, task.job_key`;
      const rows = await sql<(Joined & { total: number })[]>`
        select ${taskColumns(sql)}, ${joined(sql)}, count(*) over ()::int as total
        from app.tasks task left join app.cases c on c.case_no = task.case_no
        where ${where} order by ${order}
        limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`;
      const now = ctx.now();
      return { items: rows.map((r) => taskItem(r, r, now)), total: rows[0]?.total ?? 0, page: query.page, pageSize: query.pageSize };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/tasks/:key',
    tag: TAG,
    summary: '任务详情',
    description: '任务、所属办件、法定时限（颜色与剩余工作日）、催办记录；会签任务按部门列出哪些部门已签署（由谁签署、意见）、哪些未签、哪些已撤回。打开时向流程引擎核对任务是否仍在（已撤回的任务显示为 canceled）。',
    access: 'staff',
    params: Params,
    response: TaskDetail,
    async handler({ params, staff: s, ctx }) {
      const staff = who(s);
      let row = await visibleTask(ctx, staff, params.key);
      if (row.state === 'created' && ctx.now().getTime() - row.checkedAt.getTime() > 5_000) {
        try {
          if (!(await reconcileOneTask(ctx.sql, ctx.zbc, ctx.now(), row.jobKey, row.retries))) row = await visibleTask(ctx, staff, params.key);
        } catch (error) {
          // The engine is unreachable: show what the inbox knows rather than nothing.
          console.error(`task inbox: could not check task ${row.jobKey}`, error);
        }
      }
      return detail(ctx, staff, row);
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/tasks/:key/claim',
    tag: TAG,
    summary: '认领任务',
    description: '只有候选人（所在组、候选人名单或流程指定的办理人）可以认领；会签任务只有会签部门的人员可以认领。已被他人认领时返回 409。',
    access: 'staff',
    params: Params,
    response: TaskDetail,
    async handler({ params, staff: s, ctx }) {
      const staff = who(s);
      const row = await visibleTask(ctx, staff, params.key);
      if (!isCandidate(staff, row)) throw forbidden(`您不能认领任务 ${row.jobKey}（${row.name}）：${notYours(staff, row, groupNamer(ctx.dictionary()))}`);
      if (row.state === 'created' && row.claimedBy !== null && row.claimedBy !== staff.username) throw conflict(`任务 ${row.jobKey}（${row.name}）已由 ${row.claimedBy} 认领`);
      await assertStillThere(ctx, row);
      await ctx.sql.begin(async (tx) => {
        const task = lockedOpen(await findTask(tx, params.key, true), params.key);
        if (task.claimedBy === staff.username) return;
        if (task.claimedBy !== null) throw conflict(`任务 ${task.jobKey}（${task.name}）已由 ${task.claimedBy} 认领`);
        await tx`update app.tasks set claimed_by = ${staff.username} where job_key = ${task.jobKey}`;
        await audit(tx, { actor: staff.username, action: 'task.claim', subjectType: 'task', subjectId: task.jobKey, detail: { caseNo: task.caseNo, elementId: task.elementId } }, ctx.now());
      });
      return detail(ctx, staff, await visibleTask(ctx, staff, params.key));
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/tasks/:key/unclaim',
    tag: TAG,
    summary: '取消认领（退回任务池）',
    description: '办理人（或督办）把任务放回候选组（会签任务放回会签部门）。流程直接指派给某人、没有候选组的任务不能取消认领，请改派。',
    access: 'staff',
    params: Params,
    response: TaskDetail,
    async handler({ params, staff: s, ctx }) {
      const staff = who(s);
      await visibleTask(ctx, staff, params.key);
      await ctx.sql.begin(async (tx) => {
        const task = lockedOpen(await findTask(tx, params.key, true), params.key);
        if (task.claimedBy === null) return;
        if (task.claimedBy !== staff.username && !isSupervisor(staff)) throw conflict(`任务 ${task.jobKey}（${task.name}）由 ${task.claimedBy} 办理，只有本人或督办可以取消认领`);
        if (!hasPool(task)) throw conflict(`任务 ${task.jobKey}（${task.name}）由流程指派给 ${task.assignee ?? task.claimedBy}，没有候选组可退回；如需换人请改派`);
        await tx`update app.tasks set claimed_by = null where job_key = ${task.jobKey}`;
        await audit(tx, { actor: staff.username, action: 'task.unclaim', subjectType: 'task', subjectId: task.jobKey, detail: { from: task.claimedBy } }, ctx.now());
      });
      return detail(ctx, staff, await visibleTask(ctx, staff, params.key));
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/tasks/:key/complete',
    tag: TAG,
    summary: '办结任务',
    description:
      '请求体随表单（formKey）而定：' +
      Object.keys(FORMS).join('、') +
      '。审批（onewindow:approval）：decision = approve | reject | supplement、opinion，supplement 时 missingMaterials（材料名称列表）必填；' +
      '会签（onewindow:countersign）：signature = {decision, opinion, missingMaterials?}，代表任务所属的会签部门签署，签署人即当前用户；初审：preReviewOpinion；出件：无。' +
      '分类转办（onewindow:complaint-assign）：responsibleGroups 与 tier（instant 即办 | within5 | within10 个工作日，由系统算出 resolveDueAt）或直接给出 resolveDueAt。' +
      '只有办理人可以办结；候选人办结未认领的任务时自动认领。流程已撤回的任务返回 409。',
    access: 'staff',
    params: Params,
    body: z.record(z.string(), z.unknown()).describe('随表单而定，见说明'),
    response: TaskDetail,
    async handler({ params, body, staff: s, ctx }) {
      const staff = who(s);
      const row = await visibleTask(ctx, staff, params.key);
      if (row.state !== 'created') throw notOpen(row);
      if (row.claimedBy !== null && row.claimedBy !== staff.username) throw conflict(`任务 ${row.jobKey}（${row.name}）由 ${row.claimedBy} 办理，只有办理人可以办结`);
      if (row.claimedBy === null && !isCandidate(staff, row)) throw forbidden(`您不能办结任务 ${row.jobKey}（${row.name}）：${notYours(staff, row, groupNamer(ctx.dictionary()))}`);
      const form = formFor(row.formKey);
      const parsed = form.schema.safeParse(body);
      if (!parsed.success) throw invalidInput('body', parsed.error);
      // 会签: the signature is the department's, signed by this person (neither comes from the body).
      const completion = stampDepartment(row, await form.complete(parsed.data as never, { signer: staff.username, now: ctx.now(), sql: ctx.sql }));

      // The row stays locked while the job is completed, so two completions (or a completion and a
      // reconciliation) of one task can't both go through or contradict each other.
      const withdrawn = await ctx.sql.begin(async (tx) => {
        const task = lockedOpen(await findTask(tx, params.key, true), params.key);
        if (task.claimedBy !== null && task.claimedBy !== staff.username) throw conflict(`任务 ${task.jobKey}（${task.name}）由 ${task.claimedBy} 办理，只有办理人可以办结`);
        const now = ctx.now();
        try {
          await ctx.zbc.completeJob({ jobKey: task.jobKey, variables: completion.variables as Record<string, never> });
        } catch (error) {
          if (!isNotFound(error)) throw engineUnavailable(error);
          await markWithdrawn(tx, task.jobKey, now, WITHDRAWN_REASON);
          return true;
        }
        await tx`update app.tasks set state = 'completed', claimed_by = ${staff.username}, completed_at = ${now}, completed_by = ${staff.username},
          opinion = ${completion.opinion}, outcome = ${tx.json(completion.variables as Parameters<Sql['json']>[0])} where job_key = ${task.jobKey}`;
        if (task.claimedBy === null) {
          await audit(tx, { actor: staff.username, action: 'task.claim', subjectType: 'task', subjectId: task.jobKey, reason: '办结时自动认领' }, now);
        }
        await audit(tx, { actor: staff.username, action: 'task.complete', subjectType: 'task', subjectId: task.jobKey, reason: completion.opinion ?? undefined, detail: { caseNo: task.caseNo, elementId: task.elementId, variables: completion.variables } }, now);
        await advanceCase(tx, task, completion.decision);
        await recordFlowProgress(tx, task, completion, staff.username, now);
        return false;
      });
      if (withdrawn) throw notOpen({ ...row, state: 'canceled', cancelReason: 'withdrawn' });
      await reconcileAfter(ctx, row);
      return detail(ctx, staff, await visibleTask(ctx, staff, params.key));
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/tasks/:key/reassign',
    tag: TAG,
    summary: '改派任务',
    description: '办理人或督办把任务交给另一位工作人员；有候选组的任务只能改派给候选人。须写明原因。',
    access: 'staff',
    params: Params,
    body: z.object({ to: z.string({ error: '请选择改派给谁' }).trim().min(1, '请选择改派给谁'), reason: Reason('改派原因') }),
    response: TaskDetail,
    async handler({ params, body, staff: s, ctx }) {
      const staff = who(s);
      const row = await visibleTask(ctx, staff, params.key);
      await assertStillThere(ctx, row);
      const [target] = await ctx.sql<{ username: string; groups: string[]; orgUnit: string }[]>`
        select username, groups, org_unit as "orgUnit" from app.staff where username = ${body.to} and active`;
      if (!target) throw badRequest(`body.to: 没有在岗的工作人员 ${body.to}`, [{ path: 'body.to', message: `没有在岗的工作人员 ${body.to}` }]);
      await ctx.sql.begin(async (tx) => {
        const task = lockedOpen(await findTask(tx, params.key, true), params.key);
        const holder = task.claimedBy;
        if (holder !== staff.username && !isSupervisor(staff)) {
          throw forbidden(holder === null ? `任务 ${task.jobKey} 尚无人认领，只有督办可以改派（候选人请先认领）` : `任务 ${task.jobKey} 由 ${holder} 办理，只有本人或督办可以改派`);
        }
        if (hasPool(task) && !isCandidate(target, task)) {
          const message = `${body.to} 不是此任务的候选人（候选组：${groupList(task.candidateGroups, groupNamer(ctx.dictionary()))}）`;
          throw badRequest(`body.to: ${message}`, [{ path: 'body.to', message }]);
        }
        if (holder === body.to) throw conflict(`任务 ${task.jobKey} 已由 ${body.to} 办理`);
        await tx`update app.tasks set claimed_by = ${body.to} where job_key = ${task.jobKey}`;
        await audit(tx, { actor: staff.username, action: 'task.reassign', subjectType: 'task', subjectId: task.jobKey, reason: body.reason, detail: { from: holder, to: body.to, caseNo: task.caseNo } }, ctx.now());
      });
      return detail(ctx, staff, await visibleTask(ctx, staff, params.key));
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/tasks/:key/send-back',
    tag: TAG,
    summary: '退回上一环节',
    description: '审批退回初审（承诺件），限期办理退回分类转办（办不成事反映）。通过流程实例修改（终止本环节、激活上一环节）完成；没有可退回环节时返回 409。须写明原因。',
    access: 'staff',
    params: Params,
    body: z.object({ reason: Reason('退回原因') }),
    response: TaskDetail,
    async handler({ params, body, staff: s, ctx }) {
      const staff = who(s);
      const row = await visibleTask(ctx, staff, params.key);
      const target = sendBackTarget(row.bpmnProcessId, row.elementId);
      if (!target) throw conflict(`「${row.name}」（${row.elementId}）没有可退回的上一环节`);
      if (row.state !== 'created') throw notOpen(row);
      if (row.claimedBy !== staff.username && !isSupervisor(staff) && !(row.claimedBy === null && isCandidate(staff, row))) {
        throw forbidden(`任务 ${row.jobKey} 由 ${row.claimedBy ?? '他人'} 办理，只有办理人或督办可以退回`);
      }
      const withdrawn = await ctx.sql.begin(async (tx) => {
        const task = lockedOpen(await findTask(tx, params.key, true), params.key);
        const now = ctx.now();
        try {
          await ctx.zbc.modifyProcessInstance({
            processInstanceKey: task.processInstanceKey,
            activateInstructions: [{ elementId: target.elementId, ancestorElementInstanceKey: '-1', variableInstructions: [] }],
            terminateInstructions: [{ elementInstanceKey: task.elementInstanceKey }],
          });
        } catch (error) {
          if (!isNotFound(error)) throw engineUnavailable(error);
          await markWithdrawn(tx, task.jobKey, now, WITHDRAWN_REASON);
          return true;
        }
        await tx`update app.tasks set state = 'canceled', canceled_at = ${now}, cancel_reason = 'sent-back', sent_back_to = ${target.elementId},
          sent_back_by = ${staff.username}, sent_back_reason = ${body.reason} where job_key = ${task.jobKey}`;
        await audit(tx, { actor: staff.username, action: 'task.send-back', subjectType: 'task', subjectId: task.jobKey, reason: body.reason, detail: { caseNo: task.caseNo, from: task.elementId, to: target.elementId } }, now);
        if (target.caseStatus && task.caseNo) {
          await tx`update app.cases set status = ${target.caseStatus} where case_no = ${task.caseNo} and status = 'approving'`;
        }
        return false;
      });
      if (withdrawn) throw notOpen({ ...row, state: 'canceled', cancelReason: 'withdrawn' });
      return detail(ctx, staff, await visibleTask(ctx, staff, params.key));
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/tasks/:key/urge',
    tag: TAG,
    summary: '催办',
    description: '督办对待办任务催办，写明原因；催办记录显示在任务上。',
    access: ['supervisor'],
    params: Params,
    body: z.object({ reason: Reason('催办原因') }),
    status: 201,
    response: TaskDetail,
    async handler({ params, body, staff: s, ctx }) {
      const staff = who(s);
      await visibleTask(ctx, staff, params.key);
      await ctx.sql.begin(async (tx) => {
        const task = lockedOpen(await findTask(tx, params.key, true), params.key);
        const now = ctx.now();
        await tx`insert into app.task_urges (job_key, urged_by, reason, at) values (${task.jobKey}, ${staff.username}, ${body.reason}, ${now})`;
        await audit(tx, { actor: staff.username, action: 'task.urge', subjectType: 'task', subjectId: task.jobKey, reason: body.reason, detail: { caseNo: task.caseNo, assignee: task.claimedBy } }, now);
      });
      return detail(ctx, staff, await visibleTask(ctx, staff, params.key));
    },
  });
}

/**
 * The case's status after a task (db/app/case-status.ts names the task inbox for these):
 * pre-review done → 审批中; approval approved → 待出件 (decision recorded). A rejection records the
 * decision and leaves the status to the flow's end (ow.rating-invitation concludes the case once
 * the refusal is served); a supplement is the legal clock's (ow.legal-clock suspend). A 会签's
 * decision is the flow's summary, not one signature: the case becomes 待出件 when the pickup task
 * appears (inbox.ts). Only a case in the status before moves, so nothing final is overwritten.
 */
async function advanceCase(tx: TransactionSql, task: TaskRow, decision: string | null): Promise<void> {
  if (!task.caseNo) return;
  if (task.formKey === 'onewindow:pre-review') {
    await tx`update app.cases set status = 'approving' where case_no = ${task.caseNo} and status = 'accepted'`;
  } else if (task.formKey === 'onewindow:approval' && decision === 'approve') {
    await tx`update app.cases set status = 'issuing', decision = 'approve' where case_no = ${task.caseNo} and status = 'approving'`;
  } else if (task.formKey === 'onewindow:approval' && decision === 'reject') {
    await tx`update app.cases set decision = 'reject' where case_no = ${task.caseNo} and status = 'approving'`;
  }
}
