// 统计 over HTTP: a handful of cases in March 2025 (and two just outside it), with every figure
// worked out by hand below; ratings and complaints are null until their tables exist.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';

const t = apiSuite('api-statistics');

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

beforeAll(async () => {
  for (const c of CASES) {
    await t.sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, phone, status, bpmn_process_id,
        created_by, created_at, accepted_at, concluded_at, committed_due_at, public_token)
      values (${c.caseNo}, ${c.subItem}, ${c.unit}, '{}', 'person', '王五', '13700000000', ${c.status}, 'commitment-item', 'clerk',
        ${c.created}, ${c.accepted ?? null}, ${c.concluded ?? null}, ${c.due ?? null}, ${randomUUID()})`;
  }
  // 差评整改: S2's still running, S3's canceled (not closed), S5's outside the period.
  const rectify = async (caseNo: string): Promise<string> => {
    const started = await t.engine.zbc.createProcessInstance({
      bpmnProcessId: 'rectification',
      variables: { ratingId: `R-${caseNo}`, caseNo, rater: { kind: 'person', name: '赵六', phone: '13600000000' }, score: 2, comment: '等太久', responsibleGroups: ['market-regulation'], verifyDueAt: '2099-01-01T09:00:00+08:00', rectifyDueAt: '2099-02-01T09:00:00+08:00' },
    });
    return String(started.processInstanceKey);
  };
  await rectify('ST-S2');
  await t.engine.zbc.cancelProcessInstance(await rectify('ST-S3'));
  await rectify('ST-S5');
});

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
    expect(f.rectificationClosureRate).toEqual({ value: 0, numerator: 0, denominator: 2, note: null }); // S2 running, S3 canceled
  });

  it('one unit\'s figures', async () => {
    const f = await figures({ ...MARCH, orgUnit: 'town-qingshan' });
    expect(f.cases).toBe(2);
    expect(f.byUnit).toEqual([expect.objectContaining({ orgUnit: 'town-qingshan', cases: 2 })]);
    expect(f.onTimeRate).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(f.averageWorkingDaysToConclude).toEqual({ value: 7, cases: 1 });
    expect(f.townShare.value).toBe(1);
  });

  it('without the ratings and complaints tables their figures are null and say why', async () => {
    const f = await figures();
    for (const r of [f.ratingRate, f.goodRatingRate]) expect(r).toMatchObject({ value: null, note: expect.stringContaining('app.ratings') });
    expect(f.complaintClosureRate).toMatchObject({ value: null, note: expect.stringContaining('app.complaints') });
  });

  it('once ratings and complaints exist they are counted', async () => {
    // The shapes the ratings and complaints parts keep (only the columns the figures read).
    await t.sql`create table app.ratings (id serial primary key, case_no text not null, score int not null)`;
    await t.sql`insert into app.ratings (case_no, score) values ('ST-S1', 5), ('ST-S2', 2), ('ST-S4', 4), ('ST-S7', 1)`;
    await t.sql`create table app.complaints (id serial primary key, created_at timestamptz not null, closed_at timestamptz, org_unit text)`;
    await t.sql`insert into app.complaints (created_at, closed_at, org_unit) values
      ('2025-03-02T10:00:00+08:00', '2025-03-05T10:00:00+08:00', 'county'),
      ('2025-03-20T10:00:00+08:00', null, 'county'),
      ('2025-03-21T10:00:00+08:00', '2025-03-22T10:00:00+08:00', 'town-qingshan'),
      ('2025-04-02T10:00:00+08:00', '2025-04-03T10:00:00+08:00', 'county')`;
    try {
      const f = await figures();
      // Rated concluded cases: S1, S2 of S1–S3. Ratings of the period's cases: S1 5, S2 2, S4 4 → 2 good of 3.
      expect(f.ratingRate).toEqual({ value: 0.6667, numerator: 2, denominator: 3, note: null });
      expect(f.goodRatingRate).toEqual({ value: 0.6667, numerator: 2, denominator: 3, note: null });
      expect(f.complaintClosureRate).toEqual({ value: 0.6667, numerator: 2, denominator: 3, note: null });
      const county = await figures({ ...MARCH, orgUnit: 'county' });
      expect(county.complaintClosureRate).toMatchObject({ numerator: 1, denominator: 2 });
    } finally {
      await t.sql`drop table app.ratings`;
      await t.sql`drop table app.complaints`;
    }
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
