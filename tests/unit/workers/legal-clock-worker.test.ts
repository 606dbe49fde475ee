// `ow.legal-clock` on a real database (workers/legal-clock.ts): the ledger in app.legal_clock, the
// case row's dates and status, on the 2025 calendar vectors of domain.md §4. The same worker runs
// the real flow in tests/engine/worker-flows.test.ts; here the clock moves between the steps.
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalClock } from '../../../workers/legal-clock.js';
import type { WorkerContext } from '../../../workers/context.js';
import type { Variables } from '../../../workers/worker.js';
import { createTestDatabase } from '../../support/db.js';
import { appDatabase, caseState, ENTERPRISE, insertCase, testClock } from './case-fixtures.js';

const clock = testClock('2025-04-25T10:00:00+08:00');
let sql: Sql;
let ctx: WorkerContext;
const worker = legalClock();
let jobs = 0;

beforeAll(async () => {
  ({ sql, ctx } = await appDatabase(await createTestDatabase('legal_clock_worker'), clock));
});
afterAll(async () => {
  await sql.end({ timeout: 2 });
});

/** Runs the worker for one job of `caseNo` at `when` (China time). */
async function clockJob(caseNo: string, action: string, when: string, extra: Variables = {}): Promise<Variables> {
  clock.set(when);
  jobs += 1;
  return worker.handle(
    { variables: { caseNo, subItemCode: '330A0700100001', ...extra }, headers: { action }, jobKey: String(jobs), processInstanceKey: '1', elementId: 'accept' },
    ctx,
  );
}

const ledger = (caseNo: string) =>
  sql<{ state: string; reason: string | null; open: boolean }[]>`select state, reason, ended_at is null as open from app.legal_clock where case_no = ${caseNo} order by seq`;

const estimated = async (caseNo: string): Promise<boolean | undefined> =>
  (await sql<{ estimated: boolean }[]>`select deadlines_estimated as estimated from app.cases where case_no = ${caseNo}`)[0]?.estimated;

describe('ow.legal-clock across into 2027, a year the calendar has no official table for', () => {
  it('accepted Tue 2026-12-15: the legal due date is counted Monday–Friday into 2027 and the case says it is provisional — no incident', async () => {
    await insertCase(sql, { caseNo: 'LC-2027', subItemCode: '330A0700100001', applicant: ENTERPRISE, bpmnProcessId: 'commitment-item' });
    const out = await clockJob('LC-2027', 'start', '2026-12-15T10:00:00+08:00');
    // Committed 10: Dec 16–18, 21–25, 28, 29. Legal 20: … Dec 30, 31, Jan 1 (no holiday invented), Jan 4–8, 11, 12.
    expect(out).toEqual({ committedDueAt: '2026-12-29T23:59:59+08:00', legalDueAt: '2027-01-12T23:59:59+08:00', yellowAt: '2026-12-28T00:00:00+08:00' });
    expect(await estimated('LC-2027')).toBe(true);
    // While the clock stands still there are no due dates, so nothing is provisional either.
    await clockJob('LC-2027', 'suspend', '2026-12-16T10:00:00+08:00', { clockReason: 'supplement' });
    expect(await estimated('LC-2027')).toBe(false);
  });

  it('a case whose limits end within 2026 is exact', async () => {
    await insertCase(sql, { caseNo: 'LC-2026', subItemCode: '330A0700100001', applicant: ENTERPRISE, bpmnProcessId: 'commitment-item' });
    await clockJob('LC-2026', 'start', '2026-11-02T10:00:00+08:00');
    expect(await estimated('LC-2026')).toBe(false);
  });
});

