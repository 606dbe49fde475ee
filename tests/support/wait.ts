// Waiting in tests: for a condition to hold (the engine processes commands asynchronously), or for
// a while, to see that nothing else happens.

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A short pause for "nothing else happens" checks (Zeebe processes commands asynchronously). */
export const quiet = (ms = 150): Promise<void> => sleep(ms);
