// /queue: 叫号. A visitor takes a ticket (at the kiosk, or from the guide with the sub-item they
// need); a clerk opens a seat for some categories and calls the next ticket, recalls, skips a
// no-show or finishes; the display board follows by server-sent events. Each unit (the county
// hall, every town sub-centre) has its own queue and numbers restart every day.
import type { Router } from 'express';
import { z } from 'zod';
import { ORG_LEVEL_LABELS, type OrgLevel } from '../../processes/dictionary/schema.js';
import type { ApiContext } from '../context.js';
import { badRequest, forbidden } from '../http/errors.js';
import { RAW, route, type RouteRegistry } from '../http/route.js';
import { categoriesAt, categoryById, categoryOf, CATEGORY_IDS, QUEUE_CATEGORIES } from './categories.js';
import { openEventStream, QueueFeed } from './events.js';
import { actOnCurrent, boardOf, callNext, openSeat, takeTicket, type TicketRow } from './store.js';

const TAG = '叫号';
const CLERKS = ['clerk', 'admin'] as const;
const Seat = z.object({ seat: z.string().regex(/^[0-9A-Za-z-]{1,8}$/u, { error: '窗口号应为1–8位字母、数字或连字符，如 3' }) });

const Ticket = z.object({
  id: z.string(),
  ticketNo: z.string(),
  orgUnit: z.string(),
  serviceDate: z.string(),
  category: z.string(),
  categoryName: z.string(),
  subItemCode: z.string().nullable(),
  subItemName: z.string().nullable(),
  status: z.string(),
  seat: z.string().nullable(),
  takenAt: z.date(),
  calledAt: z.date().nullable(),
  recalls: z.number(),
});

