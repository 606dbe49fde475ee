// Opening cases at the seat and following them: validation against the acceptance dictionary,
// 县镇同权, readable case numbers that never collide, the flow started with the contract's
// variables (read back from the engine), case lists and details with the legal clock, the
// supplement message, and the applicant's public lookup.
import { describe, expect, it } from 'vitest';
import type { Dictionary } from '../../processes/dictionary/load.js';
import { apiSuite, type ErrorBody, type HttpClient } from '../support/api.js';
import { activatableNow } from '../support/jobs.js';
import { elementRecords } from '../support/records.js';
import { eventually } from '../support/wait.js';

// Thursday 12 March 2026, late afternoon. Tests that need another day move the clock back and
// restore it (sessions made now stay valid at earlier times).
const BASE = new Date('2026-03-12T16:00:00+08:00');
let clock = BASE;
const t = apiSuite('api-cases', { now: () => clock });

const COUNTY_ONLY = '00013112800001'; // 个体工商户设立登记: instant, county hall only
const TOWN_ONLY = '330B0800500001'; // 最低生活保障申请: commitment, town sub-centres only
const SHARED = '330F1200200001'; // 城乡居民基本养老保险参保登记: instant, county and towns
const COUNTERSIGNED = '330A1400200001'; // 企业投资项目核准: commitment, 会签 of three departments
const FOOD = '330A0100200001'; // 食品经营许可（新办）: commitment, market regulation
const NO_MAIL = '330C0800100001'; // 内地居民结婚登记: no 邮帮办

const person = { kind: 'person', name: '王芳', idNumber: '11010519491231002X', phone: '138 0000 1111' };
const company = { kind: 'enterprise', name: '青山新材料有限公司', creditCode: '91350100M000100Y43', phone: '13900002222', contact: '李经理' };

interface Opened {
  caseNo: string;
  status: string;
  publicToken: string;
  processInstanceKey: string;
  processVersion: number;
  orgUnit: string;
}

const names = (code: string, which: 'required' | 'all' = 'required'): { name: string }[] => {
  const subItem = t.api.api.ctx.dictionary().byCode.get(code);
  if (!subItem) throw new Error(`no sub-item ${code}`);
  return subItem.materials.filter((m) => which === 'all' || m.necessity === 'required').map((m) => ({ name: m.name }));
};

async function open(client: HttpClient, body: Record<string, unknown>): Promise<Opened> {
  const r = await client.post<Opened | ErrorBody>('/cases', body);
  if (r.status !== 201) throw new Error(`opening failed: ${String(r.status)} ${JSON.stringify(r.body)}`);
  return r.body as Opened;
}

const caseCount = async (): Promise<number> => Number((await t.sql<{ n: number }[]>`select count(*)::int as n from app.cases`)[0]?.n);
const variable = (pi: string, name: string): Promise<unknown> => t.engine.log.variable(pi, name);

describe('县镇同权: who may open what', () => {
  it('a town clerk is refused a county-only item, told to send the visitor to the county hall, and nothing is made', async () => {
    const town = await t.as('town-clerk');
    const before = await caseCount();
    const r = await town.post<ErrorBody>('/cases', { subItemCode: COUNTY_ONLY, applicant: person, materials: names(COUNTY_ONLY) });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('个体工商户设立登记');
    expect(r.body.error.message).toContain('县政务服务中心');
    expect(await caseCount()).toBe(before);
  });

  it('a town clerk opens a devolved item for their own unit; the county hall is refused a town-only item', async () => {
    const town = await t.as('town-clerk');
    const opened = await open(town, { subItemCode: TOWN_ONLY, applicant: person, materials: names(TOWN_ONLY) });
    expect(opened.orgUnit).toBe('town-qingshan');
    expect(opened.caseNo).toMatch(/^TQ20260312\d{4}$/);
    const shared = await open(town, { subItemCode: SHARED, applicant: person, materials: names(SHARED) });
    expect(shared.orgUnit).toBe('town-qingshan');

    const county = await t.as('clerk');
    const refused = await county.post<ErrorBody>('/cases', { subItemCode: TOWN_ONLY, applicant: person, materials: names(TOWN_ONLY) });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('镇街');
    expect((await open(county, { subItemCode: SHARED, applicant: person, materials: names(SHARED) })).caseNo).toMatch(/^C20260312\d{4}$/);
  });

  it('only clerks open cases', async () => {
    const approver = await t.as('approver');
    expect((await approver.post('/cases', { subItemCode: SHARED, applicant: person })).status).toBe(403);
  });
});

