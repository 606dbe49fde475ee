// Is a flow deployed? Rebinding a sub-item to a flow that the engine does not know would make every
// new case of it fail at start, so the designer is told at once.
//
// The Zeebe gateway protocol has no "list deployed processes" call and ApiContext carries no
// engine read API, so this reads engine.process_definitions (read only; the api never writes
// engine tables) when the embedded engine shares the database. Against an external Zeebe
// (ZEEBE_ADDRESS) that table does not exist: then only the dictionary schema checks the binding
// (a well-formed process id), and the answer says it was not verified.
import type { Sql } from 'postgres';

export type Deployment = { readonly known: false } | { readonly known: true; readonly versions: readonly number[] };

export async function deployedVersions(sql: Sql, bpmnProcessId: string): Promise<Deployment> {
  const [table] = await sql<{ present: boolean }[]>`select to_regclass('engine.process_definitions') is not null as present`;
  if (!table?.present) return { known: false };
  const rows = await sql<{ version: number }[]>`
    select version from engine.process_definitions where bpmn_process_id = ${bpmnProcessId} and not deleted order by version`;
  return { known: true, versions: rows.map((r) => r.version) };
}
