// 督办总览: the numbers a supervisor's dashboard opens with — open cases by status and by unit,
// how many are yellow or red, how many stand still on an incident, and where the engine's live
// cases wait and for how long (the engine's wait-state statistics).
//
// Yellow and red follow stuck.ts: red = warning 'red' or committed_due_at ≤ now; yellow = warning
// 'yellow' or yellow_at ≤ now, and not red. A suspended case's clock does not run: never counted.
import { CASE_STATUSES, CASE_STATUS_LABELS, FINAL_STATUSES, type CaseStatus } from '../../db/app/case-status.js';
import type { ApiContext } from '../context.js';
import { ENGINE_QUERY_UNAVAILABLE } from './engine-query.js';
import type { Overview, WaitRow } from './answers.js';

export type { Overview, WaitRow };

interface Row {
  orgUnit: string;
  name: string;
  status: string;
  yellow: number;
  red: number;
  n: number;
}

export async function supervisionOverview(ctx: ApiContext, orgUnit: string | undefined): Promise<Overview> {
  const now = ctx.now();
  const open = ctx.sql`c.status <> all(${[...FINAL_STATUSES]}::text[]) ${orgUnit ? ctx.sql`and c.org_unit = ${orgUnit}` : ctx.sql``}`;
  const rows = await ctx.sql<Row[]>`
    select c.org_unit as "orgUnit", u.name, c.status, count(*)::int as n,
      count(*) filter (where c.status <> 'suspended' and (c.warning = 'red' or c.committed_due_at <= ${now}))::int as red,
      count(*) filter (where c.status <> 'suspended' and not (c.warning = 'red' or coalesce(c.committed_due_at <= ${now}, false))
        and (c.warning = 'yellow' or c.yellow_at <= ${now}))::int as yellow
    from app.cases c join app.org_units u on u.id = c.org_unit
    where ${open}
    group by 1, 2, 3, u.level order by u.level, 1, 3`;

  const byStatusMap = new Map<string, number>();
  const units = new Map<string, Overview['byUnit'][number]>();
  let yellow = 0;
  let red = 0;
  for (const r of rows) {
    byStatusMap.set(r.status, (byStatusMap.get(r.status) ?? 0) + r.n);
    let unit = units.get(r.orgUnit);
    if (!unit) units.set(r.orgUnit, (unit = { orgUnit: r.orgUnit, name: r.name, open: 0, yellow: 0, red: 0, byStatus: {} }));
    unit.open += r.n;
    unit.yellow += r.yellow;
    unit.red += r.red;
    unit.byStatus[r.status] = (unit.byStatus[r.status] ?? 0) + r.n;
    yellow += r.yellow;
    red += r.red;
  }
  // Statuses in their life-cycle order (case-status.ts), so the bars read left to right.
  const byStatus = CASE_STATUSES.filter((s) => byStatusMap.has(s)).map((s) => ({ status: s, label: CASE_STATUS_LABELS[s as CaseStatus], count: byStatusMap.get(s) ?? 0 }));

  const eq = ctx.engineQuery;
  let incidentCases = 0;
  let waitStates: WaitRow[] = [];
  let note: string | null = null;
  if (eq) {
    const keys = (await ctx.sql<{ key: string }[]>`select c.process_instance_key as key from app.cases c where ${open} and c.process_instance_key is not null`).map((k) => k.key);
    if (keys.length > 0) incidentCases = new Set((await eq.incidents(keys)).map((i) => i.processInstanceKey)).size;
    if (orgUnit === undefined) {
      waitStates = (await eq.waitStates(now)).map((w) => ({
        processDefinitionId: w.processDefinitionId,
        processDefinitionName: w.processDefinitionName,
        elementId: w.elementId,
        elementName: w.elementName,
        waitStateType: w.waitStateType,
        waitingCount: w.waitingCount,
        incidentCount: w.incidentCount,
        oldestMs: w.waitDuration.oldestMs,
        p50Ms: w.waitDuration.p50Ms,
        p90Ms: w.waitDuration.p90Ms,
      }));
    } else {
      // The engine's statistics span every unit's instances: a unit's view would leak others'.
      note = '环节停留统计覆盖全县的流程实例，按单位查看时不显示。';
    }
  } else {
    note = ENGINE_QUERY_UNAVAILABLE;
  }
  return {
    asOf: now.toISOString(),
    engineAvailable: eq !== undefined,
    note,
    openCases: [...byStatusMap.values()].reduce((a, b) => a + b, 0),
    byStatus,
    byUnit: [...units.values()],
    overdue: { yellow, red },
    incidentCases,
    waitStates,
  };
}
