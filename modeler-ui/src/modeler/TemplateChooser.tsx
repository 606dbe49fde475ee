// Picking an element template for a task: the hall's checks and actions by their Chinese names,
// filtered by what the element may take (appliesTo).
import { useState } from 'react';
import { t } from '../i18n/index.js';
import { jobTypeOf, type ElementTemplate } from './templates.js';

export function TemplateChooser({ templates, onPick, onClose }: { readonly templates: readonly ElementTemplate[]; readonly onPick: (template: ElementTemplate) => void; readonly onClose: () => void }) {
  const [filter, setFilter] = useState('');
  const shown = templates.filter((tpl) => `${tpl.name} ${tpl.description ?? ''} ${jobTypeOf(tpl) ?? ''}`.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog" role="dialog" aria-label={t.modeler.chooseTemplate} onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{t.modeler.chooseTemplate}</h2>
          <button type="button" className="link" onClick={onClose}>
            {t.modeler.cancel}
          </button>
        </header>
        <div className="dialog-body">
          <p className="muted small">{t.modeler.templateHint}</p>
          <input type="search" placeholder={t.modeler.templateFilter} aria-label={t.modeler.templateFilter} value={filter} onChange={(e) => setFilter(e.target.value)} autoFocus />
          {shown.length === 0 && <p className="muted">{t.modeler.noTemplateFits}</p>}
          <ul className="pick-list">
            {shown.map((tpl) => (
              <li key={tpl.id}>
                <button type="button" className="pick" onClick={() => onPick(tpl)}>
                  <strong>{tpl.name}</strong> <code className="muted">{jobTypeOf(tpl)}</code>
                  {tpl.description && <div className="small muted">{tpl.description}</div>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