describe('opening a case starts its flow with the contract variables', () => {
  it('a commitment item with 会签 starts commitment-item with the departments, countersigners and mode from the dictionary', async () => {
    const clerk = await t.as('clerk');
    const opened = await open(clerk, {
      subItemCode: COUNTERSIGNED,
      applicant: { ...company, creditCode: '91350100m000100y43' },
      materials: names(COUNTERSIGNED),
      delivery: 'mail',
      mailAddress: { recipient: '李经理', phone: '13900002222', address: '青山镇工业园 8 号', postcode: '311800' },
    });
    expect(opened.status).toBe('received');
    const pi = opened.processInstanceKey;
    const [instance] = (await t.engine.instancesOf('commitment-item')).filter((i) => i.key === pi);
    expect(instance?.state).toBe('ACTIVE');
    expect(await variable(pi, 'caseNo')).toBe(opened.caseNo);
    expect(await variable(pi, 'subItemCode')).toBe(COUNTERSIGNED);
    expect(await variable(pi, 'approvalGroups')).toEqual(['development-reform']);
    expect(await variable(pi, 'countersign')).toBe(true);
    expect(await variable(pi, 'countersigners')).toEqual(['development-reform', 'natural-resources', 'ecology-environment']);
    expect(await variable(pi, 'countersignMode')).toBe('countersign');
    expect(await variable(pi, 'delivery')).toBe('mail');
    expect(await variable(pi, 'mailAddress')).toMatchObject({ recipient: '李经理', address: '青山镇工业园 8 号' });
    // Identifiers travel normalised, as the identity check reads them.
    expect(await variable(pi, 'applicant')).toMatchObject({ kind: 'enterprise', creditCode: '91350100M000100Y43', phone: '13900002222' });
    expect(await variable(pi, 'materials')).toEqual(names(COUNTERSIGNED).map((m) => ({ ...m, source: 'applicant' })));
    // The flow runs: it waits at the identity check for its worker.
    await t.engine.activated(pi, 'identityCheck');

    const [row] = await t.sql`select process_instance_key, bpmn_process_id, process_version, status, org_unit, phone from app.cases where case_no = ${opened.caseNo}`;
    expect(row).toMatchObject({ process_instance_key: pi, bpmn_process_id: 'commitment-item', process_version: opened.processVersion, status: 'received', org_unit: 'county' });
    const [entry] = await t.sql`select actor, detail from app.audit where action = 'case.open' and subject_id = ${opened.caseNo}`;
    expect(entry?.['actor']).toBe('clerk');
    expect((entry?.['detail'] as Record<string, unknown>)['processInstanceKey']).toBe(pi);
  });

  it('an instant item with every required material is accepted on open; its flow is instant-item without 会签', async () => {
    const clerk = await t.as('clerk');
    const opened = await open(clerk, { subItemCode: COUNTY_ONLY, applicant: person, materials: names(COUNTY_ONLY) });
    expect(opened.status).toBe('accepted');
    const [instance] = (await t.engine.instancesOf('instant-item')).filter((i) => i.key === opened.processInstanceKey);
    expect(instance).toBeDefined();
    expect(await variable(opened.processInstanceKey, 'countersign')).toBe(false);
    expect(await variable(opened.processInstanceKey, 'delivery')).toBe('pickup');
    // Missing a required material, the same item stays received for the materials check.
    const partial = await open(clerk, { subItemCode: COUNTY_ONLY, applicant: person, materials: names(COUNTY_ONLY).slice(1) });
    expect(partial.status).toBe('received');
  });

  it('case numbers are per unit and day, consecutive, and never collide when clerks open at the same moment', async () => {
    clock = new Date('2026-03-03T10:00:00+08:00');
    const clerk = await t.as('clerk');
    const opened = await Promise.all(Array.from({ length: 6 }, () => open(clerk, { subItemCode: SHARED, applicant: person, materials: names(SHARED) })));
    const numbers = opened.map((o) => o.caseNo).sort();
    expect(numbers).toEqual(['C202603030001', 'C202603030002', 'C202603030003', 'C202603030004', 'C202603030005', 'C202603030006']);
    // Public tokens are random and distinct.
    expect(new Set(opened.map((o) => o.publicToken)).size).toBe(6);
    clock = BASE;
  });

  it('when the flow cannot start, no case is left behind and its number is not used up', async () => {
    const clerk = await t.as('clerk');
    clock = new Date('2026-03-04T10:00:00+08:00');
    const ctx = t.api.api.ctx;
    const original = ctx.dictionary();
    const subItem = original.byCode.get(SHARED);
    if (!subItem) throw new Error('no sub-item');
    const pinned = { ...subItem, process: { bpmnProcessId: subItem.process.bpmnProcessId, version: 99 } };
    ctx.setDictionary({ ...original, byCode: new Map([...original.byCode, [SHARED, pinned]]) } as Dictionary);
    try {
      const before = await caseCount();
      const r = await clerk.post<ErrorBody>('/cases', { subItemCode: SHARED, applicant: person, materials: names(SHARED) });
      expect(r.status).toBe(409);
      expect(r.body.error.message).toContain('办件未创建');
      expect(r.body.error.message).toContain('instant-item 第 99 版');
      expect(await caseCount()).toBe(before);
    } finally {
      ctx.setDictionary(original);
    }
    const next = await open(clerk, { subItemCode: SHARED, applicant: person, materials: names(SHARED) });
    expect(next.caseNo).toBe('C202603040001');
    clock = BASE;
  });
});

