// 打开流程: a sub-item's flow (the version it is bound to), a new empty diagram, the flows shipped
// with the system, and (from the api) every deployed flow with its versions — who deployed each
// and when — and the sub-items bound to it. Without the api the shipped flows and a new diagram
// still work and the dialog says why the rest is missing.
import { useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { boundVersion, listProcesses, type DeployedProcesses, type SubItemBrief } from './designer-api.js';
import { SHIPPED_FLOWS, type ShippedFlow } from './diagrams.js';
import { SHOWN_RESULTS, useSubItemSearch } from './use-sub-item-search.js';

export type OpenChoice =
  | { readonly kind: 'new' }
  | { readonly kind: 'shipped'; readonly flow: ShippedFlow }
  | { readonly kind: 'deployed'; readonly processDefinitionKey: string; readonly title: string; readonly file: string };

type Deployed = { readonly kind: 'loading' } | { readonly kind: 'failed'; readonly message: string } | { readonly kind: 'ready'; readonly list: DeployedProcesses };

export function OpenDialog({ onOpen, onClose }: { readonly onOpen: (choice: OpenChoice) => void; readonly onClose: () => void }) {
  const [deployed, setDeployed] = useState<Deployed>({ kind: 'loading' });
  useEffect(() => {
    let alive = true;
    listProcesses()
      .then((list) => alive && setDeployed({ kind: 'ready', list }))
      .catch((error: unknown) => alive && setDeployed({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      alive = false;
    };
  }, []);

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog wide" role="dialog" aria-label={t.modeler.open} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{t.modeler.open}</h2>
          <button type="button" className="link" onClick={onClose}>
            {t.modeler.close}
          </button>
        </header>
        <div className="dialog-body">
          <h3>{t.modeler.bySubItem}</h3>
          <BySubItem deployed={deployed} onOpen={onOpen} />
          <button type="button" onClick={() => onOpen({ kind: 'new' })}>
            ＋ {t.modeler.newDiagram}
          </button>
          <h3>{t.modeler.shipped}</h3>
          <ul className="pick-list">
            {SHIPPED_FLOWS.map((flow) => (
              <li key={flow.file}>
                <button type="button" className="pick" onClick={() => onOpen({ kind: 'shipped', flow })}>
                  <strong>{flow.name}</strong> <span className="muted">{flow.file}</span>
                </button>
              </li>
            ))}
          </ul>
          <h3>{t.modeler.deployed}</h3>
          <DeployedList deployed={deployed} onOpen={onOpen} />
        </div>
      </div>
    </div>
  );
}

/** The deployed version a sub-item's binding points at, or why it cannot be opened. */
function resolve(deployed: Deployed, item: SubItemBrief): OpenChoice | string {
  if (deployed.kind === 'loading') return t.modeler.deployedLoading;
  if (deployed.kind === 'failed') return t.modeler.deployedFailed(deployed.message);
  const { bpmnProcessId, version: pinned } = item.process;
  const process = deployed.list.items.find((p) => p.bpmnProcessId === bpmnProcessId);
  if (!process || process.latestVersion === null) return t.modeler.notDeployed(bpmnProcessId);
  const version = boundVersion(process, pinned);
  if (!version || version.processDefinitionKey === null) return t.modeler.versionMissing(bpmnProcessId, pinned ?? process.latestVersion);
  return { kind: 'deployed', processDefinitionKey: version.processDefinitionKey, title: `${process.name} ${t.modeler.version(version.version)}`, file: version.resourceName ?? `${bpmnProcessId}.bpmn` };
}

function BySubItem({ deployed, onOpen }: { readonly deployed: Deployed; readonly onOpen: (choice: OpenChoice) => void }) {
  const [query, setQuery] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const search = useSubItemSearch(query);
  const open = (item: SubItemBrief) => {
    const choice = resolve(deployed, item);
    if (typeof choice === 'string') setProblem(choice);
    else onOpen(choice);
  };
  return (
    <div className="sub-item-search">
      <input
        type="search"
        aria-label={t.modeler.searchSubItems}
        placeholder={t.modeler.bySubItemHint}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setProblem(undefined);
        }}
      />
      {problem && (
        <p className="error" role="alert">
          {problem}
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
        <ul className="pick-list sub-item-results" data-testid="sub-item-results">
          {search.items.slice(0, SHOWN_RESULTS).map((item) => (
            <li key={item.code}>
              <button type="button" className="pick" onClick={() => open(item)}>
                <strong>{item.name}</strong> <span className="muted">{item.code}</span>
                <span className="small muted"> · {t.modeler.boundTo(item.process.bpmnProcessId, item.process.version ?? null)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function DeployedList({ deployed, onOpen }: { readonly deployed: Deployed; readonly onOpen: (choice: OpenChoice) => void }) {
  if (deployed.kind === 'loading') return <p className="muted">{t.modeler.deployedLoading}</p>;
  if (deployed.kind === 'failed')
    return (
      <p className="error" role="alert" data-testid="deployed-failed">
        {t.modeler.deployedFailed(deployed.message)}
      </p>
    );
  const { list } = deployed;
  return (
    <>
      {list.note && <p className="muted">{t.modeler.deployedNote(list.note)}</p>}
      {list.items.length === 0 && <p className="muted">{t.modeler.noDeployed}</p>}
      <ul className="pick-list">
        {list.items.map((p) => (
          <li key={p.bpmnProcessId} className="deployed-process">
            <div>
              <strong>{p.name}</strong> <span className="muted">{p.bpmnProcessId}</span>
            </div>
            {p.subItems.length === 0 ? (
              <div className="small muted">{t.modeler.noSubItems}</div>
            ) : (
              // A flow can serve dozens of sub-items: the count first, the names on request.
              <details className="small">
                <summary>{t.modeler.subItemCount(p.subItems.length)}</summary>
                {p.subItems.map((s) => `${s.name}（${s.code}）`).join('、')}
              </details>
            )}
            <div className="versions">
              {p.versions.map((v) =>
                v.processDefinitionKey === null ? (
                  <span key={v.version} className="muted small">
                    {t.modeler.version(v.version)} · {t.modeler.runningCases(v.runningCases)}
                  </span>
                ) : (
                  <button
                    key={v.version}
                    type="button"
                    className="small"
                    onClick={() =>
                      v.processDefinitionKey !== null &&
                      onOpen({ kind: 'deployed', processDefinitionKey: v.processDefinitionKey, title: `${p.name} ${t.modeler.version(v.version)}`, file: v.resourceName ?? `${p.bpmnProcessId}.bpmn` })
                    }
                  >
                    {t.modeler.version(v.version)}
                    {v.version === p.latestVersion ? `（${t.modeler.latest}）` : ''}
                    {v.deployedAt ? ` · ${t.modeler.deployedAt} ${new Date(v.deployedAt).toLocaleString()}` : ''}
                    {v.deployedBy ? ` · ${t.modeler.deployedBy(v.deployedBy.name)}` : ''} · {t.modeler.runningCases(v.runningCases)}
                  </button>
                ),
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
