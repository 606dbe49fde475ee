// 企业码 at the seat: a clerk issues an enterprise its code (with a printable QR code); scanning it
// later brings up the enterprise's earlier cases and the latest file of each material it handed
// in, which a new case can reuse instead of asking for it again.
import { describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody, type HttpClient } from '../support/api.js';

const t = apiSuite('api-enterprise');

const CREDIT_CODE = '91310115MA1K3BTP2B';
const FOOD = '330A0100200001'; // 食品经营许可（新办）: 营业执照 is an enterpriseCode material
const SEAL = '330D0300100001'; // 新办企业首套印章刻制备案: also needs 营业执照
const company = { kind: 'enterprise', name: '浦东好味餐饮有限公司', creditCode: CREDIT_CODE, phone: '13900003333' };

interface Issued {
  creditCode: string;
  name: string | null;
  issuedOn: string;
  code: string;
  qrSvg: string;
}

interface Resolved {
  creditCode: string;
  via: 'code' | 'creditCode';
  issuedOn: string | null;
  name: string | null;
  cases: { caseNo: string; subItemCode: string; subItemName: string; status: string; createdAt: string }[];
  reusableMaterials: { name: string; fileSha256: string; caseNo: string; mediaType: string }[];
}

async function upload(clerk: HttpClient, text: string): Promise<string> {
  const r = await clerk.send<{ sha256: string }>('POST', '/files', new TextEncoder().encode(`%PDF-1.7\n${text}\n`), 'application/pdf');
  expect(r.status).toBe(201);
  return r.body.sha256;
}

const requiredOf = (code: string): string[] => t.api.api.ctx.dictionary().byCode.get(code)?.materials.filter((m) => m.necessity === 'required').map((m) => m.name) ?? [];

