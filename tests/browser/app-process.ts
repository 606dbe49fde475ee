// The whole app as the README starts it — `npm start` is `npm run build:ui && tsx main.ts` — in a
// child process of its own: the UI built once (ensureUiBuilt), then `main.ts` with DATABASE_URL
// on a fresh database of the test run's PostgreSQL, DATA_DIR in a temporary directory and free
// ports for the api, the engine's gateway and its read API. Nothing of the app runs in the test's
// process: the test reaches it over HTTP (the browser, and a signed-in client for set-up), the
// Zeebe gateway (zeebe-node, as another starter of cases would) and SQL (to read what happened).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { ZBClient } from 'zeebe-node';
import { DEMO_PASSWORD } from '../../api/seed/demo.js';
import { startChild, type Child } from '../support/child-process.js';
import { createTestDatabase } from '../support/db.js';
import { ensureUiBuilt, OFFICE_SCREEN } from './support.js';

export interface Response<T> {
  readonly status: number;
  readonly body: T;
}

/** JSON over HTTP as one signed-in user: for set-up no user story of the test covers. */
export interface Client {
  get<T>(path: string): Promise<Response<T>>;
  post<T>(path: string, body?: unknown): Promise<Response<T>>;
}

export interface RunningApp {
  /** http://127.0.0.1:PORT, where the app serves the web app and /api. */
  readonly url: string;
  /** The app's database (schemas app and engine). */
  readonly sql: Sql;
  /** A zeebe-node client to the app's gateway. */
  readonly zbc: ZBClient;
  /** What the app printed so far (for failure messages). */
  output(): string;
  as(username: string): Promise<Client>;
  /** A new page in a fresh browser context (no cookies), locale zh-CN. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  /** Signs in through the login form and waits for the top bar. */
  login(page: Page, username: string): Promise<void>;
}

/** A port nobody listens on right now (the OS picks it; the app binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => (port === undefined ? reject(new Error('no port')) : resolve(port)));
    });
  });
}

async function waitForApi(url: string, child: Child, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(`${url}/api/org-units`).catch(() => undefined);
    if (r?.status === 200) return;
    if (child.process.exitCode !== null) throw new Error(`main.ts exited with ${String(child.process.exitCode)}:\n${child.output()}`);
    if (Date.now() > until) throw new Error(`${url}/api/org-units did not answer 200 within ${String(timeoutMs)} ms. The app said:\n${child.output()}`);
    await new Promise((r2) => setTimeout(r2, 100));
  }
}

/** Starts the app (and Chromium) in the file's beforeAll and stops both in its afterAll. */
export function appProcess(label: string): RunningApp {
  let child: Child | undefined;
  let dataDir: string | undefined;
  let sql: Sql | undefined;
  let zbc: ZBClient | undefined;
  let browser: Browser | undefined;
  let url = '';
  const clients = new Map<string, Client>();

  beforeAll(async () => {
    const [databaseUrl, port, gatewayPort, engineHttpPort] = await Promise.all([createTestDatabase(label), freePort(), freePort(), freePort(), ensureUiBuilt()]);
    if (port === undefined || gatewayPort === undefined || engineHttpPort === undefined) throw new Error('no free ports');
    dataDir = mkdtempSync(path.join(os.tmpdir(), `onewindow-app-${label}-`));
    // `ready` is the line main.ts prints once the api, the flows and the workers are up.
    child = await startChild('main.ts', 'onewindow: api on', {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      GATEWAY_PORT: String(gatewayPort),
      ENGINE_HTTP_PORT: String(engineHttpPort),
      HOST: '127.0.0.1',
      GATEWAY_HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${String(port)}`,
    }, 120_000);
    url = `http://127.0.0.1:${String(port)}`;
    await waitForApi(url, child, 30_000);
    sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    zbc = new ZBClient(`127.0.0.1:${String(gatewayPort)}`, { loglevel: 'NONE' });
    browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await zbc?.close(2_000).catch(() => undefined);
    await sql?.end({ timeout: 2 });
    // SIGTERM: main.ts stops workers, api, engine and closes the database; -9 if it hangs.
    if (child) {
      const stopped = await Promise.race([child.stop(), new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
      if (stopped === 'hung') await child.kill();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`appProcess('${label}'): ${what} exists only inside the file's hooks and tests`);
    return value;
  };

  const client = (token: string): Client => {
    const call = async <T>(method: string, p: string, body?: unknown): Promise<Response<T>> => {
      const r = await fetch(`${url}/api${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await r.text();
      return { status: r.status, body: ((r.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text) as T };
    };
    return { get: (p) => call('GET', p), post: (p, body) => call('POST', p, body) };
  };

  return {
    get url() {
      return need(url || undefined, 'the app');
    },
    get sql() {
      return need(sql, 'the database');
    },
    get zbc() {
      return need(zbc, 'the gateway client');
    },
    output: () => child?.output() ?? '',
    async as(username) {
      const cached = clients.get(username);
      if (cached) return cached;
      const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      const body = (await r.json()) as { token?: string };
      if (r.status !== 200 || !body.token) throw new Error(`login as ${username} failed: ${String(r.status)} ${JSON.stringify(body)}`);
      const c = client(body.token);
      clients.set(username, c);
      return c;
    },
    async page(viewport = OFFICE_SCREEN) {
      const context = await need(browser, 'the browser').newContext({ viewport, locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async login(page, username) {
      await page.goto(`${url}/`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('who').waitFor();
    },
  };
}
