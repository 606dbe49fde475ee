// Pages that show the hall's live state (任务's inbox, 督办总览) reload it on their own: every
// interval while the page is visible, and at once when the window gets focus back or the tab is
// shown again — a clerk returning from another program sees current lists. A hidden tab does not
// poll. Kept free of DOM globals (the page passes its document and window) so it runs in tests.

/** How often a visible page reloads. Modest on purpose: the api is shared by the whole hall. */
export const AUTO_REFRESH_MS = 15_000;
/** A focus right after a reload (focus and visibilitychange often come together) is not repeated. */
const MIN_GAP_MS = 1_000;

interface Listenable {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}
export interface RefreshPage {
  readonly document: Listenable & { readonly visibilityState: string };
  readonly window: Listenable;
}

/** Starts reloading; the function returned stops it. */
export function startAutoRefresh(page: RefreshPage, refresh: () => void, intervalMs: number = AUTO_REFRESH_MS): () => void {
  let last = Date.now();
  const run = (): void => {
    last = Date.now();
    refresh();
  };
  const visible = (): boolean => page.document.visibilityState === 'visible';
  const timer = setInterval(() => {
    if (visible()) run();
  }, intervalMs);
  const back = (): void => {
    if (visible() && Date.now() - last >= MIN_GAP_MS) run();
  };
  page.window.addEventListener('focus', back);
  page.document.addEventListener('visibilitychange', back);
  return () => {
    clearInterval(timer);
    page.window.removeEventListener('focus', back);
    page.document.removeEventListener('visibilitychange', back);
  };
}
