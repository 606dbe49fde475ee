// DeployResource / DeployProcess: parse and validate every resource first (nothing is stored
// if any is invalid), then assign versions. A resource identical to the latest version of what
// it defines (same name and checksum) keeps that version, as Zeebe does. BPMN processes, DMN
// decision requirements graphs with their decisions, and forms.
import { parseDmn, type DecisionRequirementsModel } from '../dmn/index.js';
import { parseForm, type FormModel } from '../forms/parse.js';
import { resourceChecksum } from '../model/checksum.js';
import { parseBpmn } from '../model/parse.js';
import { ModelValidationError, type ProcessModel } from '../model/types.js';
import type { DeployedDecision, DeployedDrg, DeployedForm } from '../runtime/decisions.js';
import type { DeployedProcess } from '../state/entities.js';
import { Rejection } from '../runtime/rejection.js';
import type { Runtime } from '../runtime/runtime.js';
import { TENANT } from '../runtime/runtime.js';
import { decisionRequirementsTable, processDefinitionsTable } from '../state/tables.js';

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

export type DeploymentEntry =
  | { readonly process: ProcessMetadata }
  | { readonly decisionRequirements: Record<string, unknown> }
  | { readonly decision: Record<string, unknown> }
  | { readonly form: Record<string, unknown> };

export interface DeploymentResult {
  readonly key: number;
  readonly processes: ProcessMetadata[];
  /** Everything deployed, in the order DeployResource reports it. */
  readonly deployments: DeploymentEntry[];
}

const INTENT = 'CREATE';

type Parsed =
  | { readonly kind: 'bpmn'; readonly resource: Resource; readonly text: string; readonly checksum: string; readonly processes: ProcessModel[] }
  | { readonly kind: 'dmn'; readonly resource: Resource; readonly text: string; readonly checksum: string; readonly drg: DecisionRequirementsModel }
  | { readonly kind: 'form'; readonly resource: Resource; readonly text: string; readonly checksum: string; readonly form: FormModel };

async function parseResource(resource: Resource): Promise<Parsed> {
  const text = resource.content.toString('utf8');
  const checksum = resourceChecksum(resource.content);
  if (/\.(bpmn|xml)$/i.test(resource.name)) return { kind: 'bpmn', resource, text, checksum, processes: await parseBpmn(text, resource.name) };
  if (/\.dmn$/i.test(resource.name)) return { kind: 'dmn', resource, text, checksum, drg: await parseDmn(text, resource.name) };
  if (/\.form$/i.test(resource.name)) return { kind: 'form', resource, text, checksum, form: parseForm(text, resource.name) };
  throw new Error(`Resource type is not supported. Supported resource types are: .bpmn, .xml, .dmn, .form`);
}

