// The sub-item editor's working copy. The form edits a few fields (name, limits, levels, mail
// delivery, flow, materials); everything else of the sub-item (keywords, fees, each material's
// form and standard…) is carried through untouched from what the api gave, because
// PUT /api/dictionary/sub-items/:code takes the whole sub-item.

export interface MaterialDraft {
  /** Stable across reordering, for React keys only. */
  readonly key: number;
  /** The material as the api gave it (empty for a new one): the fields the form doesn't show. */
  readonly rest: Readonly<Record<string, unknown>>;
  readonly name: string;
  readonly kind: string;
  readonly copies: string;
  readonly necessity: string;
  readonly source: string;
  readonly condition: string;
}

export interface SubItemDraft {
  readonly name: string;
  readonly caseType: string;
  readonly legalDays: string;
  readonly committedDays: string;
  readonly limitsNote: string;
  readonly levels: readonly string[];
  readonly mailDelivery: boolean;
  readonly bpmnProcessId: string;
  readonly processVersion: string;
  readonly materials: readonly MaterialDraft[];
}

/** Fields of the GET answer that are not part of the sub-item (shown only). */
const SHOWN_ONLY = ['departmentName'];

let nextKey = 1;
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export function newMaterial(): MaterialDraft {
  return { key: nextKey++, rest: {}, name: '', kind: 'original', copies: '1', necessity: 'required', source: 'applicant', condition: '' };
}

export function draftOf(item: Readonly<Record<string, unknown>>): SubItemDraft {
  const process = record(item['process']);
  const materials = Array.isArray(item['materials']) ? item['materials'] : [];
  return {
    name: str(item['name']),
    caseType: str(item['caseType']),
    legalDays: str(item['legalDays']),
    committedDays: str(item['committedDays']),
    limitsNote: str(item['limitsNote']),
    levels: Array.isArray(item['levels']) ? item['levels'].filter((l): l is string => typeof l === 'string') : [],
    mailDelivery: item['mailDelivery'] === true,
    bpmnProcessId: str(process['bpmnProcessId']),
    processVersion: str(process['version']),
    materials: materials.map((m) => {
      const r = record(m);
      return { key: nextKey++, rest: r, name: str(r['name']), kind: str(r['kind']), copies: str(r['copies']), necessity: str(r['necessity']), source: str(r['source']), condition: str(r['condition']) };
    }),
  };
}

/** A whole number stays a number; anything else goes as typed, so the api names the field that is wrong. */
function count(text: string): number | string {
  return /^\s*-?\d+\s*$/u.test(text) ? Number(text) : text.trim();
}

/** `value` under `key`, or no `key` at all when it is empty (optional text fields). */
function optional(target: Record<string, unknown>, key: string, value: string): void {
  if (value.trim() === '') delete target[key];
  else target[key] = value.trim();
}

/** The sub-item to PUT: what the api gave, with the form's fields put in. */
export function subItemOf(original: Readonly<Record<string, unknown>>, draft: SubItemDraft): Record<string, unknown> {
  const item: Record<string, unknown> = { ...original };
  for (const key of SHOWN_ONLY) delete item[key];
  item['name'] = draft.name.trim();
  item['caseType'] = draft.caseType;
  item['legalDays'] = count(draft.legalDays);
  item['committedDays'] = count(draft.committedDays);
  optional(item, 'limitsNote', draft.limitsNote);
  item['levels'] = [...draft.levels];
  item['mailDelivery'] = draft.mailDelivery;
  item['process'] = { bpmnProcessId: draft.bpmnProcessId.trim(), ...(draft.processVersion.trim() === '' ? {} : { version: count(draft.processVersion) }) };
  item['materials'] = draft.materials.map((m) => {
    const material: Record<string, unknown> = { ...m.rest, name: m.name.trim(), kind: m.kind, copies: count(m.copies), necessity: m.necessity, source: m.source };
    optional(material, 'condition', m.condition);
    return material;
  });
  return item;
}

/** Moves the material at `index` by `by` places (−1 up, +1 down); out of range changes nothing. */
export function moveMaterial(list: readonly MaterialDraft[], index: number, by: number): MaterialDraft[] {
  const to = index + by;
  const copy = [...list];
  const [moved] = copy.splice(index, 1);
  if (moved === undefined || to < 0 || to > list.length - 1) return [...list];
  copy.splice(to, 0, moved);
  return copy;
}

/** `body.subItem.materials.2.copies` → `materials.2.copies`: the key a form field shows its error under. */
export function fieldOfIssue(path: string): string | undefined {
  const prefix = 'body.subItem.';
  return path.startsWith(prefix) ? path.slice(prefix.length) : path === 'body.subItem' ? '' : undefined;
}

/** The api words a field's issue as `enterprise-startup.json: 330A0100200001 committedDays: 承诺…`; next to the field only the last part says something new. */
export function fieldMessage(message: string): string {
  return message.replace(/^[^:：]+\.json: [^:]*: /u, '');
}
