// Errors of the query API as Camunda 8's REST API v2 answers them: RFC 9457 problem details
// ({type, title, status, detail, instance}) with the gRPC-style code as title, e.g.
// 400 INVALID_ARGUMENT "filter.variables[0].name: Required".
import type { z } from 'zod';

export class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'QueryError';
  }
}

export const badRequest = (detail: string): QueryError => new QueryError(400, 'INVALID_ARGUMENT', detail);
export const notFound = (detail: string): QueryError => new QueryError(404, 'NOT_FOUND', detail);

export interface ProblemDetail {
  readonly type: 'about:blank';
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
}

/** `filter.variables[0].name` from ['filter', 'variables', 0, 'name']. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${fieldPath([...path, k])}: Unknown field`);
  }
  const where = fieldPath(path);
  return [where === '' ? issue.message : `${where}: ${issue.message}`];
}

/** A missing field says "Required", as people expect, instead of "expected string, received undefined". */
const errorMap = (issue: z.core.$ZodRawIssue): string | undefined =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined;

/**
 * Validates `input` or throws a 400 whose detail names every bad field by its path
 * (`prefix` goes in front, e.g. ['query'] for query-string parameters).
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(input, { error: errorMap });
  if (result.success) return result.data;
  const messages = result.error.issues.flatMap((i) => describe(i, prefix));
  throw badRequest(messages.join('; '));
}