describe('what a clerk typed wrong is named, and nothing is made', () => {
  const bad = async (body: Record<string, unknown>): Promise<ErrorBody['error']> => {
    const clerk = await t.as('clerk');
    const before = await caseCount();
    const r = await clerk.post<ErrorBody>('/cases', body);
    expect(r.status).toBe(400);
    expect(await caseCount()).toBe(before);
    return r.body.error;
  };

  it('an unknown sub-item', async () => {
    const e = await bad({ subItemCode: '99999999999901', applicant: person });
    expect(e.issues).toEqual([{ path: 'body.subItemCode', message: '受理事典中没有子项 99999999999901' }]);
  });

  it('a material the sub-item does not list, and a file never uploaded', async () => {
    const e = await bad({ subItemCode: SHARED, applicant: person, materials: [{ name: '居民身份证' }, { name: '营业执照' }, { name: '户口簿', fileSha256: 'a'.repeat(64) }] });
    expect(e.issues?.map((i) => i.path)).toEqual(['body.materials.1.name', 'body.materials.2.fileSha256']);
    expect(e.issues?.[0]?.message).toContain('营业执照');
  });

  it('identity numbers whose check character is wrong, with the clerk-readable reason', async () => {
    const e = await bad({ subItemCode: COUNTERSIGNED, applicant: { ...company, creditCode: '91350100M000100Y4Z' } });
    expect(e.issues?.[0]?.path).toBe('body.applicant.creditCode');
    expect(e.issues?.[0]?.message).toContain('校验码');
    const p = await bad({ subItemCode: SHARED, applicant: { ...person, idNumber: '36042619910102009X' } });
    expect(p.issues?.[0]?.path).toBe('body.applicant.idNumber');
  });

  it('an applicant kind the sub-item does not serve, and a missing identifier', async () => {
    const e = await bad({ subItemCode: SHARED, applicant: { ...company } });
    expect(e.issues?.map((i) => i.path)).toContain('body.applicant.kind');
    const m = await bad({ subItemCode: SHARED, applicant: { kind: 'person', name: '张三', phone: '13800001111' } });
    expect(m.issues?.map((i) => i.path)).toEqual(['body.applicant.idNumber']);
  });

  it('mail delivery where the item has none, mail without an address, an address without mail, a bad phone', async () => {
    expect((await bad({ subItemCode: NO_MAIL, applicant: person, delivery: 'mail', mailAddress: { recipient: '王芳', phone: '13800001111', address: '某地' } })).issues?.[0]?.path).toBe('body.delivery');
    expect((await bad({ subItemCode: COUNTY_ONLY, applicant: person, delivery: 'mail' })).issues?.[0]?.path).toBe('body.mailAddress');
    expect((await bad({ subItemCode: COUNTY_ONLY, applicant: person, mailAddress: { recipient: '王芳', phone: '13800001111', address: '某地' } })).issues?.[0]?.path).toBe('body.mailAddress');
    expect((await bad({ subItemCode: COUNTY_ONLY, applicant: { ...person, phone: '12345' } })).issues?.[0]?.path).toBe('body.applicant.phone');
  });
});

