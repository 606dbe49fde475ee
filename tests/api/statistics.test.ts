// 统计 over HTTP: a handful of cases in March 2025 (and two just outside it), with every figure
// worked out by hand below. Ratings and complaints are made through their own endpoints, and the
// rectification and the complaint are worked in the task inbox, on a clock the test moves.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';
import { complete, inboxTask, jobTaker } from '../support/hall.js';

let now = new Date('2025-04-15T10:00:00+08:00');
const at = (iso: string): void => {
  now = new Date(iso);
};
const t = apiSuite('api-statistics', { now: () => now });

const INSTANT = '00013112800001'; //       个体工商户设立登记, enterprise-startup, instant
const COMMITMENT = '330A0100200001'; //    食品经营许可（新办）, enterprise-startup, commitment
const TOWN_COMMITMENT = '330B1200300001'; // 城乡居民基本养老保险待遇申领, town-centres, commitment
const TOWN_INSTANT = '330F1200200001'; //  城乡居民基本养老保险参保信息变更登记, town-centres, instant

interface Seed {
  readonly caseNo: string;
  readonly subItem: string;
  readonly unit: string;
  readonly status: string;
  readonly created: string;
  readonly accepted?: string;
  readonly concluded?: string;
  readonly due?: string;
}

// Working days (次日起算): S2 03-04 → 03-07 = 3 (Wed, Thu, Fri); S3 03-05 → 03-14 = 7 (03-06, 07, 10–14).
const CASES: readonly Seed[] = [
  { caseNo: 'ST-S1', subItem: INSTANT, unit: 'county', status: 'concluded', created: '2025-03-03T10:00:00+08:00', accepted: '2025-03-03T10:05:00+08:00', concluded: '2025-03-03T11:00:00+08:00' },
  { caseNo: 'ST-S2', subItem: COMMITMENT, unit: 'county', status: 'concluded', created: '2025-03-04T09:00:00+08:00', accepted: '2025-03-04T09:30:00+08:00', concluded: '2025-03-07T15:00:00+08:00', due: '2025-03-10T17:30:00+08:00' },
  { caseNo: 'ST-S3', subItem: TOWN_COMMITMENT, unit: 'town-qingshan', status: 'concluded', created: '2025-03-05T09:00:00+08:00', accepted: '2025-03-05T09:10:00+08:00', concluded: '2025-03-14T10:00:00+08:00', due: '2025-03-12T17:30:00+08:00' },
  { caseNo: 'ST-S4', subItem: TOWN_INSTANT, unit: 'town-qingshan', status: 'approving', created: '2025-03-10T14:00:00+08:00' },
  { caseNo: 'ST-S6', subItem: COMMITMENT, unit: 'county', status: 'received', created: '2025-03-31T23:30:00+08:00' },
  // Outside the period: the day before it starts, and ten minutes after it ends (China time).
  { caseNo: 'ST-S5', subItem: COMMITMENT, unit: 'county', status: 'concluded', created: '2025-02-28T16:00:00+08:00', accepted: '2025-02-28T16:00:00+08:00', concluded: '2025-03-03T16:00:00+08:00', due: '2025-03-20T17:30:00+08:00' },
  { caseNo: 'ST-S7', subItem: INSTANT, unit: 'county', status: 'received', created: '2025-04-01T00:10:00+08:00' },
];

interface Ratio {
  value: number | null;
  numerator: number;
  denominator: number;
  note: string | null;
}
interface Figures {
  cases: number;
  byUnit: { orgUnit: string; cases: number }[];
  byVolume: { volume: string; name: string; cases: number }[];
  bySubItem: { subItemCode: string; name: string | null; cases: number }[];
  concluded: number;
  onTimeRate: Ratio;
  averageWorkingDaysToConclude: { value: number | null; cases: number };
  instantShare: Ratio;
  ratingRate: Ratio;
  goodRatingRate: Ratio;
  rectificationClosureRate: Ratio;
  complaintClosureRate: Ratio;
  townShare: Ratio;
}

const MARCH = { from: '2025-03-01', to: '2025-03-31' };

const tokens = new Map<string, string>();

