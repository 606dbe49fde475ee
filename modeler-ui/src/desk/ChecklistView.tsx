// The materials checklist of one sub-item as the guide reads it out (GET .../checklist), with the
// api's A4 print view one click away.
import { t } from '../i18n/index.js';
import { checklistPrintUrl, type Checklist } from './desk-api.js';

export function ChecklistView({ checklist }: { readonly checklist: Checklist }) {
  const c = checklist;
  const m = t.desk.checklist;
  return (
    <section className="desk-checklist" aria-label={m.title}>
      <header className="desk-section-head">
        <h2>
          {c.name} · {m.title}
        </h2>
        <a className="button-link" href={checklistPrintUrl(c.code)} target="_blank" rel="noopener">
          {m.print}
        </a>
      </header>
      <dl className="desk-facts">
        <dt>{m.department}</dt>
        <dd>{c.department}</dd>
        <dt>{m.applicants}</dt>
        <dd>{c.applicants.join('、')}</dd>
        <dt>{m.limits}</dt>
        <dd>
          {c.caseType} · {c.committedLimit}（{m.legal(c.legalLimit)}）
        </dd>
        <dt>{m.fees}</dt>
        <dd>{c.feeSummary}</dd>
        <dt>{m.result}</dt>
        <dd>
          {c.result}
          {c.mailDelivery ? `，${m.mail}` : ''}
        </dd>
        <dt>{m.where}</dt>
        <dd>{c.where.join('、')}</dd>
      </dl>
      <table className="desk-table">
        <thead>
          <tr>
            <th>{m.no}</th>
            <th>{m.material}</th>
            <th>{m.kind}</th>
            <th>{m.copies}</th>
            <th>{m.necessity}</th>
            <th>{m.source}</th>
          </tr>
        </thead>
        <tbody>
          {c.materials.map((x) => (
            <tr key={x.no} className={x.necessityCode}>
              <td>{x.no}</td>
              <td>
                {x.name}
                {x.condition && <div className="small muted">{m.appliesWhen(x.condition)}</div>}
              </td>
              <td>{x.kind}</td>
              <td>{x.copies}</td>
              <td>
                <span className={`desk-necessity ${x.necessityCode}`}>{x.necessity}</span>
              </td>
              <td>{x.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
