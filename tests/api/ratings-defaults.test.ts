// 逾期未评默认好评 runs by itself: the api applies it when it starts and every hour after, without a
// supervisor pressing the button. A case concluded more than 7 days ago with no rating gets 基本满意
// (channel default, audited as the system); a recent one is left for the citizen.
import { describe, expect, it } from 'vitest';
import { apiSuite } from '../support/api.js';
import { insertCase } from '../support/hall.js';

const NOW = new Date('2026-12-10T10:00:00+08:00');
const t = apiSuite('ratings-defaults', { now: () => NOW });

async function concludedCase(caseNo: string, concludedAt: Date): Promise<void> {
  await insertCase(t.sql, {
    caseNo,
    applicant: { kind: 'person', name: '王小明', idNumber: '11010519491231002X', phone: '13800138000' },
    status: 'concluded',
    concludedAt,
    decision: 'approve',
  });
}

describe('default ratings on their own', () => {
  it('a case unrated for more than 7 days gets 基本满意 from the scheduled run, once; a recent one waits', async () => {
    await concludedCase('DEF-OLD', new Date('2026-12-02T09:00:00+08:00'));
    await concludedCase('DEF-NEW', new Date('2026-12-05T09:00:00+08:00'));

    expect(await t.api.defaultRatings.runOnce()).toBe(1);
    const rows = await t.sql<{ caseNo: string; channel: string; score: number }[]>`select case_no as "caseNo", channel, score from app.ratings order by case_no`;
    expect(rows).toEqual([{ caseNo: 'DEF-OLD', channel: 'default', score: 3 }]);
    const [entry] = await t.sql<{ actor: string; detail: { caseNos: string[] } }[]>`select actor, detail from app.audit where action = 'rating.apply-defaults'`;
    expect(entry).toMatchObject({ actor: 'system', detail: { caseNos: ['DEF-OLD'] } });

    // The next hour's run finds nothing new.
    expect(await t.api.defaultRatings.runOnce()).toBe(0);
    expect((await t.sql`select 1 from app.ratings`).length).toBe(1);
  });
});
