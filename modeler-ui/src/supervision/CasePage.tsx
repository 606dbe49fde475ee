// 办件督办页: one case — its diagram (path taken, where it waits, incidents, counts), what
// happened (business audit and engine records on one timeline), its variables and materials, its
// incidents — and the supervisor's actions: retry an incident, edit a variable, reassign the open
// task, cancel the case. Each action asks for a reason (ActionDialog) and the page reloads after.
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { t } from '../i18n/index.js';
import { ActionDialog } from './ActionDialog.js';
import { CaseDiagram } from './CaseDiagram.js';
import {
  cancelCase,
  loadCase,
  loadDiagrams,
  loadOpenTasks,
  loadStaff,
  loadTrace,
  reassignTask,
  retryIncident,
  setVariable,
  type CaseDetail,
  type CaseDiagrams,
  type CaseTrace,
  type Incident,
  type OpenTask,
  type StaffRow,
} from './data.js';
import { formatTime } from './format.js';
import { Timeline } from './Timeline.js';
import { useLoad } from './use-load.js';

type Tab = 'timeline' | 'variables' | 'materials' | 'incidents';
type Dialog =
  | { readonly kind: 'retry'; readonly incident: Incident; readonly elementName: string }
  | { readonly kind: 'variable'; readonly name: string; readonly value: string }
  | { readonly kind: 'reassign'; readonly task: OpenTask }
  | { readonly kind: 'cancel' };

interface CaseData {
  readonly trace: CaseTrace;
  readonly diagrams: CaseDiagrams;
  readonly detail: CaseDetail | undefined;
  readonly tasks: readonly OpenTask[];
}

async function loadAll(caseNo: string): Promise<CaseData> {
  const [trace, diagrams, detail, tasks] = await Promise.all([
    loadTrace(caseNo),
    loadDiagrams(caseNo),
    // Materials and tasks decorate the page: without them the trace still shows.
    loadCase(caseNo).catch(() => undefined),
    loadOpenTasks(caseNo).catch(() => []),
  ]);
  return { trace, diagrams, detail, tasks };
}

export function CasePage() {
  const s = t.supervision;
  const { caseNo = '' } = useParams();
  const [search] = useSearchParams();
  const from = search.get('from');
  const data = useLoad(() => loadAll(caseNo), [caseNo]);
  const back = (
    <Link to={`/supervision/stuck${from ? `?${from}` : ''}`} className="sv-back">
      ← {s.back}
    </Link>
  );
  if (data.state.kind === 'loading') return <div className="sv-page sv-case">{back}<p className="muted">{t.loading}</p></div>;
  if (data.state.kind === 'failed')
    return (
      <div className="sv-page sv-case">
        {back}
        <p className="error" role="alert">
          {s.loadFailed(data.state.message)}
        </p>
      </div>
    );
  return <CaseView caseNo={caseNo} data={data.state.data} back={back} reload={data.reload} />;
}