export async function deploy(rt: Runtime, resources: readonly Resource[]): Promise<DeploymentResult> {
  const errors: string[] = [];
  const parsed: Parsed[] = [];
  for (const resource of resources) {
    try {
      parsed.push(await parseResource(resource));
    } catch (error) {
      if (error instanceof ModelValidationError) errors.push(error.message);
      else errors.push(`'${resource.name}': ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const seen = new Map<string, string>();
  const unique = (kind: string, id: string, resourceName: string): void => {
    const other = seen.get(`${kind}:${id}`);
    if (other !== undefined) errors.push(`Duplicated ${kind} id in resources '${other}' and '${resourceName}'`);
    seen.set(`${kind}:${id}`, resourceName);
  };
  for (const p of parsed) {
    if (p.kind === 'bpmn') for (const m of p.processes) unique('process', m.bpmnProcessId, p.resource.name);
    if (p.kind === 'dmn') {
      unique('decision requirements', p.drg.decisionRequirementsId, p.resource.name);
      for (const d of p.drg.decisions.keys()) unique('decision', d, p.resource.name);
    }
    if (p.kind === 'form') unique('form', p.form.formId, p.resource.name);
  }

  // Parsing is async, so it happens before; the verdict is given inside the command so that a
  // rejection is recorded like any other.
  return rt.execute(
    () => {
      if (resources.length === 0) throw new Rejection('INVALID_ARGUMENT', INTENT, 'Expected to deploy at least one resource, but none given');
      if (errors.length > 0) {
        throw new Rejection('INVALID_ARGUMENT', INTENT, `Expected to deploy new resources, but encountered the following errors:\n${errors.join('\n')}`);
      }
      const deploymentKey = rt.nextKey();
      const processes: ProcessMetadata[] = [];
      const deployments: DeploymentEntry[] = [];
      const batch = rt.committer.batch;
      for (const p of parsed) {
        if (p.kind === 'bpmn') {
          for (const model of p.processes) {
            const d = deployProcess(rt, p, model, deploymentKey);
            processes.push(processMetadata(d));
            deployments.push({ process: processMetadata(d) });
          }
        } else if (p.kind === 'dmn') {
          const drg = deployDrg(rt, p, deploymentKey);
          deployments.push({ decisionRequirements: drgMetadata(drg) });
          for (const d of drg.decisions) deployments.push({ decision: decisionMetadata(d) });
        } else {
          const form = deployForm(rt, p, deploymentKey);
          deployments.push({ form: { formId: form.formId, version: form.version, formKey: String(form.key), resourceName: form.resourceName, tenantId: TENANT } });
        }
      }
      batch.insert('deployments', {
        key: deploymentKey,
        created_at: rt.now,
        resources: parsed.map((p) => ({ resourceName: p.resource.name, checksum: p.checksum })),
      });
      rt.event('DEPLOYMENT', 'CREATED', deploymentKey, { resources: parsed.map((p) => p.resource.name), processesMetadata: processes, tenantId: TENANT });
      return { key: deploymentKey, processes, deployments };
    },
    { command: { valueType: 'DEPLOYMENT' } },
  );
}

function deployProcess(rt: Runtime, p: Parsed & { kind: 'bpmn' }, model: ProcessModel, deploymentKey: number): DeployedProcess {
  const latest = rt.state.latest(model.bpmnProcessId);
  if (latest && isRedeploy(latest, p)) return latest;
  const deployed: DeployedProcess = {
    key: rt.nextKey(),
    bpmnProcessId: model.bpmnProcessId,
    version: (latest?.version ?? 0) + 1,
    resourceName: p.resource.name,
    checksum: p.checksum,
    resource: p.text,
    deploymentKey,
    deployedAt: rt.now,
    model,
  };
  rt.state.addDefinition(deployed);
  rt.startEvents.latestChanged(latest, deployed);
  rt.committer.batch.save(processDefinitionsTable, deployed.key, { process: deployed, deleted: false });
  rt.event('PROCESS', 'CREATED', deployed.key, { ...processMetadata(deployed), checksum: deployed.checksum, deploymentKey, duplicate: false });
  return deployed;
}

function deployDrg(rt: Runtime, p: Parsed & { kind: 'dmn' }, deploymentKey: number): DeployedDrg {
  const latest = rt.decisions.latestDrg(p.drg.decisionRequirementsId);
  if (latest && isRedeploy(latest, p)) return latest;
  const decisions: DeployedDecision[] = [];
  const drg: DeployedDrg = {
    key: rt.nextKey(),
    drgId: p.drg.decisionRequirementsId,
    name: p.drg.decisionRequirementsName,
    version: (latest?.version ?? 0) + 1,
    resourceName: p.resource.name,
    checksum: p.checksum,
    resource: p.text,
    deploymentKey,
    deployedAt: rt.now,
    model: p.drg,
    decisions,
  };
  for (const d of p.drg.decisions.values()) {
    decisions.push({ key: rt.nextKey(), decisionId: d.decisionId, name: d.decisionName, version: (rt.decisions.latest(d.decisionId)?.version ?? 0) + 1, drg });
  }
  rt.decisions.addDrg(drg);
  const batch = rt.committer.batch;
  batch.save(decisionRequirementsTable, drg.key, { drg, deleted: false });
  rt.event('DECISION_REQUIREMENTS', 'CREATED', drg.key, { ...drgMetadata(drg), checksum: drg.checksum, duplicate: false });
  for (const d of decisions) {
    batch.insert('decisions', { key: d.key, decision_id: d.decisionId, name: d.name, version: d.version, decision_requirements_key: drg.key });
    rt.event('DECISION', 'CREATED', d.key, { ...decisionMetadata(d), duplicate: false });
  }
  return drg;
}

function deployForm(rt: Runtime, p: Parsed & { kind: 'form' }, deploymentKey: number): DeployedForm {
  const latest = rt.decisions.latestForm(p.form.formId);
  if (latest && isRedeploy(latest, p)) return latest;
  const form: DeployedForm = {
    key: rt.nextKey(),
    formId: p.form.formId,
    version: (latest?.version ?? 0) + 1,
    resourceName: p.resource.name,
    checksum: p.checksum,
    resource: p.text,
    deploymentKey,
    deployedAt: rt.now,
    model: p.form,
  };
  rt.decisions.addForm(form);
  rt.committer.batch.insert('forms', {
    key: form.key,
    form_id: form.formId,
    version: form.version,
    resource_name: form.resourceName,
    checksum: form.checksum,
    resource: form.resource,
    deployment_key: deploymentKey,
    deployed_at: form.deployedAt,
  });
  rt.event('FORM', 'CREATED', form.key, { formId: form.formId, version: form.version, formKey: form.key, resourceName: form.resourceName, checksum: form.checksum, tenantId: TENANT });
  return form;
}

/** The same resource (name and checksum) as the latest version: Zeebe keeps that version. */
function isRedeploy(latest: { readonly checksum: string; readonly resourceName: string }, p: Parsed): boolean {
  return latest.checksum === p.checksum && latest.resourceName === p.resource.name;
}

function processMetadata(d: DeployedProcess): ProcessMetadata {
  return { bpmnProcessId: d.bpmnProcessId, version: d.version, processDefinitionKey: d.key, resourceName: d.resourceName, tenantId: TENANT };
}

export function drgMetadata(d: DeployedDrg): Record<string, unknown> {
  return {
    dmnDecisionRequirementsId: d.drgId,
    dmnDecisionRequirementsName: d.name,
    version: d.version,
    decisionRequirementsKey: String(d.key),
    resourceName: d.resourceName,
    tenantId: TENANT,
  };
}

export function decisionMetadata(d: DeployedDecision): Record<string, unknown> {
  return {
    dmnDecisionId: d.decisionId,
    dmnDecisionName: d.name,
    version: d.version,
    decisionKey: String(d.key),
    dmnDecisionRequirementsId: d.drg.drgId,
    decisionRequirementsKey: String(d.drg.key),
    tenantId: TENANT,
  };
}
