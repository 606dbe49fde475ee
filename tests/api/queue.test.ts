// 叫号: tickets numbered per unit, category and day; a seat calls the oldest waiting ticket of its
// categories; the display board follows over real server-sent events.
import { describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';

// The hall's clock, moved by the tests (08:30 Beijing time on a Monday).
let clock = new Date('2026-03-02T00:30:00Z');
const t = apiSuite('api-queue', { now: () => clock });

interface Ticket {
  id: string;
  ticketNo: string;
  orgUnit: string;
  category: string;
  categoryName: string;
  subItemCode: string | null;
  subItemName: string | null;
  status: string;
  seat: string | null;
  recalls: number;
  waitingAhead?: number;
}
interface QueueEvent {
  kind: string;
  orgUnit: string;
  ticketNo: string;
  seat: string | null;
  category: string;
  categoryName: string;
  announcement: string | null;
}
interface Board {
  orgUnit: string;
  serviceDate: string;
  categories: { id: string; name: string; waiting: number; issued: number }[];
  seats: { seat: string; categories: string[]; current: { ticketNo: string } | null }[];
  recentCalls: { ticketNo: string; seat: string }[];
}

interface EventStream {
  /** The next event (of `kind`, skipping others), or a failure after `ms`. */
  next<T = QueueEvent>(kind?: string, ms?: number): Promise<{ event: string; data: T }>;
  close(): void;
}

/** Reads /queue/events as a display board does: the raw text/event-stream, parsed by hand. */
async function openBoard(orgUnit: string): Promise<EventStream> {
  const abort = new AbortController();
  const response = await t.anonymous.raw(`/queue/events?orgUnit=${orgUnit}`, { signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  if (!response.body) throw new Error('no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const queue: { event: string; data: unknown }[] = [];
  let buffer = '';
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/mu.exec(block)?.[1];
          const data = /^data: (.*)$/mu.exec(block)?.[1];
          if (event !== undefined && data !== undefined) queue.push({ event, data: JSON.parse(data) as unknown });
          wake?.();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    async next<T>(kind?: string, ms = 5000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const index = queue.findIndex((e) => kind === undefined || e.event === kind);
        if (index >= 0) {
          const [found] = queue.splice(0, index + 1).slice(-1);
          if (found) return found as { event: string; data: T };
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${kind ?? 'event'} within ${ms} ms`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, left);
        });
      }
    },
    close: () => abort.abort(),
  };
}

describe('taking tickets', () => {
  it('numbers tickets per category, unit and day, like A001', async () => {
    const a1 = await t.anonymous.post<Ticket>('/queue/tickets', { orgUnit: 'county', category: 'A' });
    expect(a1.status).toBe(201);
    expect(a1.body).toMatchObject({ ticketNo: 'A001', categoryName: '企业开办', status: 'waiting', waitingAhead: 0 });
    const a2 = await t.anonymous.post<Ticket>('/queue/tickets', { orgUnit: 'county', category: 'A' });
    expect(a2.body).toMatchObject({ ticketNo: 'A002', waitingAhead: 1 });
    // A town has its own queue: its first 综合 ticket is D001 even after the county's.
    const county = await t.anonymous.post<Ticket>('/queue/tickets', { orgUnit: 'county', category: 'D' });
    const town = await t.anonymous.post<Ticket>('/queue/tickets', { orgUnit: 'town-qingshan', category: 'D' });
    expect([county.body.ticketNo, town.body.ticketNo]).toEqual(['D001', 'D001']);
  });

  it('a guide gives a ticket for a sub-item: the category follows the dictionary, the guide is recorded', async () => {
    const guide = await t.as('guide');
    const food = await guide.post<Ticket>('/queue/tickets', { subItemCode: '330A0100200001', phone: '13800138000' });
    expect(food.status).toBe(201);
    expect(food.body).toMatchObject({ orgUnit: 'county', category: 'A', subItemName: '食品经营许可（新办）' });
    const [row] = await t.sql`select taken_by, phone from app.queue_tickets where id = ${food.body.id}`;
    expect(row).toEqual({ taken_by: 'guide', phone: '13800138000' });
    const [entry] = await t.sql`select actor, action from app.audit where subject_type = 'queue-ticket' and subject_id = ${food.body.id}`;
    expect(entry).toEqual({ actor: 'guide', action: 'queue.take' });

    const marry = await guide.post<Ticket>('/queue/tickets', { subItemCode: '330C0800100001' });
    expect(marry.body.category).toBe('B');
    // At a town sub-centre, its catalogue queues in 综合.
    const townClerk = await t.as('town-clerk');
    const pension = await townClerk.post<Ticket>('/queue/tickets', { subItemCode: '330F1200200001' });
    expect(pension.body).toMatchObject({ orgUnit: 'town-qingshan', category: 'D' });
  });

  it('refuses what the unit does not handle, an unknown unit, a bad phone and tickets for another unit', async () => {
    const town = await t.anonymous.post<ErrorBody>('/queue/tickets', { orgUnit: 'town-qingshan', subItemCode: '330A0100200001' });
    expect(town.status).toBe(400);
    expect(town.body.error.message).toContain('县政务服务中心');
    const noLine = await t.anonymous.post<ErrorBody>('/queue/tickets', { orgUnit: 'town-qingshan', category: 'A' });
    expect(noLine.body.error.issues?.[0]?.path).toBe('body.category');
    const unit = await t.anonymous.post<ErrorBody>('/queue/tickets', { orgUnit: 'mars', category: 'E' });
    expect(unit.body.error.issues?.[0]).toEqual({ path: 'body.orgUnit', message: '没有机构 mars' });
    const phone = await t.anonymous.post<ErrorBody>('/queue/tickets', { orgUnit: 'county', category: 'E', phone: '12345' });
    expect(phone.body.error.issues?.[0]?.path).toBe('body.phone');
    const kiosk = await t.anonymous.post<ErrorBody>('/queue/tickets', { category: 'E' });
    expect(kiosk.body.error.issues?.[0]?.path).toBe('body.orgUnit');
    const guide = await t.as('guide');
    expect((await guide.post('/queue/tickets', { orgUnit: 'town-hekou', category: 'E' })).status).toBe(403);
  });
});

describe('calling', () => {
  it('a seat calls the oldest waiting ticket of its categories; the board hears every call and recall', async () => {
    const board = await openBoard('county');
    try {
      const snapshot = await board.next<Board>('board');
      const waitingA = snapshot.data.categories.find((c) => c.id === 'A')?.waiting ?? 0;
      expect(waitingA).toBeGreaterThanOrEqual(2);

      const clerk = await t.as('clerk');
      const opened = await clerk.put('/queue/seats/3', { categories: ['A', 'D'] });
      expect(opened.status).toBe(200);

      // A001 was taken first of everything in A and D.
      const first = await clerk.post<{ ticket: Ticket | null; finished: Ticket | null }>('/queue/seats/3/call');
      expect(first.body.ticket).toMatchObject({ ticketNo: 'A001', seat: '3', status: 'called' });
      const call = await board.next('call');
      expect(call.data).toMatchObject({ ticketNo: 'A001', seat: '3', category: 'A', categoryName: '企业开办', announcement: '请 A001 号到 3 号窗口办理' });

      const recall = await clerk.post<Ticket>('/queue/seats/3/recall');
      expect(recall.body.recalls).toBe(1);
      expect((await board.next('recall')).data).toMatchObject({ ticketNo: 'A001', seat: '3' });

      // 下一位: A001 is finished, A002 called.
      const second = await clerk.post<{ ticket: Ticket | null; finished: Ticket | null }>('/queue/seats/3/call');
      expect(second.body.finished).toMatchObject({ ticketNo: 'A001', status: 'finished' });
      expect(second.body.ticket?.ticketNo).toBe('A002');
      expect((await board.next('call')).data.ticketNo).toBe('A002');

      const skipped = await clerk.post<Ticket>('/queue/seats/3/skip');
      expect(skipped.body).toMatchObject({ ticketNo: 'A002', status: 'skipped' });
      expect((await board.next('skip')).data.ticketNo).toBe('A002');
      const none = await clerk.post<ErrorBody>('/queue/seats/3/recall');
      expect(none.status).toBe(409);

      const state = await t.anonymous.get<Board>('/queue/board', { orgUnit: 'county' });
      expect(state.body.seats).toEqual([{ seat: '3', categories: ['A', 'D'], current: null }]);
      expect(state.body.recentCalls.map((c) => c.ticketNo)).toEqual(['A002', 'A001']);
      expect(state.body.categories.find((c) => c.id === 'A')?.waiting).toBe(waitingA - 2);
    } finally {
      board.close();
    }
  });

  it('two seats never call the same ticket, and a seat serves only its categories', async () => {
    const clerk = await t.as('clerk');
    await clerk.put('/queue/seats/1', { categories: ['B'] });
    await clerk.put('/queue/seats/2', { categories: ['B'] });
    for (let i = 0; i < 3; i++) await t.anonymous.post('/queue/tickets', { orgUnit: 'county', category: 'B' });
    const calls = await Promise.all([clerk.post<{ ticket: Ticket | null }>('/queue/seats/1/call'), clerk.post<{ ticket: Ticket | null }>('/queue/seats/2/call')]);
    const numbers = calls.map((c) => c.body.ticket?.ticketNo);
    expect(new Set(numbers).size).toBe(2);
    expect(numbers.every((n) => n?.startsWith('B'))).toBe(true);

    // Seat 5 serves only E: nothing waiting there, however long the B line.
    await clerk.put('/queue/seats/5', { categories: ['E'] });
    const empty = await clerk.post<{ ticket: Ticket | null }>('/queue/seats/5/call');
    expect(empty.status).toBe(200);
    expect(empty.body.ticket).toBeNull();
  });

  it('each unit hears only its own calls', async () => {
    const townBoard = await openBoard('town-qingshan');
    try {
      await townBoard.next('board');
      const clerk = await t.as('clerk');
      await t.anonymous.post('/queue/tickets', { orgUnit: 'county', category: 'C' });
      await clerk.put('/queue/seats/7', { categories: ['C'] });
      expect((await clerk.post<{ ticket: Ticket | null }>('/queue/seats/7/call')).body.ticket?.category).toBe('C');

      const townClerk = await t.as('town-clerk');
      await townClerk.put('/queue/seats/1', { categories: ['D', 'E'] });
      const called = await townClerk.post<{ ticket: Ticket | null }>('/queue/seats/1/call');
      expect(called.body.ticket).toMatchObject({ orgUnit: 'town-qingshan', ticketNo: 'D001' });
      const event = await townBoard.next('call');
      expect(event.data).toMatchObject({ orgUnit: 'town-qingshan', ticketNo: 'D001', seat: '1' });
    } finally {
      townBoard.close();
    }
  });

  it('only clerks call; a town seat cannot serve a county-only line; an unopened seat is a 404', async () => {
    expect((await t.anonymous.post('/queue/seats/3/call')).status).toBe(401);
    const guide = await t.as('guide');
    expect((await guide.post('/queue/seats/3/call')).status).toBe(403);
    const townClerk = await t.as('town-clerk');
    const bad = await townClerk.put<ErrorBody>('/queue/seats/2', { categories: ['D', 'A'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.[0]?.path).toBe('body.categories.1');
    const clerk = await t.as('clerk');
    const closed = await clerk.post<ErrorBody>('/queue/seats/99/call');
    expect(closed.status).toBe(404);
    expect(closed.body.error.message).toContain('尚未开启');
  });
});

describe('a new day', () => {
  it('numbers start again at 001 and yesterday’s waiting tickets are not called', async () => {
    await t.anonymous.post('/queue/tickets', { orgUnit: 'county', category: 'E' });
    clock = new Date(clock.getTime() + 24 * 3600_000);
    const fresh = await t.anonymous.post<Ticket>('/queue/tickets', { orgUnit: 'county', category: 'A' });
    expect(fresh.body.ticketNo).toBe('A001');
    const board = await t.anonymous.get<Board>('/queue/board', { orgUnit: 'county' });
    expect(board.body.serviceDate).toBe('2026-03-03');
    expect(board.body.categories.find((c) => c.id === 'E')).toMatchObject({ waiting: 0, issued: 0 });

    // Yesterday's session has run out: the clerk signs in again this morning.
    const login = await t.anonymous.post<{ token: string }>('/auth/login', { username: 'clerk', password: 'onewindow2026' });
    const headers = { authorization: `Bearer ${login.body.token}`, 'content-type': 'application/json' };
    const opened = await fetch(`${t.url}/api/queue/seats/5`, { method: 'PUT', headers, body: JSON.stringify({ categories: ['E'] }) });
    expect(opened.status).toBe(200);
    const call = await fetch(`${t.url}/api/queue/seats/5/call`, { method: 'POST', headers });
    expect(call.status).toBe(200);
    expect(((await call.json()) as { ticket: Ticket | null }).ticket).toBeNull();
  });
});
