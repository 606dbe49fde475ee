// The diagram panel of the case page: one NavigatedViewer for the instance chosen (the case's own
// first, then the processes it called), with a legend of what the colours mean.
import { useEffect, useRef, useState } from 'react';
import { t } from '../i18n/index.js';
import type { Incident, InstanceDiagram } from './data.js';
import { CaseDiagramViewer } from './diagram-viewer.js';

export function CaseDiagram({ diagrams, incidents }: { readonly diagrams: readonly InstanceDiagram[]; readonly incidents: readonly Incident[] }) {
  const s = t.supervision;
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<CaseDiagramViewer | undefined>(undefined);
  const [chosen, setChosen] = useState(0);
  const [problem, setProblem] = useState<string | undefined>();
  const diagram = diagrams[chosen] ?? diagrams[0];

  useEffect(() => {
    if (!container.current) return;
    const v = new CaseDiagramViewer(container.current);
    viewer.current = v;
    return () => {
      viewer.current = undefined;
      v.destroy();
    };
  }, []);

  useEffect(() => {
    const v = viewer.current;
    if (!v || !diagram) return;
    let alive = true;
    const marks = incidents.filter((i) => i.state === 'ACTIVE' && i.processInstanceKey === diagram.processInstanceKey);
    v.show(diagram, marks, { counts: s.counts })
      .then(() => alive && setProblem(undefined))
      .catch((e: unknown) => alive && setProblem(s.diagramFailed(e instanceof Error ? e.message : String(e))));
    return () => {
      alive = false;
    };
  }, [diagram, incidents, s]);

  return (
    <section className="sv-diagram" aria-label={s.diagram}>
      <div className="sv-diagram-bar">
        {diagrams.length > 1 &&
          diagrams.map((d, i) => (
            <button key={d.processInstanceKey} type="button" className={i === chosen ? 'primary' : ''} onClick={() => setChosen(i)}>
              {i === 0 ? d.name : `${s.calledProcess}：${d.name}`}
            </button>
          ))}
        {diagram && <span className="muted small">{s.processVersion(diagram.name, diagram.version)}</span>}
        <span className="sv-legend">
          <span className="sv-legend-item completed">{s.legend.completed}</span>
          <span className="sv-legend-item active">{s.legend.active}</span>
          <span className="sv-legend-item incident">{s.legend.incident}</span>
          <span className="sv-legend-item taken">{s.legend.taken}</span>
        </span>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="sv-canvas" ref={container} data-testid="case-diagram" />
    </section>
  );
}
