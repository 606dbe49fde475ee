// The endpoints the supervision pages read and the fixes they send (api/supervision, api/statistics,
// api/cases, api/tasks, api/routes/staff). Shapes mirror the api's response schemas.
import { apiJson } from '../api.js';

export interface StuckReason {
  readonly kind: string;
  readonly label: string;
  readonly since: string | null;
  readonly explanation: string;
  readonly elementId: string | null;
  readonly elementName: string | null;
  readonly incidentKey: string | null;
}

export interface StuckCase {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly subItemName: string | null;
  readonly orgUnit: string;
  readonly orgUnitName: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly warning: string | null;
  readonly committedDueAt: string | null;
  readonly waitingAt: readonly { readonly elementId: string; readonly elementName: string; readonly since: string | null; readonly hasIncident: boolean }[];
  readonly reasons: readonly StuckReason[];
}

export interface StuckList {
  readonly asOf: string;
  readonly noProgressHours: number;
  readonly engineAvailable: boolean;
  readonly note: string | null;
  readonly items: readonly StuckCase[];
}

export interface Overview {
  readonly asOf: string;
  readonly engineAvailable: boolean;
  readonly note: string | null;
  readonly openCases: number;
  readonly byStatus: readonly { readonly status: string; readonly label: string; readonly count: number }[];
  readonly byUnit: readonly { readonly orgUnit: string; readonly name: string; readonly open: number; readonly yellow: number; readonly red: number; readonly byStatus: Readonly<Record<string, number>> }[];
  readonly overdue: { readonly yellow: number; readonly red: number };
  readonly incidentCases: number;
  readonly waitStates: readonly {
    readonly processDefinitionId: string;
    readonly processDefinitionName: string;
    readonly elementId: string;
    readonly elementName: string;
    readonly waitStateType: string;
    readonly waitingCount: number;
    readonly incidentCount: number;
    readonly oldestMs: number;
    readonly p50Ms: number;
    readonly p90Ms: number;
  }[];
}

export interface Ratio {
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
  readonly note: string | null;
}

export interface HallFigures {
  readonly from: string;
  readonly to: string;
  readonly cases: number;
  readonly byUnit: readonly { readonly orgUnit: string; readonly name: string; readonly cases: number }[];
  readonly byVolume: readonly { readonly volume: string; readonly name: string; readonly cases: number }[];
  readonly bySubItem: readonly { readonly subItemCode: string; readonly name: string | null; readonly cases: number }[];
  readonly concluded: number;
  readonly averageWorkingDaysToConclude: { readonly value: number | null; readonly cases: number };
  readonly onTimeRate: Ratio;
  readonly instantShare: Ratio;
  readonly ratingRate: Ratio;
  readonly goodRatingRate: Ratio;
  readonly rectificationClosureRate: Ratio;
  readonly complaintClosureRate: Ratio;
  readonly townShare: Ratio;
}

export interface InstanceDiagram {
  readonly processInstanceKey: string;
  readonly parentProcessInstanceKey: string | null;
  readonly bpmnProcessId: string;
  readonly name: string;
  readonly version: number;
  readonly state: string;
  readonly xml: string;
  readonly elements: readonly { readonly elementId: string; readonly active: number; readonly incidents: number; readonly completed: number; readonly canceled: number }[];
  readonly sequenceFlows: readonly { readonly sequenceFlowId: string; readonly count: number }[];
}

export interface CaseDiagrams {
  readonly engineAvailable: boolean;
  readonly note: string | null;
  readonly diagrams: readonly InstanceDiagram[];
}

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
  readonly case: {
    readonly caseNo: string;
    readonly subItemCode: string;
    readonly subItemName: string | null;
    readonly orgUnit: string;
    readonly status: string;
    readonly statusLabel: string;
    readonly warning: string | null;
    readonly bpmnProcessId: string;
    readonly processVersion: number | null;
    readonly processInstanceKey: string | null;
    readonly createdAt: string;
    readonly acceptedAt: string | null;
    readonly concludedAt: string | null;
    readonly committedDueAt: string | null;
  };
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
