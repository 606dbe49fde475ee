// The live feed of a unit's queue for its display board. Every change is announced with
// pg_notify inside the transaction that makes it, so it reaches listeners only once committed,
// and every api process (not just the one that handled the call) hears it through LISTEN: a board
// connected to any process shows every call.
import type { Response } from 'express';
import type { Sql, TransactionSql } from 'postgres';
import type { QueueEvent, QueueEventKind } from './queue-event.js';

export type { QueueEvent, QueueEventKind };

const CHANNEL = 'ow_queue';

export async function announce(tx: TransactionSql, event: QueueEvent): Promise<void> {
  await tx`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`;
}

type Listener = (event: QueueEvent) => void;

/** One LISTEN connection per api process, shared by every board connected to it. */
export class QueueFeed {
  private readonly listeners = new Map<string, Set<Listener>>();
  private listening: Promise<unknown> | undefined;

  constructor(private readonly sql: Sql) {}

  /** Resolves once LISTEN is in place, so nothing committed after it is missed. */
  async subscribe(orgUnit: string, listener: Listener): Promise<() => void> {
    this.listening ??= this.sql.listen(CHANNEL, (payload) => this.dispatch(payload)).catch((error: unknown) => {
      this.listening = undefined;
      throw error;
    });
    await this.listening;
    let set = this.listeners.get(orgUnit);
    if (!set) this.listeners.set(orgUnit, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private dispatch(payload: string): void {
    let event: QueueEvent;
    try {
      event = JSON.parse(payload) as QueueEvent;
    } catch {
      console.error('queue: a notification that is not JSON was ignored', payload);
      return;
    }
    for (const listener of this.listeners.get(event.orgUnit) ?? []) listener(event);
  }
}

/** Server-sent events on `res`: headers, then `send` per event, a comment every 20 s to keep proxies from closing it. */
export function openEventStream(res: Response, onClose: () => void): { send(event: string, data: unknown, id?: number): void } {
  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 3000\n\n');
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 20_000);
  heartbeat.unref();
  res.on('close', () => {
    clearInterval(heartbeat);
    onClose();
  });
  return {
    send(event, data, id) {
      res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
  };
}