describe('reading cases', () => {
  it('filters by phone, credit code, sub-item, status and dates, with paging; town staff see their own unit only', async () => {
    const clerk = await t.as('clerk');
    clock = new Date('2026-03-05T09:00:00+08:00');
    const phone = '13700009999';
    const a = await open(clerk, { subItemCode: FOOD, applicant: { ...company, creditCode: '9144030071526726XG', phone }, materials: names(FOOD) });
    const b = await open(clerk, { subItemCode: FOOD, applicant: { ...company, creditCode: '9144030071526726XG', phone }, materials: names(FOOD) });
    clock = BASE;

    const byPhone = await clerk.get<{ total: number; items: { caseNo: string; subItemName: string; statusLabel: string }[] }>('/cases', { phone: '137-0000-9999' });
    expect(byPhone.body.total).toBe(2);
    expect(byPhone.body.items.map((i) => i.caseNo)).toEqual([b.caseNo, a.caseNo]);
    expect(byPhone.body.items[0]).toMatchObject({ subItemName: '食品经营许可（新办）', statusLabel: '已收件' });
    const page = await clerk.get<{ total: number; items: { caseNo: string }[] }>('/cases', { creditCode: '9144030071526726xg', limit: 1, offset: 1 });
    expect(page.body).toMatchObject({ total: 2, items: [{ caseNo: a.caseNo }] });
    expect((await clerk.get<{ total: number }>('/cases', { subItemCode: FOOD, from: '2026-03-05', to: '2026-03-05' })).body.total).toBe(2);
    expect((await clerk.get<{ total: number }>('/cases', { subItemCode: FOOD, to: '2026-03-04' })).body.total).toBe(0);
    expect((await clerk.get<{ total: number }>('/cases', { subItemCode: FOOD, status: 'concluded' })).body.total).toBe(0);
    const badDate = await clerk.get<ErrorBody>('/cases', { from: '2026-02-30' });
    expect(badDate.body.error.issues?.[0]?.path).toBe('query.from');

    const town = await t.as('town-clerk');
    const mine = await town.get<{ items: { orgUnit: string }[] }>('/cases');
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(new Set(mine.body.items.map((i) => i.orgUnit))).toEqual(new Set(['town-qingshan']));
    expect((await town.get('/cases', { orgUnit: 'county' })).status).toBe(403);
    expect((await town.get(`/cases/${a.caseNo}`)).status).toBe(403);
  });

  it('one case in full: materials with their files, the audit trail, and the legal clock in working days', async () => {
    const clerk = await t.as('clerk');
    const scan = await clerk.send<{ sha256: string }>('POST', '/files', new TextEncoder().encode('%PDF-1.7\n申请书\n'), 'application/pdf');
    const [first, ...rest] = names(FOOD);
    const opened = await open(clerk, { subItemCode: FOOD, applicant: company, materials: [{ ...first, fileSha256: scan.body.sha256, filename: '申请书.pdf' }, ...rest] });
    // What ow.legal-clock records: accepted Monday 2 March, suspended for a supplement Thursday 5
    // through Monday 9 March, running again since.
    await t.sql`update app.cases set status = 'approving', accepted_at = '2026-03-02T10:00:00+08:00' where case_no = ${opened.caseNo}`;
    await t.sql`insert into app.legal_clock (case_no, seq, state, reason, started_at, ended_at) values
      (${opened.caseNo}, 1, 'running', null, '2026-03-02T10:00:00+08:00', '2026-03-05T11:00:00+08:00'),
      (${opened.caseNo}, 2, 'suspended', 'supplement', '2026-03-05T11:00:00+08:00', '2026-03-09T15:00:00+08:00'),
      (${opened.caseNo}, 3, 'running', null, '2026-03-09T15:00:00+08:00', null)`;

    const r = await clerk.get<{
      caseNo: string;
      caseType: string;
      materials: { name: string; fileSha256: string | null; mediaType: string | null; filename: string | null }[];
      clock: { intervals: { state: string; workingDays: number }[]; runningDays: number; suspendedDays: number; committed: unknown; legal: unknown; warning: string };
      audit: { action: string; actor: string }[];
    }>(`/cases/${opened.caseNo}`);
    clock = BASE;
    expect(r.status).toBe(200);
    expect(r.body.caseType).toBe('commitment');
    expect(r.body.materials[0]).toMatchObject({ name: first?.name, fileSha256: scan.body.sha256, mediaType: 'application/pdf', filename: '申请书.pdf' });
    expect(r.body.materials).toHaveLength(names(FOOD).length);
    expect(r.body.audit).toEqual([expect.objectContaining({ action: 'case.open', actor: 'clerk' })]);
    // Running: Tue 3, Wed 4, then Tue 10, Wed 11, Thu 12 → 5; suspended Thu 5, Fri 6, Mon 9 → 3.
    expect(r.body.clock.intervals.map((i) => [i.state, i.workingDays])).toEqual([['running', 2], ['suspended', 3], ['running', 3]]);
    expect(r.body.clock.runningDays).toBe(5);
    expect(r.body.clock.suspendedDays).toBe(3);
    // 食品经营许可 commits to 5 working days (legal 10): the 5th counted day is today — due, not
    // yet overdue, and a yellow card for the approvers.
    expect(r.body.clock.committed).toMatchObject({ days: 5, remainingDays: 0, dueDate: '2026-03-12', overdue: false });
    expect(r.body.clock.legal).toMatchObject({ days: 10, remainingDays: 5 });
    expect(r.body.clock.warning).toBe('yellow');

    expect((await clerk.get<ErrorBody>('/cases/C209901010001')).status).toBe(404);
  });
});

