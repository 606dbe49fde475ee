// Numbers of the documents the hall issues, readable aloud and sortable: a kind prefix, the year,
// and a running number per year (and per department for certificates, whose numbering each
// department keeps). ASCII only, so a number is also a URL path segment (GET /api/notices/:no).
//   GZ-2026-000017       《一次性告知书》 (告知)
//   BZ-2026-000003       《补正材料通知书》 (补正)
//   BY-2026-000002       《不予受理通知书》 (不予受理)
//   ZZ-2026-01-000123    证照, department 01 (the order of dictionary/departments.json, as in the dictionary's codes)

export const NOTICE_PREFIXES = { 'one-time': 'GZ', supplement: 'BZ', refusal: 'BY' } as const;
export type NoticeKind = keyof typeof NOTICE_PREFIXES;

function sequencePart(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`running number must be ≥ 1, got ${sequence}`);
  return String(sequence).padStart(6, '0');
}

function yearPart(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits, got ${year}`);
  return String(year);
}

export function noticeNumber(kind: NoticeKind, year: number, sequence: number): string {
  return `${NOTICE_PREFIXES[kind]}-${yearPart(year)}-${sequencePart(sequence)}`;
}

/** `departmentIndex` is the department's 0-based place in departments.json. */
export function certificateNumber(departmentIndex: number, year: number, sequence: number): string {
  if (!Number.isInteger(departmentIndex) || departmentIndex < 0 || departmentIndex > 98) {
    throw new RangeError(`department index must be 0–98, got ${departmentIndex}`);
  }
  return `ZZ-${yearPart(year)}-${String(departmentIndex + 1).padStart(2, '0')}-${sequencePart(sequence)}`;
}
