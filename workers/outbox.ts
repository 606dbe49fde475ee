// The outbox (app.outbox): every message the hall sends, written before it is sent. A message to a
// staff group is delivered by being there (the staff inbox reads it); an SMS is handed to the
// context's sender and marked sent or failed. Rows are keyed by (job key, position), so a retried
// job neither duplicates a message nor sends an SMS twice: it only sends what is still pending.
import type { WorkerContext } from './context.js';

export type Recipient =
  | { readonly channel: 'staff-group'; readonly group: string }
  | { readonly channel: 'sms'; readonly name: string; readonly phone: string | undefined };

export interface OutgoingMessage {
  readonly template: string;
  readonly recipient: Recipient;
  readonly body: string;
  readonly caseNo: string | null;
}

interface PendingRow {
  readonly id: string;
  readonly recipient: string;
  readonly body: string;
  readonly template: string;
  readonly caseNo: string | null;
}

export async function sendMessages(ctx: WorkerContext, jobKey: string, messages: readonly OutgoingMessage[]): Promise<void> {
  const now = ctx.now();
  await ctx.sql.begin(async (tx) => {
    for (const [seq, m] of messages.entries()) {
      const r = m.recipient;
      const [recipient, name, status] =
        r.channel === 'staff-group' ? [r.group, null, 'delivered'] : r.phone ? [r.phone, r.name, 'pending'] : [null, r.name, 'undeliverable'];
      await tx`insert into app.outbox (template, channel, recipient, recipient_name, body, case_no, status, error, created_at, sent_at, job_key, seq)
        values (${m.template}, ${r.channel}, ${recipient}, ${name}, ${m.body}, ${m.caseNo}, ${status},
                ${status === 'undeliverable' ? '没有联系电话' : null}, ${now}, ${status === 'delivered' ? now : null}, ${jobKey}, ${seq})
        on conflict (job_key, seq) do nothing`;
    }
  });
  const pending = await ctx.sql<PendingRow[]>`
    select id::text as id, recipient, body, template, case_no as "caseNo" from app.outbox
    where job_key = ${jobKey} and status = 'pending' order by seq`;
  for (const p of pending) {
    const result = await ctx.sender.send({ outboxId: p.id, phone: p.recipient, body: p.body, template: p.template, caseNo: p.caseNo });
    if (result.status === 'sent') {
      await ctx.sql`update app.outbox set status = 'sent', sent_at = ${ctx.now()}, provider_ref = ${result.providerRef ?? ctx.sender.name} where id = ${p.id}`;
    } else {
      await ctx.sql`update app.outbox set status = 'failed', error = ${result.error} where id = ${p.id}`;
    }
  }
}
