// The ticket the visitor takes away: the number big enough to read across the desk, and a print
// button that prints only the slip (desk.css hides the rest of the page when printing).
import { t } from '../i18n/index.js';
import type { Ticket } from './desk-api.js';

const time = (iso: string): string => new Date(iso).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });

export function TicketSlip({ ticket, onDone }: { readonly ticket: Ticket & { readonly waitingAhead: number }; readonly onDone: () => void }) {
  const m = t.desk.ticket;
  return (
    <section className="desk-ticket print-only-this" aria-label={m.number}>
      <div className="muted">{m.number}</div>
      <div className="desk-ticket-no" data-testid="ticket-no">
        {ticket.ticketNo}
      </div>
      <dl className="desk-facts">
        <dt>{m.category}</dt>
        <dd>{ticket.categoryName}</dd>
        {ticket.subItemName && (
          <>
            <dt>{m.subItem}</dt>
            <dd>{ticket.subItemName}</dd>
          </>
        )}
        <dt>{m.takenAt}</dt>
        <dd>{time(ticket.takenAt)}</dd>
      </dl>
      <p className="desk-ahead">{m.ahead(ticket.waitingAhead)}</p>
      <div className="desk-actions no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          {m.print}
        </button>
        <button type="button" onClick={onDone}>
          {m.again}
        </button>
      </div>
    </section>
  );
}
