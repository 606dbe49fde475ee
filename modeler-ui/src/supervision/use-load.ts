// Loading one thing for a page: its state (loading / failed with the api's message / ready), and
// reload() for after an action. An answer that arrives after the page moved on is dropped.
import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> = { readonly kind: 'loading' } | { readonly kind: 'failed'; readonly message: string } | { readonly kind: 'ready'; readonly data: T };

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): { readonly state: Loaded<T>; reload(): void } {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let alive = true;
    load()
      .then((data) => alive && setState({ kind: 'ready', data }))
      .catch((error: unknown) => alive && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      alive = false;
    };
    // The caller names what the load depends on (deps); `load` itself is a new closure each render.
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
