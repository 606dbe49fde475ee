// A day in the hall, scripted over HTTP with every part real: the engine, the api, the job workers
// and the task inbox. One enterprise comes in for 特殊建设工程消防设计审查 (a 承诺件 that the housing
// and fire-rescue departments countersign) and is walked through every role:
//   guide search → ticket → call at a seat → enterprise code → case with materials (one missing)
//   → one-time notice → supplement → pre-review → 会签 → certificate → mail → rating invitation
//   → a bad rating → rectification to the rater's satisfaction;
// and a town clerk who tries a county-only item is refused with a clear message.
// Each step asserts what the person at that step would see.
import { describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody, type HttpClient } from '../support/api.js';
import { claimAndComplete, inboxTask } from '../support/hall.js';
import { eventually } from '../support/wait.js';

// Tuesday 24 November 2026, 09:30 in the hall (the engine's timers run on real time; the
// deadlines the workers compute from this clock lie in the future either way).
const NOW = new Date('2026-11-24T09:30:00+08:00');
const t = apiSuite('day-in-the-hall', { workers: true, now: () => NOW });

const FIRE_REVIEW = '330A1600200001'; // 特殊建设工程消防设计审查: 承诺件, 会签 housing + fire-rescue, county only
const BUILDING_PERMIT = '330A1600100001'; // 建筑工程施工许可证核发: the enterprise's earlier case
const INDIVIDUAL_BUSINESS = '00013112800001'; // 个体工商户设立登记: county hall only
const enterprise = { kind: 'enterprise', name: '青山置业有限公司', creditCode: '91350100M000100Y43', phone: '13900002222', contact: '李经理' };

const required = (code: string): string[] => {
  const subItem = t.api.api.ctx.dictionary().byCode.get(code);
  if (!subItem) throw new Error(`no sub-item ${code}`);
  return subItem.materials.filter((m) => m.necessity === 'required').map((m) => m.name);
};

async function upload(clerk: HttpClient, what: string): Promise<string> {
  const r = await clerk.send<{ sha256: string }>('POST', '/files', new TextEncoder().encode(`%PDF-1.7\n% ${what}\n`), 'application/pdf');
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.sha256;
}

async function caseView(caseNo: string): Promise<{ status: string; decision: string | null; waybillNo: string | null; certificateNo: string | null }> {
  const r = await (await t.as('supervisor')).get<{ status: string; decision: string | null; waybillNo: string | null; certificateNo: string | null }>(`/cases/${caseNo}`);
  expect(r.status).toBe(200);
  return r.body;
}

const statusBecomes = (caseNo: string, status: string): Promise<true> =>
  eventually(async () => ((await caseView(caseNo)).status === status ? true : undefined), 15_000, `case ${caseNo} to be ${status}`);

