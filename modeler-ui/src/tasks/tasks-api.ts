// The task list's calls to the api (api/tasks/routes.ts, /cases, /files, /dictionary, /staff) and
// the shapes it reads back. The types mirror the api's zod schemas (views.ts, cases/read.ts); only
// the fields the pages use are listed.
import { ApiFailure, apiJson } from '../api.js';

export const LISTS = ['mine', 'groups', 'unassigned', 'done'] as const;
export type ListName = (typeof LISTS)[number];
export type ClockColour = 'normal' | 'yellow' | 'red';

export interface TaskItem {
  readonly key: string;
  readonly name: string;
  readonly elementId: string;
  readonly bpmnProcessId: string;
  readonly caseNo: string | null;
  readonly subItemCode: string | null;
  readonly applicantName: string | null;
  readonly candidateGroups: readonly string[];
  readonly candidateUsers: readonly string[];
  readonly assignee: string | null;
  readonly dueAt: string | null;
  readonly formKey: string | null;
  readonly state: 'created' | 'completed' | 'canceled';
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly completedBy: string | null;
  readonly opinion: string | null;
  readonly cancelReason: string | null;
  readonly urgeCount: number;
  readonly clock: ClockColour | null;
}

export interface TaskList {
  readonly items: readonly TaskItem[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** One department's signature in a 会签 round: the department and the person who signed for it. */
export interface Signature {
  readonly department: string;
  readonly departmentName: string;
  readonly signer: string;
  readonly signerName: string | null;
  readonly decision: string | null;
  readonly opinion: string | null;
  readonly signedAt: string;
}

/** A department still to sign (or withdrawn), and who in it holds the task, if anyone. */
export interface Awaiting {
  readonly department: string;
  readonly departmentName: string;
  readonly claimedBy: string | null;
  readonly claimedByName: string | null;
}

export interface TaskDetail extends TaskItem {
  readonly modelAssignee: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly outcome: Readonly<Record<string, unknown>> | null;
  readonly case: { readonly caseNo: string; readonly subItemCode: string; readonly applicantName: string; readonly applicantKind: string; readonly status: string; readonly statusLabel: string } | null;
  readonly legalClock: {
    readonly clock: ClockColour;
    readonly suspended: boolean;
    readonly committedDueAt: string | null;
    readonly legalDueAt: string | null;
    readonly workingDaysLeft: number | null;
  } | null;
  readonly urges: readonly { readonly by: string; readonly reason: string; readonly at: string }[];
  readonly countersign: {
    readonly mode: 'countersign' | 'anySign';
    readonly signed: readonly Signature[];
    readonly pending: readonly Awaiting[];
    readonly withdrawn: readonly Awaiting[];
  } | null;
  readonly sentBack: { readonly from: string; readonly by: string | null; readonly reason: string | null; readonly at: string } | null;
  readonly canClaim: boolean;
  readonly canComplete: boolean;
}

export interface CaseMaterial {
  readonly seq: number;
  readonly name: string;
  readonly fileSha256: string | null;
  readonly filename: string | null;
  readonly mediaType: string | null;
  readonly source: string;
}

export interface CaseDetail {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly subItemName: string | null;
  readonly applicantKind: 'person' | 'enterprise';
  readonly applicantName: string;
  readonly creditCode: string | null;
  readonly status: string;
  readonly statusLabel: string;
  readonly createdAt: string;
  readonly acceptedAt: string | null;
  readonly materials: readonly CaseMaterial[];
}

export interface CaseSummary {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly subItemName: string | null;
  readonly statusLabel: string;
  readonly createdAt: string;
}

export interface SubItemMaterial {
  readonly name: string;
  readonly necessity: string;
}

export interface StaffRow {
  readonly username: string;
  readonly name: string;
  readonly groups: readonly string[];
  readonly active: boolean;
}

/** The business-field filters of the inbox (Tasklist's custom filters, on our variables). */
export interface TaskFilters {
  readonly subItemCode?: string;
  /** YYYY-MM-DD (China date): tasks due before that day. */
  readonly dueBefore?: string;
  /** 统一社会信用代码, matched against var.applicant.creditCode. */
  readonly creditCode?: string;
}

export const PAGE_SIZE = 20;

function listQuery(list: ListName, filters: TaskFilters, page: number, pageSize: number): string {
  const q = new URLSearchParams({ list, page: String(page), pageSize: String(pageSize) });
  if (filters.subItemCode) q.set('subItemCode', filters.subItemCode);
  if (filters.dueBefore) q.set('dueBefore', filters.dueBefore);
  // Credit codes travel upper-case (the api normalises them when a case is opened).
  if (filters.creditCode) q.set('var.applicant.creditCode', filters.creditCode.trim().toUpperCase());
  return q.toString();
}

export const listTasks = (list: ListName, filters: TaskFilters, page: number): Promise<TaskList> =>
  apiJson<TaskList>('GET', `/tasks?${listQuery(list, filters, page, PAGE_SIZE)}`, '读取任务列表');

/** How many tasks each list holds under the same filters (one row per list is enough to read the total). */
export async function countTasks(filters: TaskFilters): Promise<Record<ListName, number>> {
  const totals = await Promise.all(LISTS.map((list) => apiJson<TaskList>('GET', `/tasks?${listQuery(list, filters, 1, 1)}`, '统计任务数').then((r) => r.total)));
  return { mine: totals[0] ?? 0, groups: totals[1] ?? 0, unassigned: totals[2] ?? 0, done: totals[3] ?? 0 };
}

export const getTask = (key: string): Promise<TaskDetail> => apiJson<TaskDetail>('GET', `/tasks/${encodeURIComponent(key)}`, '读取任务');
export const claimTask = (key: string): Promise<TaskDetail> => apiJson<TaskDetail>('POST', `/tasks/${encodeURIComponent(key)}/claim`, '认领任务');
export const unclaimTask = (key: string): Promise<TaskDetail> => apiJson<TaskDetail>('POST', `/tasks/${encodeURIComponent(key)}/unclaim`, '取消认领');
export const completeTask = (key: string, body: Record<string, unknown>): Promise<TaskDetail> =>
  apiJson<TaskDetail>('POST', `/tasks/${encodeURIComponent(key)}/complete`, '提交任务', body);
export const sendBackTask = (key: string, reason: string): Promise<TaskDetail> =>
  apiJson<TaskDetail>('POST', `/tasks/${encodeURIComponent(key)}/send-back`, '退回任务', { reason });
export const reassignTask = (key: string, to: string, reason: string): Promise<TaskDetail> =>
  apiJson<TaskDetail>('POST', `/tasks/${encodeURIComponent(key)}/reassign`, '转办任务', { to, reason });

export const getCase = (caseNo: string): Promise<CaseDetail> => apiJson<CaseDetail>('GET', `/cases/${encodeURIComponent(caseNo)}`, '读取办件');

/**
 * The enterprise's cases. GET /cases?creditCode= is open to all staff, where /enterprises/resolve
 * (the scanner's call, with reusable materials) is for the acceptance seat only.
 */
export async function enterpriseCases(creditCode: string): Promise<readonly CaseSummary[]> {
  const q = new URLSearchParams({ creditCode, limit: '50' });
  return (await apiJson<{ items: CaseSummary[] }>('GET', `/cases?${q.toString()}`, '读取企业的历史办件')).items;
}

/** The sub-item's material list from the acceptance dictionary (what a 补正 may ask for). */
export async function subItemMaterials(code: string): Promise<readonly SubItemMaterial[]> {
  const item = await apiJson<{ materials?: SubItemMaterial[] }>('GET', `/dictionary/sub-items/${encodeURIComponent(code)}`, '读取受理事典');
  return item.materials ?? [];
}

export const staffList = (): Promise<readonly StaffRow[]> => apiJson<StaffRow[]>('GET', '/staff', '读取工作人员');

/** A material's file as a blob (for an object URL), or the api's message when it cannot be had. */
export async function fileBlob(sha256: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`/api/files/${encodeURIComponent(sha256)}`, { credentials: 'same-origin' });
  } catch (error) {
    throw new ApiFailure(0, 'network', `读取文件：${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let message = `读取文件失败（HTTP ${String(response.status)}）`;
    try {
      const body = JSON.parse(text) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string') message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiFailure(response.status, 'file', message);
  }
  return response.blob();
}
