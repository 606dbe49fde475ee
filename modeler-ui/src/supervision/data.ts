// The endpoints the supervision pages read and the fixes they send (api/supervision, api/statistics,
// api/cases, api/tasks, api/routes/staff). The stuck list, overview, diagrams and figures are the
// api's own types (type-only imports: erased from the bundle); the rest mirror the api's schemas.
import type { CaseDiagrams, InstanceDiagram, Overview, StuckCase, StuckList, StuckReason, TraceCase } from '../../../api/supervision/answers.js';
import type { HallFigures, Ratio } from '../../../api/statistics/answers.js';
import { apiJson } from '../api.js';

export type { CaseDiagrams, HallFigures, InstanceDiagram, Overview, Ratio, StuckCase, StuckList, StuckReason };

export type TimelineEntry =
  | { readonly source: 'audit'; readonly at: string; readonly actor: string; readonly action: string; readonly reason: string | null; readonly detail: unknown }
  | {
      readonly source: 'engine';
      readonly at: string;
      readonly position: string;
      readonly processInstanceKey: string;
      readonly recordType: string;
      readonly valueType: string;
      readonly intent: string;
      readonly elementId: string | null;
      readonly elementName: string | null;
      readonly detail: Readonly<Record<string, unknown>>;
    };

export interface Incident {
  readonly incidentKey: string;
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly creationTime: string;
  readonly state: string;
  readonly jobKey: string | null;
}

export interface Variable {
  readonly name: string;
  readonly value: string;
  readonly isTruncated: boolean;
  readonly scopeKey: string;
  readonly processInstanceKey: string;
}

export interface CaseTrace {
  readonly case: TraceCase;
  readonly engineAvailable: boolean;
  readonly note: string | null;
  readonly timeline: readonly TimelineEntry[];
  readonly variables: readonly Variable[];
  readonly incidents: readonly Incident[];
}

export interface CaseDetail {
  readonly applicantName?: string;
  readonly final?: boolean;
  readonly materials: readonly { readonly seq: number; readonly name: string; readonly fileSha256: string | null; readonly filename: string | null; readonly mediaType: string | null; readonly source: string; readonly submittedAt: string }[];
}

export interface OpenTask {
  readonly key: string;
  readonly name: string;
  readonly elementId: string;
  readonly candidateGroups: readonly string[];
  readonly candidateUsers: readonly string[];
  readonly assignee: string | null;
}

export interface StaffRow {
  readonly username: string;
  readonly name: string;
  readonly groups: readonly string[];
  readonly active: boolean;
}

export const loadOverview = (): Promise<Overview> => apiJson<Overview>('GET', '/supervision/overview', '读取督办总览');
export const loadStatistics = (query: URLSearchParams): Promise<HallFigures> => apiJson<HallFigures>('GET', `/statistics?${query.toString()}`, '读取办件统计');
export const loadStuck = (query: URLSearchParams): Promise<StuckList> => apiJson<StuckList>('GET', `/supervision/stuck?${query.toString()}`, '读取卡件清单');
const at = (caseNo: string): string => `/supervision/cases/${encodeURIComponent(caseNo)}`;
export const loadTrace = (caseNo: string): Promise<CaseTrace> => apiJson<CaseTrace>('GET', `${at(caseNo)}/trace`, '读取办件追溯');
export const loadDiagrams = (caseNo: string): Promise<CaseDiagrams> => apiJson<CaseDiagrams>('GET', `${at(caseNo)}/diagram`, '读取流程图');
export const loadCase = (caseNo: string): Promise<CaseDetail> => apiJson<CaseDetail>('GET', `/cases/${encodeURIComponent(caseNo)}`, '读取办件');
export const loadOpenTasks = async (caseNo: string): Promise<readonly OpenTask[]> =>
  (await apiJson<{ items: OpenTask[] }>('GET', `/tasks?list=all&var.caseNo=${encodeURIComponent(caseNo)}`, '读取待办任务')).items;
export const loadStaff = (): Promise<readonly StaffRow[]> => apiJson<StaffRow[]>('GET', '/staff', '读取工作人员');

export const retryIncident = (incidentKey: string, reason: string, retries: number): Promise<unknown> =>
  apiJson('POST', `/supervision/incidents/${encodeURIComponent(incidentKey)}/retry`, '重试异常', { reason, retries });
export const setVariable = (caseNo: string, name: string, value: unknown, reason: string): Promise<unknown> =>
  apiJson('POST', `${at(caseNo)}/variables`, '修改变量', { name, value, reason });
export const cancelCase = (caseNo: string, reason: string): Promise<unknown> => apiJson('POST', `${at(caseNo)}/cancel`, '撤销办件', { reason });
export const reassignTask = (taskKey: string, to: string, reason: string): Promise<unknown> =>
  apiJson('POST', `/tasks/${encodeURIComponent(taskKey)}/reassign`, '转办', { to, reason });
