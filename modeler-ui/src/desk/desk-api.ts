// The api calls of the service desk (导办 and 受理) and the shapes they answer with. A failure is the
// app's ApiFailure with the api's `issues` (body.applicant.idNumber …), which the intake form shows
// at the field each names.
import { apiJson, apiUpload } from '../api.js';

/** One call; an upload sends the file itself as the body. Failures are the app's ApiFailure, with the api's issues. */
async function request<T>(method: 'GET' | 'POST' | 'PUT', path: string, action: string, body?: { readonly json: unknown } | { readonly file: Blob }): Promise<T> {
  if (body && 'file' in body) return apiUpload<T>(path, await body.file.arrayBuffer(), body.file.type, action);
  return apiJson<T>(method, path, action, body?.json);
}

const q = (params: Record<string, string | number | undefined>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, String(v));
  return s.toString();
};

// ---- 导办 ----

export interface SearchResult {
  readonly code: string;
  readonly name: string;
  readonly matterName: string;
  readonly volumeLabel: string;
  readonly department: string;
  readonly caseType: 'instant' | 'commitment';
  readonly committedDays: number;
  readonly levels: readonly string[];
  readonly handleHere: boolean;
  readonly where: string;
  readonly score: number;
  readonly match: 'name' | 'keyword' | 'synonym' | 'words';
  readonly matched: string;
}

export interface SearchAnswer {
  readonly query: { readonly words: readonly string[]; readonly core: string };
  readonly orgLevel: 'county' | 'town';
  readonly results: readonly SearchResult[];
}

export const searchSubItems = (text: string, limit = 10): Promise<SearchAnswer> => request('GET', `/guide/search?${q({ q: text, limit })}`, '搜索事项');

export interface ChecklistMaterial {
  readonly no: number;
  readonly name: string;
  readonly kind: string;
  readonly copies: number;
  readonly necessity: string;
  readonly necessityCode: 'required' | 'optional' | 'deferrable';
  readonly condition: string | null;
  readonly source: string;
  readonly issuer: string | null;
  readonly form: { readonly key: string; readonly name: string } | null;
  readonly standard: string | null;
}

export interface Checklist {
  readonly code: string;
  readonly name: string;
  readonly matterName: string;
  readonly department: string;
  readonly applicants: readonly string[];
  readonly caseType: string;
  readonly committedLimit: string;
  readonly legalLimit: string;
  readonly limitsNote: string | null;
  readonly acceptanceConditions: readonly string[];
  readonly materials: readonly ChecklistMaterial[];
  readonly feeSummary: string;
  readonly result: string;
  readonly where: readonly string[];
  readonly levels: readonly string[];
  readonly mailDelivery: boolean;
}

export const checklistOf = (code: string): Promise<Checklist> => request('GET', `/guide/sub-items/${encodeURIComponent(code)}/checklist`, '读取材料清单');
/** The api's A4 print view of the checklist (public, no script). */
export const checklistPrintUrl = (code: string): string => `/api/guide/sub-items/${encodeURIComponent(code)}/checklist.html`;

// ---- 叫号 ----

export interface Ticket {
  readonly id: string;
  readonly ticketNo: string;
  readonly category: string;
  readonly categoryName: string;
  readonly subItemCode: string | null;
  readonly subItemName: string | null;
  readonly status: string;
  readonly seat: string | null;
  readonly takenAt: string;
  readonly calledAt: string | null;
  readonly recalls: number;
}

export const takeTicket = (subItemCode: string, phone?: string): Promise<Ticket & { readonly waitingAhead: number }> =>
  request('POST', '/queue/tickets', '取号', { json: { subItemCode, ...(phone ? { phone } : {}) } });

export interface Category {
  readonly id: string;
  readonly name: string;
}

export const categoriesAt = (orgUnit: string): Promise<readonly Category[]> => request('GET', `/queue/categories?${q({ orgUnit })}`, '读取叫号类别');

export const openSeat = (seat: string, categories: readonly string[]): Promise<{ seat: string; categories: string[] }> =>
  request('PUT', `/queue/seats/${encodeURIComponent(seat)}`, '开启窗口', { json: { categories } });

export const callNext = (seat: string): Promise<{ ticket: Ticket | null; finished: Ticket | null }> => request('POST', `/queue/seats/${encodeURIComponent(seat)}/call`, '叫号');

