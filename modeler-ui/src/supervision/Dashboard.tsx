// 督办总览: open cases by status and unit, yellow/red, incident cases, where the engine's
// instances wait and for how long, and the hall's statistics for a period (api/statistics).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { t } from '../i18n/index.js';
import { BarChart } from './BarChart.js';
import { loadOverview, loadStatistics, type HallFigures, type Overview } from './data.js';
import { formatDuration, formatTime, percent } from './format.js';
import { SupervisionHeader } from './SupervisionHeader.js';
import { useAutoRefresh } from './use-auto-refresh.js';
import { useLoad } from './use-load.js';

const RATES = ['onTimeRate', 'instantShare', 'ratingRate', 'goodRatingRate', 'rectificationClosureRate', 'complaintClosureRate', 'townShare'] as const;

export function Dashboard() {
  const s = t.supervision;
  const overview = useLoad(loadOverview, []);
  // The overview follows the hall by itself; the statistics below are for a chosen period.
  useAutoRefresh(overview.reload);
  return (
    <div className="sv-page">
      <SupervisionHeader>
        {overview.state.kind === 'ready' && <span className="muted small">{s.asOf(formatTime(overview.state.data.asOf))}</span>}
        <button type="button" onClick={overview.reload}>
          {s.refresh}
        </button>
      </SupervisionHeader>
      <div className="sv-scroll">
        {overview.state.kind === 'loading' && <p className="muted">{t.loading}</p>}
        {overview.state.kind === 'failed' && <p className="error" role="alert">{s.loadFailed(overview.state.message)}</p>}
        {overview.state.kind === 'ready' && <OverviewPanels data={overview.state.data} />}
        <Statistics />
      </div>
    </div>
  );
}

function Kpi({ label, value, tone, to }: { readonly label: string; readonly value: number; readonly tone?: string; readonly to?: string }) {
  const body = (
    <>
      <span className="sv-kpi-value">{String(value)}</span>
      <span className="sv-kpi-label">{label}</span>
    </>
  );
  return to ? (
    <Link to={to} className={`sv-kpi ${tone ?? ''}`} data-testid={`kpi-${label}`}>
      {body}
    </Link>
  ) : (
    <div className={`sv-kpi ${tone ?? ''}`} data-testid={`kpi-${label}`}>
      {body}
    </div>
  );
}

