// Rating a case (即时评 at the seat, 扫码评 on the case's public link): only a case that is over —
// concluded, or refused at intake — can be rated, once. The rating counts for the clerk who opened
// the case (app.cases.created_by); a 差评 starts the rectification flow.
import type { Sql } from 'postgres';
import { z } from 'zod';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { conflict, notFound } from '../http/errors.js';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../db/app/case-status.js';
import { isBad, type RatingInput } from './levels.js';
import { startRectification, type Rater } from './rectification.js';
import { alreadyRated, findRating, ratingView, type RatingView } from './store.js';

/** The statuses in which a case can be rated (case-status.ts: concluded; refused at intake). */
export const RATABLE_STATUSES: readonly CaseStatus[] = ['concluded', 'refused'];

export interface RatableCase {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly orgUnit: string;
  readonly orgUnitName: string;
  readonly status: CaseStatus;
  readonly createdBy: string;
  readonly staffUsername: string | null;
  readonly staffName: string | null;
  readonly concludedAt: Date | null;
  readonly applicantKind: 'person' | 'enterprise';
  readonly applicantName: string;
  readonly phone: string;
}

const caseQuery = (sql: Sql) => sql`
  select c.case_no as "caseNo", c.sub_item_code as "subItemCode", c.org_unit as "orgUnit", u.name as "orgUnitName",
         c.status, c.created_by as "createdBy", s.username as "staffUsername", s.name as "staffName",
         c.concluded_at as "concludedAt", c.applicant_kind as "applicantKind", c.applicant_name as "applicantName", c.phone
  from app.cases c
  join app.org_units u on u.id = c.org_unit
  left join app.staff s on s.username = c.created_by`;

export async function caseByNo(sql: Sql, caseNo: string): Promise<RatableCase> {
  const [row] = await sql<RatableCase[]>`${caseQuery(sql)} where c.case_no = ${caseNo}`;
  if (!row) throw notFound(`没有办件 ${caseNo}`);
  return row;
}

/** The case behind a public QR link; an unknown token says nothing about which cases exist. */
export async function caseByToken(sql: Sql, token: string): Promise<RatableCase> {
  const [row] = await sql<RatableCase[]>`${caseQuery(sql)} where c.public_token = ${token}`;
  if (!row) throw notFound('评价链接无效，请核对二维码或向窗口工作人员索取');
  return row;
}

/** Why the case can't be rated now, or null if it can (its existing rating aside). */
export function notRatableReason(c: RatableCase): string | null {
  if (RATABLE_STATUSES.includes(c.status)) return null;
  const label = CASE_STATUS_LABELS[c.status] ?? c.status;
  return `办件 ${c.caseNo} 当前状态为“${label}”，办结（或不予受理）后才能评价`;
}

/** What a rating screen shows about a case (no applicant data: the QR page is public). */
export const CaseForRating = z.object({
  caseNo: z.string(),
  subItemCode: z.string(),
  subItemName: z.string().nullable(),
  orgUnit: z.string(),
  orgUnitName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  concludedAt: z.string().nullable(),
  staffName: z.string().nullable().describe('评价对象：受理人员'),
  ratable: z.boolean(),
  notRatableReason: z.string().nullable(),
  rating: z.object({ channel: z.string(), channelLabel: z.string(), score: z.number(), scoreLabel: z.string(), ratedAt: z.string(), defaulted: z.boolean() }).nullable(),
});

export async function caseForRating(ctx: ApiContext, c: RatableCase): Promise<z.infer<typeof CaseForRating>> {
  const [existing] = await ctx.sql<{ id: string }[]>`select id::text as id from app.ratings where case_no = ${c.caseNo}`;
  const rating = existing ? await findRating(ctx.sql, existing.id) : undefined;
  const view = rating ? ratingView(rating) : undefined;
  const reason = view ? '该办件已评价（一事一评）' : notRatableReason(c);
  return {
    caseNo: c.caseNo,
    subItemCode: c.subItemCode,
    subItemName: ctx.dictionary().byCode.get(c.subItemCode)?.name ?? null,
    orgUnit: c.orgUnit,
    orgUnitName: c.orgUnitName,
    status: c.status,
    statusLabel: CASE_STATUS_LABELS[c.status] ?? c.status,
    concludedAt: c.concludedAt?.toISOString() ?? null,
    staffName: c.staffName,
    ratable: reason === null,
    notRatableReason: reason,
    rating: view
      ? { channel: view.channel, channelLabel: view.channelLabel, score: view.score, scoreLabel: view.scoreLabel, ratedAt: view.ratedAt, defaulted: view.defaulted }
      : null,
  };
}

export interface CaseRatingRequest {
  readonly channel: 'window' | 'qr';
  readonly input: RatingInput;
  readonly seat?: string | undefined;
  /** The staff session that sent a window rating. */
  readonly enteredBy?: string | undefined;
}

/** Records the case's one rating and, for a 差评, starts its rectification. */
export async function rateCase(ctx: ApiContext, c: RatableCase, request: CaseRatingRequest): Promise<RatingView> {
  const reason = notRatableReason(c);
  const now = ctx.now();
  const rater: Rater = { kind: c.applicantKind, name: c.applicantName, phone: c.phone };
  const id = await ctx.sql.begin(async (tx) => {
    const [made] = await tx<{ id: string }[]>`
      insert into app.ratings (channel, case_no, sub_item_code, org_unit, seat, staff_username, score, problems, comment, rater, entered_by, rated_at)
      select ${request.channel}, ${c.caseNo}, ${c.subItemCode}, ${c.orgUnit}, ${request.seat ?? null}, ${c.staffUsername},
             ${request.input.score}, ${[...request.input.problems]}, ${request.input.comment ?? null}, ${tx.json({ ...rater })},
             ${request.enteredBy ?? null}, ${now}
      where ${reason === null}
      on conflict (case_no) where case_no is not null do nothing
      returning id::text as id`;
    if (!made) {
      const [existing] = await tx<{ channel: 'window' | 'qr' | 'card' | 'default'; ratedAt: Date }[]>`
        select channel, rated_at as "ratedAt" from app.ratings where case_no = ${c.caseNo}`;
      if (existing) throw alreadyRated(c.caseNo, existing);
      throw conflict(reason ?? `办件 ${c.caseNo} 暂不能评价`);
    }
    if (request.enteredBy) {
      await audit(tx, { actor: request.enteredBy, action: 'rating.window', subjectType: 'case', subjectId: c.caseNo, detail: { ratingId: made.id, score: request.input.score } }, now);
    }
    return made.id;
  });
  if (isBad(request.input.score)) await startRectification(ctx, id);
  const row = await findRating(ctx.sql, id);
  if (!row) throw new Error(`rating ${id} vanished after it was recorded`);
  return ratingView(row);
}