describe('the supplement', () => {
  /** Completes the instance's next job of `type` as its worker would. */
  async function work(pi: string, type: string, variables: Record<string, unknown>): Promise<void> {
    const job = await eventually(async () => (await activatableNow(t.engine.zbc, type)).find((j) => j.processInstanceKey === pi), 5_000, `${type} job of ${pi}`);
    await t.engine.zbc.completeJob({ jobKey: job.key, variables });
  }

  it('is refused while the case does not wait for one', async () => {
    const clerk = await t.as('clerk');
    const opened = await open(clerk, { subItemCode: FOOD, applicant: company, materials: names(FOOD) });
    const r = await clerk.post<ErrorBody>(`/cases/${opened.caseNo}/supplement`, { materials: [{ name: '授权委托书' }] });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('已收件');
  });

  it('records the new materials and hands the flow waiting at 等待补正 the whole updated list', async () => {
    const clerk = await t.as('clerk');
    const required = names(FOOD);
    const missing = required.slice(-1);
    const opened = await open(clerk, { subItemCode: FOOD, applicant: company, materials: required.slice(0, -1) });
    const pi = opened.processInstanceKey;
    // The workers' part, by hand: identity fine, nothing reused, one material missing, notice sent.
    await work(pi, 'ow.identity-check', { identityVerified: true });
    await work(pi, 'ow.enterprise-prefill', { reusedMaterials: [] });
    await work(pi, 'ow.materials-check', { materialsComplete: false, missingMaterials: missing.map((m) => m.name) });
    await work(pi, 'ow.one-time-notice', { oneTimeNoticeNo: 'YCXGZ-0001', supplementDeadline: '2099-01-01T17:00:00+08:00' });
    await t.engine.activated(pi, 'awaitSupplement');
    await t.sql`update app.cases set status = 'supplementing' where case_no = ${opened.caseNo}`;

    const r = await clerk.post<{ added: number; materials: { name: string }[] }>(`/cases/${opened.caseNo}/supplement`, { materials: missing, note: '申请人当场补交' });
    expect(r.status).toBe(200);
    expect(r.body.added).toBe(1);
    const records = await t.engine.activated(pi, 'materialsRecheck');
    expect(elementRecords(records, 'awaitSupplement', 'ELEMENT_COMPLETED')).toHaveLength(1);
    const materials = (await variable(pi, 'materials')) as { name: string }[];
    expect(materials.map((m) => m.name)).toEqual(required.map((m) => m.name));

    const detail = await clerk.get<{ materials: { seq: number; name: string }[]; audit: { action: string }[] }>(`/cases/${opened.caseNo}`);
    expect(detail.body.materials.at(-1)).toMatchObject({ seq: required.length, name: missing[0]?.name });
    expect(detail.body.audit.map((a) => a.action)).toEqual(['case.open', 'case.supplement']);

    const wrong = await clerk.post<ErrorBody>(`/cases/${opened.caseNo}/supplement`, { materials: [{ name: '结婚证' }] });
    expect(wrong.body.error.issues?.[0]?.path).toBe('body.materials.0.name');
  });
});

