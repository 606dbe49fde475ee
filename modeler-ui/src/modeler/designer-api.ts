// The designer endpoints (api/designer): deployed flows with versions and bound sub-items, a
// version's XML, and deploying a diagram. The engine's rejection comes back as error.message.
// Plus the two dictionary calls the modeler needs: finding sub-items and binding one to a flow.
import { apiJson, apiText } from '../api.js';

export interface ProcessVersion {
  readonly version: number;
  readonly processDefinitionKey: string | null;
  readonly resourceName: string | null;
  readonly deployedAt: string | null;
  /** Who deployed it through the designer; null for versions deployed otherwise (the seed). */
  readonly deployedBy: { readonly username: string; readonly name: string } | null;
  readonly runningCases: number;
}

export interface DeployedProcess {
  readonly bpmnProcessId: string;
  readonly name: string;
  readonly latestVersion: number | null;
  readonly versions: readonly ProcessVersion[];
  readonly runningCasesWithoutVersion: number;
  readonly subItems: readonly { readonly code: string; readonly name: string; readonly pinnedVersion: number | null }[];
}

export interface DeployedProcesses {
  readonly engineAvailable: boolean;
  readonly note: string | null;
  readonly items: readonly DeployedProcess[];
}

export interface Deployment {
  readonly deploymentKey: string;
  readonly resources: readonly { readonly kind: string; readonly id: string; readonly version: number; readonly key: string; readonly resourceName: string }[];
}

export function listProcesses(): Promise<DeployedProcesses> {
  return apiJson<DeployedProcesses>('GET', '/designer/processes', '读取已部署的流程');
}

export function processXml(processDefinitionKey: string): Promise<string> {
  return apiText(`/designer/processes/${encodeURIComponent(processDefinitionKey)}/xml`, '读取流程图');
}

export function deploy(name: string, content: string): Promise<Deployment> {
  return apiJson<Deployment>('POST', '/designer/deployments', '部署', { name, content });
}

export interface SubItemBrief {
  readonly code: string;
  readonly name: string;
  readonly matterName: string;
  readonly departmentName: string;
  readonly process: { readonly bpmnProcessId: string; readonly version?: number };
}

export function searchSubItems(q: string): Promise<SubItemBrief[]> {
  return apiJson<SubItemBrief[]>('GET', `/dictionary/sub-items?q=${encodeURIComponent(q)}`, '搜索子项');
}

/** Binds a sub-item to a flow (a pinned version, or always the latest); new cases only. */
export function bindSubItem(code: string, bpmnProcessId: string, version: number | undefined): Promise<{ version: number }> {
  return apiJson<{ version: number }>('PUT', `/dictionary/sub-items/${encodeURIComponent(code)}/process`, '绑定子项', { bpmnProcessId, ...(version === undefined ? {} : { version }) });
}

/** The deployed version a binding opens: its pinned version, else the latest. */
export function boundVersion(process: DeployedProcess, pinned: number | undefined): ProcessVersion | undefined {
  const wanted = pinned ?? process.latestVersion;
  return process.versions.find((v) => v.version === wanted && v.processDefinitionKey !== null);
}
