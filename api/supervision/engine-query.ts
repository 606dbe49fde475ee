// The api's window on the embedded engine's state, read-only, through engine/query (Camunda v2
// shaped searches). architecture.md: the api never writes engine tables; changes go through
// ctx.zbc. With a real Zeebe at ZEEBE_ADDRESS there are no engine.* tables in our database, so
// the window is optional (ApiContext.engineQuery) and every user of it says when it is missing.
import type { Sql } from 'postgres';
import { elementInstanceSearchRequest, elementInstanceTree, searchElementInstances, type ElementInstanceNode, type ElementInstanceResult } from '../../engine/query/element-instances.js';
import { QueryError } from '../../engine/query/errors.js';
import { processInstanceHistory, historyQuery, type RecordResult } from '../../engine/query/history.js';
import { incidentSearchRequest, searchIncidents, type IncidentResult } from '../../engine/query/incidents.js';
import { processInstanceSearchRequest, searchProcessInstances, type ProcessInstanceResult } from '../../engine/query/process-instances.js';
import { elementStatistics, sequenceFlows, waitStateStatistics, type ElementStatistics, type SequenceFlowResult, type WaitStateStatistics } from '../../engine/query/statistics.js';
import { searchVariables, variableSearchRequest, type VariableResult } from '../../engine/query/variables.js';
import { ApiError, badRequest, notFound } from '../http/errors.js';

/** What the api says wherever engine data would have been shown. */
export const ENGINE_QUERY_UNAVAILABLE =
  '流程引擎数据不可查询：当前连接的是外部 Zeebe（ZEEBE_ADDRESS），其状态不在本库中；仅显示业务数据。';

/** engine/query's searches take at most this many keys in one `$in`. */
const KEYS_PER_SEARCH = 1000;
/** One page of a search; every reader here pages to the end. */
const PAGE = 1000;

type Page<T> = { items: T[]; page: { endCursor: string | null } };

/** engine/query errors (problem details) as the api's errors. */
async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QueryError) {
      if (error.status === 404) throw notFound(`流程引擎中没有找到：${error.detail}`);
      if (error.status === 400) throw badRequest(`流程引擎查询有误：${error.detail}`);
      throw new ApiError(error.status, 'engine_query', error.detail);
    }
    throw error;
  }
}

async function all<T>(search: (after: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await search(after);
    out.push(...page.items);
    if (page.items.length < PAGE || !page.page.endCursor) return out;
    after = page.page.endCursor;
  }
}

