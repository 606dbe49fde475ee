// 绑定子项: which sub-items open cases on the open flow, how many running cases each deployed
// version carries, and binding more sub-items to it (a pinned version or always the latest).
// A binding is a dictionary change: it applies to new cases only, which the dialog says up front.
import { useState } from 'react';
import { t } from '../i18n/index.js';
import { bindSubItem, type DeployedProcess, type SubItemBrief } from './designer-api.js';
import { useProcessEntry } from './use-process-entry.js';
import { SHOWN_RESULTS, useSubItemSearch } from './use-sub-item-search.js';

type Outcome = { readonly kind: 'success' | 'error' | 'info'; readonly text: string };

export function BindDialog({ bpmnProcessId, onClose }: { readonly bpmnProcessId: string; readonly onClose: () => void }) {
  const { entry, reload } = useProcessEntry(bpmnProcessId);
  const name = entry.kind === 'ready' ? entry.process.name : bpmnProcessId;
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog wide" role="dialog" aria-label={t.modeler.bind} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{t.modeler.bindDialog.title(name)}</h2>
          <button type="button" className="link" onClick={onClose}>
            {t.modeler.close}
          </button>
        </header>
        <div className="dialog-body">
          <p className="notice" data-testid="bind-new-cases-only">
            {t.modeler.bindDialog.newCasesOnly}
          </p>
          {entry.kind === 'loading' && <p className="muted">{t.modeler.deployedLoading}</p>}
          {entry.kind === 'failed' && (
            <p className="error" role="alert">
              {t.modeler.deployedFailed(entry.message)}
            </p>
          )}
          {entry.kind === 'missing' && <p className="muted">{t.modeler.needDeployed}</p>}
          {entry.kind === 'ready' && <Binding process={entry.process} onBound={reload} />}
        </div>
      </div>
    </div>
  );
}

function Binding({ process, onBound }: { readonly process: DeployedProcess; readonly onBound: () => void }) {
  const b = t.modeler.bindDialog;
  const deployed = process.versions.filter((v) => v.processDefinitionKey !== null);
  const [query, setQuery] = useState('');
  const [pinned, setPinned] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  // The search is read again after a binding, so each result shows its binding as it now is.
  const [round, setRound] = useState(0);
  const search = useSubItemSearch(query, round);

  const bind = async (item: SubItemBrief) => {
    setBusy(item.code);
    setOutcome({ kind: 'info', text: b.binding });
    try {
      const result = await bindSubItem(item.code, process.bpmnProcessId, pinned);
      setOutcome({ kind: 'success', text: b.done(item.name, item.code, result.version) });
      onBound();
      setRound((r) => r + 1);
    } catch (error) {
      setOutcome({ kind: 'error', text: b.failed(error instanceof Error ? error.message : String(error)) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <h3>{b.versions}</h3>
      <table className="bind-versions" data-testid="bind-versions">
        <thead>
          <tr>
            <th>{b.versionCol}</th>
            <th>{b.deployedByCol}</th>
            <th>{b.deployedAtCol}</th>
            <th>{b.runningCol}</th>
          </tr>
        </thead>
        <tbody>
          {process.versions.map((v) => (
            <tr key={v.version}>
              <td>
                {t.modeler.version(v.version)}
                {v.version === process.latestVersion ? `（${t.modeler.latest}）` : ''}
              </td>
              <td>{v.deployedBy?.name ?? b.unknownDeployer}</td>
              <td>{v.deployedAt ? new Date(v.deployedAt).toLocaleString() : b.unknownDeployer}</td>
              <td>{v.runningCases}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {process.runningCasesWithoutVersion > 0 && <p className="small muted">{b.withoutVersion(process.runningCasesWithoutVersion)}</p>}

      <h3>{b.bound}</h3>
      {process.subItems.length === 0 ? (
        <p className="muted">{b.none}</p>
      ) : (
        <ul className="bound-sub-items" data-testid="bound-sub-items">
          {process.subItems.map((s) => (
            <li key={s.code}>
              <strong>{s.name}</strong> <span className="muted">{s.code}</span> · {b.pinned(s.pinnedVersion)}
            </li>
          ))}
        </ul>
      )}

      <h3>{b.bindMore}</h3>
      <div className="bind-controls">
        <input type="search" aria-label={t.modeler.searchSubItems} placeholder={t.modeler.bySubItemHint} value={query} onChange={(e) => setQuery(e.target.value)} />
        <label>
          {b.useVersion}{' '}
          <select aria-label={b.useVersion} value={pinned ?? ''} onChange={(e) => setPinned(e.target.value === '' ? undefined : Number(e.target.value))}>
            <option value="">{b.latestAlways}</option>
            {deployed.map((v) => (
              <option key={v.version} value={v.version}>
                {t.modeler.version(v.version)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {outcome && (
        <p className={`status ${outcome.kind}`} role={outcome.kind === 'error' ? 'alert' : 'status'} data-testid="bind-outcome">
          {outcome.text}
        </p>
      )}
      {search.kind === 'searching' && <p className="muted small">{t.modeler.searching}</p>}
      {search.kind === 'failed' && (
        <p className="error" role="alert">
          {search.message}
        </p>
      )}
      {search.kind === 'found' && search.items.length === 0 && <p className="muted small">{t.modeler.noSubItemFound}</p>}
      {search.kind === 'found' && search.items.length > 0 && (
        <ul className="pick-list bind-results" data-testid="bind-results">
          {search.items.slice(0, SHOWN_RESULTS).map((item) => {
            const here = item.process.bpmnProcessId === process.bpmnProcessId && item.process.version === pinned;
            return (
              <li key={item.code} className="bind-result">
                <span>
                  <strong>{item.name}</strong> <span className="muted">{item.code}</span>
                  <span className="small muted"> · {t.modeler.boundTo(item.process.bpmnProcessId, item.process.version ?? null)}</span>
                </span>
                <button type="button" className="small" disabled={here || busy !== undefined} onClick={() => void bind(item)} aria-label={`${b.bindButton} ${item.name}`}>
                  {here ? b.alreadyBound : b.bindButton}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
