// The api as the app reaches it: same origin, the session cookie set by POST /api/auth/login.
// Every failure becomes an ApiFailure carrying the api's own message (error.message), so a page
// can show exactly what the server said.

export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: readonly ApiIssue[] };
}

export interface ApiIssue {
  /** Where the problem is, as the api names it: `body.missingMaterials`, `query.page`. */
  readonly path: string;
  readonly message: string;
}

export interface ApiIssue {
  readonly path: string;
  readonly message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The api's issues: each names the field (body.subItem.committedDays) or the cell it is about. */
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string';
}

async function failure(response: Response, fallback: string): Promise<ApiFailure> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (isErrorBody(body)) return new ApiFailure(response.status, body.error.code, body.error.message, body.error.issues ?? []);
  } catch {
    // Not JSON (a proxy's error page, an empty body): fall through to the generic message.
  }
  return new ApiFailure(response.status, 'http_error', `${fallback}（HTTP ${String(response.status)}）`);
}

async function send(method: string, path: string, body: unknown, accept: string, fallback: string, upload?: { bytes: ArrayBuffer; mediaType: string }): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: upload ? { accept, 'content-type': upload.mediaType } : { accept, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(upload ? { body: upload.bytes } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiFailure(0, 'network', `${fallback}：${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw await failure(response, fallback);
  return response;
}

/** JSON in, JSON out. `fallback` names the action for messages when the server gives none. */
export async function apiJson<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, fallback: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body, 'application/json', fallback);
  return (await response.json()) as T;
}

/** A call whose answer has no body (204), such as logging out. */
export async function apiCall(method: 'POST' | 'DELETE', path: string, fallback: string, body?: unknown): Promise<void> {
  await send(method, path, body, 'application/json', fallback);
}

/** A text resource (BPMN XML). */
export async function apiText(path: string, fallback: string): Promise<string> {
  const response = await send('GET', path, undefined, 'application/xml, text/plain', fallback);
  return response.text();
}

/** A file as the request body (a workbook to import), with its media type; JSON back. */
export async function apiUpload<T>(path: string, bytes: ArrayBuffer, mediaType: string, fallback: string): Promise<T> {
  const response = await send('POST', path, undefined, 'application/json', fallback, { bytes, mediaType });
  return (await response.json()) as T;
}
