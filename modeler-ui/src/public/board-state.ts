// What the display board shows, kept from the api's feed: the `board` snapshot sent on every
// (re)connect, then each queue event applied to it. Pure, so the rules (a call moves the seat's
// number and lowers the waiting count, a recall only repeats it) are tested without a browser.
import type { QueueEvent } from '../../../api/queue/queue-event.js';

/** One event of /api/queue/events: the api's own type (a type-only import, erased from the bundle). */
export type { QueueEvent };

/** GET /api/queue/board, and the `board` event of /api/queue/events (dates as JSON strings). */
export interface Board {
  readonly orgUnit: string;
  readonly serviceDate: string;
  readonly categories: readonly { readonly id: string; readonly name: string; readonly waiting: number; readonly issued: number }[];
  readonly seats: readonly { readonly seat: string; readonly categories: readonly string[]; readonly current: { readonly ticketNo: string; readonly category: string; readonly calledAt: string } | null }[];
  readonly recentCalls: readonly RecentCall[];
}

export interface RecentCall {
  readonly ticketNo: string;
  readonly category: string;
  readonly seat: string;
  readonly calledAt: string;
}

/** The call shown big: the last call or recall. */
export interface LatestCall {
  readonly ticketNo: string;
  readonly seat: string;
  readonly at: string;
  readonly recall: boolean;
  /** The api's announcement (for a call seen live); null for one read from a snapshot. */
  readonly announcement: string | null;
}

export interface BoardState {
  readonly board: Board;
  readonly latest: LatestCall | null;
}

/** As many recent calls as the api's snapshot lists. */
const RECENT = 10;

export function fromSnapshot(board: Board, previous?: BoardState): BoardState {
  const first = board.recentCalls[0];
  // A reconnect's snapshot must not forget that the latest call was a recall with its announcement.
  const keep = previous?.latest && first && previous.latest.ticketNo === first.ticketNo && previous.latest.seat === first.seat ? previous.latest : undefined;
  return { board, latest: keep ?? (first ? { ticketNo: first.ticketNo, seat: first.seat, at: first.calledAt, recall: false, announcement: null } : null) };
}

export function applyEvent(state: BoardState, event: QueueEvent): BoardState {
  const { board } = state;
  switch (event.kind) {
    case 'take':
      return { ...state, board: { ...board, categories: board.categories.map((c) => (c.id === event.category ? { ...c, waiting: c.waiting + 1, issued: c.issued + 1 } : c)) } };
    case 'call':
    case 'recall': {
      const seat = event.seat;
      if (seat === null) return state;
      const call: RecentCall = { ticketNo: event.ticketNo, category: event.category, seat, calledAt: event.at };
      const current = { ticketNo: event.ticketNo, category: event.category, calledAt: event.at };
      const seats = board.seats.some((s) => s.seat === seat)
        ? board.seats.map((s) => (s.seat === seat ? { ...s, current } : s))
        : [...board.seats, { seat, categories: [event.category], current }];
      return {
        board: {
          ...board,
          categories: event.kind === 'call' ? board.categories.map((c) => (c.id === event.category ? { ...c, waiting: Math.max(0, c.waiting - 1) } : c)) : board.categories,
          seats,
          recentCalls: [call, ...board.recentCalls.filter((r) => r.ticketNo !== event.ticketNo)].slice(0, RECENT),
        },
        latest: { ticketNo: event.ticketNo, seat, at: event.at, recall: event.kind === 'recall', announcement: event.announcement },
      };
    }
    case 'skip':
    case 'finish':
      return { ...state, board: { ...board, seats: board.seats.map((s) => (s.current?.ticketNo === event.ticketNo ? { ...s, current: null } : s)) } };
  }
}
