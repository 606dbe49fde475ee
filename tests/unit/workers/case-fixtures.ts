// Case rows for worker tests, as the api writes them when a clerk opens a case (app.cases), and a
// worker context on a test database with a clock the test moves.
import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { connect } from '../../../db/connect.js';
import { migrateApp } from '../../../db/app/migrate.js';
import { seedOrgUnits } from '../../../api/seed/demo.js';
import { loadDictionary } from '../../../processes/dictionary/load.js';
import { workerContext, type WorkerContext, type WorkerContextInput } from '../../../workers/context.js';

export interface TestClock {
  now(): Date;
  set(iso: string | Date): void;
}

export function testClock(start: string | Date = new Date()): TestClock {
  let current = new Date(start);
  return { now: () => new Date(current), set: (iso) => (current = new Date(iso)) };
}

/** The app schema on `url`, the org units, and a worker context with `clock`. */
export async function appDatabase(url: string, clock: TestClock, extra: Partial<WorkerContextInput> = {}): Promise<{ sql: Sql; ctx: WorkerContext }> {
  const sql = connect(url, { max: 4 });
  await migrateApp(sql);
  await seedOrgUnits(sql);
  const dictionary = loadDictionary();
  const ctx = workerContext({ sql, dictionary: () => dictionary, filesDir: '', now: () => clock.now(), ...extra });
  return { sql, ctx };
}

export interface CaseInput {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly applicant: Record<string, unknown>;
  readonly bpmnProcessId: 'instant-item' | 'commitment-item';
  readonly status?: string;
  readonly delivery?: 'pickup' | 'mail';
}

/** Inserts the case row; returns its public token (the rating link's secret). */
export async function insertCase(sql: Sql, c: CaseInput): Promise<string> {
  const token = randomBytes(12).toString('base64url');
  const a = c.applicant;
  const kind = a['kind'] === 'enterprise' ? 'enterprise' : 'person';
  await sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, credit_code, id_number, phone,
      status, delivery, bpmn_process_id, created_by, public_token)
    values (${c.caseNo}, ${c.subItemCode}, 'county', ${sql.json(a as Parameters<Sql['json']>[0])}, ${kind}, ${String(a['name'])},
      ${typeof a['creditCode'] === 'string' ? a['creditCode'] : null}, ${typeof a['idNumber'] === 'string' ? a['idNumber'] : null},
      ${String(a['phone'] ?? '')}, ${c.status ?? 'received'}, ${c.delivery ?? 'pickup'}, ${c.bpmnProcessId}, 'clerk', ${token})`;
  return token;
}

export interface CaseState {
  readonly status: string;
  readonly decision: string | null;
  readonly warning: string | null;
  readonly acceptedAt: Date | null;
  readonly concludedAt: Date | null;
  readonly committedDueAt: Date | null;
  readonly legalDueAt: Date | null;
  readonly yellowAt: Date | null;
  readonly certificateNo: string | null;
  readonly waybillNo: string | null;
}

export async function caseState(sql: Sql, caseNo: string): Promise<CaseState> {
  const [row] = await sql<CaseState[]>`select status, decision, warning, accepted_at as "acceptedAt", concluded_at as "concludedAt",
      committed_due_at as "committedDueAt", legal_due_at as "legalDueAt", yellow_at as "yellowAt",
      certificate_no as "certificateNo", waybill_no as "waybillNo"
    from app.cases where case_no = ${caseNo}`;
  if (!row) throw new Error(`no case ${caseNo}`);
  return row;
}

export const PERSON = { kind: 'person', name: '王芳', idNumber: '11010519491231002X', phone: '13800001111' };
export const ENTERPRISE = { kind: 'enterprise', name: '城关镇好味小吃店', creditCode: '91350100M000100Y43', phone: '13900002222' };
