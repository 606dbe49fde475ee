// 好差评 over HTTP: rating at the seat, on the case's QR link and on an anonymous card; one rating
// per case; a 差评 starts the rectification flow with deadlines on the working-day calendar; the
// default 基本满意 after 7 days; staff scores. The clock is fixed at Tuesday 2026-12-01 10:00 (China).
import type { Sql } from 'postgres';
import { describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';
import { complete, inboxTask, insertCase as insertCaseRow, jobTaker } from '../support/hall.js';
import { quiet } from '../support/wait.js';

const NOW = new Date('2026-12-01T10:00:00+08:00');
const t = apiSuite('api-ratings', { now: () => NOW });

// ---------------------------------------------------------------- test helpers

interface TestCase {
  readonly caseNo: string;
  readonly token: string;
}

let caseSeq = 0;

/**
 * Puts a case straight into app.cases (cases are another part's; here only their end state
 * matters): a sub-item of the dictionary, opened by `createdBy`, in `status` (concluded, with the
 * decision approve, half an hour before the fixed clock unless told).
 */
async function insertCase(
  sql: Sql,
  options: { status?: string; subItemCode?: string; createdBy?: string; orgUnit?: string; concludedAt?: Date | null; applicantName?: string; phone?: string } = {},
): Promise<TestCase> {
  caseSeq += 1;
  const caseNo = `TEST-RATING-${String(caseSeq).padStart(4, '0')}`;
  const status = options.status ?? 'concluded';
  const concludedAt = options.concludedAt === undefined ? (status === 'concluded' ? new Date('2026-12-01T09:30:00+08:00') : null) : options.concludedAt;
  const token = await insertCaseRow(sql, {
    caseNo,
    status,
    concludedAt,
    decision: status === 'concluded' ? 'approve' : null,
    applicant: { kind: 'person', name: options.applicantName ?? '王小明', idNumber: '11010519491231002X', phone: options.phone ?? '13800138000' },
    ...(options.subItemCode ? { subItemCode: options.subItemCode } : {}),
    ...(options.createdBy ? { createdBy: options.createdBy } : {}),
    ...(options.orgUnit ? { orgUnit: options.orgUnit } : {}),
  });
  return { caseNo, token };
}

interface Rating {
  id: string;
  channel: string;
  caseNo: string | null;
  staff: { username: string; name: string } | null;
  score: number;
  bad: boolean;
  defaulted: boolean;
  problems: { id: string; label: string }[];
  rater: { name: string; phone: string } | null;
  rectification: null | { state: string; processInstanceKey: string | null; verifyDueAt: string | null; rectifyDueAt: string | null; error: string | null; verdict: string | null };
}

/** The start variables of a rectification instance, as the engine holds them. */
async function rectificationVariables(pi: string): Promise<Record<string, unknown>> {
  await t.engine.activated(pi, 'verify');
  const names = ['ratingId', 'caseNo', 'rater', 'score', 'comment', 'responsibleGroups', 'verifyDueAt', 'rectifyDueAt'];
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = await t.engine.log.variable(pi, name);
  return out;
}

/** The job of `type` at `elementId` of instance `pi`, as a worker activates it (ow.notify: no workers run here). */
const takeJob = jobTaker(t.engine);

// ---------------------------------------------------------------- tests

describe('rating at the seat (即时评)', () => {
  it('a good rating is recorded for the clerk who opened the case and starts no rectification', async () => {
    const c = await insertCase(t.sql);
    const clerk = await t.as('clerk');
    const page = await clerk.get<{ case: { ratable: boolean; staffName: string }; choices: { levels: unknown[]; problems: { label: string }[] } }>(`/ratings/window/${c.caseNo}`);
    expect(page.status).toBe(200);
    expect(page.body.case).toMatchObject({ ratable: true, staffName: '李受理' });
    expect(page.body.choices.levels).toHaveLength(5);
    expect(page.body.choices.problems.map((p) => p.label)).toEqual(['服务指引不清晰', '办事程序不便利', '材料手续不精简', '服务态度', '办理时间过长', '其他']);

    const before = (await t.engine.instancesOf('rectification')).length;
    const r = await clerk.post<Rating>('/ratings/window', { caseNo: c.caseNo, seat: 'A03', score: 5, comment: '很快' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ channel: 'window', caseNo: c.caseNo, score: 5, bad: false, defaulted: false, staff: { username: 'clerk' }, rectification: null });
    await quiet(300);
    expect((await t.engine.instancesOf('rectification')).length).toBe(before);
  });

  it('a clerk of another hall cannot rate the case on their 评价器', async () => {
    const c = await insertCase(t.sql);
    const townClerk = await t.as('town-clerk');
    const r = await townClerk.post<ErrorBody>('/ratings/window', { caseNo: c.caseNo, score: 5 });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('不属于本大厅');
  });

  it('nobody rates at the seat without the clerk\'s session', async () => {
    const c = await insertCase(t.sql);
    expect((await t.anonymous.post('/ratings/window', { caseNo: c.caseNo, score: 5 })).status).toBe(401);
    expect((await (await t.as('approver')).post('/ratings/window', { caseNo: c.caseNo, score: 5 })).status).toBe(403);
  });
});

describe('a 差评 starts the rectification flow', () => {
  it('a bad QR rating starts rectification with the rater, the sub-item department and deadlines on working days', async () => {
    const c = await insertCase(t.sql, { applicantName: '赵六', phone: '13912345678' });
    const page = await t.anonymous.get<{ case: Record<string, unknown> }>(`/public/ratings/${c.token}`);
    expect(page.status).toBe(200);
    expect(page.body.case).toMatchObject({ caseNo: c.caseNo, subItemName: '个体工商户设立登记', ratable: true, rating: null });
    expect(JSON.stringify(page.body)).not.toContain('13912345678');

    const r = await t.anonymous.post<Rating>(`/public/ratings/${c.token}`, { score: 2, problems: ['duration', 'guidance'], comment: '等了很久，指引也不清楚' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ channel: 'qr', score: 2, bad: true, rater: null });
    expect(r.body.rectification).toMatchObject({ state: 'verifying', verifyDueAt: '2026-12-02T09:30:00.000Z', rectifyDueAt: '2026-12-22T09:30:00.000Z', error: null });
    const pi = r.body.rectification?.processInstanceKey;
    if (!pi) throw new Error('no rectification instance key on the rating');

    expect((await t.engine.instancesOf('rectification')).map((i) => i.key)).toContain(pi);
    expect(await rectificationVariables(pi)).toEqual({
      ratingId: r.body.id,
      caseNo: c.caseNo,
      rater: { kind: 'person', name: '赵六', phone: '13912345678' },
      score: 2,
      comment: '等了很久，指引也不清楚',
      responsibleGroups: ['market-regulation'],
      // Tuesday 10:00 → verify by Wednesday's end of day, rectify by the 15th working day (Dec 22).
      verifyDueAt: '2026-12-02T17:30:00+08:00',
      rectifyDueAt: '2026-12-22T17:30:00+08:00',
    });
    // The 回访核实 task is in the supervisor's inbox with its due date.
    const supervisor = await t.as('supervisor');
    const verify = await inboxTask(supervisor, pi, 'verify');
    expect(verify).toMatchObject({ name: '回访核实', dueAt: '2026-12-02T09:30:00.000Z' });

    // The supervisor sees the rating, with the problems named.
    const detail = await supervisor.get<Rating>(`/ratings/${r.body.id}`);
    expect(detail.body.problems.map((p) => p.label)).toEqual(['办理时间过长', '服务指引不清晰']);
    expect(detail.body.rater).toMatchObject({ name: '赵六' });

    // 回访核实 in the inbox: the rating shows rectification under way.
    await complete(supervisor, verify, { verdict: 'rectify', verifyOpinion: '属实' });
    const after = await supervisor.get<Rating>(`/ratings/${r.body.id}`);
    expect(after.body.rectification).toMatchObject({ state: 'rectifying', verdict: 'rectify' });

    // 限期整改 goes to the sub-item's department (市场监管: approver).
    const approver = await t.as('approver');
    const rectify = await inboxTask(approver, pi, 'rectify');
    expect(rectify.dueAt).toBe('2026-12-22T09:30:00.000Z');
    await complete(approver, rectify, { rectification: '已在窗口张贴办事指引，压缩等候时间' });
    expect((await supervisor.get<Rating>(`/ratings/${r.body.id}`)).body.rectification).toMatchObject({ state: 'returnVisit', rectification: '已在窗口张贴办事指引，压缩等候时间' });

    // The rater hears back (ow.notify, a worker's job; played here), then the return visit closes it.
    const feedback = await takeJob(pi, 'ow.notify', 'feedback');
    expect(feedback.variables['to']).toEqual([{ kind: 'person', name: '赵六', phone: '13912345678' }]);
    await t.engine.zbc.completeJob({ jobKey: feedback.key, variables: {} });
    await complete(supervisor, await inboxTask(supervisor, pi, 'returnVisit'), { raterSatisfied: true });
    await t.engine.completed(pi);
    expect((await supervisor.get<Rating>(`/ratings/${r.body.id}`)).body.rectification).toMatchObject({ state: 'closed', raterSatisfied: true, closedAt: NOW.toISOString() });
  });

  it('a sub-item approved by 会签 makes every countersigning department responsible', async () => {
    const c = await insertCase(t.sql, { subItemCode: '330A1600200001' });
    const r = await (await t.as('clerk')).post<Rating>('/ratings/window', { caseNo: c.caseNo, score: 1, problems: ['materials'] });
    expect(r.status).toBe(201);
    const pi = r.body.rectification?.processInstanceKey ?? '';
    expect((await rectificationVariables(pi))['responsibleGroups']).toEqual(['housing', 'fire-rescue']);
  });

  it('a 差评 must say what went wrong; "其他" needs words; a good rating has no problems', async () => {
    const c = await insertCase(t.sql);
    const clerk = await t.as('clerk');
    const none = await clerk.post<ErrorBody>('/ratings/window', { caseNo: c.caseNo, score: 1 });
    expect(none.status).toBe(400);
    expect(none.body.error.issues?.map((i) => i.path)).toEqual(['body.problems']);
    const other = await clerk.post<ErrorBody>('/ratings/window', { caseNo: c.caseNo, score: 2, problems: ['other'] });
    expect(other.body.error.issues?.map((i) => i.path)).toEqual(['body.comment']);
    const good = await clerk.post<ErrorBody>('/ratings/window', { caseNo: c.caseNo, score: 4, problems: ['attitude'] });
    expect(good.body.error.issues?.map((i) => i.path)).toEqual(['body.problems']);
    const level = await clerk.post<ErrorBody>('/ratings/window', { caseNo: c.caseNo, score: 6 });
    expect(level.body.error.issues?.[0]?.path).toBe('body.score');
    // Nothing was recorded: the case can still be rated.
    expect((await clerk.post('/ratings/window', { caseNo: c.caseNo, score: 4 })).status).toBe(201);
  });
});

describe('one rating per case (一事一评)', () => {
  it('a second rating on any channel is refused, saying when and how the case was rated', async () => {
    const c = await insertCase(t.sql);
    expect((await t.anonymous.post(`/public/ratings/${c.token}`, { score: 4 })).status).toBe(201);
    const again = await (await t.as('clerk')).post<ErrorBody>('/ratings/window', { caseNo: c.caseNo, score: 1, problems: ['attitude'] });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('2026-12-01 10:00');
    expect(again.body.error.message).toContain('扫码评');
    expect(again.body.error.message).toContain('一事一评');
    const page = await t.anonymous.get<{ case: { ratable: boolean; rating: { score: number; channel: string } } }>(`/public/ratings/${c.token}`);
    expect(page.body.case).toMatchObject({ ratable: false, rating: { score: 4, channel: 'qr' } });
    const list = await (await t.as('supervisor')).get<{ total: number }>('/ratings', { caseNo: c.caseNo });
    expect(list.body.total).toBe(1);
  });

  it('simultaneous ratings of one case: exactly one is recorded', async () => {
    const c = await insertCase(t.sql);
    const clerk = await t.as('clerk');
    const answers = await Promise.all([
      clerk.post('/ratings/window', { caseNo: c.caseNo, score: 5 }),
      t.anonymous.post(`/public/ratings/${c.token}`, { score: 3 }),
      t.anonymous.post(`/public/ratings/${c.token}`, { score: 4 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from app.ratings where case_no = ${c.caseNo}`;
    expect(row?.n).toBe(1);
  });

  it('only a concluded or refused case can be rated', async () => {
    const running = await insertCase(t.sql, { status: 'approving' });
    const r = await t.anonymous.post<ErrorBody>(`/public/ratings/${running.token}`, { score: 5 });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('审批中');
    const page = await t.anonymous.get<{ case: { ratable: boolean; notRatableReason: string } }>(`/public/ratings/${running.token}`);
    expect(page.body.case.ratable).toBe(false);

    const refused = await insertCase(t.sql, { status: 'refused' });
    expect((await t.anonymous.post(`/public/ratings/${refused.token}`, { score: 3 })).status).toBe(201);

    const unknown = await t.anonymous.post<ErrorBody>('/public/ratings/nosuchtoken123', { score: 5 });
    expect(unknown.status).toBe(404);
  });
});

describe('anonymous card (卡片评)', () => {
  it('a bad card naming a clerk starts rectification with no rater and no case, for the clerk\'s group', async () => {
    const r = await t.anonymous.post<Rating>('/public/ratings/card', { orgUnit: 'county', seat: 'A05', staff: 'clerk', score: 1, problems: ['attitude'], comment: '态度生硬' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ channel: 'card', caseNo: null, staff: { username: 'clerk' }, rater: null });
    const pi = r.body.rectification?.processInstanceKey ?? '';
    const vars = await rectificationVariables(pi);
    expect(vars).toMatchObject({ caseNo: null, rater: null, score: 1, comment: '态度生硬', responsibleGroups: ['front-desk'] });
  });

  it('a card naming nobody goes to the 督办; a good card starts nothing', async () => {
    const bad = await t.anonymous.post<Rating>('/public/ratings/card', { orgUnit: 'town-qingshan', score: 2, problems: ['procedure'] });
    expect((await rectificationVariables(bad.body.rectification?.processInstanceKey ?? ''))['responsibleGroups']).toEqual(['supervisor']);
    const good = await t.anonymous.post<Rating>('/public/ratings/card', { orgUnit: 'county', score: 5 });
    expect(good.status).toBe(201);
    expect(good.body.rectification).toBeNull();
  });

  it('a card names a real unit, and a staff member of that unit', async () => {
    const unit = await t.anonymous.post<ErrorBody>('/public/ratings/card', { orgUnit: 'moon', score: 5 });
    expect(unit.status).toBe(400);
    expect(unit.body.error.issues?.[0]?.path).toBe('body.orgUnit');
    const person = await t.anonymous.post<ErrorBody>('/public/ratings/card', { orgUnit: 'town-qingshan', staff: 'clerk', score: 5 });
    expect(person.status).toBe(400);
    expect(person.body.error.issues?.[0]?.path).toBe('body.staff');
  });

  it('one address sends at most 30 cards an hour; paper cards entered by a supervisor are not limited', async () => {
    let status = 201;
    for (let i = 0; i < 40 && status === 201; i++) status = (await t.anonymous.post('/public/ratings/card', { orgUnit: 'town-shiqiao', score: 5 })).status;
    expect(status).toBe(429);
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from app.ratings where channel = 'card' and source_ip is not null`;
    expect(row?.n).toBe(30);
    expect((await (await t.as('supervisor')).post('/ratings/card', { orgUnit: 'town-shiqiao', score: 5 })).status).toBe(201);
  });

  it('a supervisor enters a paper card, and the entry is audited', async () => {
    const r = await (await t.as('supervisor')).post<Rating>('/ratings/card', { orgUnit: 'county', score: 4 });
    expect(r.status).toBe(201);
    const [row] = await t.sql<{ actor: string }[]>`select actor from app.audit where action = 'rating.card-entered' and subject_id = ${r.body.id}`;
    expect(row?.actor).toBe('supervisor');
  });
});

describe('default 基本满意 and staff scores', () => {
  it('a case concluded over 7 days ago without a rating gets a default 3; newer or rated cases do not; twice changes nothing', async () => {
    const old = await insertCase(t.sql, { concludedAt: new Date('2026-11-23T16:00:00+08:00') });
    const recent = await insertCase(t.sql, { concludedAt: new Date('2026-11-25T16:00:00+08:00') });
    const oldRated = await insertCase(t.sql, { concludedAt: new Date('2026-11-20T16:00:00+08:00') });
    await t.anonymous.post(`/public/ratings/${oldRated.token}`, { score: 5 });
    const running = await insertCase(t.sql, { status: 'issuing', concludedAt: null });

    const supervisor = await t.as('supervisor');
    const applied = await supervisor.post<{ applied: number; caseNos: string[] }>('/ratings/apply-defaults');
    expect(applied.status).toBe(200);
    expect(applied.body.caseNos).toContain(old.caseNo);
    expect(applied.body.caseNos).not.toContain(recent.caseNo);
    expect(applied.body.caseNos).not.toContain(oldRated.caseNo);
    expect(applied.body.caseNos).not.toContain(running.caseNo);

    const list = await supervisor.get<{ items: Rating[] }>('/ratings', { caseNo: old.caseNo });
    expect(list.body.items[0]).toMatchObject({ channel: 'default', score: 3, defaulted: true, staff: { username: 'clerk' } });
    expect((await supervisor.post<{ applied: number }>('/ratings/apply-defaults')).body.applied).toBe(0);

    // The rating period is over: the citizen's late rating is refused, saying it was defaulted.
    const late = await t.anonymous.post<ErrorBody>(`/public/ratings/${old.token}`, { score: 5 });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('默认');
  });

  it('staff scores count every rating, and 主动评价好评率 leaves the defaults out', async () => {
    const admin = await t.as('admin');
    const made = await admin.post('/staff', { username: 'hekou-clerk', name: '吴受理（河口镇）', password: 'Hekou-2026-pass', roles: ['clerk'], orgUnit: 'town-hekou', groups: ['front-desk'] });
    expect(made.status).toBe(201);
    const opts = { createdBy: 'hekou-clerk', orgUnit: 'town-hekou' };
    for (const [score, problems] of [[5, []], [4, []], [1, ['duration']]] as const) {
      const c = await insertCase(t.sql, opts);
      expect((await t.anonymous.post(`/public/ratings/${c.token}`, { score, problems })).status).toBe(201);
    }
    await insertCase(t.sql, { ...opts, concludedAt: new Date('2026-11-01T10:00:00+08:00') });
    const supervisor = await t.as('supervisor');
    await supervisor.post('/ratings/apply-defaults');

    const scores = await supervisor.get<{ staff: Record<string, unknown>[]; units: Record<string, unknown>[] }>('/ratings/staff-scores', { orgUnit: 'town-hekou' });
    expect(scores.status).toBe(200);
    const expected = { count: 4, activeCount: 3, defaultedCount: 1, average: 3.25, goodRate: 0.5, activeGoodRate: 0.6667, badCount: 1 };
    expect(scores.body.staff).toEqual([{ username: 'hekou-clerk', name: '吴受理（河口镇）', orgUnit: 'town-hekou', ...expected }]);
    expect(scores.body.units).toEqual([{ orgUnit: 'town-hekou', name: '河口镇便民服务中心', ...expected }]);

    // The county clerk's scores are their own.
    const county = await supervisor.get<{ staff: { username: string; count: number }[] }>('/ratings/staff-scores', { orgUnit: 'county' });
    expect(county.body.staff.map((s) => s.username)).toContain('clerk');
    expect(county.body.staff.map((s) => s.username)).not.toContain('hekou-clerk');
  });

  it('scores and lists are for supervisors; filters are checked', async () => {
    expect((await (await t.as('clerk')).get('/ratings/staff-scores')).status).toBe(403);
    expect((await (await t.as('clerk')).get('/ratings')).status).toBe(403);
    const supervisor = await t.as('supervisor');
    const bad = await supervisor.get<ErrorBody>('/ratings/staff-scores', { from: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.[0]?.path).toBe('query.from');
    const onlyBad = await supervisor.get<{ items: Rating[] }>('/ratings', { bad: 'true', limit: 200 });
    expect(onlyBad.body.items.length).toBeGreaterThan(0);
    expect(onlyBad.body.items.every((r) => r.score <= 2)).toBe(true);
  });
});

describe('the api document', () => {
  it('/api/docs lists the rating endpoints with who may call them', async () => {
    const docs = await t.anonymous.get<{ paths: Record<string, Record<string, { security: unknown[]; 'x-access'?: string }>> }>('/docs');
    expect(docs.status).toBe(200);
    expect(docs.body.paths['/api/public/ratings/{token}']?.['post']?.security).toEqual([]);
    expect(docs.body.paths['/api/ratings/staff-scores']?.['get']?.['x-access']).toContain('supervisor');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/ratings/window', '/api/public/ratings/card', '/api/ratings/apply-defaults', '/api/complaints/closure', '/api/public/complaints/lookup']));
  });
});

describe('local time limits', () => {
  it('a supervisor changes the rectification limit (with a reason), and the next 差评 uses it', async () => {
    const supervisor = await t.as('supervisor');
    expect((await supervisor.get('/ratings/settings')).body).toEqual({ verifyWorkingDays: 1, rectifyWorkingDays: 15, defaultAfterDays: 7, workdayEndsAt: '17:30' });
    const noReason = await supervisor.put<ErrorBody>('/ratings/settings', { verifyWorkingDays: 1, rectifyWorkingDays: 5, defaultAfterDays: 7, workdayEndsAt: '17:00' });
    expect(noReason.body.error.issues?.map((i) => i.path)).toEqual(['body.reason']);
    const saved = await supervisor.put('/ratings/settings', { verifyWorkingDays: 2, rectifyWorkingDays: 5, defaultAfterDays: 7, workdayEndsAt: '17:00', reason: '按市里新规定执行' });
    expect(saved.status).toBe(200);

    const c = await insertCase(t.sql);
    const r = await t.anonymous.post<Rating>(`/public/ratings/${c.token}`, { score: 2, problems: ['attitude'] });
    const vars = await rectificationVariables(r.body.rectification?.processInstanceKey ?? '');
    expect(vars).toMatchObject({ verifyDueAt: '2026-12-03T17:00:00+08:00', rectifyDueAt: '2026-12-08T17:00:00+08:00' });
    await supervisor.put('/ratings/settings', { verifyWorkingDays: 1, rectifyWorkingDays: 15, defaultAfterDays: 7, workdayEndsAt: '17:30', reason: '恢复默认' });
  });
});
