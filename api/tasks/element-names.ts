// The names people see on their tasks (初审, 审批, 会签 …). The gateway protocol gives a job only its
// element id, and neither our engine's read API nor Operate is something the api may rely on (the
// same code must run against a real Zeebe 8.3–8.8). So the names come from the models themselves:
// every model the api deploys is parsed once with bpmn-moddle and its element names are kept in
// app.element_names by (bpmn process id, element id). The hall's own flows are recorded when the
// inbox starts; a part that deploys a designer-changed flow calls rememberElementNames with the
// XML it deployed, so new or renamed steps show their names too. The latest deployment wins; a
// task keeps the name it got when it was activated. An element nobody named shows its id.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { Sql } from 'postgres';

export interface ElementName {
  readonly bpmnProcessId: string;
  readonly elementId: string;
  readonly name: string;
}

let moddle: BpmnModdle | undefined;

function children(element: ModdleElement): ModdleElement[] {
  const flow = element['flowElements'];
  return Array.isArray(flow) ? (flow as ModdleElement[]) : [];
}

/** Every named flow node of every process in a BPMN document (sub-processes included). */
export async function elementNamesOf(xml: string): Promise<ElementName[]> {
  moddle ??= new BpmnModdle({ zeebe: zeebeDescriptor });
  const { rootElement } = await moddle.fromXML(xml);
  const roots = Array.isArray(rootElement['rootElements']) ? (rootElement['rootElements'] as ModdleElement[]) : [];
  const out: ElementName[] = [];
  for (const process of roots.filter((r) => r.$instanceOf('bpmn:Process'))) {
    const bpmnProcessId = String(process['id']);
    const walk = (scope: ModdleElement): void => {
      for (const element of children(scope)) {
        const name = typeof element['name'] === 'string' ? element['name'].trim() : '';
        if (name && element.$instanceOf('bpmn:FlowNode')) out.push({ bpmnProcessId, elementId: String(element['id']), name });
        walk(element);
      }
    };
    walk(process);
  }
  return out;
}

/** Records the names of a deployed model (call it with the XML a deployment sent). */
export async function rememberElementNames(sql: Sql, xml: string, mode: 'replace' | 'fill' = 'replace'): Promise<number> {
  const names = await elementNamesOf(xml);
  if (names.length === 0) return 0;
  const rows = sql(names.map((n) => ({ bpmn_process_id: n.bpmnProcessId, element_id: n.elementId, name: n.name })));
  if (mode === 'replace') {
    await sql`insert into app.element_names ${rows} on conflict (bpmn_process_id, element_id) do update set name = excluded.name`;
  } else {
    await sql`insert into app.element_names ${rows} on conflict (bpmn_process_id, element_id) do nothing`;
  }
  return names.length;
}

/**
 * Records the names of every model in a folder (the hall's processes/*.bpmn) where none is known
 * yet: a restart must not put a file's names back over the ones a designer deployed since.
 */
export async function rememberFolderNames(sql: Sql, dir: string): Promise<void> {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort()) {
    await rememberElementNames(sql, readFileSync(path.join(dir, file), 'utf8'), 'fill');
  }
}

/** The name of one element, or its id when no deployed model named it. */
export async function elementName(sql: Sql, bpmnProcessId: string, elementId: string): Promise<string> {
  const [row] = await sql<{ name: string }[]>`select name from app.element_names where bpmn_process_id = ${bpmnProcessId} and element_id = ${elementId}`;
  return row?.name ?? elementId;
}
