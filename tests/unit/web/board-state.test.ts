// The display board's state (modeler-ui/src/public/board-state.ts): a snapshot, then queue
// events applied the way a waiting visitor reads the screen.
import { describe, expect, it } from 'vitest';
import { applyEvent, fromSnapshot, type Board, type QueueEvent } from '../../../modeler-ui/src/public/board-state.js';

const board: Board = {
  orgUnit: 'county',
  serviceDate: '2026-12-01',
  categories: [
    { id: 'A', name: '企业开办', waiting: 2, issued: 3 },
    { id: 'B', name: '社会事务', waiting: 0, issued: 0 },
  ],
  seats: [{ seat: '3', categories: ['A'], current: { ticketNo: 'A001', category: 'A', calledAt: '2026-12-01T01:00:00.000Z' } }],
  recentCalls: [{ ticketNo: 'A001', category: 'A', seat: '3', calledAt: '2026-12-01T01:00:00.000Z' }],
};

const event = (kind: QueueEvent['kind'], ticketNo: string, seat: string | null, at = '2026-12-01T02:00:00.000Z'): QueueEvent => ({
  kind,
  orgUnit: 'county',
  ticketNo,
  category: ticketNo.slice(0, 1),
  categoryName: '企业开办',
  seat,
  at,
  announcement: kind === 'call' || kind === 'recall' ? `请 ${ticketNo} 号到 ${seat ?? ''} 号窗口办理` : null,
});

describe('display board state', () => {
  it('a snapshot shows its most recent call as the latest', () => {
    expect(fromSnapshot(board).latest).toEqual({ ticketNo: 'A001', seat: '3', at: '2026-12-01T01:00:00.000Z', recall: false, announcement: null });
    expect(fromSnapshot({ ...board, recentCalls: [] }).latest).toBeNull();
  });

  it('a ticket taken adds one waiting; a call takes one off, moves the seat to the new number and tops the recent list', () => {
    let state = applyEvent(fromSnapshot(board), event('take', 'A004', null));
    expect(state.board.categories[0]).toMatchObject({ waiting: 3, issued: 4 });
    state = applyEvent(state, event('call', 'A002', '3'));
    expect(state.board.categories[0]?.waiting).toBe(2);
    expect(state.board.seats[0]?.current?.ticketNo).toBe('A002');
    expect(state.board.recentCalls.map((c) => c.ticketNo)).toEqual(['A002', 'A001']);
    expect(state.latest).toMatchObject({ ticketNo: 'A002', seat: '3', recall: false, announcement: '请 A002 号到 3 号窗口办理' });
  });

  it('a recall repeats the number without counting it again or listing it twice', () => {
    const state = applyEvent(fromSnapshot(board), event('recall', 'A001', '3'));
    expect(state.board.categories[0]?.waiting).toBe(2);
    expect(state.board.recentCalls.map((c) => c.ticketNo)).toEqual(['A001']);
    expect(state.latest).toMatchObject({ ticketNo: 'A001', recall: true });
  });

  it('a seat first seen in a call is added; skip and finish clear the seat showing that number', () => {
    let state = applyEvent(fromSnapshot(board), event('call', 'B001', '5'));
    expect(state.board.seats.map((s) => [s.seat, s.current?.ticketNo])).toEqual([['3', 'A001'], ['5', 'B001']]);
    state = applyEvent(state, event('finish', 'A001', '3'));
    state = applyEvent(state, event('skip', 'B001', '5'));
    expect(state.board.seats.map((s) => s.current)).toEqual([null, null]);
    expect(state.latest?.ticketNo).toBe('B001');
  });

  it('a reconnect’s snapshot keeps the recall shown when it is still the latest call', () => {
    const recalled = applyEvent(fromSnapshot(board), event('recall', 'A001', '3'));
    expect(fromSnapshot(board, recalled).latest).toMatchObject({ recall: true, announcement: '请 A001 号到 3 号窗口办理' });
    const newer = { ...board, recentCalls: [{ ticketNo: 'A002', category: 'A', seat: '3', calledAt: '2026-12-01T03:00:00.000Z' }, ...board.recentCalls] };
    expect(fromSnapshot(newer, recalled).latest).toMatchObject({ ticketNo: 'A002', recall: false });
  });
});
