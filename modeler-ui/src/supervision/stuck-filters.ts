// The stuck list's filters as they live in the URL: the api's own query names, only those set,
// in a fixed order — so the same filters always make the same link.
export const FILTER_KEYS = ['reason', 'orgUnit', 'subItemCode', 'noProgressHours', 'varName', 'varValue'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Record<FilterKey, string>;

export function filtersOf(params: URLSearchParams): Filters {
  const out = {} as Filters;
  for (const k of FILTER_KEYS) out[k] = params.get(k) ?? '';
  return out;
}

/** The filters that are set (trimmed), for the URL and the api; anything else in `filters` is dropped. */
export function queryOf(filters: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k].trim() !== '') q.set(k, filters[k].trim());
  return q;
}
