// The React side of auto-refresh.ts: reload while the component is mounted. `refresh` should
// only re-fetch data (not reset the page), so what the user typed or selected stays as it is.
import { useEffect, useRef } from 'react';
import { startAutoRefresh } from './auto-refresh.js';

export function useAutoRefresh(refresh: () => void): void {
  // The latest callback, so a new closure per render does not restart the timer.
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => startAutoRefresh({ document, window }, () => latest.current()), []);
}
