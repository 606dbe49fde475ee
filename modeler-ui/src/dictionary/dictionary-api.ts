// The dictionary as the /dictionary page reads and changes it (api/dictionary/routes.ts).

/** GET /api/dictionary */
export interface DictionaryOverview {
  readonly version: number;
  readonly subItems: number;
}

/** GET /api/dictionary/sub-items (one row). */
export interface SubItemBrief {
  readonly code: string;
  readonly name: string;
  readonly volume: string;
  readonly matterName: string;
  readonly department: string;
  readonly departmentName: string;
  readonly caseType: string;
  readonly levels: readonly string[];
  readonly legalDays: number;
  readonly committedDays: number;
  readonly process: { readonly bpmnProcessId: string; readonly version?: number };
}

export interface SubItemFilters {
  readonly volume: string;
  readonly level: string;
  readonly caseType: string;
  readonly department: string;
  readonly q: string;
}

export const NO_FILTERS: SubItemFilters = { volume: '', level: '', caseType: '', department: '', q: '' };

export function subItemsPath(filters: SubItemFilters): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (typeof value === 'string' && value.trim() !== '') query.set(key, value.trim());
  const s = query.toString();
  return s ? `/dictionary/sub-items?${s}` : '/dictionary/sub-items';
}

/** PUT /api/dictionary/sub-items/:code and POST /api/dictionary/import answer with the version made. */
export interface ChangeSummary {
  readonly added: readonly { readonly code: string; readonly name: string }[];
  readonly removed: readonly { readonly code: string; readonly name: string }[];
  readonly changed: readonly { readonly code: string; readonly name: string; readonly fields: readonly string[] }[];
  readonly other: readonly { readonly id: string; readonly file: string; readonly change: string; readonly fields: readonly string[] }[];
}

export interface ChangeResult {
  readonly version: number;
  readonly created: boolean;
  readonly summary: ChangeSummary;
}

/** GET /api/dictionary/versions (one entry; newest first). */
export interface VersionInfo {
  readonly version: number;
  readonly author: string;
  readonly createdAt: string;
  readonly source: string;
  readonly note: string | null;
  readonly summary: ChangeSummary;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A JSON document sent as a file: the api takes it up to 20 MB under this type (plain JSON stops at 1 MB). */
export const DICTIONARY_JSON_TYPE = 'application/vnd.onewindow.dictionary+json';

/** The media type an import is sent with, by the file's name; undefined for a file the api cannot take. */
export function importType(fileName: string): string | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.json')) return DICTIONARY_JSON_TYPE;
  return undefined;
}