describe('ow.legal-clock on 公共场所卫生许可（新办） (legal 20, committed 10 working days)', () => {
  it('start on Fri 2025-04-25: accepted, committed due 05-13, legal due 05-27, yellow from 05-12; a retried start changes nothing', async () => {
    await insertCase(sql, { caseNo: 'LC-1', subItemCode: '330A0700100001', applicant: ENTERPRISE, bpmnProcessId: 'commitment-item' });
    const out = await clockJob('LC-1', 'start', '2025-04-25T10:00:00+08:00');
    expect(out).toEqual({ committedDueAt: '2025-05-13T23:59:59+08:00', legalDueAt: '2025-05-27T23:59:59+08:00', yellowAt: '2025-05-12T00:00:00+08:00' });
    const c = await caseState(sql, 'LC-1');
    expect(c.status).toBe('accepted');
    expect(c.acceptedAt?.toISOString()).toBe('2025-04-25T02:00:00.000Z');
    expect(c.legalDueAt?.toISOString()).toBe('2025-05-27T15:59:59.000Z');
    expect(await clockJob('LC-1', 'start', '2025-04-26T10:00:00+08:00')).toEqual(out);
    expect(await ledger('LC-1')).toEqual([{ state: 'running', reason: null, open: true }]);
  });

  it('suspended Tue 05-06 for a supplement, resumed Mon 05-12: the due dates move by the 5 working days it stood still', async () => {
    expect(await clockJob('LC-1', 'suspend', '2025-05-06T15:00:00+08:00', { clockReason: 'supplement' })).toEqual({});
    let c = await caseState(sql, 'LC-1');
    expect(c.status).toBe('suspended');
    expect(c.committedDueAt).toBeNull();
    expect(await ledger('LC-1')).toEqual([
      { state: 'running', reason: null, open: false },
      { state: 'suspended', reason: 'supplement', open: true },
    ]);

    const out = await clockJob('LC-1', 'resume', '2025-05-12T09:30:00+08:00');
    expect(out).toEqual({ committedDueAt: '2025-05-20T23:59:59+08:00', legalDueAt: '2025-06-04T23:59:59+08:00', yellowAt: '2025-05-19T00:00:00+08:00' });
    c = await caseState(sql, 'LC-1');
    expect(c.status).toBe('approving');
    expect(c.legalDueAt?.toISOString()).toBe('2025-06-04T15:59:59.000Z');
    expect((await ledger('LC-1')).map((r) => `${r.state}${r.open ? '…' : ''}`)).toEqual(['running', 'suspended', 'running…']);
  });

  it('stop after an approval records the decision and closes the ledger; the status is left for issuing', async () => {
    expect(await clockJob('LC-1', 'stop', '2025-05-15T11:00:00+08:00', { decision: 'approve' })).toEqual({});
    const c = await caseState(sql, 'LC-1');
    expect(c.decision).toBe('approve');
    expect(c.status).toBe('approving');
    expect((await ledger('LC-1')).every((r) => !r.open)).toBe(true);
  });

  it('stop when the supplement never came (decision still "supplement"): the case is withdrawn (视为撤回)', async () => {
    await insertCase(sql, { caseNo: 'LC-2', subItemCode: '330A0700100001', applicant: ENTERPRISE, bpmnProcessId: 'commitment-item' });
    await clockJob('LC-2', 'start', '2025-04-25T10:00:00+08:00');
    await clockJob('LC-2', 'suspend', '2025-05-06T10:00:00+08:00', { clockReason: 'supplement' });
    await clockJob('LC-2', 'stop', '2025-05-27T10:00:00+08:00', { decision: 'supplement' });
    const c = await caseState(sql, 'LC-2');
    expect(c.status).toBe('withdrawn');
    expect(c.concludedAt?.toISOString()).toBe('2025-05-27T02:00:00.000Z');
  });

  it('faults that a supervisor must see: no case row, an unknown action, an unknown sub-item', async () => {
    await expect(clockJob('LC-none', 'start', '2025-04-25T10:00:00+08:00')).rejects.toThrow(/办件 LC-none 不存在/);
    await expect(clockJob('LC-1', 'pause', '2025-04-25T10:00:00+08:00')).rejects.toThrow(/action 应为 start、suspend、resume 或 stop/);
    await expect(clockJob('LC-1', 'start', '2025-04-25T10:00:00+08:00', { subItemCode: '99999999999999' })).rejects.toThrow(/没有业务办理项 99999999999999/);
  });
});
