// The public case lookup answers "not found" the same way for an unknown case and a wrong phone,
// so numbers cannot be probed one answer at a time; this bounds how many misses one address may
// have, so they cannot be probed in bulk either. Only misses count: an applicant checking their
// own case again and again is never stopped. Kept in memory — a restart forgets, which costs a
// prober one window, not the hall anything.
import { ApiError } from '../http/errors.js';

export const LOOKUP_THROTTLE = { windowMinutes: 15, missesPerAddress: 10 } as const;

export class LookupThrottle {
  private readonly misses = new Map<string, number[]>();

  constructor(private readonly limits: { windowMinutes: number; missesPerAddress: number } = LOOKUP_THROTTLE) {}

  /** Throws 429 (with Retry-After) when `address` used up its misses in the window. */
  check(address: string, now: Date): void {
    const recent = this.recent(address, now);
    if (recent.length < this.limits.missesPerAddress) return;
    const oldest = recent[0] ?? now.getTime();
    const retryAfter = Math.max(1, Math.ceil((oldest + this.limits.windowMinutes * 60_000 - now.getTime()) / 1000));
    throw new ApiError(429, 'too_many_lookups', `查询失败次数过多，请 ${String(Math.ceil(retryAfter / 60))} 分钟后再试`, [], { 'Retry-After': String(retryAfter) });
  }

  miss(address: string, now: Date): void {
    const recent = this.recent(address, now);
    recent.push(now.getTime());
    this.misses.set(address, recent);
    if (this.misses.size > 10_000) this.prune(now);
  }

  private recent(address: string, now: Date): number[] {
    const since = now.getTime() - this.limits.windowMinutes * 60_000;
    return (this.misses.get(address) ?? []).filter((t) => t > since);
  }

  private prune(now: Date): void {
    for (const address of [...this.misses.keys()]) {
      const recent = this.recent(address, now);
      if (recent.length === 0) this.misses.delete(address);
      else this.misses.set(address, recent);
    }
  }
}
