// Everything the engine must do at a time: timers, job deadlines, the end of a retry backoff,
// a buffered message's TTL. One min-heap and one Node timer armed for the earliest entry.
// Entries are never removed eagerly: when one comes due, its handler checks the entity still
// wants it (cheaper than keeping the heap in sync on every cancel).
export type DueKind = 'timer' | 'jobDeadline' | 'jobBackoff' | 'messageTtl';

export interface DueEntry {
  readonly at: number;
  readonly kind: DueKind;
  readonly key: number;
}

export class DueQueue {
  private heap: DueEntry[] = [];
  private armed: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private stopped = false;

  constructor(private readonly onDue: (entries: DueEntry[]) => void) {}

  add(at: number, kind: DueKind, key: number): void {
    const entry = { at, kind, key };
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as DueEntry;
      if (p.at <= entry.at) break;
      h[i] = p;
      i = parent;
    }
    h[i] = entry;
    if (at < this.armedAt) this.arm();
  }

  get size(): number {
    return this.heap.length;
  }

  stop(): void {
    this.stopped = true;
    if (this.armed) clearTimeout(this.armed);
    this.armed = undefined;
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.armed) clearTimeout(this.armed);
    const first = this.heap[0];
    if (!first) {
      this.armed = undefined;
      this.armedAt = Infinity;
      return;
    }
    this.armedAt = first.at;
    // Node caps timeouts at 2^31-1 ms; re-arming after a far-off wake-up is harmless.
    const delay = Math.min(Math.max(first.at - Date.now(), 0), 2 ** 31 - 1);
    this.armed = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.armed = undefined;
    this.armedAt = Infinity;
    const now = Date.now();
    const due: DueEntry[] = [];
    while (this.heap.length > 0 && (this.heap[0] as DueEntry).at <= now) due.push(this.pop());
    if (due.length > 0) this.onDue(due);
    this.arm();
  }

  private pop(): DueEntry {
    const h = this.heap;
    const top = h[0] as DueEntry;
    const last = h.pop() as DueEntry;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let mv = last;
        const lv = h[l];
        const rv = h[r];
        if (lv && lv.at < mv.at) {
          m = l;
          mv = lv;
        }
        if (rv && rv.at < mv.at) {
          m = r;
          mv = rv;
        }
        if (m === i) break;
        h[i] = mv;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}
