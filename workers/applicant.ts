// The applicant as the flows carry it (processes/README.md: `applicant` {kind, name, idNumber |
// creditCode, phone, …}), read defensively: the variable comes from outside.

export interface Applicant {
  readonly kind: 'person' | 'enterprise';
  readonly name: string;
  readonly creditCode: string | undefined;
  readonly idNumber: string | undefined;
  readonly phone: string | undefined;
}

function text(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = record[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The applicant of a job, or undefined when the variable is not an object. */
export function applicantOf(value: unknown): Applicant | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  const creditCode = text(r, 'creditCode')?.toUpperCase();
  const kind = text(r, 'kind') === 'enterprise' || (text(r, 'kind') === undefined && creditCode !== undefined) ? 'enterprise' : 'person';
  return { kind, name: text(r, 'name') ?? '申请人', creditCode, idNumber: text(r, 'idNumber')?.toUpperCase(), phone: text(r, 'phone') };
}

/** The applicant, or a technical fault naming the variable. */
export function requireApplicant(value: unknown): Applicant {
  const a = applicantOf(value);
  if (!a) throw new Error('变量 applicant 缺失或不是对象');
  return a;
}
