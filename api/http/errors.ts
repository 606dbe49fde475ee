// Errors the api answers with. Every error body has the same shape, so a client (the web app, a
// clerk's script) shows `message` and, for bad input, highlights each `issues[].path`:
//   { "error": { "code": "invalid_request", "message": "…", "issues": [{ "path": "body.phone", "message": "…" }] } }
import type { z } from 'zod';

export interface ErrorIssue {
  /** Where: `body.applicant.phone`, `query.limit`, `params.caseNo`. */
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly ErrorIssue[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { error: { code: string; message: string; issues?: readonly ErrorIssue[] } } {
    return { error: { code: this.code, message: this.message, ...(this.issues.length > 0 ? { issues: this.issues } : {}) } };
  }
}

export const badRequest = (message: string, issues: readonly ErrorIssue[] = []): ApiError =>
  new ApiError(400, 'invalid_request', message, issues);
export const unauthorized = (message = '请先登录'): ApiError => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string): ApiError => new ApiError(403, 'forbidden', message);
export const notFound = (message: string): ApiError => new ApiError(404, 'not_found', message);
export const conflict = (message: string, issues: readonly ErrorIssue[] = []): ApiError =>
  new ApiError(409, 'conflict', message, issues);

/** A failed zod parse of one part of a request as a 400 that names every offending field. */
export function invalidInput(part: 'body' | 'query' | 'params', error: z.ZodError): ApiError {
  const issues = error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  const message = first ? `${first.path}: ${first.message}${issues.length > 1 ? `（另有 ${String(issues.length - 1)} 处）` : ''}` : `${part} 无效`;
  return badRequest(message, issues);
}
