// What the hall already knows about an enterprise, found by its credit code: the name it used on
// its latest case, its earlier cases, and the latest file of each material it handed in — the
// materials a clerk need not ask for again (企业码共享).
import type { Sql, TransactionSql } from 'postgres';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../db/app/case-status.js';
import type { Dictionary } from '../../processes/dictionary/load.js';

export interface EnterpriseCase {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly subItemName: string | null;
  readonly status: string;
  readonly statusLabel: string;
  readonly createdAt: string;
  readonly acceptedAt: string | null;
  readonly concludedAt: string | null;
}

export interface ReusableMaterial {
  readonly name: string;
  readonly fileSha256: string;
  readonly filename: string | null;
  readonly mediaType: string;
  readonly size: number;
  /** The case it was handed in for. */
  readonly caseNo: string;
  readonly submittedAt: string;
}

export interface EnterpriseHistory {
  readonly creditCode: string;
  /** The applicant name on its latest case; null for an enterprise new to the hall. */
  readonly name: string | null;
  readonly cases: EnterpriseCase[];
  readonly reusableMaterials: ReusableMaterial[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export async function enterpriseHistory(sql: Sql | TransactionSql, dictionary: Dictionary, creditCode: string): Promise<EnterpriseHistory> {
  const cases = await sql<{ caseNo: string; subItemCode: string; status: string; applicantName: string; createdAt: Date; acceptedAt: Date | null; concludedAt: Date | null }[]>`
    select case_no as "caseNo", sub_item_code as "subItemCode", status, applicant_name as "applicantName",
           created_at as "createdAt", accepted_at as "acceptedAt", concluded_at as "concludedAt"
    from app.cases where credit_code = ${creditCode}
    order by created_at desc, case_no desc`;
  const materials = await reusableMaterials(sql, creditCode);
  return {
    creditCode,
    name: cases[0]?.applicantName ?? null,
    cases: cases.map((c) => ({
      caseNo: c.caseNo,
      subItemCode: c.subItemCode,
      subItemName: dictionary.byCode.get(c.subItemCode)?.name ?? null,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status,
      createdAt: c.createdAt.toISOString(),
      acceptedAt: iso(c.acceptedAt),
      concludedAt: iso(c.concludedAt),
    })),
    reusableMaterials: materials,
  };
}

/** The latest file per material name across the enterprise's cases (canceled cases excluded). */
export async function reusableMaterials(sql: Sql | TransactionSql, creditCode: string): Promise<ReusableMaterial[]> {
  const rows = await sql<{ name: string; fileSha256: string; filename: string | null; mediaType: string; size: string; caseNo: string; submittedAt: Date }[]>`
    select distinct on (m.name) m.name, m.file_sha256 as "fileSha256", m.filename, f.media_type as "mediaType",
           f.size::text as size, m.case_no as "caseNo", m.submitted_at as "submittedAt"
    from app.case_materials m
    join app.cases c on c.case_no = m.case_no
    join app.files f on f.sha256 = m.file_sha256
    where c.credit_code = ${creditCode} and c.status <> 'canceled'
    order by m.name, m.submitted_at desc, m.case_no desc, m.seq desc`;
  return rows.map((r) => ({ ...r, size: Number(r.size), submittedAt: r.submittedAt.toISOString() }));
}
