// Names for the ids in the tables: a process definition's name and its elements' names, read from
// the deployed BPMN (engine.process_definitions.resource) once per definition and kept — a
// deployed definition never changes. Camunda's results carry them (processDefinitionName,
// elementName); without a name in the model the id stands in, as in Operate.
import type { Sql } from 'postgres';
import { parseBpmn } from '../model/parse.js';

export interface DefinitionNames {
  readonly processName: string;
  elementName(elementId: string): string;
}

export class DefinitionCatalog {
  private readonly cache = new Map<string, Promise<DefinitionNames>>();

  constructor(private readonly sql: Sql) {}

  /** Names for each of `keys` (process definition keys as strings). */
  async names(keys: Iterable<string>): Promise<Map<string, DefinitionNames>> {
    const wanted = [...new Set(keys)];
    const missing = wanted.filter((k) => !this.cache.has(k));
    if (missing.length > 0) {
      type Row = { key: string; bpmn_process_id: string; resource: string; resource_name: string };
      const rows: Promise<readonly Row[]> = (async () => await this.sql<Row[]>`
        select key::text as key, bpmn_process_id, resource, resource_name
        from engine.process_definitions where key = any(${`{${missing.join(',')}}`}::bigint[])`)();
      for (const k of missing) {
        const loaded = rows.then((rs) => {
          const r = rs.find((x) => x.key === k);
          return r ? namesOf(r.bpmn_process_id, r.resource, r.resource_name) : fallback(k);
        });
        // A failed read is not cached: the next request tries again.
        loaded.catch(() => this.cache.delete(k));
        this.cache.set(k, loaded);
      }
    }
    const out = new Map<string, DefinitionNames>();
    await Promise.all(
      wanted.map(async (k) => {
        const n = this.cache.get(k);
        if (n) out.set(k, await n);
      }),
    );
    return out;
  }
}

function fallback(id: string): DefinitionNames {
  return { processName: id, elementName: (e) => e };
}

async function namesOf(bpmnProcessId: string, resource: string, resourceName: string): Promise<DefinitionNames> {
  try {
    const models = await parseBpmn(resource, resourceName);
    const model = models.find((m) => m.bpmnProcessId === bpmnProcessId);
    if (!model) return fallback(bpmnProcessId);
    const names = new Map<string, string>();
    for (const [id, e] of model.elements) if (e.name) names.set(id, e.name);
    for (const [id, f] of model.flows) if (f.name) names.set(id, f.name);
    return { processName: model.name || bpmnProcessId, elementName: (e) => names.get(e) ?? e };
  } catch {
    return fallback(bpmnProcessId);
  }
}

const catalogs = new WeakMap<Sql, DefinitionCatalog>();

/** The catalog of a connection pool (one per pool, so every query function shares its cache). */
export function definitionsOf(sql: Sql): DefinitionCatalog {
  let c = catalogs.get(sql);
  if (!c) catalogs.set(sql, (c = new DefinitionCatalog(sql)));
  return c;
}
