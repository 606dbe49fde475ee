// 导办: the guide at the entrance types what the visitor says, opens the item that fits, reads
// out (or prints) its materials checklist and takes a ticket for it.
import { useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { ChecklistView } from './ChecklistView.js';
import { checklistOf, takeTicket, type Checklist, type SearchResult, type Ticket } from './desk-api.js';
import { SubItemSearch } from './SubItemSearch.js';
import { TicketSlip } from './TicketSlip.js';
import './desk.css';

type Loaded = { readonly kind: 'loading' } | { readonly kind: 'failed'; readonly message: string } | { readonly kind: 'ready'; readonly checklist: Checklist };

export function GuidePage() {
  const [picked, setPicked] = useState<SearchResult | undefined>();
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [phone, setPhone] = useState('');
  const [taking, setTaking] = useState(false);
  const [ticketError, setTicketError] = useState<string | undefined>();
  const [ticket, setTicket] = useState<(Ticket & { readonly waitingAhead: number }) | undefined>();

  useEffect(() => {
    if (!picked) return;
    let alive = true;
    setLoaded({ kind: 'loading' });
    checklistOf(picked.code)
      .then((checklist) => alive && setLoaded({ kind: 'ready', checklist }))
      .catch((e: unknown) => alive && setLoaded({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      alive = false;
    };
  }, [picked]);

  const take = async () => {
    if (!picked) return;
    setTaking(true);
    setTicketError(undefined);
    try {
      setTicket(await takeTicket(picked.code, phone.trim() === '' ? undefined : phone.trim()));
    } catch (e) {
      setTicketError(e instanceof Error ? e.message : String(e));
    } finally {
      setTaking(false);
    }
  };

  const reset = () => {
    setTicket(undefined);
    setPicked(undefined);
    setLoaded(undefined);
    setPhone('');
  };

  if (ticket) {
    return (
      <section className="page desk-page desk-center">
        <TicketSlip ticket={ticket} onDone={reset} />
      </section>
    );
  }

  return (
    <section className="page desk-page desk-guide">
      <div className="desk-col desk-col-search">
        <h1>{t.nav.guide}</h1>
        <SubItemSearch picked={picked?.code} onPick={setPicked} autoFocus />
      </div>
      <div className="desk-col desk-col-main">
        {loaded?.kind === 'loading' && <p className="muted">{t.desk.checklist.loading}</p>}
        {loaded?.kind === 'failed' && (
          <p className="error" role="alert">
            {loaded.message}
          </p>
        )}
        {loaded?.kind === 'ready' && picked && (
          <>
            <div className="desk-take">
              {picked.handleHere ? (
                <>
                  <label className="desk-inline">
                    {t.desk.ticket.phone}
                    <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={11} />
                  </label>
                  <button type="button" className="primary big" disabled={taking} onClick={() => void take()}>
                    {taking ? t.desk.ticket.taking : t.desk.ticket.take}
                  </button>
                </>
              ) : (
                <p className="desk-warn" role="note">
                  {t.desk.ticket.notHere(picked.where)}
                </p>
              )}
              {ticketError && (
                <p className="error" role="alert">
                  {ticketError}
                </p>
              )}
            </div>
            <ChecklistView checklist={loaded.checklist} />
          </>
        )}
      </div>
    </section>
  );
}
