// 版本对比: two deployed versions of the open flow side by side, the changes marked in colour on
// both diagrams and listed below in words (element, what changed, before → after). Clicking a
// change brings the element into view on both sides.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { t } from '../i18n/index.js';
import { processXml, type DeployedProcess, type ProcessVersion } from './designer-api.js';
import { DiffViewers } from './diff-viewers.js';
import { useProcessEntry } from './use-process-entry.js';
import { settingLabel, typeTerm, type ChangeKind, type ElementChange } from './version-diff.js';

/** A diagram this much wider than high reads better with the versions one above the other. */
const STACK_ASPECT = 2.2;

type Layout = 'columns' | 'rows';
type Shown = { readonly kind: 'loading' } | { readonly kind: 'failed'; readonly message: string } | { readonly kind: 'ready'; readonly changes: readonly ElementChange[] };

export function DiffDialog({ bpmnProcessId, onClose }: { readonly bpmnProcessId: string; readonly onClose: () => void }) {
  const { entry } = useProcessEntry(bpmnProcessId);
  const name = entry.kind === 'ready' ? entry.process.name : bpmnProcessId;
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog diff-dialog" role="dialog" aria-label={t.modeler.compare} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{t.modeler.diff.title(name)}</h2>
          <button type="button" className="link" onClick={onClose}>
            {t.modeler.close}
          </button>
        </header>
        {entry.kind === 'loading' && <p className="dialog-body muted">{t.modeler.deployedLoading}</p>}
        {entry.kind === 'failed' && (
          <p className="dialog-body error" role="alert">
            {t.modeler.diff.failed(entry.message)}
          </p>
        )}
        {entry.kind === 'missing' && <p className="dialog-body muted">{t.modeler.needDeployed}</p>}
        {entry.kind === 'ready' && <Comparison process={entry.process} />}
      </div>
    </div>
  );
}

function Comparison({ process }: { readonly process: DeployedProcess }) {
  const versions = process.versions.filter((v): v is ProcessVersion & { processDefinitionKey: string } => v.processDefinitionKey !== null).sort((a, b) => b.version - a.version);
  const [newer, setNewer] = useState(versions[0]?.version);
  const [older, setOlder] = useState(versions[1]?.version);
  const olderRef = useRef<HTMLDivElement>(null);
  const newerRef = useRef<HTMLDivElement>(null);
  const viewersRef = useRef<DiffViewers | undefined>(undefined);
  const [shown, setShown] = useState<Shown>({ kind: 'loading' });
  const [layout, setLayout] = useState<Layout | undefined>();

  useEffect(() => {
    if (!olderRef.current || !newerRef.current) return;
    const viewers = new DiffViewers(olderRef.current, newerRef.current);
    viewersRef.current = viewers;
    return () => {
      viewersRef.current = undefined;
      viewers.destroy();
    };
  }, []);

  const keyOf = (version: number | undefined) => versions.find((v) => v.version === version)?.processDefinitionKey;
  const olderKey = keyOf(older);
  const newerKey = keyOf(newer);
  useEffect(() => {
    const viewers = viewersRef.current;
    if (!viewers || olderKey === undefined || newerKey === undefined || olderKey === newerKey) return;
    let current = true;
    setShown({ kind: 'loading' });
    Promise.all([processXml(olderKey), processXml(newerKey)])
      .then(([a, b]) => viewers.show(a, b))
      .then((changes) => {
        if (!current || !changes) return;
        setShown({ kind: 'ready', changes });
        // The first comparison picks the layout from the diagram's shape; the designer can switch.
        setLayout((l) => l ?? (viewers.aspect() > STACK_ASPECT ? 'rows' : 'columns'));
      })
      .catch((error: unknown) => current && setShown({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      current = false;
    };
  }, [olderKey, newerKey]);

  // The panes change size with the layout: fit the diagrams to them before the browser paints.
  useLayoutEffect(() => {
    if (layout !== undefined) viewersRef.current?.refit();
  }, [layout]);

  const picker = (label: string, value: number | undefined, set: (v: number) => void) => (
    <label>
      {label}{' '}
      <select value={value ?? ''} onChange={(e) => set(Number(e.target.value))} aria-label={label}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {t.modeler.version(v.version)}
            {v.deployedBy ? ` · ${v.deployedBy.name}` : ''}
            {v.deployedAt ? ` · ${new Date(v.deployedAt).toLocaleString()}` : ''}
          </option>
        ))}
      </select>
    </label>
  );

  if (versions.length < 2) return <p className="dialog-body muted">{t.modeler.diff.needTwo}</p>;
  return (
    <>
      <div className="diff-controls">
        {picker(t.modeler.diff.older, older, setOlder)}
        <span aria-hidden="true">→</span>
        {picker(t.modeler.diff.newer, newer, setNewer)}
        <span className="spacer" />
        <button type="button" className="small" onClick={() => setLayout(layout === 'rows' ? 'columns' : 'rows')}>
          {layout === 'rows' ? t.modeler.diff.sideBySide : t.modeler.diff.stacked}
        </button>
        <Legend />
      </div>
      <div className={`diff-canvases ${layout ?? 'columns'}`}>
        <section className="diff-pane" aria-label={t.modeler.diff.older}>
          <h3>
            {t.modeler.diff.older} {older !== undefined && t.modeler.version(older)}
          </h3>
          <div className="diff-viewer" ref={olderRef} data-testid="diff-older" />
        </section>
        <section className="diff-pane" aria-label={t.modeler.diff.newer}>
          <h3>
            {t.modeler.diff.newer} {newer !== undefined && t.modeler.version(newer)}
          </h3>
          <div className="diff-viewer" ref={newerRef} data-testid="diff-newer" />
        </section>
      </div>
      <div className="diff-changes" data-testid="diff-changes">
        {olderKey === newerKey ? <p className="muted">{t.modeler.diff.sameVersion}</p> : <Changes shown={shown} onFocus={(id) => viewersRef.current?.focus(id)} />}
      </div>
    </>
  );
}