describe('issuing an enterprise code', () => {
  it('checks the credit code and answers with a signed code and a QR code as SVG', async () => {
    const clerk = await t.as('clerk');
    const r = await clerk.post<Issued>(`/enterprises/${CREDIT_CODE.toLowerCase()}/code`);
    expect(r.status).toBe(201);
    expect(r.body.creditCode).toBe(CREDIT_CODE);
    expect(r.body.code).toMatch(new RegExp(`^OW1\\.${CREDIT_CODE}\\.\\d{8}\\.[A-Z2-7]{16}$`));
    expect(r.body.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(r.body.name).toBeNull();
    const [entry] = await t.sql`select actor from app.audit where action = 'enterprise.code.issue' and subject_id = ${CREDIT_CODE}`;
    expect(entry?.['actor']).toBe('clerk');
  });

  it('refuses a credit code whose check character is wrong, saying why; only clerks and admins issue codes', async () => {
    const clerk = await t.as('clerk');
    const r = await clerk.post<ErrorBody>('/enterprises/91350100M000100Y4Z/code');
    expect(r.status).toBe(400);
    expect(r.body.error.issues?.[0]?.path).toBe('params.creditCode');
    expect(r.body.error.message).toContain('校验码');
    const approver = await t.as('approver');
    expect((await approver.post(`/enterprises/${CREDIT_CODE}/code`)).status).toBe(403);
  });
});

describe('scanning an enterprise code', () => {
  it('round trip: earlier cases and the latest file per material, reused by the next case', async () => {
    const clerk = await t.as('clerk');
    const [licence1, licence2, form] = [await upload(clerk, '营业执照 2024'), await upload(clerk, '营业执照 2026'), await upload(clerk, '申请书')];
    const food = requiredOf(FOOD);
    const first = await clerk.post<{ caseNo: string }>('/cases', {
      subItemCode: FOOD,
      applicant: company,
      materials: food.map((name) => ({ name, ...(name === '营业执照' ? { fileSha256: licence1 } : name === '食品经营许可申请书' ? { fileSha256: form } : {}) })),
    });
    expect(first.status).toBe(201);
    const seal = requiredOf(SEAL);
    const second = await clerk.post<{ caseNo: string }>('/cases', { subItemCode: SEAL, applicant: company, materials: seal.map((name) => ({ name, ...(name === '营业执照' ? { fileSha256: licence2 } : {}) })) });
    expect(second.status).toBe(201);

    const issued = await clerk.post<Issued>(`/enterprises/${CREDIT_CODE}/code`);
    expect(issued.body.name).toBe(company.name);
    // The scanner gun types the code and presses Enter.
    const r = await clerk.post<Resolved>('/enterprises/resolve', { code: `  ${issued.body.code}\r\n` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ creditCode: CREDIT_CODE, via: 'code', issuedOn: issued.body.issuedOn, name: company.name });
    expect(r.body.cases.map((c) => [c.caseNo, c.subItemCode, c.status])).toEqual([
      [second.body.caseNo, SEAL, 'accepted'],
      [first.body.caseNo, FOOD, 'received'],
    ]);
    expect(r.body.cases[1]?.subItemName).toBe('食品经营许可（新办）');
    const byName = Object.fromEntries(r.body.reusableMaterials.map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(['营业执照', '食品经营许可申请书'].sort());
    expect(byName['营业执照']).toMatchObject({ fileSha256: licence2, caseNo: second.body.caseNo, mediaType: 'application/pdf' });
    expect(byName['食品经营许可申请书']).toMatchObject({ fileSha256: form, caseNo: first.body.caseNo });

    // The next case scans the code and reuses the licence on file: it is recorded with the file and where it came from.
    const third = await clerk.post<{ caseNo: string; materials: { name: string; fileSha256: string | null; reusedFrom: string | null; source: string }[]; processInstanceKey: string }>('/cases', {
      subItemCode: FOOD,
      applicant: { ...company, creditCode: undefined },
      enterpriseCode: issued.body.code,
      materials: food.map((name) => (name === '营业执照' ? { name, source: 'enterpriseCode' } : { name })),
    });
    expect(third.status).toBe(201);
    const reused = third.body.materials.find((m) => m.name === '营业执照');
    expect(reused).toEqual({ name: '营业执照', source: 'enterpriseCode', fileSha256: licence2, filename: null, reusedFrom: second.body.caseNo });
    const applicant = await t.engine.log.variable(third.body.processInstanceKey, 'applicant');
    expect(applicant).toMatchObject({ creditCode: CREDIT_CODE });
  });

  it('a hand-typed credit code works too; a forged or damaged code is refused and says so', async () => {
    const clerk = await t.as('clerk');
    const typed = await clerk.post<Resolved>('/enterprises/resolve', { code: CREDIT_CODE.toLowerCase() });
    expect(typed.body).toMatchObject({ via: 'creditCode', creditCode: CREDIT_CODE, issuedOn: null });

    const issued = await clerk.post<Issued>(`/enterprises/${CREDIT_CODE}/code`);
    // Someone edits the credit code in a printed code to see another enterprise's materials.
    const forged = issued.body.code.replace(CREDIT_CODE, '9144030071526726XG');
    const r = await clerk.post<ErrorBody>('/enterprises/resolve', { code: forged });
    expect(r.status).toBe(400);
    expect(r.body.error.issues?.[0]?.path).toBe('body.code');
    expect(r.body.error.message).toMatch(/企业码无效.*伪造.*损坏/);

    const junk = await clerk.post<ErrorBody>('/enterprises/resolve', { code: 'hello' });
    expect(junk.status).toBe(400);
    expect(junk.body.error.message).toContain('统一社会信用代码');
  });

  it('a case refuses an enterprise code of another enterprise than its applicant', async () => {
    const clerk = await t.as('clerk');
    const issued = await clerk.post<Issued>('/enterprises/9144030071526726XG/code');
    const r = await clerk.post<ErrorBody>('/cases', { subItemCode: FOOD, applicant: company, enterpriseCode: issued.body.code, materials: [] });
    expect(r.status).toBe(400);
    expect(r.body.error.issues?.[0]).toMatchObject({ path: 'body.enterpriseCode' });
    expect(r.body.error.issues?.[0]?.message).toContain('不一致');
  });
});
