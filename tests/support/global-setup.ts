// One PostgreSQL server per test run: the embedded one in a temporary directory, or the server
// DATABASE_URL points at. Each test file then makes a database of its own (tests/support/db.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['DATABASE_URL'];
  if (external) {
    project.provide('pgAdminUrl', external);
    return async () => {};
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'onewindow-test-pg-'));
  const server = await startEmbeddedPostgres(dir, { throwAway: true });
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
