// The api for a test file, the way the web app reaches it: a real engine (engineSuite) on a
// database of its own, the api on a free port of the same database, the demo accounts, and an
// HTTP client per signed-in user. `const t = apiSuite('label')` at the top of a file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { startApi, type RunningApi } from '../../api/start.js';
import { DEMO_PASSWORD } from '../../api/seed/demo.js';
import { engineSuite, type EngineSuite } from './suite.js';
import { startWorkers } from '../../workers/index.js';
import { workerContext, type WorkerContextInput } from '../../workers/context.js';
import type { AnyWorker } from '../../workers/worker.js';

export interface HttpResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** JSON over HTTP as one user (or nobody). Responses are returned whatever their status. */
export interface HttpClient {
  get<T = unknown>(path: string, query?: Record<string, string | number | boolean | undefined>): Promise<HttpResponse<T>>;
  post<T = unknown>(path: string, body?: unknown): Promise<HttpResponse<T>>;
  put<T = unknown>(path: string, body?: unknown): Promise<HttpResponse<T>>;
  patch<T = unknown>(path: string, body?: unknown): Promise<HttpResponse<T>>;
  delete<T = unknown>(path: string, body?: unknown): Promise<HttpResponse<T>>;
  /** A non-JSON body (an upload): `bytes` with `Content-Type: mediaType`. */
  send<T = unknown>(method: string, path: string, bytes: Uint8Array, mediaType: string, headers?: Record<string, string>): Promise<HttpResponse<T>>;
  /** The raw fetch response (files, event streams). */
  raw(path: string, init?: RequestInit): Promise<Response>;
}

export interface ApiSuite {
  readonly engine: EngineSuite;
  readonly api: RunningApi;
  /** http://127.0.0.1:port */
  readonly url: string;
  /** SQL on the app's (and engine's) database. */
  readonly sql: Sql;
  /** A client signed in as `username` (a demo account unless `password` is given); cached per user. */
  as(username: string, password?: string): Promise<HttpClient>;
  /** A client with no session (citizens, display boards). */
  readonly anonymous: HttpClient;
}

export interface ApiSuiteOptions {
  readonly now?: () => Date;
  /**
   * Start every job worker (workers/) against the suite's engine, with the api's database,
   * dictionary and clock, so flows the api starts run to their end. `true`, or the context parts
   * to override (a test SMS sender, settings).
   */
  readonly workers?: boolean | Pick<WorkerContextInput, 'sender' | 'settings' | 'calendar'>;
}

export function apiSuite(label: string, options: ApiSuiteOptions = {}): ApiSuite {
  const engine = engineSuite(label);
  let running: RunningApi | undefined;
  let dataDir: string | undefined;
  let sql: Sql | undefined;
  let workers: AnyWorker[] = [];
  const clients = new Map<string, HttpClient>();

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), `onewindow-api-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
    running = await startApi({ databaseUrl: engine.databaseUrl, zbc: engine.client(), dataDir, port: 0, ...(options.now ? { now: options.now } : {}) });
    if (options.workers) {
      const ctx = running.api.ctx;
      const overrides = options.workers === true ? {} : options.workers;
      workers = startWorkers(
        engine.client(),
        workerContext({ sql: ctx.sql, dictionary: () => ctx.dictionary(), filesDir: ctx.filesDir, now: () => ctx.now(), ...overrides }),
        { retryBackOffMs: 200 },
      );
    }
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close(2_000).catch(() => undefined)));
    await sql?.end({ timeout: 2 });
    await running?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const current = (): RunningApi => {
    if (!running) throw new Error(`apiSuite('${label}'): the api runs only inside the file's hooks and tests`);
    return running;
  };

  const client = (token: string | undefined): HttpClient => {
    const headers = (extra: Record<string, string> = {}): Record<string, string> => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra });
    const call = async <T>(method: string, p: string, body?: unknown): Promise<HttpResponse<T>> => {
      const response = await fetch(`${current().url}/api${p}`, {
        method,
        headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return read<T>(response);
    };
    return {
      get: (p, query) => {
        const qs = new URLSearchParams();
        for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
        const s = qs.toString();
        return call('GET', s ? `${p}?${s}` : p);
      },
      post: (p, body) => call('POST', p, body),
      put: (p, body) => call('PUT', p, body),
      patch: (p, body) => call('PATCH', p, body),
      delete: (p, body) => call('DELETE', p, body),
      send: async (method, p, bytes, mediaType, extra = {}) =>
        read(await fetch(`${current().url}/api${p}`, { method, headers: headers({ 'content-type': mediaType, ...extra }), body: bytes })),
      raw: (p, init = {}) => fetch(`${current().url}/api${p}`, { ...init, headers: { ...headers(), ...(init.headers as Record<string, string> | undefined) } }),
    };
  };

  return {
    engine,
    get api() {
      return current();
    },
    get url() {
      return current().url;
    },
    get sql() {
      return (sql ??= postgres(engine.databaseUrl, { max: 3, onnotice: () => {} }));
    },
    async as(username, password = DEMO_PASSWORD) {
      const key = `${username}\u0000${password}`;
      const cached = clients.get(key);
      if (cached) return cached;
      const login = await client(undefined).post<{ token?: string; error?: { message: string } }>('/auth/login', { username, password });
      if (login.status !== 200 || !login.body.token) throw new Error(`login as ${username} failed: ${String(login.status)} ${JSON.stringify(login.body)}`);
      const c = client(login.body.token);
      clients.set(key, c);
      return c;
    },
    get anonymous() {
      return client(undefined);
    },
  };
}

async function read<T>(response: Response): Promise<HttpResponse<T>> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const body = (type.includes('json') && text ? JSON.parse(text) : text) as T;
  return { status: response.status, body, headers: response.headers };
}

/** The body of every error answer (api/http/errors.ts). */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: readonly { readonly path: string; readonly message: string }[] };
}