describe('the applicant\'s public pages', () => {
  it('the QR link shows the case number, the item and where it stands — nothing about the applicant', async () => {
    const clerk = await t.as('clerk');
    const opened = await open(clerk, { subItemCode: FOOD, applicant: company, materials: names(FOOD) });
    const r = await t.anonymous.get<Record<string, unknown>>(`/public/cases/by-token/${opened.publicToken}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ caseNo: opened.caseNo, subItemName: '食品经营许可（新办）', status: 'received', statusLabel: '已收件', final: false, orgUnitName: '县政务服务中心' });
    expect(JSON.stringify(r.body)).not.toContain(company.name);
    expect((await t.anonymous.get(`/public/cases/by-token/${'x'.repeat(24)}`)).status).toBe(404);
  });

  it('the lookup answers with the matching phone only, and the same way for a wrong phone and an unknown case', async () => {
    const clerk = await t.as('clerk');
    const opened = await open(clerk, { subItemCode: SHARED, applicant: person, materials: names(SHARED) });
    const ok = await t.anonymous.get<{ caseNo: string; statusLabel: string }>('/public/cases/lookup', { caseNo: opened.caseNo.toLowerCase(), phone: '+86 138-0000-1111' });
    expect(ok.status).toBe(200);
    // An instant item with every required material is accepted on the spot.
    expect(ok.body).toMatchObject({ caseNo: opened.caseNo, statusLabel: '已受理' });
    expect(ok.headers.get('cache-control')).toBe('no-store');

    const wrongPhone = await t.anonymous.get<ErrorBody>('/public/cases/lookup', { caseNo: opened.caseNo, phone: '13800001112' });
    const unknown = await t.anonymous.get<ErrorBody>('/public/cases/lookup', { caseNo: 'C209901010001', phone: '13800001111' });
    expect(wrongPhone.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongPhone.body).toEqual(unknown.body);
  });

  it('an address that keeps missing is stopped for a while; the lookup still needs both fields', async () => {
    const missingPhone = await t.anonymous.get<ErrorBody>('/public/cases/lookup', { caseNo: 'C209901010001' });
    expect(missingPhone.body.error.issues?.[0]?.path).toBe('query.phone');
    let last = 0;
    for (let i = 0; i < 12 && last !== 429; i++) {
      last = (await t.anonymous.get('/public/cases/lookup', { caseNo: `C20990101${String(i).padStart(4, '0')}`, phone: '13800001111' })).status;
    }
    expect(last).toBe(429);
  });
});