function OverviewPanels({ data }: { readonly data: Overview }) {
  const s = t.supervision;
  return (
    <>
      {data.note && <p className="sv-note">{data.note}</p>}
      <div className="sv-kpis">
        <Kpi label={s.openCases} value={data.openCases} />
        <Kpi label={s.red} value={data.overdue.red} tone="red" to="/supervision/stuck?reason=overdue-red" />
        <Kpi label={s.yellow} value={data.overdue.yellow} tone="yellow" to="/supervision/stuck?reason=overdue-yellow" />
        <Kpi label={s.incidentCases} value={data.incidentCases} tone="red" to="/supervision/stuck?reason=incident" />
      </div>
      <div className="sv-grid wide-right">
        <section className="sv-card">
          <h2>{s.byStatus}</h2>
          <BarChart title={s.byStatus} empty={s.noData} bars={data.byStatus.map((b) => ({ label: b.label, value: b.count }))} />
        </section>
        <section className="sv-card">
          <h2>{s.byUnit}</h2>
          {data.byUnit.length === 0 ? (
            <p className="muted small">{s.noData}</p>
          ) : (
            <table className="sv-table">
              <thead>
                <tr>
                  <th>{s.unit}</th>
                  {data.byStatus.map((st) => (
                    <th key={st.status} className="num">
                      {st.label}
                    </th>
                  ))}
                  <th className="num">{s.open}</th>
                  <th className="num">{s.yellow}</th>
                  <th className="num">{s.red}</th>
                </tr>
              </thead>
              <tbody>
                {data.byUnit.map((u) => (
                  <tr key={u.orgUnit}>
                    <td>
                      <Link to={`/supervision/stuck?orgUnit=${encodeURIComponent(u.orgUnit)}`}>{u.name}</Link>
                    </td>
                    {data.byStatus.map((st) => (
                      <td key={st.status} className="num">
                        {String(u.byStatus[st.status] ?? 0)}
                      </td>
                    ))}
                    <td className="num">
                      <strong>{String(u.open)}</strong>
                    </td>
                    <td className={`num ${u.yellow > 0 ? 'tone-yellow' : ''}`}>{String(u.yellow)}</td>
                    <td className={`num ${u.red > 0 ? 'tone-red' : ''}`}>{String(u.red)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <section className="sv-card">
        <h2>{s.waitStates}</h2>
        <p className="muted small">{s.waitHint}</p>
        {data.waitStates.length === 0 ? (
          <p className="muted small">{s.noWaits}</p>
        ) : (
          <table className="sv-table" data-testid="wait-states">
            <thead>
              <tr>
                <th>{s.process}</th>
                <th>{s.element}</th>
                <th>{s.waitFor}</th>
                <th className="num">{s.waiting}</th>
                <th className="num">{s.incidents}</th>
                <th className="num">{s.oldest}</th>
                <th className="num">{s.p50}</th>
                <th className="num">{s.p90}</th>
              </tr>
            </thead>
            <tbody>
              {data.waitStates.map((w) => (
                <tr key={`${w.processDefinitionId}/${w.elementId}`}>
                  <td>{w.processDefinitionName}</td>
                  <td>{w.elementName}</td>
                  <td>{s.waitTypes[w.waitStateType] ?? w.waitStateType}</td>
                  <td className="num">{String(w.waitingCount)}</td>
                  <td className={`num ${w.incidentCount > 0 ? 'tone-red' : ''}`}>{String(w.incidentCount)}</td>
                  <td className="num">{formatDuration(w.oldestMs)}</td>
                  <td className="num">{formatDuration(w.p50Ms)}</td>
                  <td className="num">{formatDuration(w.p90Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Statistics() {
  const s = t.supervision;
  const [range, setRange] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [asked, setAsked] = useState(range);
  const query = new URLSearchParams();
  if (asked.from) query.set('from', asked.from);
  if (asked.to) query.set('to', asked.to);
  const figures = useLoad(() => loadStatistics(query), [asked.from, asked.to]);
  return (
    <section className="sv-card" data-testid="statistics">
      <div className="sv-card-head">
        <h2>{s.statistics}</h2>
        <form
          className="sv-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setAsked(range);
          }}
        >
          <label>
            {s.from}
            <input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
          </label>
          <label>
            {s.to}
            <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
          </label>
          <button type="submit">{s.apply}</button>
        </form>
      </div>
      {figures.state.kind === 'loading' && <p className="muted">{t.loading}</p>}
      {figures.state.kind === 'failed' && <p className="error" role="alert">{s.loadFailed(figures.state.message)}</p>}
      {figures.state.kind === 'ready' && <Figures data={figures.state.data} />}
    </section>
  );
}

function Figures({ data }: { readonly data: HallFigures }) {
  const s = t.supervision;
  const topSubItems = [...data.bySubItem].sort((a, b) => b.cases - a.cases).slice(0, 8);
  return (
    <>
      <p className="muted small">{s.period(data.from, data.to)}</p>
      <div className="sv-kpis">
        <Kpi label={s.casesInPeriod} value={data.cases} />
        <Kpi label={s.concluded} value={data.concluded} />
        <div className="sv-kpi">
          <span className="sv-kpi-value">{data.averageWorkingDaysToConclude.value === null ? '—' : data.averageWorkingDaysToConclude.value.toFixed(1)}</span>
          <span className="sv-kpi-label">{s.avgDays}</span>
        </div>
      </div>
      <div className="sv-grid three">
        <div>
          <h3>{s.rates}</h3>
          <table className="sv-table">
            <tbody>
              {RATES.map((r) => {
                const ratio = data[r];
                return (
                  <tr key={r} title={ratio.note ?? `${String(ratio.numerator)} / ${String(ratio.denominator)}`}>
                    <td>{s.rate[r]}</td>
                    <td className="num">{percent(ratio.value)}</td>
                    <td className="num muted small">{`${String(ratio.numerator)}/${String(ratio.denominator)}`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div>
          <h3>{s.casesByUnit}</h3>
          <BarChart title={s.casesByUnit} empty={s.noData} width={360} bars={data.byUnit.filter((u) => u.cases > 0).map((u) => ({ label: u.name, value: u.cases }))} />
          <h3>{s.byVolume}</h3>
          <BarChart title={s.byVolume} empty={s.noData} width={360} bars={data.byVolume.map((v) => ({ label: v.name, value: v.cases, color: 'var(--green)' }))} />
        </div>
        <div>
          <h3>{s.bySubItemTop}</h3>
          <BarChart title={s.bySubItemTop} empty={s.noData} width={360} bars={topSubItems.map((i) => ({ label: i.name ?? i.subItemCode, value: i.cases, color: '#6a4fb3' }))} />
        </div>
      </div>
    </>
  );
}
