// The form-js FormEditor (palette, canvas, properties panel) for one schema. The editor keeps its
// own state; the page asks it for the schema (saveSchema) when previewing or saving, and hears
// every edit (to mark the form changed). It stays mounted while the page shows other tabs, so
// switching to the preview never loses an edit.
import { FormEditor } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js/dist/assets/properties-panel.css';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { t } from '../i18n/index.js';
import type { FormSchema } from './forms-api.js';

export interface EditorHandle {
  /** The schema as edited now. */
  schema(): FormSchema;
}

interface Props {
  readonly schema: FormSchema;
  readonly hidden: boolean;
  readonly onEdited: () => void;
}

export const FormEditorPane = forwardRef<EditorHandle, Props>(function FormEditorPane({ schema, hidden, onEdited }, ref) {
  const container = useRef<HTMLDivElement>(null);
  const editor = useRef<FormEditor | null>(null);
  const edited = useRef(onEdited);
  edited.current = onEdited;
  const [error, setError] = useState<string | undefined>();

  useImperativeHandle(ref, () => ({
    schema() {
      if (!editor.current) throw new Error(t.forms.editorNotReady);
      return editor.current.saveSchema() as FormSchema;
    },
  }));

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    const e = new FormEditor({ container: node });
    editor.current = e;
    let importing = true;
    e.on('changed', () => {
      if (!importing) edited.current();
    });
    e.importSchema(schema)
      .then(() => setError(undefined))
      .catch((err: unknown) => setError(`${t.forms.importFailed}：${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        importing = false;
      });
    return () => {
      e.destroy();
      editor.current = null;
    };
  }, [schema]);

  return (
    <div className="forms-editor" hidden={hidden}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div ref={container} className="forms-editor-canvas" />
    </div>
  );
});
