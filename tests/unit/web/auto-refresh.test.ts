// Auto-refresh of 任务 and 督办总览 (modeler-ui/src/supervision/auto-refresh.ts): reloads on an
// interval only while the tab is visible, at once when the window regains focus or the tab is
// shown again, and never after the page stopped it. A short interval stands in for the 15 s.
import { afterEach, describe, expect, it } from 'vitest';
import { AUTO_REFRESH_MS, startAutoRefresh } from '../../../modeler-ui/src/supervision/auto-refresh.js';

class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';
  show(state: 'visible' | 'hidden'): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

const INTERVAL = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('auto-refresh', () => {
  it('reloads every interval while visible, not while hidden, and on coming back', async () => {
    const page = { document: new FakeDocument(), window: new EventTarget() };
    let reloads = 0;
    stop = startAutoRefresh(page, () => reloads++, INTERVAL);
    expect(reloads).toBe(0); // the page has just loaded its data itself

    await sleep(INTERVAL * 3.5);
    expect(reloads).toBeGreaterThanOrEqual(2);

    page.document.show('hidden');
    const whileHidden = reloads;
    await sleep(1_100); // many intervals, and longer than the gap a reload on return respects
    expect(reloads).toBe(whileHidden);

    // Shown again: reloads at once, without waiting for the next tick.
    page.document.show('visible');
    expect(reloads).toBe(whileHidden + 1);
  });

  it('reloads when the window regains focus, but not twice for focus and visibility together', async () => {
    const page = { document: new FakeDocument(), window: new EventTarget() };
    let reloads = 0;
    stop = startAutoRefresh(page, () => reloads++, 60_000);
    await sleep(1_050);
    page.window.dispatchEvent(new Event('focus'));
    expect(reloads).toBe(1);
    page.document.show('visible');
    expect(reloads).toBe(1);
  });

  it('stops: no reload after the page left', async () => {
    const page = { document: new FakeDocument(), window: new EventTarget() };
    let reloads = 0;
    const end = startAutoRefresh(page, () => reloads++, INTERVAL);
    end();
    await sleep(1_100);
    page.window.dispatchEvent(new Event('focus'));
    await sleep(INTERVAL * 2);
    expect(reloads).toBe(0);
  });

  it('polls modestly: every 15 seconds', () => {
    expect(AUTO_REFRESH_MS).toBe(15_000);
  });
});
