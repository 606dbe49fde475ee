// Browser tests: the api of tests/support/api.ts serving the built web app, driven through a real
// Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) with playwright-core.
// The UI is built at most once per change: the build is keyed by a hash of its sources and
// skipped when modeler-ui/dist already holds that build; a lock keeps parallel files from
// building at the same time.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../api/seed/demo.js';
import { apiSuite, type ApiSuite, type ApiSuiteOptions } from '../support/api.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UI = path.join(ROOT, 'modeler-ui');
const DIST = path.join(UI, 'dist');
const STAMP = path.join(DIST, '.source-hash');
const LOCK = path.join(UI, '.build-lock');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Everything the build reads from the repository. */
function sourceHash(): string {
  const inputs = [
    ...files(path.join(UI, 'src')),
    path.join(UI, 'index.html'),
    path.join(UI, 'vite.config.ts'),
    ...files(path.join(ROOT, 'processes', 'element-templates')),
    ...readdirSync(path.join(ROOT, 'processes')).filter((f) => f.endsWith('.bpmn')).map((f) => path.join(ROOT, 'processes', f)),
    path.join(ROOT, 'api', 'auth', 'roles.ts'),
    path.join(ROOT, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const f of inputs) hash.update(path.relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

const built = (hash: string): boolean => existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;

async function viteBuild(): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(UI, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${String(code)}):\n${output}`))));
  });
}

/** Builds modeler-ui into modeler-ui/dist unless the current sources are built already. */
export async function ensureUiBuilt(): Promise<void> {
  const hash = sourceHash();
  if (built(hash)) return;
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a lock older than 5 minutes is left over from a crash.
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`modeler-ui: waited 4 minutes for ${LOCK}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 500));
      if (built(hash)) return;
    }
  }
  try {
    if (!built(hash)) {
      await viteBuild();
      writeFileSync(STAMP, hash);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export const OFFICE_SCREEN = { width: 1366, height: 768 } as const;

export interface BrowserSuite {
  readonly api: ApiSuite;
  /** A new page in a fresh browser context (no cookies) at the given viewport. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  /** Signs in through the login form and waits for the top bar. */
  login(page: Page, username: string): Promise<void>;
}

/** `options` go to the api (apiSuite): `{ workers: true }` runs the flows the pages start. */
export function browserSuite(label: string, options: ApiSuiteOptions = {}): BrowserSuite {
  const api = apiSuite(label, options);
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureUiBuilt();
    browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    api,
    async page(viewport = OFFICE_SCREEN) {
      if (!browser) throw new Error(`browserSuite('${label}'): the browser runs only inside the file's hooks and tests`);
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async login(page, username) {
      await page.goto(`${api.url}/`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('who').waitFor();
    },
  };
}
