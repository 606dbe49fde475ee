// 卡片评: an anonymous card, not tied to a case (domain.md §2: kept as its own channel, since
// Guangdong's 实名 rule can't apply to it). It names the hall or sub-centre, optionally the seat and
// the staff member; a bad card still starts a rectification, with nobody to feed back to.
import { z } from 'zod';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import { checkRating, isBad, ratingFields } from './levels.js';
import { assertPublicQuota } from './public-limit.js';
import { startRectification } from './rectification.js';
import { findRating, ratingView, type RatingView } from './store.js';

export const cardBody = z
  .object({
    orgUnit: z.string().trim().min(1, '请选择评价的大厅或分中心'),
    seat: z.string().trim().min(1).max(20, '窗口号不超过 20 字').optional(),
    staff: z.string().trim().min(1).max(32).optional().describe('被评价工作人员的用户名（可不填）'),
    ...ratingFields,
  })
  .superRefine(checkRating);
export type CardBody = z.output<typeof cardBody>;

/** Who sent the card: a supervisor entering a paper card, or a citizen's phone (by its address). */
export type CardSender = { readonly enteredBy: string } | { readonly ip: string };

export async function rateCard(ctx: ApiContext, body: CardBody, sender: CardSender): Promise<RatingView> {
  const enteredBy = 'enteredBy' in sender ? sender.enteredBy : undefined;
  const ip = 'ip' in sender ? sender.ip : null;
  const [unit] = await ctx.sql`select 1 from app.org_units where id = ${body.orgUnit}`;
  if (!unit) throw badRequest(`body.orgUnit: 没有机构 ${body.orgUnit}`, [{ path: 'body.orgUnit', message: `没有机构 ${body.orgUnit}` }]);
  if (body.staff !== undefined) {
    const [person] = await ctx.sql<{ orgUnit: string }[]>`select org_unit as "orgUnit" from app.staff where username = ${body.staff} and active`;
    if (!person) throw badRequest(`body.staff: 没有工作人员 ${body.staff}`, [{ path: 'body.staff', message: `没有工作人员 ${body.staff}` }]);
    if (person.orgUnit !== body.orgUnit) {
      const message = `工作人员 ${body.staff} 不属于 ${body.orgUnit}`;
      throw badRequest(`body.staff: ${message}`, [{ path: 'body.staff', message }]);
    }
  }
  const now = ctx.now();
  if (ip !== null) await assertPublicQuota(ctx.sql, 'cards', ip, now);
  const id = await ctx.sql.begin(async (tx) => {
    const [made] = await tx<{ id: string }[]>`
      insert into app.ratings (channel, org_unit, seat, staff_username, score, problems, comment, entered_by, source_ip, rated_at)
      values ('card', ${body.orgUnit}, ${body.seat ?? null}, ${body.staff ?? null}, ${body.score}, ${[...body.problems]},
              ${body.comment ?? null}, ${enteredBy ?? null}, ${ip}, ${now})
      returning id::text as id`;
    if (!made) throw new Error('inserting a card rating returned no row');
    if (enteredBy) {
      await audit(tx, { actor: enteredBy, action: 'rating.card-entered', subjectType: 'rating', subjectId: made.id, detail: { orgUnit: body.orgUnit, score: body.score } }, now);
    }
    return made.id;
  });
  if (isBad(body.score)) await startRectification(ctx, id);
  const row = await findRating(ctx.sql, id);
  if (!row) throw new Error(`rating ${id} vanished after it was recorded`);
  return ratingView(row);
}