function Legend() {
  const kinds: readonly ChangeKind[] = ['added', 'removed', 'changed', 'layout'];
  return (
    <span className="diff-legend small" aria-label={t.modeler.diff.legend}>
      {kinds.map((k) => (
        <span key={k} className={`diff-badge diff-${k}`}>
          {t.modeler.diff.kinds[k]}
        </span>
      ))}
    </span>
  );
}

function Changes({ shown, onFocus }: { readonly shown: Shown; readonly onFocus: (id: string) => void }) {
  if (shown.kind === 'loading') return <p className="muted">{t.modeler.diff.loading}</p>;
  if (shown.kind === 'failed')
    return (
      <p className="error" role="alert">
        {t.modeler.diff.failed(shown.message)}
      </p>
    );
  if (shown.changes.length === 0) return <p className="muted">{t.modeler.diff.same}</p>;
  const value = (v: string | undefined) => (v === undefined || v === '' ? t.modeler.diff.empty : v);
  return (
    <>
      <p className="small muted">{t.modeler.diff.summary(shown.changes.length)}</p>
      <ul className="diff-list">
        {shown.changes.map((c) => (
          <li key={`${c.kind}-${c.id}`} data-element-id={c.id}>
            <button type="button" className="pick" onClick={() => onFocus(c.id)}>
              <span className={`diff-badge diff-${c.kind}`}>{t.modeler.diff.kinds[c.kind]}</span> <strong>{c.name ?? c.id}</strong>
              <span className="muted small">
                {' '}
                {c.name !== undefined && `${c.id} · `}
                {t.lintTerms[typeTerm(c.type)] ?? typeTerm(c.type)}
              </span>
              {c.kind === 'changed' && (
                <span className="diff-settings small">
                  {c.settings.length === 0
                    ? t.modeler.diff.orderOnly
                    : c.settings.map((s) => (
                        <span key={s.path} className="diff-setting">
                          {settingLabel(s.path, t.modeler.diff.settings)}：<del>{value(s.before)}</del> → <ins>{value(s.after)}</ins>
                        </span>
                      ))}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
