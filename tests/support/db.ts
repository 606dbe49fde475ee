// A database of its own for each test file, so files run in parallel without seeing each
// other's rows.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

export async function createTestDatabase(label: string): Promise<string> {
  const admin = new URL(inject('pgAdminUrl'));
  const name = `t_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
  admin.pathname = `/${name}`;
  return admin.toString();
}
