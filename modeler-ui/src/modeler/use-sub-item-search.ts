// Searching the dictionary's sub-items as the designer types (打开流程 by sub-item, 绑定子项):
// one request per pause in typing, and an answer that arrives after a newer query is dropped.
import { useEffect, useRef, useState } from 'react';
import { searchSubItems, type SubItemBrief } from './designer-api.js';

export type SubItemSearch =
  | { readonly kind: 'idle' }
  | { readonly kind: 'searching' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'found'; readonly items: readonly SubItemBrief[] };

const PAUSE_MS = 250;
/** More than a screenful is not read; the designer narrows the query instead. */
export const SHOWN_RESULTS = 20;

/** `round` asks again for the same query (after a change the results show). */
export function useSubItemSearch(query: string, round = 0): SubItemSearch {
  const [state, setState] = useState<SubItemSearch>({ kind: 'idle' });
  const asked = useRef<string | undefined>(undefined);
  useEffect(() => {
    const q = query.trim();
    const again = asked.current === q;
    asked.current = q;
    if (q === '') {
      setState({ kind: 'idle' });
      return;
    }
    let current = true;
    // Asking again for the same query keeps the results on screen until the new ones come.
    if (!again) setState({ kind: 'searching' });
    const timer = setTimeout(() => {
      searchSubItems(q)
        .then((items) => current && setState({ kind: 'found', items }))
        .catch((error: unknown) => current && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, round]);
  return state;
}
