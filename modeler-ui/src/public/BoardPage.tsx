// /board?orgUnit=county — the hall's display board (public, on a big screen): the latest call big,
// every window's current number, the recent calls and how many wait in each line, live from the
// api's event stream; calls are read aloud once someone has clicked to allow sound.
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { apiJson } from '../api.js';
import { t } from '../i18n/index.js';
import { Message } from '../pages/Message.js';
import { applyEvent, fromSnapshot, type BoardState, type QueueEvent } from './board-state.js';
import { connectBoardFeed, type FeedStatus } from './feed.js';
import { formatTime } from './format.js';
import { speak, speechAvailable } from './speech.js';
import './public.css';

export function BoardPage() {
  const [params] = useSearchParams();
  const orgUnit = params.get('orgUnit');
  if (!orgUnit) return <Message text={t.public.board.missingUnit} />;
  return <Board orgUnit={orgUnit} />;
}

function Board({ orgUnit }: { readonly orgUnit: string }) {
  const [state, setState] = useState<BoardState | undefined>();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const [unitName, setUnitName] = useState(orgUnit);
  const [speaking, setSpeaking] = useState(false);
  const [now, setNow] = useState(() => new Date());
  // The feed's handlers outlive renders; they read whether speech is on from here.
  const speakingRef = useRef(false);

  useEffect(() => {
    let alive = true;
    apiJson<{ id: string; name: string }[]>('GET', '/org-units', '读取机构')
      .then((units) => alive && setUnitName(units.find((u) => u.id === orgUnit)?.name ?? orgUnit))
      .catch(() => undefined); // the id stands in for the name
    const close = connectBoardFeed(orgUnit, {
      onBoard: (board) => setState((previous) => fromSnapshot(board, previous)),
      onEvent: (event: QueueEvent) => {
        setState((previous) => (previous ? applyEvent(previous, event) : previous));
        if (event.announcement && speakingRef.current) speak(event.announcement);
      },
      onStatus: setStatus,
    });
    const clock = setInterval(() => setNow(new Date()), 15_000);
    return () => {
      alive = false;
      close();
      clearInterval(clock);
    };
  }, [orgUnit]);

  const enableSpeech = () => {
    speakingRef.current = true;
    setSpeaking(true);
    speak(t.public.board.speechReady);
  };

  const b = t.public.board;
  const latest = state?.latest;
  const categoryName = (id: string) => state?.board.categories.find((c) => c.id === id)?.name ?? id;

  return (
    <div className="board">
      <header className="board-top">
        <div className="board-unit">
          {unitName} · {b.title}
        </div>
        <div className={`board-status ${status}`} role="status">
          {status === 'live' ? b.live : status === 'connecting' ? b.connecting : b.reconnecting}
        </div>
        <div className="board-clock">{formatTime(now)}</div>
        {!speechAvailable() ? (
          <span className="board-speech off">{b.speechUnavailable}</span>
        ) : speaking ? (
          <span className="board-speech on">{b.speechOn}</span>
        ) : (
          <button type="button" className="board-speech" onClick={enableSpeech}>
            {b.enableSpeech}
          </button>
        )}
      </header>

      <main className="board-main">
        <section className="board-latest" aria-label={b.latest} aria-live="polite" data-testid="latest-call">
          <div className="board-caption">{b.latest}</div>
          {latest ? (
            <>
              <div className="board-number">{latest.ticketNo}</div>
              <div className="board-seat">{b.seat(latest.seat)}</div>
              <div className="board-announcement">
                {latest.recall && <span className="board-recall">{b.recalled}</span>}
                {latest.announcement ?? b.callText(latest.ticketNo, latest.seat)}
              </div>
            </>
          ) : (
            <div className="board-empty">{state ? b.noCalls : b.connecting}</div>
          )}
        </section>

        <section className="board-recent" aria-label={b.recent}>
          <h2>{b.recent}</h2>
          <ol data-testid="recent-calls">
            {(state?.board.recentCalls ?? []).map((call) => (
              <li key={`${call.ticketNo}-${call.calledAt}`}>
                <span className="no">{call.ticketNo}</span>
                <span className="to">{b.seat(call.seat)}</span>
                <span className="at">{formatTime(call.calledAt)}</span>
              </li>
            ))}
          </ol>
        </section>
      </main>

      <footer className="board-bottom">
        <section className="board-seats" aria-label={b.seats}>
          <h2>{b.seats}</h2>
          {state && state.board.seats.length === 0 && <p className="board-empty small">{b.noSeats}</p>}
          <ul>
            {(state?.board.seats ?? []).map((s) => (
              <li key={s.seat} className={s.current ? 'busy' : ''}>
                <span className="seat">{b.seat(s.seat)}</span>
                <span className="no">{s.current?.ticketNo ?? b.seatIdle}</span>
                <span className="cats">{s.categories.map(categoryName).join('·')}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="board-waiting" aria-label={b.waiting}>
          <h2>{b.waiting}</h2>
          <ul data-testid="waiting">
            {(state?.board.categories ?? []).map((c) => (
              <li key={c.id}>
                <span className="cat">
                  {c.id} {c.name}
                </span>
                <span className="count">{b.waitingCount(c.waiting)}</span>
              </li>
            ))}
          </ul>
        </section>
      </footer>
    </div>
  );
}