describe('a day in the hall', () => {
  it('walks one enterprise through every role, from the guide to the rectified bad rating', async () => {
    const guide = await t.as('guide');
    const clerk = await t.as('clerk');
    const housing = await t.as('approver-housing');
    const fire = await t.as('approver2');
    const issuer = await t.as('issuer');
    const supervisor = await t.as('supervisor');

    // Last month the enterprise applied for its building permit here, handing in its planning permit.
    const planningPermit = await upload(clerk, '建设工程规划许可证 建字第2026-017号');
    const earlier = await clerk.post<{ caseNo: string }>('/cases', {
      subItemCode: BUILDING_PERMIT,
      applicant: enterprise,
      materials: required(BUILDING_PERMIT).map((name) => ({ name, ...(name === '建设工程规划许可证' ? { fileSha256: planningPermit } : {}) })),
    });
    expect(earlier.status, JSON.stringify(earlier.body)).toBe(201);

    // 导办: the visitor says what they need in everyday words; the guide finds it and prints the list.
    const found = await guide.get<{ results: { code: string; name: string; handleHere: boolean }[] }>('/guide/search', { q: '我们要做消防设计审查' });
    expect(found.status).toBe(200);
    expect(found.body.results[0]).toMatchObject({ code: FIRE_REVIEW, name: '特殊建设工程消防设计审查', handleHere: true });
    const checklist = await guide.get<{ materials: { name: string }[] }>(`/guide/sub-items/${FIRE_REVIEW}/checklist`);
    expect(checklist.body.materials.map((m) => m.name)).toEqual(expect.arrayContaining(required(FIRE_REVIEW)));
    const ticket = await guide.post<{ ticketNo: string; category: string }>('/queue/tickets', { subItemCode: FIRE_REVIEW, phone: enterprise.phone });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    expect(ticket.body.category).toBe('C'); // 投资项目

    // 叫号: the clerk at seat 7 serves investment projects and calls the ticket; the board shows it.
    expect((await clerk.put('/queue/seats/7', { categories: ['C'] })).status).toBe(200);
    const called = await clerk.post<{ ticket: { ticketNo: string; subItemCode: string } | null }>('/queue/seats/7/call');
    expect(called.body.ticket).toMatchObject({ ticketNo: ticket.body.ticketNo, subItemCode: FIRE_REVIEW });
    const board = await t.anonymous.get<unknown>('/queue/board', { orgUnit: 'county' });
    expect(JSON.stringify(board.body)).toContain(ticket.body.ticketNo);

    // 企业码: the enterprise shows its code; the scanner gun types it and presses Enter.
    const code = await clerk.post<{ code: string }>(`/enterprises/${enterprise.creditCode}/code`);
    expect(code.status).toBe(201);
    const resolved = await clerk.post<{ name: string; cases: { caseNo: string }[]; reusableMaterials: { name: string; fileSha256: string }[] }>('/enterprises/resolve', { code: `${code.body.code}\r\n` });
    expect(resolved.body.name).toBe(enterprise.name);
    expect(resolved.body.cases.map((c) => c.caseNo)).toContain(earlier.body.caseNo);
    expect(resolved.body.reusableMaterials).toContainEqual(expect.objectContaining({ name: '建设工程规划许可证', fileSha256: planningPermit }));

    // 受理: the application form is handed in and scanned, the planning permit comes from the code,
    // but the fire design documents were left at the office. Results go by mail (邮帮办).
    const form = await upload(clerk, '特殊建设工程消防设计审查申请表');
    const opened = await clerk.post<{ caseNo: string; processInstanceKey: string; publicToken: string }>('/cases', {
      subItemCode: FIRE_REVIEW,
      applicant: enterprise,
      enterpriseCode: code.body.code,
      materials: [
        { name: '特殊建设工程消防设计审查申请表', fileSha256: form },
        { name: '建设工程规划许可证', source: 'enterpriseCode' },
      ],
      delivery: 'mail',
      mailAddress: { recipient: '李经理', phone: '13900002222', region: '某省某市青山县', address: '青山大道88号', postcode: '350100' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const { caseNo, processInstanceKey: pi } = opened.body;

    // 一次性告知: the workers find what is missing and issue the notice that names it — once.
    await statusBecomes(caseNo, 'supplementing');
    const notices = await clerk.get<{ notices: { kind: string; title: string; missingMaterials: string[]; noticeNo: string }[] }>(`/cases/${caseNo}/documents`);
    expect(notices.body.notices).toHaveLength(1);
    expect(notices.body.notices[0]?.missingMaterials).toEqual(['消防设计文件']);
    const printable = await clerk.raw(`/notices/${notices.body.notices[0]?.noticeNo ?? ''}`);
    expect(await printable.text()).toContain('消防设计文件');

    // The applicant looks the case up on a phone: only with the phone number on file.
    const lookup = await t.anonymous.get<{ status: string }>('/public/cases/lookup', { caseNo, phone: enterprise.phone });
    expect(lookup.status).toBe(200);
    expect((await t.anonymous.get('/public/cases/lookup', { caseNo, phone: '13811112222' })).status).toBe(404);

    // 补正: two days later the documents arrive; the case is checked again and accepted.
    const design = await upload(clerk, '消防设计文件 全套图纸');
    const supplemented = await clerk.post(`/cases/${caseNo}/supplement`, { materials: [{ name: '消防设计文件', fileSha256: design }] });
    expect(supplemented.status, JSON.stringify(supplemented.body)).toBe(200);

    // 初审 at the front desk, once the legal clock runs.
    const preReview = await inboxTask(clerk, pi, 'preReview');
    expect(preReview.name).toBe('初审');
    expect((await caseView(caseNo)).status).toBe('accepted');
    await claimAndComplete(clerk, preReview, { preReviewOpinion: '材料齐全，转住建、消防会签' });

    // 会签: each department signs its own task; another department's approver can't take it.
    const housingTask = await inboxTask(housing, pi, 'countersignTask');
    const fireTask = await inboxTask(fire, pi, 'countersignTask');
    expect(housingTask.candidateGroups).toEqual(['housing']);
    expect(fireTask.candidateGroups).toEqual(['fire-rescue']);
    const notTheirs = await fire.post<ErrorBody>(`/tasks/${housingTask.key}/claim`, {});
    expect(notTheirs.status).toBeGreaterThanOrEqual(400);
    await claimAndComplete(housing, housingTask, { signature: { decision: 'approve', opinion: '符合规划和建筑要求' } });
    await claimAndComplete(fire, fireTask, { signature: { decision: 'approve', opinion: '消防设计符合国家工程建设消防技术标准' } });

    // 出件: the opinion letter is issued and mailed; the applicant is invited to rate.
    await statusBecomes(caseNo, 'concluded');
    await t.engine.completed(pi);
    const concluded = await caseView(caseNo);
    expect(concluded).toMatchObject({ decision: 'approve' });
    expect(concluded.certificateNo).toBeTruthy();
    expect(concluded.waybillNo).toMatch(/^[A-Z]{2}\d{9}CN$/);
    const documents = await issuer.get<{ certificates: unknown[]; waybills: { waybillNo: string }[] }>(`/cases/${caseNo}/documents`);
    expect(documents.body.certificates).toHaveLength(1);
    expect(documents.body.waybills.map((w) => w.waybillNo)).toEqual([concluded.waybillNo]);
    const sms = await supervisor.get<{ items: { template: string; recipient: string | null; body: string }[] }>('/notifications', { caseNo, channel: 'sms' });
    const invitation = sms.body.items.find((m) => m.template === 'rating-invitation');
    expect(invitation?.recipient).toBe(enterprise.phone);
    expect(invitation?.body).toContain(`/r/${opened.body.publicToken}`);

    // 差评: the applicant scans the link and rates it badly — it took too long.
    const rated = await t.anonymous.post<{ id: string; rectification: { state: string; processInstanceKey: string } | null }>(`/public/ratings/${opened.body.publicToken}`, {
      score: 2,
      problems: ['duration'],
      comment: '补正来回跑了两趟',
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    expect(rated.body.rectification?.state).toBe('verifying');
    const rectificationPi = rated.body.rectification?.processInstanceKey ?? '';
    const again = await t.anonymous.post<ErrorBody>(`/public/ratings/${opened.body.publicToken}`, { score: 5 });
    expect(again.status).toBe(409);

    // 整改: the supervisor verifies, a responsible department rectifies, the rater is told, the
    // supervisor's return visit finds the rater satisfied.
    await claimAndComplete(supervisor, await inboxTask(supervisor, rectificationPi, 'verify'), { verdict: 'rectify', verifyOpinion: '属实：一次性告知后补正用时较长' });
    await claimAndComplete(housing, await inboxTask(housing, rectificationPi, 'rectify'), { rectification: '推行容缺受理，补正材料可邮寄或网上提交' });
    await claimAndComplete(supervisor, await inboxTask(supervisor, rectificationPi, 'returnVisit'), { raterSatisfied: true });
    await t.engine.completed(rectificationPi);
    const closed = await supervisor.get<{ rectification: { state: string; raterSatisfied: boolean } }>(`/ratings/${rated.body.id}`);
    expect(closed.body.rectification).toMatchObject({ state: 'closed', raterSatisfied: true });
    const feedback = await supervisor.get<{ items: { template: string; recipient: string | null }[] }>('/notifications', { caseNo });
    expect(feedback.body.items.filter((m) => m.template === 'rectification-feedback').map((m) => m.recipient)).toEqual([enterprise.phone]);

    // The day's figures count the case: concluded, rated, the bad rating rectified.
    const figures = await supervisor.get<{ ratingRate: { numerator: number }; rectificationClosureRate: { numerator: number; denominator: number } }>('/statistics', { from: '2026-11-24', to: '2026-11-24' });
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    expect(figures.body.ratingRate.numerator).toBeGreaterThanOrEqual(1);
    expect(figures.body.rectificationClosureRate).toMatchObject({ numerator: 1, denominator: 1 });

    // The business audit tells who did what to the case, in order.
    const trace = await supervisor.get<{ audit?: { action: string; actor: string }[] }>(`/cases/${caseNo}`);
    const actions = (trace.body.audit ?? []).map((a) => a.action);
    expect(actions[0]).toBe('case.open');
    expect(actions).toContain('case.supplement');
    // The supervisor's trace adds what people did to the case's tasks, among the engine's records.
    const full = await supervisor.get<{ timeline: { source: string; actor?: string; action?: string }[] }>(`/supervision/cases/${caseNo}/trace`);
    const signed = full.body.timeline.filter((e) => e.source === 'audit' && e.action === 'task.complete').map((e) => e.actor);
    // pre-review, the two signatures, then the rectification of the bad rating (its tasks carry the case number).
    expect(signed).toEqual(['clerk', 'approver-housing', 'approver2', 'supervisor', 'approver-housing', 'supervisor']);
    expect(full.body.timeline.some((e) => e.source === 'engine')).toBe(true);
  });

  it('a town clerk who tries a county-only item is refused, told where to send the visitor, and nothing is opened', async () => {
    const townClerk = await t.as('town-clerk');
    const before = (await t.sql<{ n: number }[]>`select count(*)::int as n from app.cases`)[0]?.n;
    const refused = await townClerk.post<ErrorBody>('/cases', {
      subItemCode: INDIVIDUAL_BUSINESS,
      applicant: { kind: 'person', name: '王芳', idNumber: '11010519491231002X', phone: '13800001111' },
      materials: required(INDIVIDUAL_BUSINESS).map((name) => ({ name })),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('个体工商户设立登记');
    expect(refused.body.error.message).toContain('县政务服务中心');
    expect((await t.sql<{ n: number }[]>`select count(*)::int as n from app.cases`)[0]?.n).toBe(before);
  });
});
