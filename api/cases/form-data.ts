// The intake form's data on a case: what the clerk filled in the sub-item's fixed-format form
// (制式表格), checked against the form's latest version and stored as { key, version, data }, so it
// can always be read against the very form it was filled on.
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { SubItem } from '../../processes/dictionary/load.js';
import { intakeFormOf } from '../../processes/forms/intake.js';
import { checkSample } from '../../processes/forms/schema-check.js';
import { readForm } from '../forms/store.js';
import type { ErrorIssue } from '../http/errors.js';

export const StoredFormData = z.object({
  /** The form (app.forms.key) and the version the data was filled on. */
  key: z.string(),
  version: z.number(),
  /** Field key → value, as the form-js viewer submitted it. */
  data: z.record(z.string(), z.unknown()),
});
export type StoredFormData = z.output<typeof StoredFormData>;

/**
 * The data as stored, or undefined with issues added: the sub-item must have an intake form, and
 * the data may name only that form's fields (`body.formData.<key>` names a stranger).
 */
export async function checkFormData(sql: Sql, subItem: SubItem, data: Record<string, unknown>, issues: ErrorIssue[]): Promise<StoredFormData | undefined> {
  const ref = intakeFormOf(subItem);
  if (!ref) {
    issues.push({ path: 'body.formData', message: `「${subItem.name}」没有受理表格，不应提交表格数据` });
    return undefined;
  }
  const form = await readForm(sql, ref.key);
  if (!form) {
    issues.push({ path: 'body.formData', message: `受理表格 ${ref.key}（${ref.material}）尚未设计，请联系表单设计人员` });
    return undefined;
  }
  const strangers = checkSample(form.schema, data);
  for (const s of strangers) issues.push({ path: `body.formData.${s.path}`, message: `${ref.material}（第 ${String(form.version)} 版）${s.message}` });
  return strangers.length > 0 ? undefined : { key: form.key, version: form.version, data };
}