function CaseView({ caseNo, data, back, reload }: { readonly caseNo: string; readonly data: CaseData; readonly back: React.ReactNode; readonly reload: () => void }) {
  const s = t.supervision;
  const { trace, diagrams, detail, tasks } = data;
  const c = trace.case;
  const final = ['refused', 'concluded', 'withdrawn', 'canceled'].includes(c.status);
  const [tab, setTab] = useState<Tab>('timeline');
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const active = trace.incidents.filter((i) => i.state === 'ACTIVE');
  const names = elementNames(trace);
  const task = tasks[0];

  const finish = (message: string) => {
    setDialog(undefined);
    setDone(message);
    reload();
  };

  return (
    <div className="sv-page sv-case">
      <div className="sv-case-head">
        {back}
        <h1>{s.caseTitle(c.caseNo)}</h1>
        <span className={`sv-chip status-${c.status}`}>{c.statusLabel}</span>
        {c.warning && <span className={`sv-chip warning-${c.warning}`}>{c.warning === 'red' ? s.red : s.yellow}</span>}
        <span className="sv-case-meta">
          {c.subItemName ?? c.subItemCode} · {s.createdAt} {formatTime(c.createdAt)} · {s.dueAt} {formatTime(c.committedDueAt)}
        </span>
        <span className="spacer" />
        <span className="small muted">
          {s.openTask}：{task ? `${task.name}（${s.holder} ${task.assignee ?? s.unclaimed}）` : s.noOpenTask}
        </span>
        <button type="button" disabled={final || !task} onClick={() => task && setDialog({ kind: 'reassign', task })}>
          {s.reassign}
        </button>
        <button type="button" disabled={final || !c.processInstanceKey} onClick={() => setDialog({ kind: 'variable', name: '', value: '' })}>
          {s.editVariable}
        </button>
        <button type="button" className="danger" disabled={final} onClick={() => setDialog({ kind: 'cancel' })}>
          {s.cancelCase}
        </button>
      </div>
      {done && (
        <p className="sv-done" role="status">
          {done}
        </p>
      )}
      {trace.note && <p className="sv-note">{trace.note}</p>}
      {active.map((i) => (
        <div key={i.incidentKey} className="sv-incident-bar" data-incident={i.incidentKey}>
          <span className="sv-chip reason-incident">{s.reasons['incident']}</span>
          <strong>{names.get(i.elementId) ?? i.elementId}</strong>
          <span className="sv-incident-message">{i.errorMessage}</span>
          <span className="muted small">{formatTime(i.creationTime)}</span>
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'retry', incident: i, elementName: names.get(i.elementId) ?? i.elementId })}>
            {s.retry}
          </button>
          <button type="button" onClick={() => setDialog({ kind: 'variable', name: '', value: '' })}>
            {s.editVariable}
          </button>
        </div>
      ))}
      <div className="sv-case-body">
        {diagrams.diagrams.length > 0 ? <CaseDiagram diagrams={diagrams.diagrams} incidents={trace.incidents} /> : diagrams.note && <p className="sv-note">{diagrams.note}</p>}
        <div className="sv-tabs-panel">
          <div role="tablist" className="sv-subtabs">
            {(
              [
                ['timeline', s.timeline],
                ['variables', s.variables],
                ['materials', s.materials],
                ['incidents', s.incidentsTab(trace.incidents.length)],
              ] as const
            ).map(([id, label]) => (
              <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'active' : ''} onClick={() => setTab(id)}>
                {label}
              </button>
            ))}
          </div>
          <div className="sv-tab-body" role="tabpanel">
            {tab === 'timeline' && <Timeline entries={trace.timeline} />}
            {tab === 'variables' && <Variables trace={trace} final={final} edit={(name, value) => setDialog({ kind: 'variable', name, value })} />}
            {tab === 'materials' && <Materials detail={detail} />}
            {tab === 'incidents' && <Incidents incidents={trace.incidents} names={names} final={final} retry={(incident) => setDialog({ kind: 'retry', incident, elementName: names.get(incident.elementId) ?? incident.elementId })} />}
          </div>
        </div>
      </div>
      {dialog && <ActionFor dialog={dialog} caseNo={caseNo} close={() => setDialog(undefined)} finish={finish} />}
    </div>
  );
}

/** Element ids → names, from the element-instance trees of the trace. */
function elementNames(trace: CaseTrace): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of trace.timeline) if (e.source === 'engine' && e.elementId && e.elementName) out.set(e.elementId, e.elementName);
  return out;
}

