// One event of a unit's queue feed (GET /queue/events), with no server imports so that the
// display board can `import type` it.

export type QueueEventKind = 'take' | 'call' | 'recall' | 'skip' | 'finish';

export interface QueueEvent {
  readonly kind: QueueEventKind;
  readonly orgUnit: string;
  readonly ticketNo: string;
  readonly category: string;
  readonly categoryName: string;
  readonly seat: string | null;
  readonly at: string;
  /** What the board reads out for a call or recall: 请 A012 号到 3 号窗口. */
  readonly announcement: string | null;
}
