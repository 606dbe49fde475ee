// The display board's live connection: GET /api/queue/events as server-sent events. The browser
// retries a dropped stream by itself (the api asks for 3 s), but gives up for good when an attempt
// is answered with an error status (the api restarting, a proxy's 502); then we open a new
// EventSource ourselves, waiting longer after each failure. Each (re)connect starts with a `board`
// snapshot, so nothing missed while disconnected stays wrong.
import type { Board, QueueEvent } from './board-state.js';

export type FeedStatus = 'connecting' | 'live' | 'reconnecting';

export interface FeedHandlers {
  onBoard(board: Board): void;
  onEvent(event: QueueEvent): void;
  onStatus(status: FeedStatus): void;
}

const EVENT_KINDS = ['take', 'call', 'recall', 'skip', 'finish'] as const;
const MAX_WAIT_MS = 15_000;

/** Opens the feed of `orgUnit`; the returned function closes it for good. */
export function connectBoardFeed(orgUnit: string, handlers: FeedHandlers): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const open = () => {
    if (stopped) return;
    source = new EventSource(`/api/queue/events?orgUnit=${encodeURIComponent(orgUnit)}`);
    source.addEventListener('board', (message) => {
      failures = 0;
      handlers.onStatus('live');
      handlers.onBoard(JSON.parse((message as MessageEvent<string>).data) as Board);
    });
    for (const kind of EVENT_KINDS) {
      source.addEventListener(kind, (message) => handlers.onEvent(JSON.parse((message as MessageEvent<string>).data) as QueueEvent));
    }
    source.onerror = () => {
      if (stopped || !source) return;
      handlers.onStatus('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return; // the browser is retrying
      source.close();
      failures += 1;
      timer = setTimeout(open, Math.min(MAX_WAIT_MS, 1000 * 2 ** (failures - 1)));
    };
  };

  handlers.onStatus('connecting');
  open();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    source?.close();
  };
}