function Variables({ trace, final, edit }: { readonly trace: CaseTrace; readonly final: boolean; readonly edit: (name: string, value: string) => void }) {
  const s = t.supervision;
  const root = trace.case.processInstanceKey;
  const vars = [...trace.variables].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <table className="sv-table" data-testid="variables">
      <thead>
        <tr>
          <th>{s.variableName}</th>
          <th>{s.value}</th>
          <th>{s.scope}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {vars.map((v) => {
          const isRoot = v.scopeKey === root && v.processInstanceKey === root;
          return (
            <tr key={`${v.scopeKey}/${v.name}`}>
              <td className="mono">{v.name}</td>
              <td className="mono sv-value">
                {v.value}
                {v.isTruncated && <span className="muted">{s.truncated}</span>}
              </td>
              <td className="small muted">{isRoot ? s.process : v.scopeKey}</td>
              <td>
                {isRoot && !final && !v.isTruncated && (
                  <button type="button" className="link" onClick={() => edit(v.name, v.value)}>
                    {s.editVariable}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Materials({ detail }: { readonly detail: CaseDetail | undefined }) {
  const s = t.supervision;
  if (!detail || detail.materials.length === 0) return <p className="muted">{s.noMaterials}</p>;
  return (
    <table className="sv-table">
      <tbody>
        {detail.materials.map((m) => (
          <tr key={m.seq}>
            <td>{m.name}</td>
            <td>
              {m.fileSha256 ? (
                <a href={`/api/files/${m.fileSha256}`} target="_blank" rel="noreferrer">
                  {m.filename ?? m.fileSha256.slice(0, 12)}
                </a>
              ) : (
                <span className="muted">{s.noFile}</span>
              )}
            </td>
            <td className="small muted">{formatTime(m.submittedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Incidents({ incidents, names, final, retry }: { readonly incidents: readonly Incident[]; readonly names: Map<string, string>; readonly final: boolean; readonly retry: (i: Incident) => void }) {
  const s = t.supervision;
  if (incidents.length === 0) return <p className="muted">{s.noIncidents}</p>;
  return (
    <table className="sv-table">
      <tbody>
        {incidents.map((i) => (
          <tr key={i.incidentKey}>
            <td>{names.get(i.elementId) ?? i.elementId}</td>
            <td className="sv-wrap">{i.errorMessage}</td>
            <td className="small muted">{formatTime(i.creationTime)}</td>
            <td className={i.state === 'ACTIVE' ? 'tone-red' : 'muted'}>{i.state === 'ACTIVE' ? s.activeIncident : s.resolved}</td>
            <td>
              {i.state === 'ACTIVE' && !final && (
                <button type="button" onClick={() => retry(i)}>
                  {s.retry}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ActionFor({ dialog, caseNo, close, finish }: { readonly dialog: Dialog; readonly caseNo: string; readonly close: () => void; readonly finish: (message: string) => void }) {
  const s = t.supervision;
  switch (dialog.kind) {
    case 'retry':
      return <RetryDialog dialog={dialog} close={close} finish={finish} />;
    case 'variable':
      return <VariableDialog caseNo={caseNo} initial={dialog} close={close} finish={finish} />;
    case 'reassign':
      return <ReassignDialog task={dialog.task} close={close} finish={finish} />;
    case 'cancel':
      return (
        <ActionDialog
          title={s.cancelTitle}
          warning={s.cancelWarning}
          danger
          onClose={close}
          run={async (reason) => {
            await cancelCase(caseNo, reason);
            finish(s.done.cancel);
          }}
        />
      );
  }
}

function RetryDialog({ dialog, close, finish }: { readonly dialog: Extract<Dialog, { kind: 'retry' }>; readonly close: () => void; readonly finish: (m: string) => void }) {
  const s = t.supervision;
  const [retries, setRetries] = useState(1);
  return (
    <ActionDialog
      title={s.retryTitle(dialog.elementName)}
      warning={dialog.incident.errorMessage}
      onClose={close}
      run={async (reason) => {
        await retryIncident(dialog.incident.incidentKey, reason, retries);
        finish(s.done.retry(dialog.elementName));
      }}
    >
      {dialog.incident.jobKey && (
        <label>
          {s.retries}
          <input type="number" min={1} max={10} value={retries} onChange={(e) => setRetries(Math.max(1, Math.min(10, Number(e.target.value) || 1)))} />
        </label>
      )}
    </ActionDialog>
  );
}

function VariableDialog({ caseNo, initial, close, finish }: { readonly caseNo: string; readonly initial: { name: string; value: string }; readonly close: () => void; readonly finish: (m: string) => void }) {
  const s = t.supervision;
  const [name, setName] = useState(initial.name);
  const [value, setValue] = useState(initial.value);
  const parse = (): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(value) as unknown };
    } catch {
      return { ok: false };
    }
  };
  return (
    <ActionDialog
      title={s.variableTitle}
      onClose={close}
      check={() => (name.trim() === '' ? `${s.variableName}？` : parse().ok ? undefined : s.variableValueInvalid)}
      run={async (reason) => {
        const parsed = parse();
        if (!parsed.ok) throw new Error(s.variableValueInvalid);
        await setVariable(caseNo, name.trim(), parsed.value, reason);
        finish(s.done.variable(name.trim()));
      }}
    >
      <label>
        {s.variableName}
        <input value={name} onChange={(e) => setName(e.target.value)} className="mono" />
      </label>
      <label>
        {s.variableValue}
        <textarea value={value} rows={3} onChange={(e) => setValue(e.target.value)} className="mono" />
      </label>
    </ActionDialog>
  );
}

function ReassignDialog({ task, close, finish }: { readonly task: OpenTask; readonly close: () => void; readonly finish: (m: string) => void }) {
  const s = t.supervision;
  const staff = useLoad(loadStaff, []);
  const [to, setTo] = useState('');
  // A task with candidates goes only to a candidate (the api says so too).
  const fits = (p: StaffRow): boolean =>
    p.active && (task.candidateGroups.length + task.candidateUsers.length === 0 || p.groups.some((g) => task.candidateGroups.includes(g)) || task.candidateUsers.includes(p.username));
  const people = staff.state.kind === 'ready' ? staff.state.data.filter(fits) : [];
  return (
    <ActionDialog
      title={s.reassignTitle(task.name)}
      onClose={close}
      check={() => (to === '' ? s.chooseStaff : undefined)}
      run={async (reason) => {
        await reassignTask(task.key, to, reason);
        finish(s.done.reassign(people.find((p) => p.username === to)?.name ?? to));
      }}
    >
      <label>
        {s.reassignTo}
        <select value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">{s.chooseStaff}</option>
          {people.map((p) => (
            <option key={p.username} value={p.username}>
              {`${p.name}（${p.username}）`}
            </option>
          ))}
        </select>
      </label>
      {staff.state.kind === 'failed' && <p className="error">{staff.state.message}</p>}
    </ActionDialog>
  );
}
