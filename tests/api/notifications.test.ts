// GET /notifications, /notices/:noticeNo, /certificates/:certificateNo, /cases/:caseNo/documents
// (api/routes/notifications.ts) on what the real workers produced for real flows.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';
import { caseTask, complete } from '../support/hall.js';
import { eventually } from '../support/wait.js';
import { caseState, ENTERPRISE, insertCase, PERSON, testClock } from '../unit/workers/case-fixtures.js';

const clock = testClock();
const t = apiSuite('notifications', { workers: true, now: () => clock.now() });

/** The people's steps of a case, as staff do them in the task inbox: `username` completes the open task at `elementId`. */
async function completeTask(username: string, caseNo: string, elementId: string): Promise<void> {
  const who = await t.as(username);
  await complete(who, await caseTask(who, caseNo, elementId), {});
}

interface Message {
  template: string;
  channel: string;
  recipient: string | null;
  body: string;
  caseNo: string | null;
  status: string;
}
interface Documents {
  notices: { noticeNo: string; kind: string; title: string; missingMaterials: string[] }[];
  certificates: { certificateNo: string; name: string; validUntil: string | null }[];
  waybills: unknown[];
}

const SOLE_TRADER = '00013112800001';
const soleTraderMaterials = ['个体工商户登记申请书', '经营者身份证明', '经营场所使用证明'].map((name) => ({ name }));

describe('printable documents', () => {
  it('a refusal notice: staff print it; the public cannot; a malformed number is named; an unknown one is not found', async () => {
    const bad = { ...PERSON, idNumber: '36042619910102009X' };
    await insertCase(t.sql, { caseNo: 'API-R1', subItemCode: SOLE_TRADER, applicant: bad, bpmnProcessId: 'instant-item' });
    await t.engine.start('instant-item', { caseNo: 'API-R1', subItemCode: SOLE_TRADER, applicant: bad, materials: [] });
    await eventually(async () => ((await caseState(t.sql, 'API-R1')).status === 'refused' ? true : undefined), 10_000, 'the case refused');

    const clerk = await t.as('clerk');
    const docs = await clerk.get<Documents>('/cases/API-R1/documents');
    expect(docs.status).toBe(200);
    expect(docs.body.notices).toHaveLength(1);
    expect(docs.body.notices[0]).toMatchObject({ kind: 'refusal', title: '不予受理通知书' });
    const no = docs.body.notices[0]?.noticeNo ?? '';

    const page = await clerk.raw(`/notices/${no}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<h1>不予受理通知书</h1>');
    expect(html).toContain('身份核验未通过');
    expect(html).toContain('王芳');

    expect((await t.anonymous.get(`/notices/${no}`)).status).toBe(401);
    const malformed = await clerk.get<ErrorBody>('/notices/notice-1');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues?.[0]?.path).toBe('params.noticeNo');
    expect((await clerk.get<ErrorBody>('/notices/BY-2026-999999')).status).toBe(404);
  });

  it('an issued certificate: listed with the case, printable, and the applicant\'s rating invitation is in the outbox', async () => {
    clock.set('2026-03-02T10:00:00+08:00');
    await insertCase(t.sql, { caseNo: 'API-C1', subItemCode: SOLE_TRADER, applicant: PERSON, bpmnProcessId: 'instant-item' });
    await t.engine.start('instant-item', { caseNo: 'API-C1', subItemCode: SOLE_TRADER, applicant: PERSON, materials: soleTraderMaterials });
    // The clerk concludes on the spot; the issuing window hands the licence over.
    await completeTask('clerk', 'API-C1', 'concludeOnSpot');
    await completeTask('issuer', 'API-C1', 'pickup');
    await eventually(async () => ((await caseState(t.sql, 'API-C1')).status === 'concluded' ? true : undefined), 10_000, 'the case concluded');

    const issuer = await t.as('issuer');
    const docs = await issuer.get<Documents>('/cases/API-C1/documents');
    expect(docs.body.certificates).toHaveLength(1);
    const cert = docs.body.certificates[0];
    expect(cert).toMatchObject({ name: '营业执照', validUntil: null });
    const page = await issuer.raw(`/certificates/${cert?.certificateNo ?? ''}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>营业执照</h1>');
    expect(html).toContain('2026年3月2日');

    const sms = await issuer.get<{ items: Message[] }>('/notifications', { caseNo: 'API-C1', channel: 'sms' });
    expect(sms.body.items.map((m) => [m.template, m.recipient, m.status])).toEqual([['rating-invitation', '13800001111', 'sent']]);
    expect(sms.body.items[0]?.body).toContain('/r/');
  });

  it('documents of a case that does not exist: not found', async () => {
    const res = await (await t.as('clerk')).get<ErrorBody>('/cases/NO-SUCH-CASE/documents');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('NO-SUCH-CASE');
  });
});

describe('the staff inbox: messages to staff groups', () => {
  beforeAll(async () => {
    // Accepted on 2025-04-25: long overdue, so the yellow and red cards go out at once.
    clock.set('2025-04-25T10:00:00+08:00');
    const materials = ['卫生许可证申请表', '法定代表人或者负责人身份证明', '公共场所地址方位示意图、平面图和卫生设施平面布局图', '公共场所卫生检测或者评价报告', '公共场所卫生管理制度'].map((name) => ({ name }));
    await insertCase(t.sql, { caseNo: 'API-W1', subItemCode: '330A0700100001', applicant: ENTERPRISE, bpmnProcessId: 'commitment-item' });
    await t.engine.start('commitment-item', { caseNo: 'API-W1', subItemCode: '330A0700100001', applicant: ENTERPRISE, materials, approvalGroups: ['health'], countersign: false });
    await eventually(async () => ((await caseState(t.sql, 'API-W1')).warning === 'red' ? true : undefined), 10_000, 'the red card');
  });

  it('mine=true shows the messages to my groups only', async () => {
    const approver2 = await t.as('approver2'); // health, fire-rescue
    const mine = await approver2.get<{ items: Message[] }>('/notifications', { mine: true });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((m) => m.template).sort()).toEqual(['warning-red', 'warning-yellow']);
    expect(mine.body.items.every((m) => m.recipient === 'health' && m.status === 'delivered' && m.caseNo === 'API-W1')).toBe(true);
    expect(mine.body.items.find((m) => m.template === 'warning-red')?.body).toContain('红牌预警');

    const other = await (await t.as('approver')).get<{ items: Message[] }>('/notifications', { mine: true });
    expect(other.body.items).toEqual([]);
  });

  it('one group\'s messages: my own group, or any group for a supervisor', async () => {
    const denied = await (await t.as('approver')).get<ErrorBody>('/notifications', { group: 'health' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('query.group');
    const supervisor = await t.as('supervisor');
    const health = await supervisor.get<{ items: Message[] }>('/notifications', { group: 'health' });
    expect(health.body.items).toHaveLength(2);
    const own = await supervisor.get<{ items: Message[] }>('/notifications', { mine: true });
    expect(own.body.items.map((m) => m.template)).toEqual(['warning-red']);
  });

  it('bad filters are named', async () => {
    const res = await (await t.as('clerk')).get<ErrorBody>('/notifications', { status: 'lost', limit: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.map((i) => i.path).sort()).toEqual(['query.limit', 'query.status']);
  });
});
