// The api names each problem by its path (`body.missingMaterials`, `body.signature.opinion`,
// `body.to`). A form shows a problem under the field it names; whatever names no field on the
// screen is shown with the form's own message, so nothing the api said is lost.
import { ApiFailure, type ApiIssue } from '../api.js';

export interface FormErrors {
  /** Messages by field path without the `body.` prefix (`missingMaterials`, `signature.opinion`). */
  readonly fields: ReadonlyMap<string, readonly string[]>;
  /** What no field on the form takes: the api's message, or issues of fields the form doesn't show. */
  readonly general: readonly string[];
}

export const NO_ERRORS: FormErrors = { fields: new Map(), general: [] };

/** Sorts an api failure's issues onto the fields the form shows (`shown`, paths without `body.`). */
export function formErrors(error: unknown, shown: readonly string[]): FormErrors {
  if (!(error instanceof ApiFailure)) return { fields: new Map(), general: [error instanceof Error ? error.message : String(error)] };
  const fields = new Map<string, string[]>();
  const unplaced: ApiIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.replace(/^body\.?/, '');
    // A problem inside a field (missingMaterials.0) belongs to that field.
    const field = shown.find((f) => path === f || path.startsWith(`${f}.`));
    if (field === undefined) unplaced.push(issue);
    else fields.set(field, [...(fields.get(field) ?? []), issue.message]);
  }
  const general = error.issues.length === 0 ? [error.message] : unplaced.map((i) => `${i.path}: ${i.message}`);
  return { fields, general };
}

export function messagesFor(errors: FormErrors, field: string): readonly string[] {
  return errors.fields.get(field) ?? [];
}
