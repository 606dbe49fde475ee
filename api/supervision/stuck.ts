// 卡件: the open cases a supervisor should look at, each with every reason it is listed.
//
//   overdue-red     红牌: the committed limit has passed (cases.warning = 'red', or committed_due_at ≤ now)
//   overdue-yellow  黄牌: close to the limit (cases.warning = 'yellow', or yellow_at ≤ now), not yet red
//   incident        the case's process instance has an ACTIVE incident (a job out of retries, a
//                   failed condition …): nothing moves until someone fixes it
//   no-progress     the engine wrote nothing for the instance for N working hours (the hall's
//                   opening hours on working days: workers/rules/working-time.ts)
//   slow-step       an element instance has waited longer than the p90 of everything waiting at
//                   the same element right now (the engine's wait-state statistics), with at
//                   least MIN_PEERS waiting there — fewer make no "usual"
//
// The clock does not count while it is suspended (中止/补正: domain.md §4), so a suspended case is
// never listed as overdue. The three engine reasons need the engine's read window; with a real
// Zeebe only the overdue reasons are given, and the answer says so.
import type { ApiContext } from '../context.js';
import { CASE_STATUS_LABELS, FINAL_STATUSES, type CaseStatus } from '../../db/app/case-status.js';
import type { ElementInstanceResult } from '../../engine/query/element-instances.js';
import { ENGINE_QUERY_UNAVAILABLE } from './engine-query.js';
import { workingHoursBetween } from '../../workers/rules/working-time.js';
import { STUCK_REASONS, type StuckCase, type StuckList, type StuckReason, type StuckReasonKind, type WaitingAt } from './answers.js';

export { STUCK_REASONS, type StuckCase, type StuckList, type StuckReason, type StuckReasonKind, type WaitingAt };

export const STUCK_REASON_LABELS: Readonly<Record<StuckReasonKind, string>> = {
  incident: '流程异常',
  'overdue-red': '红牌（超承诺时限）',
  'overdue-yellow': '黄牌（临近承诺时限）',
  'slow-step': '环节停留超常',
  'no-progress': '长时间无进展',
};

/** Fewer waiting at an element than this, and its p90 says nothing about what is usual. */
export const MIN_PEERS = 5;
/** One working day of opening hours. */
export const DEFAULT_NO_PROGRESS_HOURS = 7;

/** Scopes are not wait states (their children are) unless an incident holds the scope itself. */
const SCOPE_TYPES = new Set(['PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS', 'MULTI_INSTANCE_BODY', 'AD_HOC_SUB_PROCESS']);

