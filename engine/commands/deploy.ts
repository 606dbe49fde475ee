// DeployResource / DeployProcess: parse and validate every resource first (nothing is stored
// if any is invalid), then assign versions. A resource identical to the latest version of its
// process (same name and checksum) keeps that version, as Zeebe does.
import { resourceChecksum } from '../model/checksum.js';
import { parseBpmn } from '../model/parse.js';
import { ModelValidationError, type ProcessModel } from '../model/types.js';
import type { DeployedProcess } from '../state/entities.js';
import { Rejection } from '../runtime/rejection.js';
import type { Runtime } from '../runtime/runtime.js';
import { TENANT } from '../runtime/runtime.js';
import { processDefinitionsTable } from '../state/tables.js';

export interface Resource {
  readonly name: string;
  readonly content: Buffer;
}

export interface ProcessMetadata {
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly processDefinitionKey: number;
  readonly resourceName: string;
  readonly tenantId: string;
}

export interface DeploymentResult {
  readonly key: number;
  readonly processes: ProcessMetadata[];
}

const INTENT = 'CREATE';

export async function deploy(rt: Runtime, resources: readonly Resource[]): Promise<DeploymentResult> {
  const errors: string[] = [];
  const parsed: { resource: Resource; xml: string; checksum: string; processes: ProcessModel[] }[] = [];
  for (const resource of resources) {
    if (!/\.(bpmn|xml)$/i.test(resource.name)) {
      errors.push(
        `'${resource.name}': Resource type is not supported by this engine yet. Supported resource types are: .bpmn, .xml (DMN and forms follow in a later version)`,
      );
      continue;
    }
    const xml = resource.content.toString('utf8');
    try {
      parsed.push({ resource, xml, checksum: resourceChecksum(resource.content), processes: await parseBpmn(xml, resource.name) });
    } catch (error) {
      if (error instanceof ModelValidationError) errors.push(error.message);
      else errors.push(`'${resource.name}': ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const seen = new Map<string, string>();
  for (const p of parsed) {
    for (const m of p.processes) {
      const other = seen.get(m.bpmnProcessId);
      if (other !== undefined) errors.push(`Duplicated process id in resources '${other}' and '${p.resource.name}'`);
      seen.set(m.bpmnProcessId, p.resource.name);
    }
  }
  // Parsing is async, so it happens before; the verdict is given inside the command so that a
  // rejection is recorded like any other.
  return rt.execute(() => {
    if (resources.length === 0) throw new Rejection('INVALID_ARGUMENT', INTENT, 'Expected to deploy at least one resource, but none given');
    if (errors.length > 0) {
      throw new Rejection('INVALID_ARGUMENT', INTENT, `Expected to deploy new resources, but encountered the following errors:\n${errors.join('\n')}`);
    }
    const deploymentKey = rt.nextKey();
    const processes: ProcessMetadata[] = [];
    const fresh: DeployedProcess[] = [];
    for (const p of parsed) {
      for (const model of p.processes) {
        const latest = rt.state.latest(model.bpmnProcessId);
        if (latest && latest.checksum === p.checksum && latest.resourceName === p.resource.name) {
          processes.push(metadata(latest));
          continue;
        }
        const deployed: DeployedProcess = {
          key: rt.nextKey(),
          bpmnProcessId: model.bpmnProcessId,
          version: (latest?.version ?? 0) + 1,
          resourceName: p.resource.name,
          checksum: p.checksum,
          resource: p.xml,
          deploymentKey,
          deployedAt: rt.now,
          model,
        };
        rt.state.addDefinition(deployed);
        rt.startEvents.latestChanged(latest, deployed);
        fresh.push(deployed);
        processes.push(metadata(deployed));
      }
    }
    const batch = rt.committer.batch;
    batch.insert('deployments', {
      key: deploymentKey,
      created_at: rt.now,
      resources: parsed.map((p) => ({ resourceName: p.resource.name, checksum: p.checksum })),
    });
    for (const d of fresh) {
      batch.save(processDefinitionsTable, d.key, { process: d, deleted: false });
      rt.event('PROCESS', 'CREATED', d.key, { ...metadata(d), checksum: d.checksum, deploymentKey, duplicate: false });
    }
    rt.event('DEPLOYMENT', 'CREATED', deploymentKey, { resources: parsed.map((p) => p.resource.name), processesMetadata: processes, tenantId: TENANT });
    return { key: deploymentKey, processes };
  }, { command: { valueType: 'DEPLOYMENT' } });
}

function metadata(d: DeployedProcess): ProcessMetadata {
  return {
    bpmnProcessId: d.bpmnProcessId,
    version: d.version,
    processDefinitionKey: d.key,
    resourceName: d.resourceName,
    tenantId: TENANT,
  };
}
