// The hall's happy path over HTTP with the real workers, to catch gaps between the parts: a clerk
// opens a 承诺件 (食品经营许可（新办）, market regulation) with complete materials; the workers check
// identity and materials and start the legal clock; the clerk pre-reviews in the task inbox, the
// market-regulation approver approves, the certificate is issued, the issuing window hands it
// over, and the case is concluded with the applicant's rating invitation in the outbox.
import { describe, expect, it } from 'vitest';
import { apiSuite } from '../support/api.js';
import { caseTask, claimAndComplete, type InboxTask } from '../support/hall.js';
import { eventually } from '../support/wait.js';

// Tuesday 24 November 2026, 10:00 in the hall.
const NOW = new Date('2026-11-24T10:00:00+08:00');
const t = apiSuite('hall-path', { workers: true, now: () => NOW });

const FOOD = '330A0100200001'; // 食品经营许可（新办）: commitment, market-regulation
const company = { kind: 'enterprise', name: '青山食品有限公司', creditCode: '91350100M000100Y43', phone: '13900002222', contact: '李经理' };

interface CaseView {
  caseNo: string;
  status: string;
}

async function caseStatus(caseNo: string): Promise<string> {
  const r = await (await t.as('clerk')).get<CaseView>(`/cases/${caseNo}`);
  expect(r.status).toBe(200);
  return r.body.status;
}

const waitStatus = (caseNo: string, status: string): Promise<true> =>
  eventually(async () => ((await caseStatus(caseNo)) === status ? true : undefined), 15_000, `case ${caseNo} ${status}`);

describe('a 承诺件 from the seat to the rating invitation', () => {
  it('opened, accepted by the workers, pre-reviewed, approved, certified, handed out, concluded and invited to rate', async () => {
    const clerk = await t.as('clerk');
    const subItem = t.api.api.ctx.dictionary().byCode.get(FOOD);
    if (!subItem) throw new Error(`no sub-item ${FOOD} in the dictionary`);
    const materials = subItem.materials.filter((m) => m.necessity === 'required').map((m) => ({ name: m.name }));

    const opened = await clerk.post<{ caseNo: string; processInstanceKey: string; status: string }>('/cases', { subItemCode: FOOD, applicant: company, materials });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const { caseNo } = opened.body;

    // 初审 for the front desk, once the workers accepted the case and started the clock.
    const preReview = await caseTask(clerk, caseNo, 'preReview');
    expect(preReview).toMatchObject({ name: '初审', candidateGroups: ['front-desk'] });
    expect(await caseStatus(caseNo)).toBe('accepted');
    await claimAndComplete(clerk, preReview, { preReviewOpinion: '材料齐全，符合受理条件' });
    expect(await caseStatus(caseNo)).toBe('approving');

    // 审批 for market regulation; the clerk does not see it.
    const approver = await t.as('approver');
    const approval = await caseTask(approver, caseNo, 'approval');
    expect(approval).toMatchObject({ name: '审批', candidateGroups: ['market-regulation'] });
    const clerkList = await clerk.get<{ items: InboxTask[] }>('/tasks', { list: 'groups', pageSize: 200 });
    expect(clerkList.body.items.filter((i) => i.caseNo === caseNo && i.state === 'created')).toEqual([]);
    await claimAndComplete(approver, approval, { decision: 'approve', opinion: '符合许可条件，准予许可' });
    expect(await caseStatus(caseNo)).toBe('issuing');

    // 制发证照 by the worker, then 统一窗口出件 at the issuing window.
    const issuer = await t.as('issuer');
    const pickup = await caseTask(issuer, caseNo, 'pickup');
    expect(pickup.name).toBe('统一窗口出件');
    const docs = await issuer.get<{ certificates: { certificateNo: string; name: string }[] }>(`/cases/${caseNo}/documents`);
    expect(docs.body.certificates).toHaveLength(1);
    await claimAndComplete(issuer, pickup, {});

    // 办结, and the applicant is invited to rate the case.
    await waitStatus(caseNo, 'concluded');
    await t.engine.completed(opened.body.processInstanceKey);
    const sms = await issuer.get<{ items: { template: string; recipient: string | null; status: string; body: string }[] }>('/notifications', { caseNo, channel: 'sms' });
    expect(sms.status).toBe(200);
    const invitation = sms.body.items.filter((m) => m.template === 'rating-invitation');
    expect(invitation.map((m) => m.recipient)).toEqual(['13900002222']);
    expect(invitation[0]?.body).toContain('/r/');

    // The case can now be rated (一事一评) at the seat.
    expect((await clerk.post('/ratings/window', { caseNo, score: 5 })).status).toBe(201);
  });
});