interface OpenCase {
  caseNo: string;
  subItemCode: string;
  orgUnit: string;
  orgUnitName: string;
  status: string;
  warning: string | null;
  yellowAt: Date | null;
  committedDueAt: Date | null;
  processInstanceKey: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const hours = (ms: number): string => (ms / 3_600_000).toFixed(1);

function reason(kind: StuckReasonKind, since: string | null, explanation: string, extra: Partial<StuckReason> = {}): StuckReason {
  return { kind, label: STUCK_REASON_LABELS[kind], since, explanation, elementId: null, elementName: null, incidentKey: null, jobKey: null, ...extra };
}

export interface StuckOptions {
  readonly orgUnit?: string | undefined;
  readonly noProgressHours: number;
  /** Only cases listed for this reason (they keep all their reasons). */
  readonly reason?: StuckReasonKind | undefined;
  readonly subItemCode?: string | undefined;
  /** Only cases whose process instance has this variable with this value (serialized JSON, or text taken as a string). */
  readonly variable?: { readonly name: string; readonly value: string } | undefined;
}

export async function findStuckCases(ctx: ApiContext, options: StuckOptions): Promise<StuckList> {
  const now = ctx.now();
  const cases = await ctx.sql<OpenCase[]>`
    select c.case_no as "caseNo", c.sub_item_code as "subItemCode", c.org_unit as "orgUnit", u.name as "orgUnitName",
      c.status, c.warning, c.yellow_at as "yellowAt", c.committed_due_at as "committedDueAt",
      c.process_instance_key as "processInstanceKey"
    from app.cases c join app.org_units u on u.id = c.org_unit
    where c.status <> all(${[...FINAL_STATUSES]}::text[])
      ${options.orgUnit ? ctx.sql`and c.org_unit = ${options.orgUnit}` : ctx.sql``}
      ${options.subItemCode ? ctx.sql`and c.sub_item_code = ${options.subItemCode}` : ctx.sql``}
    order by c.created_at, c.case_no`;

  const reasons = new Map<string, StuckReason[]>();
  const add = (caseNo: string, r: StuckReason): void => {
    const list = reasons.get(caseNo);
    if (list) list.push(r);
    else reasons.set(caseNo, [r]);
  };

  for (const c of cases) {
    if (c.status === 'suspended') continue;
    const red = c.warning === 'red' || (c.committedDueAt !== null && c.committedDueAt <= now);
    if (red) {
      add(c.caseNo, reason('overdue-red', iso(c.committedDueAt), c.committedDueAt ? `已超过承诺办结时限（${c.committedDueAt.toISOString()}）` : '流程已亮红牌'));
    } else if (c.warning === 'yellow' || (c.yellowAt !== null && c.yellowAt <= now)) {
      add(c.caseNo, reason('overdue-yellow', iso(c.yellowAt), c.committedDueAt ? `临近承诺办结时限（${c.committedDueAt.toISOString()}）` : '流程已亮黄牌'));
    }
  }

  const waitingAt = new Map<string, WaitingAt[]>();
  const eq = ctx.engineQuery;
  const withInstance = cases.filter((c): c is OpenCase & { processInstanceKey: string } => c.processInstanceKey !== null);
  if (eq && withInstance.length > 0) {
    const caseOf = new Map(withInstance.map((c) => [c.processInstanceKey, c.caseNo]));
    const keys = [...caseOf.keys()];
    const known = new Set((await eq.processInstances(keys)).map((p) => p.processInstanceKey));

    const incidents = await eq.incidents(keys);
    const elements = await eq.activeElementInstances(keys);
    const nameOf = new Map(elements.map((e) => [e.elementInstanceKey, e.elementName]));
    for (const i of incidents) {
      const caseNo = caseOf.get(i.processInstanceKey);
      if (!caseNo) continue;
      const elementName = nameOf.get(i.elementInstanceKey) ?? i.elementId;
      add(
        caseNo,
        reason('incident', i.creationTime, `「${elementName}」(${i.elementId}) 出现异常：${i.errorMessage}`, {
          elementId: i.elementId,
          elementName,
          incidentKey: i.incidentKey,
          jobKey: i.jobKey,
        }),
      );
    }

    const waits = waitingElements(elements);
    const stats = new Map((await eq.waitStates(now)).map((s) => [`${s.processDefinitionId}\u0000${s.elementId}`, s]));
    for (const w of waits) {
      const caseNo = caseOf.get(w.processInstanceKey);
      if (!caseNo) continue;
      const list = waitingAt.get(caseNo) ?? [];
      list.push({
        processInstanceKey: w.processInstanceKey,
        elementInstanceKey: w.elementInstanceKey,
        elementId: w.elementId,
        elementName: w.elementName,
        elementType: w.type,
        since: w.startDate,
        hasIncident: w.hasIncident,
      });
      waitingAt.set(caseNo, list);
      const s = stats.get(`${w.processDefinitionId}\u0000${w.elementId}`);
      if (!s || !w.startDate || s.waitingCount < MIN_PEERS) continue;
      const waited = now.getTime() - new Date(w.startDate).getTime();
      if (waited > s.waitDuration.p90Ms) {
        add(
          caseNo,
          reason('slow-step', w.startDate, `在「${w.elementName}」已停留 ${hours(waited)} 小时，超过同环节 ${String(s.waitingCount)} 件在办的 90% 分位（${hours(s.waitDuration.p90Ms)} 小时）`, {
            elementId: w.elementId,
            elementName: w.elementName,
          }),
        );
      }
    }

    for (const [key, caseNo] of caseOf) {
      if (!known.has(key)) continue;
      const last = await eq.lastRecordAt(key);
      if (!last) continue;
      const idle = workingHoursBetween(last, now).hours;
      if (idle >= options.noProgressHours) {
        add(caseNo, reason('no-progress', last.toISOString(), `流程自 ${last.toISOString()} 起已 ${idle.toFixed(1)} 个工作小时没有任何进展`));
      }
    }
  }

  const order = (r: StuckReason): number => STUCK_REASONS.indexOf(r.kind);
  // The variable filter asks the engine once, for the listed cases' instances only.
  let withVariable: Set<string> | undefined;
  if (options.variable) {
    const listedKeys = withInstance.filter((c) => reasons.has(c.caseNo)).map((c) => c.processInstanceKey);
    withVariable = eq && listedKeys.length > 0 ? await eq.withVariable(listedKeys, options.variable.name, options.variable.value) : new Set();
  }
  const items: StuckCase[] = [];
  const dictionary = ctx.dictionary();
  for (const c of cases) {
    const rs = reasons.get(c.caseNo);
    if (!rs) continue;
    if (options.reason && !rs.some((r) => r.kind === options.reason)) continue;
    if (withVariable && (c.processInstanceKey === null || !withVariable.has(c.processInstanceKey))) continue;
    rs.sort((a, b) => order(a) - order(b) || (a.since ?? '').localeCompare(b.since ?? ''));
    items.push({
      caseNo: c.caseNo,
      subItemCode: c.subItemCode,
      subItemName: dictionary.byCode.get(c.subItemCode)?.name ?? null,
      orgUnit: c.orgUnit,
      orgUnitName: c.orgUnitName,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status,
      warning: c.warning,
      committedDueAt: iso(c.committedDueAt),
      processInstanceKey: c.processInstanceKey,
      waitingAt: waitingAt.get(c.caseNo) ?? [],
      reasons: rs,
    });
  }
  // The most serious first (an incident, then red …), then the longest-standing.
  items.sort((a, b) => {
    const ra = a.reasons[0];
    const rb = b.reasons[0];
    return (ra ? order(ra) : 99) - (rb ? order(rb) : 99) || (ra?.since ?? '').localeCompare(rb?.since ?? '') || a.caseNo.localeCompare(b.caseNo);
  });
  return {
    asOf: now.toISOString(),
    noProgressHours: options.noProgressHours,
    engineAvailable: eq !== undefined,
    note: eq ? null : `${ENGINE_QUERY_UNAVAILABLE}仅按黄牌/红牌列出${options.variable ? '，无法按流程变量筛选' : ''}。`,
    items,
  };
}

/** The element instances where something waits: leaves, and scopes an incident holds. */
function waitingElements(elements: readonly ElementInstanceResult[]): ElementInstanceResult[] {
  return elements.filter((e) => !SCOPE_TYPES.has(e.type) || e.hasIncident);
}
