// The intake form's logic, apart from React: which materials start ticked (reused from the
// enterprise's earlier cases), the POST /cases body the form makes, which required materials are
// still missing, and where each api issue is shown. Pure functions, so they are unit-tested.
import type { ApiIssue as Issue } from '../api.js';
import type { DictionaryMaterial, OpenCaseInput, ReusableMaterial, SubItem } from './desk-api.js';

export type ApplicantKind = 'person' | 'enterprise';

export interface ApplicantFields {
  readonly kind: ApplicantKind;
  readonly name: string;
  readonly idNumber: string;
  readonly creditCode: string;
  readonly phone: string;
  readonly contact: string;
}

export interface MailFields {
  readonly recipient: string;
  readonly phone: string;
  readonly address: string;
  readonly postcode: string;
}

/** One material row: handed in (ticked), with the scan uploaded for it, or reused. */
export interface MaterialRow {
  readonly name: string;
  readonly ticked: boolean;
  readonly file?: { readonly sha256: string; readonly filename: string };
  /** The earlier case whose file is reused (企业码). */
  readonly reusedFrom?: string;
}

export interface IntakeForm {
  readonly applicant: ApplicantFields;
  readonly delivery: 'pickup' | 'mail';
  readonly mail: MailFields;
  readonly materials: readonly MaterialRow[];
  /** What the scanner read (the 企业码), sent so the api may reuse the enterprise's files. */
  readonly enterpriseCode?: string;
}

export const EMPTY_APPLICANT: ApplicantFields = { kind: 'person', name: '', idNumber: '', creditCode: '', phone: '', contact: '' };
export const EMPTY_MAIL: MailFields = { recipient: '', phone: '', address: '', postcode: '' };

const key = (name: string): string => name.normalize('NFKC').replace(/\s+/gu, '');

/**
 * The enterprise's file that stands for a dictionary material: the same name, or — for a material
 * the dictionary says comes from the enterprise code — a name containing the other (the 营业执照
 * of this sub-item is the 营业执照正副本 another one asked for), as the prefill worker matches.
 */
export function reusableFor(material: DictionaryMaterial, reusable: readonly ReusableMaterial[]): ReusableMaterial | undefined {
  const k = key(material.name);
  return (
    reusable.find((r) => key(r.name) === k) ??
    (material.source === 'enterpriseCode' ? reusable.find((r) => key(r.name).includes(k) || k.includes(key(r.name))) : undefined)
  );
}

/** The rows for a sub-item: reused materials ticked, the rest waiting for the clerk. */
export function materialRows(subItem: SubItem, reusable: readonly ReusableMaterial[]): MaterialRow[] {
  return subItem.materials.map((m) => {
    const reuse = reusableFor(m, reusable);
    return reuse ? { name: m.name, ticked: true, reusedFrom: reuse.caseNo } : { name: m.name, ticked: false };
  });
}

/** The applicant kind the form starts with: the scanned enterprise when the sub-item serves one. */
export function initialKind(subItem: SubItem, scannedEnterprise: boolean): ApplicantKind {
  if (scannedEnterprise && subItem.applicants.includes('enterprise')) return 'enterprise';
  return subItem.applicants[0] ?? 'person';
}

/** Required materials not ticked: what the one-time notice will list. */
export function missingRequired(subItem: SubItem, rows: readonly MaterialRow[]): string[] {
  const ticked = new Set(rows.filter((r) => r.ticked).map((r) => r.name));
  return subItem.materials.filter((m) => m.necessity === 'required' && !ticked.has(m.name)).map((m) => m.name);
}

const trimmed = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

/**
 * The POST /cases body. Empty optional fields are left out (the api then names what is missing);
 * the identity number that does not fit the kind is not sent. A reused material is sent without
 * a file and marked `enterpriseCode`, so the api attaches the enterprise's latest file to it.
 * Returns the body and, per sent material, the row index it came from (to place material issues).
 */
export function caseBody(subItemCode: string, form: IntakeForm): { body: OpenCaseInput; materialRowOf: number[] } {
  const a = form.applicant;
  const idNumber = trimmed(a.idNumber);
  const creditCode = trimmed(a.creditCode);
  const contact = trimmed(a.contact);
  const materialRowOf: number[] = [];
  const materials: OpenCaseInput['materials'][number][] = [];
  form.materials.forEach((row, index) => {
    if (!row.ticked) return;
    materialRowOf.push(index);
    if (row.file) materials.push({ name: row.name, fileSha256: row.file.sha256, filename: row.file.filename });
    else if (row.reusedFrom !== undefined) materials.push({ name: row.name, source: 'enterpriseCode' });
    else materials.push({ name: row.name });
  });
  const postcode = trimmed(form.mail.postcode);
  const body: OpenCaseInput = {
    subItemCode,
    applicant: {
      kind: a.kind,
      name: a.name.trim(),
      ...(a.kind === 'person' && idNumber !== undefined ? { idNumber } : {}),
      ...(a.kind === 'enterprise' && creditCode !== undefined ? { creditCode } : {}),
      phone: a.phone.trim(),
      ...(a.kind === 'enterprise' && contact !== undefined ? { contact } : {}),
    },
    materials,
    delivery: form.delivery,
    ...(form.delivery === 'mail'
      ? { mailAddress: { recipient: form.mail.recipient.trim(), phone: form.mail.phone.trim(), address: form.mail.address.trim(), ...(postcode !== undefined ? { postcode } : {}) } }
      : {}),
    ...(form.enterpriseCode !== undefined && a.kind === 'enterprise' ? { enterpriseCode: form.enterpriseCode } : {}),
  };
  return { body, materialRowOf };
}

/**
 * Where each issue shows: a field key of the form (`applicant.idNumber`, `mail.address`,
 * `delivery`, `material.3` for the fourth row), or `general` for what no field stands for.
 * `body.materials.N.*` names the N-th material sent; materialRowOf maps it to its row.
 */
export function fieldOf(path: string, materialRowOf: readonly number[]): string {
  const parts = path.split('.');
  if (parts[0] !== 'body') return 'general';
  const [, first, second] = parts;
  if (first === 'applicant' && second !== undefined) return `applicant.${second}`;
  if (first === 'mailAddress') return second === undefined ? 'mail' : `mail.${second}`;
  if (first === 'delivery') return 'delivery';
  if (first === 'enterpriseCode') return 'enterpriseCode';
  if (first === 'subItemCode') return 'subItem';
  if (first === 'materials' && second !== undefined) {
    const row = materialRowOf[Number(second)];
    return row === undefined ? 'general' : `material.${String(row)}`;
  }
  return 'general';
}

/** Issues grouped by the field that shows them (several messages for one field are joined). */
export function issuesByField(issues: readonly Issue[], materialRowOf: readonly number[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const issue of issues) {
    const field = fieldOf(issue.path, materialRowOf);
    const earlier = out.get(field);
    out.set(field, earlier === undefined ? issue.message : `${earlier}；${issue.message}`);
  }
  return out;
}