export function queueRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  const feed = new QueueFeed(ctx.sql);

  const unitLevel = async (orgUnit: string, where: string): Promise<OrgLevel> => {
    const [unit] = await ctx.sql<{ level: OrgLevel }[]>`select level from app.org_units where id = ${orgUnit}`;
    if (!unit) throw badRequest(`${where}: 没有机构 ${orgUnit}`, [{ path: where, message: `没有机构 ${orgUnit}` }]);
    return unit.level;
  };

  const view = (t: TicketRow): z.input<typeof Ticket> => ({
    id: t.id,
    ticketNo: t.ticketNo,
    orgUnit: t.orgUnit,
    serviceDate: t.serviceDate,
    category: t.category,
    categoryName: categoryById(t.category)?.name ?? t.category,
    subItemCode: t.subItemCode,
    subItemName: t.subItemCode === null ? null : (ctx.dictionary().byCode.get(t.subItemCode)?.name ?? null),
    status: t.status,
    seat: t.seat,
    takenAt: t.takenAt,
    calledAt: t.calledAt,
    recalls: t.recalls,
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/queue/categories',
    tag: TAG,
    summary: '各机构的叫号类别',
    access: 'public',
    query: z.object({ orgUnit: z.string().min(1).optional() }),
    response: z.array(z.object({ id: z.string(), name: z.string(), levels: z.array(z.string()) })),
    async handler({ query }) {
      const list = query.orgUnit === undefined ? QUEUE_CATEGORIES : categoriesAt(await unitLevel(query.orgUnit, 'query.orgUnit'));
      return list.map((c) => ({ id: c.id, name: c.name, levels: [...c.levels] }));
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/queue/tickets',
    tag: TAG,
    summary: '取号（自助取号机或导办员）',
    description:
      '给出业务办理项编码时按事典确定类别（县中心按分册：企业开办 A、社会事务 B、投资项目 C、镇街事项 D；镇街分中心一律 D 综合），' +
      '并检查本机构可办；也可直接给类别（如 E 办不成事反映）。导办员登录时默认本机构，自助机须给 orgUnit。',
    access: 'public',
    status: 201,
    body: z.object({
      orgUnit: z.string().min(1).optional(),
      category: z.enum(CATEGORY_IDS as [string, ...string[]]).optional(),
      subItemCode: z.string().regex(/^[0-9A-Z]{12}\d{2}$/u, { error: '业务办理项编码应为14位' }).optional(),
      phone: z.string().regex(/^1[3-9]\d{9}$/u, { error: '手机号应为11位，以1开头' }).optional(),
    }),
    response: Ticket.extend({ waitingAhead: z.number() }),
    async handler({ body, staff, ctx }) {
      if (staff && body.orgUnit !== undefined && body.orgUnit !== staff.orgUnit) {
        throw forbidden(`只能为本机构（${staff.orgUnit}）取号`);
      }
      const orgUnit = body.orgUnit ?? staff?.orgUnit;
      if (orgUnit === undefined) throw badRequest('body.orgUnit: 自助取号须指明机构', [{ path: 'body.orgUnit', message: '自助取号须指明机构' }]);
      const level = await unitLevel(orgUnit, 'body.orgUnit');
      let category = body.category === undefined ? undefined : categoryById(body.category);
      if (body.subItemCode !== undefined) {
        const item = ctx.dictionary().byCode.get(body.subItemCode);
        if (!item) throw badRequest(`body.subItemCode: 受理事典中没有业务办理项 ${body.subItemCode}`, [{ path: 'body.subItemCode', message: '受理事典中没有此业务办理项' }]);
        if (!item.levels.includes(level)) {
          const where = item.levels.map((l) => ORG_LEVEL_LABELS[l]).join('、');
          throw badRequest(`body.subItemCode: ${item.name}不在本机构办理，请到${where}办理`, [{ path: 'body.subItemCode', message: `仅${where}可办` }]);
        }
        category ??= categoryOf(item, level);
      }
      if (!category) throw badRequest('body.category: 请给出类别或业务办理项', [{ path: 'body.category', message: '请给出类别或业务办理项编码' }]);
      if (!category.levels.includes(level)) {
        const offered = categoriesAt(level).map((c) => `${c.id} ${c.name}`).join('、');
        throw badRequest(`body.category: 本机构没有“${category.name}”队列（可选：${offered}）`, [{ path: 'body.category', message: `本机构可选：${offered}` }]);
      }
      const { ticket, waitingAhead } = await takeTicket(ctx.sql, { orgUnit, category: category.id, subItemCode: body.subItemCode, phone: body.phone, takenBy: staff?.username }, ctx.now());
      return { ...view(ticket), waitingAhead };
    },
  });

  route(router, registry, ctx, {
    method: 'put',
    path: '/queue/seats/:seat',
    tag: TAG,
    summary: '开启窗口并设置它叫哪些类别（本机构）',
    access: CLERKS,
    params: Seat,
    body: z.object({ categories: z.array(z.enum(CATEGORY_IDS as [string, ...string[]])).min(1, { error: '至少选一个类别' }) }),
    response: z.object({ orgUnit: z.string(), seat: z.string(), categories: z.array(z.string()) }),
    async handler({ params, body, staff, ctx }) {
      if (!staff) throw new Error('a clerk route ran without staff');
      const offered = categoriesAt(staff.orgLevel).map((c) => c.id);
      const issues = body.categories.flatMap((c, i) => (offered.includes(c) ? [] : [{ path: `body.categories.${i}`, message: `本机构没有类别 ${c}（可选：${offered.join('、')}）` }]));
      if (issues.length > 0) throw badRequest(`${issues[0]?.path ?? ''}: ${issues[0]?.message ?? ''}`, issues);
      const categories = [...new Set(body.categories)];
      await openSeat(ctx.sql, staff, params.seat, categories, ctx.now());
      return { orgUnit: staff.orgUnit, seat: params.seat, categories };
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/queue/seats/:seat/call',
    tag: TAG,
    summary: '叫下一位：本窗口所叫类别中最早取号的等候者（当前号视为办结）',
    access: CLERKS,
    params: Seat,
    response: z.object({ ticket: Ticket.nullable(), finished: Ticket.nullable() }),
    async handler({ params, staff, ctx }) {
      if (!staff) throw new Error('a clerk route ran without staff');
      const { ticket, finished } = await callNext(ctx.sql, staff, params.seat, ctx.now());
      return { ticket: ticket && view(ticket), finished: finished && view(finished) };
    },
  });

  for (const [kind, summary] of [
    ['recall', '重呼当前号'],
    ['skip', '过号（未到）'],
    ['finish', '办结当前号'],
  ] as const) {
    route(router, registry, ctx, {
      method: 'post',
      path: `/queue/seats/:seat/${kind}`,
      tag: TAG,
      summary,
      access: CLERKS,
      params: Seat,
      response: Ticket,
      async handler({ params, staff, ctx }) {
        if (!staff) throw new Error('a clerk route ran without staff');
        return view(await actOnCurrent(ctx.sql, staff, params.seat, kind, ctx.now()));
      },
    });
  }

  const BoardQuery = z.object({ orgUnit: z.string().min(1) });

  route(router, registry, ctx, {
    method: 'get',
    path: '/queue/board',
    tag: TAG,
    summary: '叫号屏当前状态：各类别等候人数、各窗口当前号、最近叫号',
    access: 'public',
    query: BoardQuery,
    response: z.object({
      orgUnit: z.string(),
      serviceDate: z.string(),
      categories: z.array(z.object({ id: z.string(), name: z.string(), waiting: z.number(), issued: z.number() })).readonly(),
      seats: z.array(z.object({ seat: z.string(), categories: z.array(z.string()).readonly(), current: z.object({ ticketNo: z.string(), category: z.string(), calledAt: z.date() }).nullable() })).readonly(),
      recentCalls: z.array(z.object({ ticketNo: z.string(), category: z.string(), seat: z.string(), calledAt: z.date() })).readonly(),
    }),
    async handler({ query, ctx }) {
      const level = await unitLevel(query.orgUnit, 'query.orgUnit');
      return boardOf(ctx.sql, query.orgUnit, categoriesAt(level), ctx.now());
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/queue/events',
    tag: TAG,
    summary: '叫号屏实时推送（server-sent events）',
    description:
      '先推送一次 `board`（当前状态），此后每次取号、叫号、重呼、过号、办结各推送一条，事件名为 take / call / recall / skip / finish，' +
      'data 含 ticketNo、seat、category、categoryName、announcement（叫号与重呼时的播报语）。只推送 orgUnit 这一机构的事件。',
    access: 'public',
    query: BoardQuery,
    produces: 'text/event-stream',
    async handler({ query, ctx, req, res }) {
      const level = await unitLevel(query.orgUnit, 'query.orgUnit');
      let closed = false;
      let unsubscribe: (() => void) | undefined;
      const stream = openEventStream(res, () => {
        closed = true;
        unsubscribe?.();
      });
      let id = 0;
      // Subscribe before reading the board, so a change in between is sent (at worst twice), never lost.
      const stop = await feed.subscribe(query.orgUnit, (event) => stream.send(event.kind, event, ++id));
      if (closed) stop();
      else unsubscribe = stop;
      stream.send('board', await boardOf(ctx.sql, query.orgUnit, categoriesAt(level), ctx.now()), ++id);
      req.socket.setTimeout(0);
      return RAW;
    },
  });
}
