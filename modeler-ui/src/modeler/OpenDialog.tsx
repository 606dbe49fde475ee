// 打开流程: a new empty diagram, the flows shipped with the system, and (from the api) every
// deployed flow with its versions and the sub-items bound to it. Without the api the first two
// still work and the dialog says why the third is missing.
import { useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { listProcesses, type DeployedProcesses } from './designer-api.js';
import { SHIPPED_FLOWS, type ShippedFlow } from './diagrams.js';

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
            <div className="small">
              {t.modeler.subItems}：{p.subItems.length === 0 ? t.modeler.noSubItems : p.subItems.map((s) => `${s.name}（${s.code}）`).join('、')}
            </div>
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
                    {v.deployedAt ? ` · ${t.modeler.deployedAt} ${new Date(v.deployedAt).toLocaleString()}` : ''} · {t.modeler.runningCases(v.runningCases)}
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