export const actOnTicket = (seat: string, kind: 'recall' | 'skip' | 'finish'): Promise<Ticket> =>
  request('POST', `/queue/seats/${encodeURIComponent(seat)}/${kind}`, { recall: '重呼', skip: '过号', finish: '完成' }[kind]);

export interface Board {
  readonly seats: readonly { readonly seat: string; readonly current: { readonly ticketNo: string; readonly category: string } | null }[];
}

export const boardOf = (orgUnit: string): Promise<Board> => request('GET', `/queue/board?${q({ orgUnit })}`, '读取叫号状态');

// ---- 企业码 ----

export interface EnterpriseCase {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly subItemName: string | null;
  readonly statusLabel: string;
  readonly createdAt: string;
}

export interface ReusableMaterial {
  readonly name: string;
  readonly fileSha256: string;
  readonly filename: string | null;
  readonly caseNo: string;
}

export interface Enterprise {
  readonly creditCode: string;
  readonly via: 'code' | 'creditCode';
  readonly name: string | null;
  readonly cases: readonly EnterpriseCase[];
  readonly reusableMaterials: readonly ReusableMaterial[];
}

export const resolveEnterprise = (code: string): Promise<Enterprise> => request('POST', '/enterprises/resolve', '读取企业码', { json: { code } });

// ---- 事典、文件、办件 ----

export interface DictionaryMaterial {
  readonly name: string;
  readonly necessity: 'required' | 'optional' | 'deferrable';
  readonly source: 'applicant' | 'enterpriseCode' | 'government';
  readonly kind: string;
  readonly copies: number;
  readonly condition?: string;
}

/** The parts of GET /dictionary/sub-items/:code the intake form reads. */
export interface SubItem {
  readonly code: string;
  readonly name: string;
  readonly matterName: string;
  readonly applicants: readonly ('person' | 'enterprise')[];
  readonly caseType: 'instant' | 'commitment';
  readonly committedDays: number;
  readonly levels: readonly ('county' | 'town')[];
  readonly mailDelivery: boolean;
  readonly materials: readonly DictionaryMaterial[];
  readonly departmentName: string;
}

export const subItemOf = (code: string): Promise<SubItem> => request('GET', `/dictionary/sub-items/${encodeURIComponent(code)}`, '读取事项');

export const uploadFile = (file: File): Promise<{ sha256: string; size: number; mediaType: string }> => request('POST', '/files', '上传材料', { file });

export interface OpenCaseInput {
  readonly subItemCode: string;
  readonly applicant: {
    readonly kind: 'person' | 'enterprise';
    readonly name: string;
    readonly idNumber?: string;
    readonly creditCode?: string;
    readonly phone: string;
    readonly contact?: string;
  };
  readonly materials: readonly { readonly name: string; readonly fileSha256?: string; readonly filename?: string; readonly source?: string }[];
  readonly delivery: 'pickup' | 'mail';
  readonly mailAddress?: { readonly recipient: string; readonly phone: string; readonly address: string; readonly postcode?: string };
  readonly enterpriseCode?: string;
}

export interface OpenedCase {
  readonly caseNo: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly subItemName: string;
  readonly caseType: 'instant' | 'commitment';
  readonly materials: readonly { readonly name: string; readonly reusedFrom: string | null }[];
}

export const openCase = (input: OpenCaseInput): Promise<OpenedCase> => request('POST', '/cases', '受理', { json: input });

export interface Notice {
  readonly noticeNo: string;
  readonly kind: 'one-time' | 'supplement' | 'refusal';
  readonly title: string;
  readonly missingMaterials: readonly string[];
  readonly reason: string | null;
  readonly supplementDeadline: string | null;
}

/** The parts of GET /cases/:caseNo the result panel reads. */
export interface CaseView {
  readonly caseNo: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly materials: readonly { readonly name: string; readonly reusedFrom: string | null }[];
}

export const caseOf = (caseNo: string): Promise<CaseView> => request('GET', `/cases/${encodeURIComponent(caseNo)}`, '读取办件');

export const documentsOf = (caseNo: string): Promise<{ notices: readonly Notice[] }> => request('GET', `/cases/${encodeURIComponent(caseNo)}/documents`, '读取办件文书');
/** The notice's printable HTML (staff session). */
export const noticePrintUrl = (noticeNo: string): string => `/api/notices/${encodeURIComponent(noticeNo)}`;
