// 督办: the supervisor's endpoints — stuck cases, a case's full trace, and the three fixes
// (retry an incident, correct a process variable, cancel a case). Every fix requires a reason
// and is audited. Reassigning a task is the task inbox's endpoint.
import type { Router } from 'express';
import { z } from 'zod';
import type { Staff } from '../auth/roles.js';
import { visibleUnit } from '../auth/visible-unit.js';
import type { ApiContext } from '../context.js';
import { forbidden, unauthorized } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';
import { cancelCase, retryIncident, setCaseVariable } from './actions.js';
import { caseDiagrams } from './diagram.js';
import { supervisionOverview } from './overview.js';
import { DEFAULT_NO_PROGRESS_HOURS, findStuckCases, MIN_PEERS, STUCK_REASONS } from './stuck.js';
import { caseTrace } from './trace.js';

const TAG = '督办';
const reason = z.string({ error: '请填写原因' }).trim().min(2, '请填写原因（至少 2 个字），它将记入审计').max(500, '原因最多 500 字');
const key = z.string().regex(/^\d{1,19}$/, '应为流程引擎的键（数字）');
const caseNoParam = z.object({ caseNo: z.string().min(1).max(64) });

function signedIn(staff: Staff | undefined): Staff {
  if (!staff) throw unauthorized();
  return staff;
}

async function requireCaseInScope(ctx: ApiContext, staff: Staff, caseNo: string): Promise<void> {
  if (staff.orgLevel === 'county') return;
  const [row] = await ctx.sql<{ orgUnit: string }[]>`select org_unit as "orgUnit" from app.cases where case_no = ${caseNo}`;
  if (row && row.orgUnit !== staff.orgUnit) throw forbidden(`办件 ${caseNo} 不属于本单位`);
}

