// 办理过程: what people did (audit: who, what, why) and what the engine did, in time order. The
// engine's bookkeeping steps (activating, completing, commands) are hidden unless asked for, so
// the list reads as the case's story: entered 身份核验, job failed, incident, retried …
import { useState } from 'react';
import { t } from '../i18n/index.js';
import type { TimelineEntry } from './data.js';
import { formatTime } from './format.js';
import { auditDetail, engineDetail, engineLabel, important } from './timeline-entries.js';

export function Timeline({ entries }: { readonly entries: readonly TimelineEntry[] }) {
  const s = t.supervision;
  const [all, setAll] = useState(false);
  // Newest first: what happened last is what a supervisor needs first.
  const shown = (all ? entries : entries.filter(important)).slice().reverse();
  return (
    <div className="sv-timeline">
      <label className="sv-check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
        {s.showAllRecords}
      </label>
      <ol data-testid="timeline">
        {shown.map((e, i) => (
          <li key={`${e.at}-${String(i)}`} className={`sv-entry ${e.source}`}>
            <span className="sv-entry-time">{formatTime(e.at)}</span>
            <span className={`sv-chip source-${e.source}`}>{e.source === 'audit' ? s.sourceAudit : s.sourceEngine}</span>
            {e.source === 'audit' ? (
              <span className="sv-entry-text">
                <strong>{s.audit[e.action] ?? e.action}</strong> · {e.actor}
                {auditDetail(e.detail) && <span className="mono"> {auditDetail(e.detail)}</span>}
                {e.reason && <span className="sv-entry-reason">：{e.reason}</span>}
              </span>
            ) : (
              <span className={`sv-entry-text ${e.valueType === 'INCIDENT' && e.intent === 'CREATED' ? 'tone-red' : ''}`}>
                <strong>{engineLabel(s, e.valueType, e.intent)}</strong>
                {e.elementName && <> {s.elementLabel(e.elementName)}</>}
                {engineDetail(s, e.detail) && <span className="muted small"> {engineDetail(s, e.detail)}</span>}
              </span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
