// The designer endpoints (api/designer): deployed flows with versions and bound sub-items, a
// version's XML, and deploying a diagram. The engine's rejection comes back as error.message.
import { apiJson, apiText } from '../api.js';

export interface ProcessVersion {
  readonly version: number;
  readonly processDefinitionKey: string | null;
  readonly resourceName: string | null;
  readonly deployedAt: string | null;
  readonly runningCases: number;
}

export interface DeployedProcess {
  readonly bpmnProcessId: string;
  readonly name: string;
  readonly latestVersion: number | null;
  readonly versions: readonly ProcessVersion[];
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
