// The queue of one unit and day in app.queue_tickets: numbering, calling and the board's state.
// Numbers come from app.queue_counters (one upsert, so two kiosks never print the same number);
// a seat's calls are serialised by locking its row, and the oldest waiting ticket is taken with
// SKIP LOCKED, so two seats calling at once never get the same visitor.
import type { Sql, TransactionSql } from 'postgres';
import type { Staff } from '../auth/roles.js';
import { audit } from '../audit.js';
import { conflict, notFound } from '../http/errors.js';
import { categoryById } from './categories.js';
import { announce, type QueueEvent, type QueueEventKind } from './events.js';

/** The hall's calendar day: the county keeps Beijing time whatever the server's zone. */
export function serviceDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export interface TicketRow {
  readonly id: string;
  readonly orgUnit: string;
  readonly serviceDate: string;
  readonly category: string;
  readonly ticketNo: string;
  readonly subItemCode: string | null;
  readonly phone: string | null;
  readonly status: 'waiting' | 'called' | 'finished' | 'skipped';
  readonly takenAt: Date;
  readonly takenBy: string | null;
  readonly seat: string | null;
  readonly calledAt: Date | null;
  readonly recalls: number;
}

const TICKET_COLUMNS = 'id::text as id, org_unit as "orgUnit", service_date::text as "serviceDate", category, ticket_no as "ticketNo", sub_item_code as "subItemCode", phone, status, taken_at as "takenAt", taken_by as "takenBy", seat, called_at as "calledAt", recalls';

function eventOf(kind: QueueEventKind, ticket: TicketRow, at: Date): QueueEvent {
  const categoryName = categoryById(ticket.category)?.name ?? ticket.category;
  const spoken = kind === 'call' || kind === 'recall';
  return {
    kind,
    orgUnit: ticket.orgUnit,
    ticketNo: ticket.ticketNo,
    category: ticket.category,
    categoryName,
    seat: ticket.seat,
    at: at.toISOString(),
    announcement: spoken && ticket.seat !== null ? `请 ${ticket.ticketNo} 号到 ${ticket.seat} 号窗口办理` : null,
  };
}

export interface NewTicket {
  readonly orgUnit: string;
  readonly category: string;
  readonly subItemCode: string | undefined;
  readonly phone: string | undefined;
  readonly takenBy: string | undefined;
}

export async function takeTicket(sql: Sql, ticket: NewTicket, now: Date): Promise<{ ticket: TicketRow; waitingAhead: number }> {
  const day = serviceDate(now);
  return sql.begin(async (tx) => {
    const [counter] = await tx<{ last: number }[]>`
      insert into app.queue_counters (org_unit, service_date, category, last) values (${ticket.orgUnit}, ${day}, ${ticket.category}, 1)
      on conflict (org_unit, service_date, category) do update set last = app.queue_counters.last + 1
      returning last`;
    if (!counter) throw new Error('queue counter upsert returned no row');
    const ticketNo = `${ticket.category}${String(counter.last).padStart(3, '0')}`;
    const [row] = await tx<TicketRow[]>`
      insert into app.queue_tickets (org_unit, service_date, category, number, ticket_no, sub_item_code, phone, taken_at, taken_by)
      values (${ticket.orgUnit}, ${day}, ${ticket.category}, ${counter.last}, ${ticketNo}, ${ticket.subItemCode ?? null}, ${ticket.phone ?? null}, ${now}, ${ticket.takenBy ?? null})
      returning ${tx.unsafe(TICKET_COLUMNS)}`;
    if (!row) throw new Error('queue ticket insert returned no row');
    const [ahead] = await tx<{ n: number }[]>`
      select count(*)::int as n from app.queue_tickets
      where org_unit = ${ticket.orgUnit} and service_date = ${day} and category = ${ticket.category} and status = 'waiting' and id < ${row.id}`;
    await announce(tx, eventOf('take', row, now));
    if (ticket.takenBy !== undefined) {
      await audit(tx, { actor: ticket.takenBy, action: 'queue.take', subjectType: 'queue-ticket', subjectId: row.id, detail: { ticketNo, subItemCode: ticket.subItemCode ?? null } }, now);
    }
    return { ticket: row, waitingAhead: ahead?.n ?? 0 };
  });
}

export async function openSeat(sql: Sql, staff: Staff, seat: string, categories: readonly string[], now: Date): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`insert into app.queue_seats (org_unit, seat, categories, staff, updated_at)
      values (${staff.orgUnit}, ${seat}, ${[...categories]}, ${staff.username}, ${now})
      on conflict (org_unit, seat) do update set categories = excluded.categories, staff = excluded.staff, updated_at = excluded.updated_at`;
    await audit(tx, { actor: staff.username, action: 'queue.seat', subjectType: 'queue-seat', subjectId: `${staff.orgUnit}/${seat}`, detail: { categories } }, now);
  });
}

async function lockSeat(tx: TransactionSql, orgUnit: string, seat: string): Promise<{ categories: string[] }> {
  const [row] = await tx<{ categories: string[] }[]>`select categories from app.queue_seats where org_unit = ${orgUnit} and seat = ${seat} for update`;
  if (!row) throw notFound(`${seat} 号窗口尚未开启：请先设置该窗口叫哪些类别（PUT /queue/seats/${seat}）`);
  return row;
}

async function currentAt(tx: TransactionSql, orgUnit: string, seat: string): Promise<TicketRow | undefined> {
  const [row] = await tx<TicketRow[]>`select ${tx.unsafe(TICKET_COLUMNS)} from app.queue_tickets
    where org_unit = ${orgUnit} and seat = ${seat} and status = 'called' order by called_at desc, id desc limit 1 for update`;
  return row;
}

