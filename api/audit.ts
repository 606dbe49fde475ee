// The business audit: who did what to which thing, and why (supervisors' actions always carry a
// reason). Written in the same transaction as the change it records when the caller passes one.
import type { Sql, TransactionSql } from 'postgres';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly reason?: string | undefined;
  readonly detail?: Record<string, unknown>;
}

export async function audit(sql: Sql | TransactionSql, entry: AuditEntry, at?: Date): Promise<void> {
  const detail = (entry.detail ?? {}) as Parameters<Sql['json']>[0];
  await sql`insert into app.audit (at, actor, action, subject_type, subject_id, reason, detail)
    values (${at ?? new Date()}, ${entry.actor}, ${entry.action}, ${entry.subjectType}, ${entry.subjectId}, ${entry.reason ?? null}, ${sql.json(detail)})`;
}
