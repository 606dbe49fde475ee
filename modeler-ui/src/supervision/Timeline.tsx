// 办理过程: what people did (audit: who, what, why) and what the engine did, in time order. The
// engine's bookkeeping steps (activating, completing, commands) are hidden unless asked for, so
// the list reads as the case's story: entered 身份核验, job failed, incident, retried …
import { useState } from 'react';
import { t } from '../i18n/index.js';
import type { TimelineEntry } from './data.js';
import { formatTime } from './format.js';

/** The engine's intermediate states and flows: shown only with "all records". */
const QUIET = new Set(['ELEMENT_ACTIVATING', 'ELEMENT_COMPLETING', 'ELEMENT_TERMINATING', 'SEQUENCE_FLOW_TAKEN']);
const QUIET_ELEMENTS = new Set(['SEQUENCE_FLOW']);
/** Variables have their own tab; the timeline keeps only a supervisor's change (VARIABLE_DOCUMENT). */
const QUIET_VALUES = new Set(['VARIABLE']);

function important(e: TimelineEntry): boolean {
  if (e.source === 'audit') return true;
  if (e.recordType !== 'EVENT' || QUIET.has(e.intent) || QUIET_VALUES.has(e.valueType)) return false;
  const type = e.detail['bpmnElementType'];
  return !(typeof type === 'string' && QUIET_ELEMENTS.has(type));
}

function engineLabel(valueType: string, intent: string): string {
  return t.supervision.intents[`${valueType}.${intent}`] ?? `${valueType} ${intent}`;
}

/** What an audit entry was about, when its detail names it (the variable a supervisor set, whom a task went to). */
function auditDetail(detail: unknown): string {
  if (typeof detail !== 'object' || detail === null) return '';
  const d = detail as Record<string, unknown>;
  if (d['name'] !== undefined && d['value'] !== undefined) return `${String(d['name'])} = ${JSON.stringify(d['value'])}`;
  if (typeof d['to'] === 'string') return `→ ${d['to']}`;
  return '';
}

/** The few value fields worth a word: the job type, the error, a variable's name, retries left. */
function engineDetail(detail: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const key of ['type', 'name', 'messageName', 'errorMessage', 'retries', 'worker'] as const) {
    const v = detail[key];
    if (v === undefined || v === null || v === '') continue;
    parts.push(key === 'retries' ? `${t.supervision.retries} ${String(v)}` : String(v));
  }
  return parts.join(' · ');
}

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
                <strong>{engineLabel(e.valueType, e.intent)}</strong>
                {e.elementName && <> {s.elementLabel(e.elementName)}</>}
                {engineDetail(e.detail) && <span className="muted small"> {engineDetail(e.detail)}</span>}
              </span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