/**
 * Calls the oldest waiting ticket of today in the categories the seat serves. The ticket the seat
 * was serving is finished first: pressing 下一位 means the last visitor is done.
 */
export async function callNext(sql: Sql, staff: Staff, seat: string, now: Date): Promise<{ ticket: TicketRow | null; finished: TicketRow | null }> {
  return sql.begin(async (tx) => {
    const { categories } = await lockSeat(tx, staff.orgUnit, seat);
    const previous = await currentAt(tx, staff.orgUnit, seat);
    let finished: TicketRow | null = null;
    if (previous) {
      [finished = null] = await tx<TicketRow[]>`update app.queue_tickets set status = 'finished', finished_at = ${now} where id = ${previous.id} returning ${tx.unsafe(TICKET_COLUMNS)}`;
      if (finished) await announce(tx, eventOf('finish', finished, now));
    }
    const [next] = await tx<{ id: string }[]>`select id::text as id from app.queue_tickets
      where org_unit = ${staff.orgUnit} and service_date = ${serviceDate(now)} and status = 'waiting' and category = any(${categories})
      order by id limit 1 for update skip locked`;
    if (!next) return { ticket: null, finished };
    const [called] = await tx<TicketRow[]>`update app.queue_tickets
      set status = 'called', seat = ${seat}, called_at = ${now}, called_by = ${staff.username}
      where id = ${next.id} returning ${tx.unsafe(TICKET_COLUMNS)}`;
    if (!called) throw new Error(`queue ticket ${next.id} vanished while being called`);
    await announce(tx, eventOf('call', called, now));
    await audit(tx, { actor: staff.username, action: 'queue.call', subjectType: 'queue-ticket', subjectId: called.id, detail: { ticketNo: called.ticketNo, seat } }, now);
    return { ticket: called, finished };
  });
}

/** Recall, skip (no-show) or finish the ticket the seat is serving. */
export async function actOnCurrent(sql: Sql, staff: Staff, seat: string, kind: 'recall' | 'skip' | 'finish', now: Date): Promise<TicketRow> {
  return sql.begin(async (tx) => {
    await lockSeat(tx, staff.orgUnit, seat);
    const current = await currentAt(tx, staff.orgUnit, seat);
    if (!current) throw conflict(`${seat} 号窗口当前没有正在叫的号`);
    const [row] =
      kind === 'recall'
        ? await tx<TicketRow[]>`update app.queue_tickets set recalls = recalls + 1, called_at = ${now} where id = ${current.id} returning ${tx.unsafe(TICKET_COLUMNS)}`
        : await tx<TicketRow[]>`update app.queue_tickets set status = ${kind === 'skip' ? 'skipped' : 'finished'}, finished_at = ${now} where id = ${current.id} returning ${tx.unsafe(TICKET_COLUMNS)}`;
    if (!row) throw new Error(`queue ticket ${current.id} vanished`);
    await announce(tx, eventOf(kind, row, now));
    await audit(tx, { actor: staff.username, action: `queue.${kind}`, subjectType: 'queue-ticket', subjectId: row.id, detail: { ticketNo: row.ticketNo, seat } }, now);
    return row;
  });
}

export interface Board {
  readonly orgUnit: string;
  readonly serviceDate: string;
  readonly categories: readonly { id: string; name: string; waiting: number; issued: number }[];
  readonly seats: readonly { seat: string; categories: readonly string[]; current: { ticketNo: string; category: string; calledAt: Date } | null }[];
  /** The latest calls and recalls, newest first. */
  readonly recentCalls: readonly { ticketNo: string; category: string; seat: string; calledAt: Date }[];
}

export async function boardOf(sql: Sql, orgUnit: string, categories: readonly { id: string; name: string }[], now: Date): Promise<Board> {
  const day = serviceDate(now);
  const counts = await sql<{ category: string; waiting: number; issued: number }[]>`
    select category, count(*) filter (where status = 'waiting')::int as waiting, count(*)::int as issued
    from app.queue_tickets where org_unit = ${orgUnit} and service_date = ${day} group by category`;
  const seats = await sql<{ seat: string; categories: string[]; ticketNo: string | null; category: string | null; calledAt: Date | null }[]>`
    select s.seat, s.categories, t.ticket_no as "ticketNo", t.category, t.called_at as "calledAt"
    from app.queue_seats s
    left join lateral (
      select ticket_no, category, called_at from app.queue_tickets
      where org_unit = s.org_unit and seat = s.seat and status = 'called' and service_date = ${day}
      order by called_at desc limit 1
    ) t on true
    where s.org_unit = ${orgUnit} order by length(s.seat), s.seat`;
  const recent = await sql<{ ticketNo: string; category: string; seat: string; calledAt: Date }[]>`
    select ticket_no as "ticketNo", category, seat, called_at as "calledAt" from app.queue_tickets
    where org_unit = ${orgUnit} and service_date = ${day} and called_at is not null
    order by called_at desc, id desc limit 10`;
  return {
    orgUnit,
    serviceDate: day,
    categories: categories.map((c) => {
      const n = counts.find((x) => x.category === c.id);
      return { id: c.id, name: c.name, waiting: n?.waiting ?? 0, issued: n?.issued ?? 0 };
    }),
    seats: seats.map((s) => ({
      seat: s.seat,
      categories: s.categories,
      current: s.ticketNo !== null && s.category !== null && s.calledAt !== null ? { ticketNo: s.ticketNo, category: s.category, calledAt: s.calledAt } : null,
    })),
    recentCalls: recent,
  };
}