beforeAll(async () => {
  for (const c of CASES) {
    const token = randomUUID();
    tokens.set(c.caseNo, token);
    await t.sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, phone, status, bpmn_process_id,
        created_by, created_at, accepted_at, concluded_at, committed_due_at, public_token)
      values (${c.caseNo}, ${c.subItem}, ${c.unit}, '{}', 'person', '王五', '13700000000', ${c.status}, 'commitment-item', 'clerk',
        ${c.created}, ${c.accepted ?? null}, ${c.concluded ?? null}, ${c.due ?? null}, ${token})`;
  }
});

// ------------------------------------------------- the people's steps, through the task inbox

async function completeTask(username: string, pi: string, elementId: string, form: Record<string, unknown>): Promise<void> {
  const who = await t.as(username);
  await complete(who, await inboxTask(who, pi, elementId), form);
}

const takeJob = jobTaker(t.engine);
/** The feedback notice (ow.notify at `feedback`) of instance `pi`, done as the notify worker would (no workers run here). */
async function sendFeedback(pi: string): Promise<void> {
  const job = await takeJob(pi, 'ow.notify', 'feedback');
  await t.engine.zbc.completeJob({ jobKey: job.key, variables: {} });
}

async function figures(query: Record<string, string> = MARCH): Promise<Figures> {
  const r = await (await t.as('supervisor')).get<Figures>('/statistics', query);
  expect(r.status).toBe(200);
  return r.body;
}

describe('the hall\'s figures for March 2025', () => {
  it('counts, rates and averages come out as worked by hand', async () => {
    const f = await figures();
    expect(f.cases).toBe(5); // S1, S2, S3, S4, S6
    expect(f.byUnit).toEqual([
      expect.objectContaining({ orgUnit: 'county', cases: 3 }),
      expect.objectContaining({ orgUnit: 'town-hekou', cases: 0 }),
      expect.objectContaining({ orgUnit: 'town-qingshan', cases: 2 }),
      expect.objectContaining({ orgUnit: 'town-shiqiao', cases: 0 }),
    ]);
    expect(f.byVolume).toEqual([
      { volume: 'enterprise-startup', name: '企业开办', cases: 3 },
      { volume: 'town-centres', name: '镇街分中心', cases: 2 },
    ]);
    expect(f.bySubItem).toEqual([
      { subItemCode: COMMITMENT, name: '食品经营许可（新办）', cases: 2 },
      { subItemCode: INSTANT, name: '个体工商户设立登记', cases: 1 },
      expect.objectContaining({ subItemCode: TOWN_COMMITMENT, cases: 1 }),
      expect.objectContaining({ subItemCode: TOWN_INSTANT, cases: 1 }),
    ]);
    expect(f.concluded).toBe(3); // S1, S2, S3
    expect(f.onTimeRate).toEqual({ value: 0.5, numerator: 1, denominator: 2, note: null }); // S2 on time, S3 late, S1 has no due date
    expect(f.averageWorkingDaysToConclude).toEqual({ value: 3.33, cases: 3 }); // (0 + 3 + 7) / 3
    expect(f.instantShare).toEqual({ value: 0.4, numerator: 2, denominator: 5, note: null }); // S1, S4
    expect(f.townShare).toEqual({ value: 0.4, numerator: 2, denominator: 5, note: null }); // S3, S4
  });

  it('one unit\'s figures', async () => {
    const f = await figures({ ...MARCH, orgUnit: 'town-qingshan' });
    expect(f.cases).toBe(2);
    expect(f.byUnit).toEqual([expect.objectContaining({ orgUnit: 'town-qingshan', cases: 2 })]);
    expect(f.onTimeRate).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(f.averageWorkingDaysToConclude).toEqual({ value: 7, cases: 1 });
    expect(f.townShare.value).toBe(1);
  });

  it('好差评: rating rate, good-rating rate and rectification closure from ratings given on the hall\'s channels', async () => {
    const before = await figures();
    expect(before.ratingRate).toEqual({ value: 0, numerator: 0, denominator: 3, note: null });
    expect(before.goodRatingRate).toEqual({ value: null, numerator: 0, denominator: 0, note: null });
    expect(before.rectificationClosureRate).toEqual({ value: null, numerator: 0, denominator: 0, note: null });

    const clerk = await t.as('clerk');
    at('2025-03-03T11:05:00+08:00');
    expect((await clerk.post('/ratings/window', { caseNo: 'ST-S1', score: 5 })).status).toBe(201);
    at('2025-03-07T15:10:00+08:00');
    const bad = await t.anonymous.post<{ rectification: { processInstanceKey: string | null } | null }>(`/public/ratings/${tokens.get('ST-S2') ?? ''}`, { score: 2, problems: ['duration'] });
    expect(bad.status).toBe(201);
    // S5 was opened before the period: its 差评 is not the period's.
    at('2025-03-03T16:10:00+08:00');
    expect((await clerk.post('/ratings/window', { caseNo: 'ST-S5', score: 1, problems: ['attitude'] })).status).toBe(201);
    // Nobody rated S3 within 7 days: it gets the default 基本满意.
    at('2025-04-15T10:00:00+08:00');
    expect((await (await t.as('supervisor')).post('/ratings/apply-defaults', {})).status).toBe(200);

    // Rated: S1 and S2 of the concluded S1–S3 (S3's default is nobody's rating). Good: S1's 5 of S1 5, S2 2, S3 3.
    const rated = await figures();
    expect(rated.ratingRate).toEqual({ value: 0.6667, numerator: 2, denominator: 3, note: null });
    expect(rated.goodRatingRate).toEqual({ value: 0.3333, numerator: 1, denominator: 3, note: null });
    expect(rated.rectificationClosureRate).toEqual({ value: 0, numerator: 0, denominator: 1, note: null });

    // S2's 差评 is verified, explained and the rater satisfied on the return visit: rectification closed.
    const pi = bad.body.rectification?.processInstanceKey;
    if (!pi) throw new Error('the 差评 started no rectification');
    at('2025-03-10T10:00:00+08:00');
    await completeTask('supervisor', pi, 'verify', { verdict: 'explain', verifyOpinion: '已向申请人说明法定审查时限' });
    await sendFeedback(pi);
    await completeTask('supervisor', pi, 'returnVisit', { raterSatisfied: true });
    expect((await figures()).rectificationClosureRate).toEqual({ value: 1, numerator: 1, denominator: 1, note: null });

    const county = await figures({ ...MARCH, orgUnit: 'county' });
    expect(county.ratingRate).toMatchObject({ numerator: 2, denominator: 2 });
    expect(county.goodRatingRate).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('an anonymous card counts on the day it was given, for its unit', async () => {
    at('2025-04-15T11:00:00+08:00');
    expect((await t.anonymous.post('/public/ratings/card', { orgUnit: 'town-qingshan', score: 4 })).status).toBe(201);
    const day = { from: '2025-04-15', to: '2025-04-15' };
    expect((await figures(day)).goodRatingRate).toEqual({ value: 1, numerator: 1, denominator: 1, note: null });
    expect((await figures({ ...day, orgUnit: 'county' })).goodRatingRate).toMatchObject({ value: null, denominator: 0 });
    expect((await figures()).goodRatingRate).toMatchObject({ numerator: 1, denominator: 3 });
  });

  it('办不成事反映: complaints filed in the period and closed to the complainant\'s satisfaction', async () => {
    const fileAt = async (when: string, body: Record<string, unknown>): Promise<{ complaintNo: string; processInstanceKey: string | null }> => {
      at(when);
      const r = await t.anonymous.post<{ complaintNo: string; processInstanceKey: string | null }>('/public/complaints', { name: '钱七', phone: '13700000000', ...body });
      expect(r.status).toBe(201);
      return r.body;
    };
    const k1 = await fileAt('2025-03-02T10:00:00+08:00', { description: '窗口之间来回推，事情办不成' });
    await fileAt('2025-03-20T10:00:00+08:00', { caseNo: 'ST-S3', description: '养老待遇申领一直没有结果' });
    await fileAt('2025-04-02T10:00:00+08:00', { description: '四月份的反映，不属于三月' });
    expect((await figures()).complaintClosureRate).toEqual({ value: 0, numerator: 0, denominator: 2, note: null });

    const pi = k1.processInstanceKey ?? '';
    at('2025-03-03T09:00:00+08:00');
    await completeTask('supervisor', pi, 'assign', { responsibleGroups: ['market-regulation'], tier: 'within5' });
    await completeTask('approver', pi, 'resolve', { resolution: '已协调市场监管局一次办结' });
    await sendFeedback(pi);
    await completeTask('supervisor', pi, 'satisfactionCheck', { complainantSatisfied: true });

    expect((await figures()).complaintClosureRate).toEqual({ value: 0.5, numerator: 1, denominator: 2, note: null });
    // 青山镇: only the complaint that names its case.
    expect((await figures({ ...MARCH, orgUnit: 'town-qingshan' })).complaintClosureRate).toEqual({
      value: 0,
      numerator: 0,
      denominator: 1,
      note: expect.stringContaining('办件编号'),
    });
  });

  it('bad periods are refused naming the parameter; only supervisors read the figures', async () => {
    const supervisor = await t.as('supervisor');
    const notADate = await supervisor.get<ErrorBody>('/statistics', { from: '2025-02-30' });
    expect(notADate.status).toBe(400);
    expect(notADate.body.error.issues?.map((i) => i.path)).toEqual(['query.from']);
    const reversed = await supervisor.get<ErrorBody>('/statistics', { from: '2025-04-01', to: '2025-03-01' });
    expect(reversed.body.error.issues?.map((i) => i.path)).toEqual(['query.from']);
    const unknownUnit = await supervisor.get<ErrorBody>('/statistics', { orgUnit: 'mars' });
    expect(unknownUnit.body.error.issues?.map((i) => i.path)).toEqual(['query.orgUnit']);
    expect((await (await t.as('clerk')).get('/statistics')).status).toBe(403);
  });
});
