// 受理: the clerk's seat. Left, the queue (叫号) and the scanned enterprise; right, the item to
// handle (the called ticket's, or one searched for), its intake form, and after 受理 the case
// number with the one-time notice when materials were missing.
import { useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { useSession } from '../session.js';
import { CaseResult } from './CaseResult.js';
import { subItemOf, type Enterprise, type OpenedCase, type SubItem, type Ticket } from './desk-api.js';
import { EnterpriseScan } from './EnterpriseScan.js';
import { IntakeForm } from './IntakeForm.js';
import { SeatPanel } from './SeatPanel.js';
import { caseTypeLabel, SubItemSearch } from './SubItemSearch.js';
import './desk.css';

interface Choice {
  readonly code: string;
  /** When the search said this unit may not handle it: its "where" message. */
  readonly elsewhere?: string;
}

type Loaded = { readonly kind: 'loading' } | { readonly kind: 'failed'; readonly message: string } | { readonly kind: 'ready'; readonly subItem: SubItem };

export function IntakePage() {
  const { state } = useSession();
  const staff = state.kind === 'signed-in' ? state.staff : undefined;
  const [ticket, setTicket] = useState<Ticket | undefined>();
  const [enterprise, setEnterprise] = useState<{ readonly code: string; readonly found: Enterprise } | undefined>();
  const [choice, setChoice] = useState<Choice | undefined>();
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [opened, setOpened] = useState<{ readonly opened: OpenedCase; readonly missing: readonly string[] } | undefined>();

  useEffect(() => {
    if (!choice) return;
    let alive = true;
    setLoaded({ kind: 'loading' });
    subItemOf(choice.code)
      .then((subItem) => alive && setLoaded({ kind: 'ready', subItem }))
      .catch((e: unknown) => alive && setLoaded({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      alive = false;
    };
  }, [choice]);

  if (!staff) return null;

  const onTicket = (called: Ticket) => {
    setTicket(called);
    setOpened(undefined);
    setEnterprise(undefined);
    // A new visitor: their ticket's item, or a fresh search when the ticket names none.
    if (called.subItemCode) setChoice({ code: called.subItemCode });
    else {
      setChoice(undefined);
      setLoaded(undefined);
    }
  };

  const next = () => {
    setOpened(undefined);
    setChoice(undefined);
    setLoaded(undefined);
    setEnterprise(undefined);
  };

  const subItem = loaded?.kind === 'ready' ? loaded.subItem : undefined;
  return (
    <section className="page desk-page desk-intake-page">
      <aside className="desk-col desk-col-side">
        <SeatPanel username={staff.username} orgUnit={staff.orgUnit} onTicket={onTicket} />
        <EnterpriseScan enterprise={enterprise} onResolved={(code, found) => setEnterprise({ code, found })} onClear={() => setEnterprise(undefined)} />
      </aside>
      <div className="desk-col desk-col-main">
        {opened && subItem ? (
          <CaseResult opened={opened.opened} subItem={subItem} missing={opened.missing} onNext={next} />
        ) : (
          <>
            {!choice || !subItem ? (
              <section className="desk-card" aria-label={t.desk.intake.pickSubItem}>
                <h2>{t.desk.intake.pickSubItem}</h2>
                {ticket?.subItemCode && choice?.code !== ticket.subItemCode && (
                  <button type="button" className="link" onClick={() => ticket.subItemCode && setChoice({ code: ticket.subItemCode })}>
                    {t.desk.seat.useTicketItem}：{ticket.subItemName}
                  </button>
                )}
                <SubItemSearch picked={choice?.code} onPick={(r) => setChoice({ code: r.code, ...(r.handleHere ? {} : { elsewhere: r.where }) })} />
                {loaded?.kind === 'loading' && <p className="muted">{t.desk.intake.loadingSubItem}</p>}
                {loaded?.kind === 'failed' && (
                  <p className="error" role="alert">
                    {loaded.message}
                  </p>
                )}
              </section>
            ) : (
              <>
                <header className="desk-card desk-subitem-head">
                  <div>
                    <h2 data-testid="subitem-name">{subItem.name}</h2>
                    <div className="small muted">
                      {subItem.code} · {subItem.departmentName} · {caseTypeLabel(subItem)}
                    </div>
                  </div>
                  <button
                    type="button"
                    onClick={() => {
                      setChoice(undefined);
                      setLoaded(undefined);
                    }}
                  >
                    {t.desk.intake.changeSubItem}
                  </button>
                </header>
                {choice.elsewhere && (
                  <p className="desk-warn" role="note">
                    {t.desk.intake.notHereWarning(choice.elsewhere)}
                  </p>
                )}
                <IntakeForm
                  key={`${subItem.code}|${enterprise?.found.creditCode ?? ''}`}
                  subItem={subItem}
                  enterprise={enterprise}
                  onOpened={(o, missing) => setOpened({ opened: o, missing })}
                />
              </>
            )}
          </>
        )}
      </div>
    </section>
  );
}
