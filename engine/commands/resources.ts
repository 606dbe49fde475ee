// DeleteResource (docs.camunda.io … apis-tools/grpc "DeleteResource RPC"): a process definition
// is deleted only when no instance of it is running; the previous version, if any, becomes
// the latest again (and takes over its start events).
import type { Key } from '../state/entities.js';
import { decisionRequirementsTable, processDefinitionsTable } from '../state/tables.js';
import { Rejection } from '../runtime/rejection.js';
import type { Runtime } from '../runtime/runtime.js';
import { TENANT } from '../runtime/runtime.js';

export function deleteResource(rt: Runtime, resourceKey: Key): Promise<void> {
  return rt.execute(
    () => {
      const drg = rt.decisions.drgs.get(resourceKey);
      if (drg) {
        // A decision requirements graph and its decisions (business rule tasks then use the previous version).
        rt.decisions.removeDrg(drg);
        rt.committer.batch.save(decisionRequirementsTable, drg.key, { drg, deleted: true });
        for (const d of drg.decisions) rt.event('DECISION', 'DELETED', d.key, { decisionId: d.decisionId, version: d.version, decisionKey: d.key, tenantId: TENANT });
        rt.event('DECISION_REQUIREMENTS', 'DELETED', drg.key, { decisionRequirementsId: drg.drgId, version: drg.version, decisionRequirementsKey: drg.key, tenantId: TENANT });
        rt.event('RESOURCE_DELETION', 'DELETED', resourceKey, { resourceKey, tenantId: TENANT });
        return;
      }
      const process = rt.state.definitions.get(resourceKey);
      if (!process) throw new Rejection('NOT_FOUND', 'DELETE', `Expected to delete resource but no resource found with key '${resourceKey}'`);
      const running = rt.state.runningInstancesOf(resourceKey);
      if (running > 0) {
        throw new Rejection(
          'INVALID_STATE',
          'DELETE',
          `Expected to delete resource with key '${resourceKey}' but there are still ${running} running instances of process '${process.bpmnProcessId}' version ${process.version}; cancel them first`,
        );
      }
      const wasLatest = rt.state.latest(process.bpmnProcessId)?.key === process.key;
      rt.state.removeDefinition(process);
      if (wasLatest) rt.startEvents.latestChanged(process, rt.state.latest(process.bpmnProcessId));
      rt.committer.batch.save(processDefinitionsTable, process.key, { process, deleted: true });
      rt.event('PROCESS', 'DELETED', process.key, {
        bpmnProcessId: process.bpmnProcessId,
        version: process.version,
        processDefinitionKey: process.key,
        resourceName: process.resourceName,
        tenantId: TENANT,
      });
      rt.event('RESOURCE_DELETION', 'DELETED', resourceKey, { resourceKey, tenantId: TENANT });
    },
    { command: { valueType: 'RESOURCE_DELETION', key: resourceKey } },
  );
}
