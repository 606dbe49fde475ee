// The shapes of 督办's answers (the stuck list, the overview, the case diagrams), in one file
// with no server imports so that the web pages can `import type` them: the api and the pages
// then cannot drift apart. The functions that compute them live in stuck.ts, overview.ts and
// diagram.ts.

export const STUCK_REASONS = ['incident', 'overdue-red', 'overdue-yellow', 'slow-step', 'no-progress'] as const;
export type StuckReasonKind = (typeof STUCK_REASONS)[number];

export interface StuckReason {
  readonly kind: StuckReasonKind;
  readonly label: string;
  /** Since when the reason holds (ISO), when known. */
  readonly since: string | null;
  /** One sentence for the supervisor, in Chinese. */
  readonly explanation: string;
  readonly elementId: string | null;
  readonly elementName: string | null;
  readonly incidentKey: string | null;
  readonly jobKey: string | null;
}

export interface WaitingAt {
  readonly processInstanceKey: string;
  readonly elementInstanceKey: string;
  readonly elementId: string;
  readonly elementName: string;
  readonly elementType: string;
  readonly since: string | null;
  readonly hasIncident: boolean;
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
  readonly processInstanceKey: string | null;
  readonly waitingAt: WaitingAt[];
  readonly reasons: StuckReason[];
}

export interface StuckList {
  readonly asOf: string;
  readonly noProgressHours: number;
  readonly engineAvailable: boolean;
  readonly note: string | null;
  readonly items: StuckCase[];
}

export interface WaitRow {
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
}

export interface Overview {
  readonly asOf: string;
  readonly engineAvailable: boolean;
  readonly note: string | null;
  readonly openCases: number;
  readonly byStatus: { status: string; label: string; count: number }[];
  readonly byUnit: { orgUnit: string; name: string; open: number; yellow: number; red: number; byStatus: Record<string, number> }[];
  readonly overdue: { readonly yellow: number; readonly red: number };
  /** Open cases whose process instance has an active incident. */
  readonly incidentCases: number;
  readonly waitStates: WaitRow[];
}

export interface InstanceDiagram {
  readonly processInstanceKey: string;
  readonly parentProcessInstanceKey: string | null;
  readonly bpmnProcessId: string;
  readonly name: string;
  readonly version: number;
  readonly processDefinitionKey: string;
  readonly state: string;
  readonly xml: string;
  readonly elements: { elementId: string; active: number; incidents: number; completed: number; canceled: number }[];
  readonly sequenceFlows: { sequenceFlowId: string; count: number }[];
}

export interface CaseDiagrams {
  readonly caseNo: string;
  readonly engineAvailable: boolean;
  readonly note: string | null;
  /** The case's instance first, then those it called (at any depth). */
  readonly diagrams: InstanceDiagram[];
}

/**
 * The case as a trace shows it at the top (GET /supervision/cases/:caseNo/trace). A type alias, not
 * an interface, so it fits the route's loose response schema (interfaces have no index signature).
 */
export type TraceCase = {
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
