// The deployed process definitions (every version) and their BPMN XML, read from the embedded
// engine's engine.process_definitions — read-only, like engine/query, whose shapes it follows
// (Camunda v2 "Search process definitions" / "Get process definition XML": keys as strings,
// dates as ISO strings). engine/query has no such search yet; when it gains one, this file
// should call it instead.
import type { Sql } from 'postgres';
import { definitionsOf } from '../../engine/query/definitions.js';

export interface DeployedProcess {
  readonly processDefinitionKey: string;
  readonly processDefinitionId: string;
  readonly name: string;
  readonly version: number;
  readonly resourceName: string;
  readonly deployedAt: string;
}

export async function deployedProcesses(sql: Sql): Promise<DeployedProcess[]> {
  const rows = await sql<{ key: string; bpmnProcessId: string; version: number; resourceName: string; deployedAt: number }[]>`
    select key::text as key, bpmn_process_id as "bpmnProcessId", version, resource_name as "resourceName", deployed_at::float8 as "deployedAt"
    from engine.process_definitions order by bpmn_process_id, version`;
  const names = await definitionsOf(sql).names(rows.map((r) => r.key));
  return rows.map((r) => ({
    processDefinitionKey: r.key,
    processDefinitionId: r.bpmnProcessId,
    name: names.get(r.key)?.processName ?? r.bpmnProcessId,
    version: r.version,
    resourceName: r.resourceName,
    deployedAt: new Date(r.deployedAt).toISOString(),
  }));
}

/** The BPMN XML of one deployed version, as it was deployed; undefined for an unknown key. */
export async function processXml(sql: Sql, processDefinitionKey: string): Promise<{ xml: string; resourceName: string } | undefined> {
  const [row] = await sql<{ resource: string; resourceName: string }[]>`
    select resource, resource_name as "resourceName" from engine.process_definitions where key = ${processDefinitionKey}::bigint`;
  return row ? { xml: row.resource, resourceName: row.resourceName } : undefined;
}
