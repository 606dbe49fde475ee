// 流程设计: open a flow (new, shipped, deployed, or the one a sub-item is bound to), edit it with
// the Zeebe properties panel and the hall's element templates, see lint problems as you edit, and
// deploy through the api. Deploying is refused while the linter reports errors; the engine's own
// rejection is shown word for word. For a deployed flow: compare two of its versions, and bind
// sub-items to it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure } from '../api.js';
import { t } from '../i18n/index.js';
import { deploy, processXml } from './designer-api.js';
import { emptyDiagram } from './diagrams.js';
import { DiagramEditor, type DiagramElement, type LintReport } from './editor.js';
import { isError, LintPanel, lintMessage, type LintState } from './LintPanel.js';
import { BindDialog } from './BindDialog.js';
import { DiffDialog } from './DiffDialog.js';
import { OpenDialog, type OpenChoice } from './OpenDialog.js';
import { TemplateChooser } from './TemplateChooser.js';
import type { ElementTemplate } from './templates.js';

type Status = { readonly kind: 'info' | 'success' | 'error'; readonly text: string; readonly prefix?: string; readonly items?: readonly string[] };

export function ModelerPage() {
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<DiagramEditor | undefined>(undefined);
  const [title, setTitle] = useState(t.modeler.untitled);
  /** The open diagram's process id: the flow that 版本对比 and 绑定子项 work on. */
  const [processId, setProcessId] = useState<string | undefined>();
  const [dialog, setDialog] = useState<'diff' | 'bind' | undefined>();
  const [lint, setLint] = useState<LintState>({ reports: undefined, failure: undefined });
  const [selected, setSelected] = useState<DiagramElement | undefined>();
  const [choosingFor, setChoosingFor] = useState<DiagramElement | undefined>();
  const [opening, setOpening] = useState(false);
  const [status, setStatus] = useState<Status | undefined>();
  const [deploying, setDeploying] = useState(false);

  const refreshTitle = useCallback(() => {
    const process = editorRef.current?.process();
    setTitle(process?.name ?? t.modeler.untitled);
    setProcessId(process?.id);
  }, []);

  const load = useCallback(
    async (xml: string) => {
      const editor = editorRef.current;
      if (!editor) return;
      setLint({ reports: undefined, failure: undefined });
      try {
        const warnings = await editor.open(xml);
        if (editorRef.current !== editor) return; // the page left (or StrictMode remounted) meanwhile
        setStatus(warnings > 0 ? { kind: 'info', text: t.modeler.importWarnings(warnings) } : undefined);
      } catch (error) {
        if (editorRef.current !== editor) return;
        setStatus({ kind: 'error', text: t.modeler.importFailed(error instanceof Error ? error.message : String(error)) });
      }
      refreshTitle();
    },
    [refreshTitle],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    const panel = panelRef.current;
    if (!canvas || !panel) return;
    // Created here and destroyed in the cleanup, so StrictMode's second mount gets a fresh one.
    const editor = new DiagramEditor(canvas, panel, {
      onLint: (reports) => {
        setLint({ reports, failure: undefined });
        refreshTitle();
      },
      onLintFailed: (message) => setLint((s) => ({ reports: s.reports, failure: message })),
      onSelection: setSelected,
      onTemplateRequest: setChoosingFor,
    });
    editorRef.current = editor;
    void load(emptyDiagram(t.modeler.untitled));
    return () => {
      editorRef.current = undefined;
      editor.destroy();
    };
  }, [load, refreshTitle]);

  const open = async (choice: OpenChoice) => {
    setOpening(false);
    if (choice.kind === 'new') return load(emptyDiagram(t.modeler.untitled));
    if (choice.kind === 'shipped') return load(choice.flow.xml);
    try {
      await load(await processXml(choice.processDefinitionKey));
    } catch (error) {
      setStatus({ kind: 'error', text: t.modeler.openFailed(error instanceof Error ? error.message : String(error)) });
    }
  };

  const pickTemplate = (template: ElementTemplate) => {
    const element = choosingFor;
    setChoosingFor(undefined);
    if (element) editorRef.current?.applyTemplate(element, template);
  };

  const download = async () => {
    const editor = editorRef.current;
    if (!editor) return;
    const xml = await editor.xml();
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${editor.process()?.id ?? 'diagram'}.bpmn`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const errors = lint.reports?.filter(isError).length ?? 0;
  const canDeploy = lint.reports !== undefined && errors === 0 && !deploying;

  const runDeploy = async () => {
    const editor = editorRef.current;
    if (!editor || !canDeploy) return;
    setDeploying(true);
    setStatus({ kind: 'info', text: t.modeler.deploying });
    try {
      // The shown lint result may predate the last edit (it reruns after a pause), so the model
      // is linted again now, and exactly the XML that was linted is sent: an edit made while
      // the check ran means checking again.
      let xml = await editor.xml();
      let reports = await editor.lintNow();
      for (let latest = await editor.xml(); latest !== xml; latest = await editor.xml()) {
        xml = latest;
        reports = await editor.lintNow();
      }
      const blocking = reports.filter(isError);
      if (blocking.length > 0) {
        setStatus({ kind: 'error', prefix: t.modeler.deployLintErrors, text: '', items: blocking.map((r) => `${editor.elementName(r.id) ?? r.id}：${lintMessage(r.message)}`) });
        return;
      }
      const name = `${editor.process()?.id ?? 'diagram'}.bpmn`;
      const result = await deploy(name, xml);
      const summary = result.resources.map((r) => `${r.id} ${t.modeler.version(r.version)}`).join('、');
      setStatus({ kind: 'success', text: t.modeler.deployDone(summary) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setStatus({ kind: 'error', text: message, ...(error instanceof ApiFailure && error.status === 400 ? { prefix: t.modeler.deployRejected } : {}) });
    } finally {
      setDeploying(false);
    }
  };

  const taskSelected = selected !== undefined && selected.businessObject.$instanceOf('bpmn:Task');

  return (
    <div className="modeler-page">
      <div className="toolbar">
        <button type="button" onClick={() => setOpening(true)}>
          {t.modeler.open}
        </button>
        <span className="diagram-title" data-testid="diagram-title" title={t.modeler.current}>
          {title}
        </span>
        <span className="spacer" />
        <button type="button" disabled={!processId} title={t.modeler.compare} onClick={() => setDialog('diff')}>
          {t.modeler.compare}
        </button>
        <button type="button" disabled={!processId} title={t.modeler.bind} onClick={() => setDialog('bind')}>
          {t.modeler.bind}
        </button>
        <button type="button" disabled={!taskSelected} title={taskSelected ? t.modeler.applyTemplate : t.modeler.selectTask} onClick={() => selected && setChoosingFor(selected)}>
          {t.modeler.applyTemplate}
        </button>
        <button type="button" onClick={() => void download()}>
          {t.modeler.download}
        </button>
        <button type="button" className="primary" disabled={!canDeploy} title={errors > 0 ? t.modeler.deployBlocked : t.modeler.deploy} onClick={() => void runDeploy()}>
          {deploying ? t.modeler.deploying : t.modeler.deploy}
        </button>
      </div>
      {status && (
        <div className={`status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'} data-testid="modeler-status">
          {status.prefix && <strong>{status.prefix}</strong>}
          <span className="status-text">{status.text}</span>
          {status.items && (
            <ul className="status-items" data-testid="deploy-lint-errors">
              {status.items.map((item, i) => (
                <li key={`${String(i)}-${item}`}>{item}</li>
              ))}
            </ul>
          )}
          <button type="button" className="link" onClick={() => setStatus(undefined)} aria-label={t.modeler.close}>
            ×
          </button>
        </div>
      )}
      <div className="modeler-main">
        <div className="canvas" ref={canvasRef} data-testid="canvas" />
        <aside className="properties" ref={panelRef} data-testid="properties" />
      </div>
      <LintPanel state={lint} elementName={(id) => editorRef.current?.elementName(id)} onShow={(r: LintReport) => editorRef.current?.showError(r)} />
      {opening && <OpenDialog onOpen={(c) => void open(c)} onClose={() => setOpening(false)} />}
      {dialog === 'diff' && processId && <DiffDialog bpmnProcessId={processId} onClose={() => setDialog(undefined)} />}
      {dialog === 'bind' && processId && <BindDialog bpmnProcessId={processId} onClose={() => setDialog(undefined)} />}
      {choosingFor && editorRef.current && <TemplateChooser templates={editorRef.current.templatesFor(choosingFor)} onPick={pickTemplate} onClose={() => setChoosingFor(undefined)} />}
    </div>
  );
}
