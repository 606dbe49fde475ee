// The hall's flows (processes/*.bpmn) are deployed through the gateway when the api starts —
// to our engine or to a real Zeebe alike. An unchanged file keeps its version (Zeebe's rule for
// identical redeploys), so restarting does not multiply versions.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZBClient } from 'zeebe-node';

export const PROCESSES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'processes');

export interface DeployedFlow {
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly processDefinitionKey: string;
  readonly resourceName: string;
}

export async function deployFlows(zbc: ZBClient, dir: string = PROCESSES_DIR): Promise<DeployedFlow[]> {
  const out: DeployedFlow[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort()) {
    const result = await zbc.deployResource({ name: file, process: readFileSync(path.join(dir, file)) });
    for (const d of result.deployments) {
      if ('process' in d && d.process) {
        out.push({ bpmnProcessId: d.process.bpmnProcessId, version: d.process.version, processDefinitionKey: String(d.process.processDefinitionKey), resourceName: d.process.resourceName });
      }
    }
  }
  return out;
}
