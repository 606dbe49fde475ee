// The api calls of the form designer (/forms) and of the intake (a sub-item's intake form).
import { apiJson } from '../api.js';

/** A form-js schema: the root `{ type: 'default', components: [...] }`. */
export type FormSchema = Record<string, unknown>;
export type FormData = Record<string, unknown>;

export interface FormUse {
  readonly subItemCode: string;
  readonly subItemName: string;
  readonly material: string;
  readonly necessity: string;
  readonly as: 'form' | 'sample';
  readonly intake: boolean;
}

export interface FormSummary {
  readonly key: string;
  readonly title: string;
  /** null: the dictionary names this form but it has not been designed yet. */
  readonly version: number | null;
  readonly author: string | null;
  readonly createdAt: string | null;
  readonly fields: number;
  readonly hasSample: boolean;
  readonly sampleKey: string;
  readonly usedBy: readonly FormUse[];
}

export interface FormDetail {
  readonly key: string;
  readonly title: string;
  readonly version: number;
  readonly latestVersion: number;
  readonly schema: FormSchema;
  readonly sample: FormData | null;
  readonly sampleKey: string;
  readonly author: string;
  readonly note: string | null;
  readonly createdAt: string;
  readonly usedBy: readonly FormUse[];
}

export interface FormVersionEntry {
  readonly version: number;
  readonly author: string;
  readonly note: string | null;
  readonly createdAt: string;
  readonly fields: number;
  readonly title: string | null;
}

const k = encodeURIComponent;

export const listForms = (): Promise<{ forms: readonly FormSummary[] }> => apiJson('GET', '/forms', '读取制式表格');
export const formOf = (key: string, version?: number): Promise<FormDetail> =>
  apiJson('GET', `/forms/${k(key)}${version === undefined ? '' : `?version=${String(version)}`}`, '读取制式表格');
export const versionsOf = (key: string): Promise<{ versions: readonly FormVersionEntry[] }> => apiJson('GET', `/forms/${k(key)}/versions`, '读取版本历史');
export const saveForm = (key: string, body: { schema: FormSchema; note?: string; baseVersion?: number }): Promise<FormDetail> =>
  apiJson('PUT', `/forms/${k(key)}`, '保存表格', body);
export const intakeFormOf = (code: string): Promise<{ material: string | null; form: FormDetail | null }> =>
  apiJson('GET', `/dictionary/sub-items/${k(code)}/intake-form`, '读取受理表格');
