// 叫号 at the clerk's seat: the seat is set up once (number and categories, remembered in this
// browser and re-opened on the api on every visit), then 叫号 / 重呼 / 过号 / 完成 act on the
// seat's current ticket. A called ticket that names a sub-item offers it to the intake form.
import { useEffect, useState, type FormEvent } from 'react';
import { t } from '../i18n/index.js';
import { actOnTicket, boardOf, callNext, categoriesAt, openSeat, type Category, type Ticket } from './desk-api.js';
import { loadSeat, saveSeat, type SeatSetting } from './seat-store.js';

/** The seat's current ticket: the full ticket once called here, only its number after a reload. */
export type Current = { readonly kind: 'ticket'; readonly ticket: Ticket } | { readonly kind: 'number'; readonly ticketNo: string } | undefined;

export function SeatPanel({ username, orgUnit, onTicket }: { readonly username: string; readonly orgUnit: string; readonly onTicket: (ticket: Ticket) => void }) {
  const m = t.desk.seat;
  const [setting, setSetting] = useState<SeatSetting | undefined>(() => loadSeat(username));
  const [editing, setEditing] = useState(setting === undefined);
  const [categories, setCategories] = useState<readonly Category[]>([]);
  const [current, setCurrent] = useState<Current>();
  const [note, setNote] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    categoriesAt(orgUnit)
      .then((list) => alive && setCategories(list))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [orgUnit]);

  // A remembered seat is opened again (someone may have closed or re-assigned it) and its
  // current number read from the board.
  useEffect(() => {
    if (!setting || editing) return;
    let alive = true;
    openSeat(setting.seat, setting.categories)
      .then(() => boardOf(orgUnit))
      .then((board) => {
        const mine = board.seats.find((s) => s.seat === setting.seat)?.current;
        if (alive) setCurrent((c) => c ?? (mine ? { kind: 'number', ticketNo: mine.ticketNo } : undefined));
      })
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [setting, editing, orgUnit]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const call = () =>
    run(async () => {
      if (!setting) return;
      const { ticket } = await callNext(setting.seat);
      setCurrent(ticket ? { kind: 'ticket', ticket } : undefined);
      if (ticket) onTicket(ticket);
      else setNote(m.queueEmpty);
    });

  const act = (kind: 'recall' | 'skip' | 'finish') =>
    run(async () => {
      if (!setting) return;
      const ticket = await actOnTicket(setting.seat, kind);
      setCurrent(kind === 'recall' ? { kind: 'ticket', ticket } : undefined);
    });

  if (editing || !setting) {
    return (
      <SeatForm
        initial={setting}
        categories={categories}
        error={error}
        busy={busy}
        onSave={(next) =>
          void run(async () => {
            await openSeat(next.seat, next.categories);
            saveSeat(username, next);
            setSetting(next);
            setCurrent(undefined);
            setEditing(false);
          })
        }
      />
    );
  }

  const names = setting.categories.map((id) => categories.find((c) => c.id === id)?.name ?? id).join('、');
  const ticketNo = current?.kind === 'ticket' ? current.ticket.ticketNo : current?.ticketNo;
  return (
    <section className="desk-card desk-seat" aria-label={m.title}>
      <header className="desk-section-head">
        <h2 data-testid="seat-name">{m.opened(setting.seat, names)}</h2>
        <button type="button" className="link" onClick={() => setEditing(true)}>
          {m.change}
        </button>
      </header>
      <div className="desk-current">
        <span className="muted">{m.current}</span>
        {ticketNo ? (
          <span className="desk-current-no" data-testid="current-ticket">
            {ticketNo}
          </span>
        ) : (
          <span className="muted">{m.none}</span>
        )}
        {current?.kind === 'ticket' && (
          <span className="small">
            {current.ticket.categoryName}
            {current.ticket.subItemName ? ` · ${current.ticket.subItemName}` : ''}
            {current.ticket.recalls > 0 ? ` · ${m.recalls(current.ticket.recalls)}` : ''}
          </span>
        )}
      </div>
      <div className="desk-seat-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void call()}>
          {m.call}
        </button>
        <button type="button" disabled={busy || !ticketNo} onClick={() => void act('recall')}>
          {m.recall}
        </button>
        <button type="button" disabled={busy || !ticketNo} onClick={() => void act('skip')}>
          {m.skip}
        </button>
        <button type="button" disabled={busy || !ticketNo} onClick={() => void act('finish')}>
          {m.finish}
        </button>
      </div>
      {note && <p className="muted small">{note}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function SeatForm({ initial, categories, error, busy, onSave }: { readonly initial: SeatSetting | undefined; readonly categories: readonly Category[]; readonly error: string | undefined; readonly busy: boolean; readonly onSave: (s: SeatSetting) => void }) {
  const m = t.desk.seat;
  const [seat, setSeat] = useState(initial?.seat ?? '');
  const [chosen, setChosen] = useState<readonly string[]>(initial?.categories ?? []);
  const [problem, setProblem] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) {
      setProblem(m.pickCategories);
      return;
    }
    setProblem(undefined);
    onSave({ seat: seat.trim(), categories: chosen });
  };
  return (
    <form className="desk-card desk-seat" aria-label={m.title} onSubmit={submit}>
      <h2>{m.title}</h2>
      <label className="desk-field">
        {m.seatNo}
        <input value={seat} onChange={(e) => setSeat(e.target.value)} required maxLength={8} inputMode="numeric" />
      </label>
      <fieldset className="desk-checks">
        <legend>{m.categories}</legend>
        {categories.map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={chosen.includes(c.id)}
              onChange={(e) => setChosen((list) => (e.target.checked ? [...list, c.id] : list.filter((x) => x !== c.id)))}
            />
            {c.id} {c.name}
          </label>
        ))}
      </fieldset>
      {(problem ?? error) && (
        <p className="error" role="alert">
          {problem ?? error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? m.opening : m.open}
      </button>
    </form>
  );
}
