// Runs 逾期未评默认好评 (defaults.ts) by itself: once when the api starts and then every hour, so a
// concluded case nobody rated gets its default without a supervisor pressing a button. Each run
// that rated something is audited as the system's doing.
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { applyDefaultRatings } from './defaults.js';
import { ratingSettings } from './settings.js';

export interface DefaultRatingSchedule {
  /** Runs once now (also what the timer does); resolves with how many cases got a default. */
  runOnce(): Promise<number>;
  stop(): void;
}

export function scheduleDefaultRatings(ctx: ApiContext, everyMs = 3_600_000): DefaultRatingSchedule {
  let running: Promise<number> | undefined;
  const runOnce = (): Promise<number> => {
    // One run at a time: a slow database must not stack runs up.
    running ??= (async () => {
      const settings = await ratingSettings(ctx.sql);
      const now = ctx.now();
      const result = await applyDefaultRatings(ctx.sql, now, settings.defaultAfterDays);
      if (result.caseNos.length > 0) {
        await audit(ctx.sql, { actor: 'system', action: 'rating.apply-defaults', subjectType: 'ratings', subjectId: 'defaults', detail: { applied: result.caseNos.length, afterDays: settings.defaultAfterDays, caseNos: result.caseNos } }, now);
      }
      return result.caseNos.length;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = (): void => {
    runOnce().catch((error: unknown) => console.error('api: default ratings run failed (will retry next hour):', error));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