const Reason = z.object({
  kind: z.string(),
  label: z.string(),
  since: z.string().nullable(),
  explanation: z.string(),
  elementId: z.string().nullable(),
  elementName: z.string().nullable(),
  incidentKey: z.string().nullable(),
  jobKey: z.string().nullable(),
});
const WaitingAt = z.object({
  processInstanceKey: z.string(),
  elementInstanceKey: z.string(),
  elementId: z.string(),
  elementName: z.string(),
  elementType: z.string(),
  since: z.string().nullable(),
  hasIncident: z.boolean(),
});
const StuckCase = z.object({
  caseNo: z.string(),
  subItemCode: z.string(),
  subItemName: z.string().nullable(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  warning: z.string().nullable(),
  committedDueAt: z.string().nullable(),
  processInstanceKey: z.string().nullable(),
  waitingAt: z.array(WaitingAt),
  reasons: z.array(Reason),
});

export function supervisionRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'get',
    path: '/supervision/stuck',
    tag: TAG,
    summary: '卡件清单：超期、异常、无进展、环节停留超常的在办件',
    description:
      '每件列出全部原因（reasons，严重者在前）及当前停留的环节（waitingAt：元素 id、名称、起始时间）。原因：' +
      'incident 流程实例有未解决的异常；overdue-red 已超承诺办结时限（warning=red 或 committed_due_at ≤ 现在）；' +
      'overdue-yellow 黄牌（warning=yellow 或 yellow_at ≤ 现在）；' +
      `slow-step 某环节的停留时间超过该环节当前全部在办件停留时间的 90% 分位（该环节至少 ${String(MIN_PEERS)} 件在办时才比较）；` +
      'no-progress 流程引擎对该实例最后一条记录距今已达 noProgressHours 个工作小时（工作日 09:00–12:00、13:30–17:30，按节假日日历）。' +
      '中止计时（suspended）的办件时限不走，不列为超期。外接 Zeebe 时无法读取引擎数据，只按黄牌/红牌列出，engineAvailable=false 并在 note 中说明。',
    access: ['supervisor'],
    query: z.object({
      noProgressHours: z.coerce.number({ error: '应为数字' }).min(0.5, '至少 0.5 个工作小时').max(7 * 60, '最多 420 个工作小时').default(DEFAULT_NO_PROGRESS_HOURS),
      orgUnit: z.string().min(1).optional(),
      reason: z.enum(STUCK_REASONS, { error: `应为 ${STUCK_REASONS.join('、')} 之一` }).optional().describe('只列出有此原因的办件（仍给出其全部原因）'),
      subItemCode: z.string().trim().min(1).optional().describe('业务办理项编码'),
      varName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, '变量名以字母或下划线开头，只含字母、数字和下划线').optional().describe('按流程变量筛选：变量名（与 varValue 同用）'),
      varValue: z.string().min(1, '请填写变量值').max(500, '变量值最多 500 字').optional().describe('变量值：JSON 序列化后相等（如 "张三" 或 12）；不是 JSON 的文字按字符串比较；支持 * 通配'),
    }).superRefine((q, issue) => {
      if ((q.varName === undefined) !== (q.varValue === undefined))
        issue.addIssue({ code: 'custom', path: [q.varName === undefined ? 'varName' : 'varValue'], message: '按流程变量筛选须同时给出 varName 和 varValue' });
    }),
    response: z.object({
      asOf: z.string(),
      noProgressHours: z.number(),
      engineAvailable: z.boolean(),
      note: z.string().nullable(),
      items: z.array(StuckCase),
    }),
    async handler({ query, staff, ctx }) {
      const me = signedIn(staff);
      return findStuckCases(ctx, {
        orgUnit: visibleUnit(me, query.orgUnit),
        noProgressHours: query.noProgressHours,
        reason: query.reason,
        subItemCode: query.subItemCode,
        variable: query.varName !== undefined && query.varValue !== undefined ? { name: query.varName, value: query.varValue } : undefined,
      });
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/supervision/overview',
    tag: TAG,
    summary: '督办总览：在办件按状态和单位、黄牌红牌、异常件、环节停留统计',
    description:
      'byStatus / byUnit：在办件（非最终状态）按状态、单位计数；overdue：黄牌、红牌件数（口径同卡件清单，中止计时的不计）；' +
      'incidentCases：流程实例有未解决异常的在办件数；waitStates：流程引擎中每个流程、每个环节当前停留的实例数、其中异常数，' +
      '以及停留时长（最长 oldestMs、中位 p50Ms、90% 分位 p90Ms，毫秒）。按单位（orgUnit，或镇街督办）查看时不含 waitStates。',
    access: ['supervisor'],
    query: z.object({ orgUnit: z.string().min(1).optional() }),
    response: z.object({
      asOf: z.string(),
      engineAvailable: z.boolean(),
      note: z.string().nullable(),
      openCases: z.number(),
      byStatus: z.array(z.object({ status: z.string(), label: z.string(), count: z.number() })),
      byUnit: z.array(z.object({ orgUnit: z.string(), name: z.string(), open: z.number(), yellow: z.number(), red: z.number(), byStatus: z.record(z.string(), z.number()) })),
      overdue: z.object({ yellow: z.number(), red: z.number() }),
      incidentCases: z.number(),
      waitStates: z.array(
        z.object({
          processDefinitionId: z.string(),
          processDefinitionName: z.string(),
          elementId: z.string(),
          elementName: z.string(),
          waitStateType: z.string(),
          waitingCount: z.number(),
          incidentCount: z.number(),
          oldestMs: z.number(),
          p50Ms: z.number(),
          p90Ms: z.number(),
        }),
      ),
    }),
    async handler({ query, staff, ctx }) {
      return supervisionOverview(ctx, visibleUnit(signedIn(staff), query.orgUnit));
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/supervision/cases/:caseNo/diagram',
    tag: TAG,
    summary: '办件流程图：实例所用版本的 BPMN、各环节计数、已走过的顺序流',
    description:
      'diagrams：办件的流程实例在前，随后是它调用的子流程实例。每个含部署时的 BPMN 原文（xml，实例所用的版本）、' +
      'elements（每个元素：active 进行中、incidents 因异常停住、completed 已完成、canceled 已取消的元素实例数）和 sequenceFlows（走过的顺序流及次数）。' +
      '外接 Zeebe 时 diagrams 为空，engineAvailable=false。',
    access: ['supervisor'],
    params: caseNoParam,
    response: z.object({
      caseNo: z.string(),
      engineAvailable: z.boolean(),
      note: z.string().nullable(),
      diagrams: z.array(
        z.object({
          processInstanceKey: z.string(),
          parentProcessInstanceKey: z.string().nullable(),
          bpmnProcessId: z.string(),
          name: z.string(),
          version: z.number(),
          processDefinitionKey: z.string(),
          state: z.string(),
          xml: z.string(),
          elements: z.array(z.object({ elementId: z.string(), active: z.number(), incidents: z.number(), completed: z.number(), canceled: z.number() })),
          sequenceFlows: z.array(z.object({ sequenceFlowId: z.string(), count: z.number() })),
        }),
      ),
    }),
    async handler({ params, staff, ctx }) {
      await requireCaseInScope(ctx, signedIn(staff), params.caseNo);
      return caseDiagrams(ctx, params.caseNo);
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/supervision/cases/:caseNo/trace',
    tag: TAG,
    summary: '办件全程追溯：业务审计与流程引擎记录按时间合并',
    description:
      'timeline 把 app.audit 中该办件的操作（source=audit：谁、做了什么、原因）与其流程实例及被调用子实例的引擎记录（source=engine）按时间排序合并；' +
      '同一毫秒内人的操作在前，引擎记录按日志位置。另附各实例的元素实例树（trees）、流程变量（variables）和全部异常（incidents，含已解决）。' +
      '外接 Zeebe 时只有审计部分，engineAvailable=false。',
    access: ['supervisor'],
    params: caseNoParam,
    response: z.object({
      case: z.object({ caseNo: z.string(), status: z.string(), statusLabel: z.string() }).loose(),
      engineAvailable: z.boolean(),
      note: z.string().nullable(),
      processInstances: z.array(z.unknown()),
      timeline: z.array(z.object({ source: z.enum(['audit', 'engine']), at: z.string() }).loose()),
      trees: z.array(z.unknown()),
      variables: z.array(z.unknown()),
      incidents: z.array(z.unknown()),
    }),
    async handler({ params, staff, ctx }) {
      await requireCaseInScope(ctx, signedIn(staff), params.caseNo);
      return caseTrace(ctx, params.caseNo);
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/supervision/incidents/:key/retry',
    tag: TAG,
    summary: '重试异常：恢复作业重试次数并解决异常',
    description:
      '作业异常（重试耗尽）先 UpdateJobRetries（retries，默认 1）再 ResolveIncident；其他异常（条件、变量映射出错）直接 ResolveIncident——应先修正变量。' +
      '外接 Zeebe 时无法查询异常所属作业，作业异常须在 jobKey 中给出。操作连同原因记入审计。',
    access: ['supervisor'],
    params: z.object({ key }),
    body: z.object({
      reason,
      retries: z.number().int('应为整数').min(1, '至少 1 次').max(10, '最多 10 次').default(1),
      jobKey: key.optional(),
    }),
    response: z.object({ incidentKey: z.string(), jobKey: z.string().nullable(), retries: z.number().nullable(), caseNo: z.string().nullable(), resolved: z.literal(true) }),
    async handler({ params, body, staff, ctx }) {
      return retryIncident(ctx, signedIn(staff), params.key, body);
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/supervision/cases/:caseNo/variables',
    tag: TAG,
    summary: '修正办件流程变量',
    description: 'SetVariables 作用于流程实例（local=false）。caseNo（消息关联键）不可修改；已是最终状态的办件不可修改。旧值、新值和原因记入审计。',
    access: ['supervisor'],
    params: caseNoParam,
    body: z.object({
      name: z.string({ error: '请填写变量名' }).regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, '变量名以字母或下划线开头，只含字母、数字和下划线'),
      value: z.json({ error: '应为 JSON 值' }).refine((v) => v !== undefined, '请给出 value（可为 null）'),
      reason,
    }),
    response: z.object({
      caseNo: z.string(),
      processInstanceKey: z.string(),
      name: z.string(),
      value: z.unknown(),
      previousValue: z.string().nullable(),
      note: z.string().nullable(),
    }),
    async handler({ params, body, staff, ctx }) {
      const me = signedIn(staff);
      await requireCaseInScope(ctx, me, params.caseNo);
      return setCaseVariable(ctx, me, params.caseNo, body);
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/supervision/cases/:caseNo/cancel',
    tag: TAG,
    summary: '撤销办件',
    description:
      'CancelProcessInstance 后将办件状态置为 canceled（已撤销，见 db/app/case-status.ts），与审计记录同一事务。已是最终状态的办件返回 409 并说明当前状态。' +
      '流程实例已结束的，processInstance=already-ended，办件仍被撤销。',
    access: ['supervisor'],
    params: caseNoParam,
    body: z.object({ reason }),
    response: z.object({ caseNo: z.string(), status: z.literal('canceled'), statusLabel: z.string(), processInstance: z.enum(['canceled', 'already-ended', 'none']) }),
    async handler({ params, body, staff, ctx }) {
      const me = signedIn(staff);
      await requireCaseInScope(ctx, me, params.caseNo);
      return cancelCase(ctx, me, params.caseNo, body.reason);
    },
  });
}
