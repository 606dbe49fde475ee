// 企业码调取材料 `ow.enterprise-prefill` (processes/README.md): an enterprise's earlier cases hold
// materials it need not hand in again (企业码: "一次提交、多次复用"). For an enterprise applicant
// (by 统一社会信用代码), each material the sub-item lists that is not in `materials` yet is
// reused from the latest earlier case that holds it, when the dictionary says it comes from the
// enterprise code (source `enterpriseCode`) or when an earlier case holds a material of the same
// name (for an enterpriseCode material, a name that contains the other also matches: the
// dictionary's 营业执照 is the 营业执照正副本 another sub-item asked for). Reused materials join `materials` marked {source: 'enterpriseCode', reusedFrom: caseNo,
// fileSha256}, are named in `reusedMaterials`, and are recorded in app.case_materials of this case
// when the case row exists. A person applicant reuses nothing (`reusedMaterials: []`).
import { applicantOf } from './applicant.js';
import { caseNoOf, findCase } from './case-row.js';
import { subItemOf } from './context.js';
import { materialKey, submittedNames } from './rules/materials-completeness.js';
import type { WorkerDefinition } from './worker.js';

interface EarlierMaterial {
  readonly caseNo: string;
  readonly name: string;
  readonly fileSha256: string | null;
  readonly filename: string | null;
}

export function enterprisePrefill(): WorkerDefinition {
  return {
    taskType: 'ow.enterprise-prefill',
    title: '企业码调取材料',
    async handle({ variables }, ctx) {
      const applicant = applicantOf(variables['applicant']);
      const submitted = variables['materials'] === undefined || variables['materials'] === null ? [] : variables['materials'];
      const names = submittedNames(submitted);
      if (!applicant || applicant.kind !== 'enterprise' || !applicant.creditCode) return { materials: submitted, reusedMaterials: [] };
      const caseNo = caseNoOf(variables);
      const subItem = subItemOf(ctx, variables['subItemCode']);
      const have = new Set(names.map(materialKey));
      const wanted = subItem.materials.filter((m) => !have.has(materialKey(m.name)));
      if (wanted.length === 0) return { materials: submitted, reusedMaterials: [] };

      // The enterprise's earlier materials, newest first; concluded or not, a handed-in licence is
      // the licence (the clerk still sees where each came from).
      const earlier = await ctx.sql<EarlierMaterial[]>`
        select m.case_no as "caseNo", m.name, m.file_sha256 as "fileSha256", m.filename
        from app.case_materials m join app.cases c on c.case_no = m.case_no
        where c.credit_code = ${applicant.creditCode} and c.case_no <> ${caseNo}
        order by m.submitted_at desc, c.created_at desc, m.seq`;
      const latest = new Map<string, EarlierMaterial>();
      for (const m of earlier) if (!latest.has(materialKey(m.name))) latest.set(materialKey(m.name), m);

      const reused = wanted.flatMap((m) => {
        const found = latest.get(materialKey(m.name)) ?? (m.source === 'enterpriseCode' ? looseMatch(latest, materialKey(m.name)) : undefined);
        return found ? [{ name: m.name, found }] : [];
      });
      if (reused.length === 0) return { materials: submitted, reusedMaterials: [] };

      const now = ctx.now();
      await ctx.sql.begin(async (tx) => {
        if (!(await findCase(tx, caseNo))) return; // no case row: the flow still gets the materials
        const [last] = await tx<{ seq: number | null }[]>`select max(seq) as seq from app.case_materials where case_no = ${caseNo}`;
        let seq = last?.seq ?? 0;
        for (const r of reused) {
          const already = await tx`select 1 from app.case_materials where case_no = ${caseNo} and name = ${r.name} and source = 'enterpriseCode'`;
          if (already.length > 0) continue; // a retried job
          seq += 1;
          await tx`insert into app.case_materials (case_no, seq, name, file_sha256, filename, source, reused_from, submitted_at, submitted_by)
            values (${caseNo}, ${seq}, ${r.name}, ${r.found.fileSha256}, ${r.found.filename}, 'enterpriseCode', ${r.found.caseNo}, ${now}, 'ow.enterprise-prefill')`;
        }
      });
      const added = reused.map((r) => ({
        name: r.name,
        source: 'enterpriseCode',
        reusedFrom: r.found.caseNo,
        ...(r.found.fileSha256 ? { fileSha256: r.found.fileSha256 } : {}),
      }));
      return { materials: [...(submitted as unknown[]), ...added], reusedMaterials: reused.map((r) => r.name) };
    },
  };
}

/** An earlier material whose name contains `key` or is contained in it (the newest such). */
function looseMatch(latest: ReadonlyMap<string, EarlierMaterial>, key: string): EarlierMaterial | undefined {
  for (const [name, m] of latest) if (name.includes(key) || key.includes(name)) return m;
  return undefined;
}
