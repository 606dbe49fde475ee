// What a supervisor may do to a stuck case. Every action carries a reason and is audited (who,
// what, why); the engine is changed only through the Zeebe gateway (ctx.zbc), never its tables.
//
// The engine command and the audit row can't share a transaction (one is gRPC). The audit is
// written right after the engine accepted the command, so an entry never claims a change the
// engine refused; cancel also updates app.cases in the same transaction as its audit row, with
// the case row locked from before the engine call so two supervisors can't cancel it twice.
import type { JSONDoc } from 'zeebe-node';
import { CASE_STATUS_LABELS, FINAL_STATUSES, type CaseStatus } from '../../db/app/case-status.js';
import { audit } from '../audit.js';
import type { Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { ENGINE_QUERY_UNAVAILABLE } from './engine-query.js';
import { engineRefused, grpcFailure, GRPC_NOT_FOUND } from './grpc-failure.js';

const statusLabel = (s: string): string => CASE_STATUS_LABELS[s as CaseStatus] ?? s;
const isFinal = (s: string): boolean => (FINAL_STATUSES as readonly string[]).includes(s);

/** The case whose process instance is `processInstanceKey` or an ancestor of it (a called process). */
async function caseOfInstance(ctx: ApiContext, processInstanceKey: string): Promise<string | null> {
  let key: string | null = processInstanceKey;
  for (let depth = 0; key !== null && depth < 20; depth++) {
    const [row] = await ctx.sql<{ caseNo: string }[]>`select case_no as "caseNo" from app.cases where process_instance_key = ${key}`;
    if (row) return row.caseNo;
    const parents: (string | null)[] = ctx.engineQuery ? (await ctx.engineQuery.processInstances([key])).map((p) => p.parentProcessInstanceKey) : [];
    key = parents[0] ?? null;
  }
  return null;
}

export interface RetryResult {
  readonly incidentKey: string;
  readonly jobKey: string | null;
  readonly retries: number | null;
  readonly caseNo: string | null;
  readonly resolved: true;
}

/**
 * Retry an incident: a job's incident gets its retries back (UpdateJobRetries) before it is
 * resolved, or resolving would only raise it again; any other incident (a failed condition, an
 * input mapping) is resolved as is — fix its variables first.
 */
export async function retryIncident(
  ctx: ApiContext,
  staff: Staff,
  incidentKey: string,
  input: { readonly reason: string; readonly retries: number; readonly jobKey?: string | undefined },
): Promise<RetryResult> {
  let jobKey = input.jobKey ?? null;
  let caseNo: string | null = null;
  let about: Record<string, unknown> = {};
  const eq = ctx.engineQuery;
  if (eq) {
    const incident = await eq.incident(incidentKey);
    if (!incident) throw notFound(`流程引擎中没有异常 ${incidentKey}`);
    if (incident.state !== 'ACTIVE') throw conflict(`异常 ${incidentKey} 已处理（状态 ${incident.state}），无需重试`);
    if (jobKey !== null && incident.jobKey !== null && jobKey !== incident.jobKey) {
      throw badRequest(`body.jobKey: 异常 ${incidentKey} 属于作业 ${incident.jobKey}，不是 ${jobKey}`, [{ path: 'body.jobKey', message: `应为 ${incident.jobKey}` }]);
    }
    jobKey = incident.jobKey;
    caseNo = await caseOfInstance(ctx, incident.processInstanceKey);
    about = { processInstanceKey: incident.processInstanceKey, elementId: incident.elementId, errorType: incident.errorType, errorMessage: incident.errorMessage };
  }
  if (jobKey !== null) {
    try {
      await ctx.zbc.updateJobRetries({ jobKey, retries: input.retries });
    } catch (error) {
      throw engineRefused(`恢复作业 ${jobKey} 的重试次数`, error);
    }
  }
  try {
    await ctx.zbc.resolveIncident({ incidentKey });
  } catch (error) {
    throw engineRefused(`解决异常 ${incidentKey}`, error);
  }
  await audit(
    ctx.sql,
    {
      actor: staff.username,
      action: 'supervision.incident.retry',
      subjectType: caseNo ? 'case' : 'incident',
      subjectId: caseNo ?? incidentKey,
      reason: input.reason,
      detail: { incidentKey, jobKey, retries: jobKey !== null ? input.retries : null, ...about },
    },
    ctx.now(),
  );
  return { incidentKey, jobKey, retries: jobKey !== null ? input.retries : null, caseNo, resolved: true };
}

interface CaseRow {
  status: string;
  processInstanceKey: string | null;
}

async function openCase(ctx: ApiContext, caseNo: string): Promise<CaseRow> {
  const [c] = await ctx.sql<CaseRow[]>`select status, process_instance_key as "processInstanceKey" from app.cases where case_no = ${caseNo}`;
  if (!c) throw notFound(`没有办件 ${caseNo}`);
  return c;
}

/** Variables a supervisor must not overwrite: the message correlation key ties the case to its flow. */
export const PROTECTED_VARIABLES: readonly string[] = ['caseNo'];

export interface SetVariableResult {
  readonly caseNo: string;
  readonly processInstanceKey: string;
  readonly name: string;
  readonly value: unknown;
  /** The value before (serialized JSON), when the engine's read window is there to tell. */
  readonly previousValue: string | null;
  readonly note: string | null;
}

export async function setCaseVariable(
  ctx: ApiContext,
  staff: Staff,
  caseNo: string,
  input: { readonly name: string; readonly value: unknown; readonly reason: string },
): Promise<SetVariableResult> {
  if (PROTECTED_VARIABLES.includes(input.name)) {
    throw badRequest(`body.name: 变量 ${input.name} 是消息关联键，不能修改`, [{ path: 'body.name', message: '不能修改' }]);
  }
  const c = await openCase(ctx, caseNo);
  if (isFinal(c.status)) throw conflict(`办件 ${caseNo} 已是最终状态（${statusLabel(c.status)}），不能再修改流程变量`);
  if (c.processInstanceKey === null) throw conflict(`办件 ${caseNo} 尚未启动流程实例，没有可修改的流程变量`);
  const pik = c.processInstanceKey;
  let previousValue: string | null = null;
  if (ctx.engineQuery) {
    const vars = await ctx.engineQuery.variables([pik]);
    previousValue = vars.find((v) => v.scopeKey === pik && v.name === input.name)?.value ?? null;
  }
  try {
    await ctx.zbc.setVariables({ elementInstanceKey: pik, variables: { [input.name]: input.value } as JSONDoc, local: false });
  } catch (error) {
    throw engineRefused(`修改办件 ${caseNo} 的流程变量 ${input.name}`, error);
  }
  await audit(
    ctx.sql,
    {
      actor: staff.username,
      action: 'supervision.variable.set',
      subjectType: 'case',
      subjectId: caseNo,
      reason: input.reason,
      detail: { processInstanceKey: pik, name: input.name, value: input.value, previousValue },
    },
    ctx.now(),
  );
  return { caseNo, processInstanceKey: pik, name: input.name, value: input.value, previousValue, note: ctx.engineQuery ? null : ENGINE_QUERY_UNAVAILABLE };
}

export interface CancelResult {
  readonly caseNo: string;
  readonly status: 'canceled';
  readonly statusLabel: string;
  /** What happened in the engine: canceled now, had already ended, or the case had no instance. */
  readonly processInstance: 'canceled' | 'already-ended' | 'none';
}

export async function cancelCase(ctx: ApiContext, staff: Staff, caseNo: string, reason: string): Promise<CancelResult> {
  return ctx.sql.begin(async (tx) => {
    const [c] = await tx<CaseRow[]>`select status, process_instance_key as "processInstanceKey" from app.cases where case_no = ${caseNo} for update`;
    if (!c) throw notFound(`没有办件 ${caseNo}`);
    if (isFinal(c.status)) throw conflict(`办件 ${caseNo} 已是最终状态（${statusLabel(c.status)}），无需也不能撤销`);
    let processInstance: CancelResult['processInstance'] = 'none';
    if (c.processInstanceKey !== null) {
      try {
        await ctx.zbc.cancelProcessInstance(c.processInstanceKey);
        processInstance = 'canceled';
      } catch (error) {
        // The flow already ended (or was canceled by hand in the engine): the case still has to be closed.
        if (grpcFailure(error).code !== GRPC_NOT_FOUND) throw engineRefused(`撤销办件 ${caseNo} 的流程实例`, error);
        processInstance = 'already-ended';
      }
    }
    await tx`update app.cases set status = 'canceled' where case_no = ${caseNo}`;
    await audit(
      tx,
      {
        actor: staff.username,
        action: 'supervision.case.cancel',
        subjectType: 'case',
        subjectId: caseNo,
        reason,
        detail: { previousStatus: c.status, processInstanceKey: c.processInstanceKey, processInstance },
      },
      ctx.now(),
    );
    return { caseNo, status: 'canceled' as const, statusLabel: statusLabel('canceled'), processInstance };
  });
}