function chunks<T>(items: readonly T[], size = KEYS_PER_SEARCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class EngineQuery {
  constructor(readonly sql: Sql) {}

  async processInstances(keys: readonly string[]): Promise<ProcessInstanceResult[]> {
    const out: ProcessInstanceResult[] = [];
    for (const part of chunks(keys)) {
      out.push(...(await this.searchInstances({ processInstanceKey: { $in: part } })));
    }
    return out;
  }

  /**
   * Instances of `processDefinitionId` whose process variable `name` has one of `values` (e.g.
   * the rectifications of some cases, by caseNo). Values are compared as serialized JSON.
   */
  async instancesByVariable(processDefinitionId: string, name: string, values: readonly unknown[]): Promise<ProcessInstanceResult[]> {
    const out: ProcessInstanceResult[] = [];
    for (const part of chunks(values)) {
      const filter = { processDefinitionId, variables: [{ name, value: { $in: part.map((v) => JSON.stringify(v)) } }] };
      out.push(...(await this.searchInstances(filter)));
    }
    return out;
  }

  /**
   * Of these instances, those whose process variable `name` matches `value` — a string filter on
   * the serialized JSON value (engine/query/README.md: text that is not JSON is taken as a string,
   * so 张三 finds "张三").
   */
  async withVariable(keys: readonly string[], name: string, value: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks(keys)) {
      const found = await this.searchInstances({ processInstanceKey: { $in: part }, variables: [{ name, value }] });
      for (const p of found) out.add(p.processInstanceKey);
    }
    return out;
  }

  /** Per element of one instance: how many element instances are active, held by an incident, completed, canceled. */
  async elementCounts(processInstanceKey: string): Promise<ElementStatistics[]> {
    return (await guard(() => elementStatistics(this.sql, processInstanceKey))).items;
  }

  /** The sequence flows one instance took, with how often. */
  async takenFlows(processInstanceKey: string): Promise<SequenceFlowResult[]> {
    return (await guard(() => sequenceFlows(this.sql, processInstanceKey))).items;
  }

  /** How many instances of a process definition (one version) are running. */
  async runningInstances(processDefinitionKey: string): Promise<number> {
    const found = await guard(() =>
      searchProcessInstances(this.sql, processInstanceSearchRequest.parse({ filter: { processDefinitionKey, state: 'ACTIVE' }, page: { limit: 1 } })),
    );
    return found.page.totalItems;
  }

  /** The instance and every instance it called, at any depth (call activities), root first. */
  async family(rootKey: string): Promise<ProcessInstanceResult[]> {
    const found = await this.processInstances([rootKey]);
    let frontier = found.map((p) => p.processInstanceKey);
    while (frontier.length > 0) {
      const children: ProcessInstanceResult[] = [];
      for (const part of chunks(frontier)) children.push(...(await this.searchInstances({ parentProcessInstanceKey: { $in: part } })));
      found.push(...children);
      frontier = children.map((c) => c.processInstanceKey);
    }
    return found;
  }

  /** Incidents of these instances (ACTIVE only unless `all`). */
  async incidents(processInstanceKeys: readonly string[], options: { readonly all?: boolean } = {}): Promise<IncidentResult[]> {
    const out: IncidentResult[] = [];
    for (const part of chunks(processInstanceKeys)) {
      const filter = { processInstanceKey: { $in: part }, ...(options.all ? {} : { state: 'ACTIVE' }) };
      out.push(
        ...(await all((after) =>
          guard(() => searchIncidents(this.sql, incidentSearchRequest.parse({ filter, sort: [{ field: 'creationTime' }], page: { limit: PAGE, ...(after ? { after } : {}) } }))),
        )),
      );
    }
    return out;
  }

  async incident(incidentKey: string): Promise<IncidentResult | undefined> {
    const found = await guard(() => searchIncidents(this.sql, incidentSearchRequest.parse({ filter: { incidentKey }, page: { limit: 1 } })));
    return found.items[0];
  }

  /** The live (ACTIVE) element instances of these process instances. */
  async activeElementInstances(processInstanceKeys: readonly string[]): Promise<ElementInstanceResult[]> {
    const out: ElementInstanceResult[] = [];
    for (const part of chunks(processInstanceKeys)) {
      out.push(
        ...(await all((after) =>
          guard(() =>
            searchElementInstances(
              this.sql,
              elementInstanceSearchRequest.parse({ filter: { processInstanceKey: { $in: part }, state: 'ACTIVE' }, page: { limit: PAGE, ...(after ? { after } : {}) } }),
            ),
          ),
        )),
      );
    }
    return out;
  }

  /** When the engine last wrote anything for this instance (its newest record), or null. */
  async lastRecordAt(processInstanceKey: string): Promise<Date | null> {
    const newest = await guard(() => processInstanceHistory(this.sql, processInstanceKey, historyQuery.parse({ limit: '1', order: 'DESC' })));
    const at = newest.items[0]?.timestamp;
    return at ? new Date(at) : null;
  }

  /** Every record of one instance, oldest first. */
  async history(processInstanceKey: string): Promise<RecordResult[]> {
    return all((after) => guard(() => processInstanceHistory(this.sql, processInstanceKey, historyQuery.parse({ limit: String(PAGE), ...(after ? { after } : {}) }))));
  }

  async tree(processInstanceKey: string): Promise<ElementInstanceNode> {
    return guard(() => elementInstanceTree(this.sql, processInstanceKey));
  }

  async variables(processInstanceKeys: readonly string[]): Promise<VariableResult[]> {
    const out: VariableResult[] = [];
    for (const part of chunks(processInstanceKeys)) {
      out.push(
        ...(await all((after) =>
          guard(() =>
            searchVariables(this.sql, variableSearchRequest.parse({ filter: { processInstanceKey: { $in: part } }, page: { limit: PAGE, ...(after ? { after } : {}) } }), {
              truncateValues: true,
            }),
          ),
        )),
      );
    }
    return out;
  }

  /** Per process and element: how many wait there now and for how long (p50, p90), as of `now`. */
  async waitStates(now: Date): Promise<WaitStateStatistics[]> {
    return (await guard(() => waitStateStatistics(this.sql, {}, now.getTime()))).items;
  }

  private async searchInstances(filter: Record<string, unknown>): Promise<ProcessInstanceResult[]> {
    return all((after) =>
      guard(() => searchProcessInstances(this.sql, processInstanceSearchRequest.parse({ filter, page: { limit: PAGE, ...(after ? { after } : {}) } }))),
    );
  }
}

/**
 * The engine's read window when its tables are in this database (the embedded engine), else
 * undefined (a real Zeebe keeps its state elsewhere).
 */
export async function openEngineQuery(sql: Sql): Promise<EngineQuery | undefined> {
  const [row] = await sql<{ present: boolean }[]>`
    select to_regclass('engine.records') is not null and to_regclass('engine.process_instances') is not null
      and to_regclass('engine.element_instances') is not null and to_regclass('engine.incidents') is not null as present`;
  return row?.present ? new EngineQuery(sql) : undefined;
}
