// One engine, one tenant: Zeebe's default tenant id, which every record of ours carries
// (engine/runtime/runtime.ts TENANT). Results show it; a tenantId filter matches it or nothing.
import type { Fragment, Sql } from 'postgres';
import { stringSql, type StringFilter } from './filters.js';

export const TENANT = '<default>';

export function tenantSql(sql: Sql, f: StringFilter | undefined): Fragment[] {
  return stringSql(sql, sql`${TENANT}::text`, f);
}
