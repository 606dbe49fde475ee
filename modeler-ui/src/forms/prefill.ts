// Prefilling an intake form from what the desk already knows about the applicant: a field whose
// key is one of the applicant's (applicantName, creditCode, idNumber, phone, contact,
// legalRepresentative, address) starts with that value. The form's own keys decide; nothing is
// guessed from labels. A field the clerk has typed into is theirs: later applicant edits leave it.

/** The applicant fields a form may name, and the form keys that receive them. */
export interface ApplicantFacts {
  readonly name?: string;
  readonly creditCode?: string;
  readonly idNumber?: string;
  readonly phone?: string;
  readonly contact?: string;
  readonly legalRepresentative?: string;
  readonly address?: string;
}

export const PREFILL_KEYS: Readonly<Record<keyof ApplicantFacts, string>> = {
  name: 'applicantName',
  creditCode: 'creditCode',
  idNumber: 'idNumber',
  phone: 'phone',
  contact: 'contact',
  legalRepresentative: 'legalRepresentative',
  address: 'address',
};

/** The keyed fields of a form-js schema (outside dynamic lists), for knowing what may be prefilled. */
export function fieldKeys(schema: Record<string, unknown>): Set<string> {
  const keys = new Set<string>();
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const c of list as unknown[]) {
      if (typeof c !== 'object' || c === null) continue;
      const comp = c as Record<string, unknown>;
      if (typeof comp['key'] === 'string') keys.add(comp['key']);
      if (comp['type'] === 'group') walk(comp['components']);
    }
  };
  walk(schema['components']);
  return keys;
}

/**
 * `data` with the applicant's facts written into the form's matching fields, except fields the
 * clerk edited (`touched`) and facts that are empty.
 */
export function prefilled(schema: Record<string, unknown>, facts: ApplicantFacts, data: Record<string, unknown>, touched: ReadonlySet<string>): Record<string, unknown> {
  const keys = fieldKeys(schema);
  const out = { ...data };
  for (const [fact, key] of Object.entries(PREFILL_KEYS) as [keyof ApplicantFacts, string][]) {
    const value = facts[fact]?.trim();
    if (keys.has(key) && !touched.has(key) && value) out[key] = value;
  }
  return out;
}

/** The labels of required fields with no value yet (shown, not enforced: the paper form decides). */
export function unfilledRequired(schema: Record<string, unknown>, data: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const c of list as unknown[]) {
      if (typeof c !== 'object' || c === null) continue;
      const comp = c as Record<string, unknown>;
      const validate = comp['validate'];
      const required = typeof validate === 'object' && validate !== null && (validate as Record<string, unknown>)['required'] === true;
      const key = comp['key'];
      if (required && typeof key === 'string') {
        const value = data[key];
        const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
        if (empty) out.push(typeof comp['label'] === 'string' ? comp['label'] : key);
      }
      if (comp['type'] === 'group') walk(comp['components']);
    }
  };
  walk(schema['components']);
  return out;
}
