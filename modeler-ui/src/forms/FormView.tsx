// One form-js Form (the viewer) in React: the schema imported with its data, every change
// reported, optionally read-only (a filled sample). form-js renders into its own DOM node; React
// only owns the container. A new schema re-imports; new data from outside (a prefill) re-imports
// too, but data the form itself just reported does not, so typing never re-renders under the cursor.
import { Form } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { useEffect, useRef, useState } from 'react';
import type { FormData, FormSchema } from './forms-api.js';
import './forms.css';

interface Props {
  readonly schema: FormSchema;
  readonly data?: FormData;
  readonly readOnly?: boolean;
  /** The form's data after each change, and the key of the field that changed (when known). */
  readonly onChange?: (data: FormData, changedKey: string | undefined) => void;
  /** Names the region (screen readers, tests). */
  readonly label: string;
}

export function FormView({ schema, data, readOnly = false, onChange, label }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const form = useRef<Form | null>(null);
  const reported = useRef<FormData | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    const f = new Form({ container: node });
    form.current = f;
    // 'field.updated' names the field a person changed; 'changed' follows with the whole state.
    let changedKey: string | undefined;
    f.on('field.updated', (update: { fieldInstance?: { valuePath?: readonly unknown[] } }) => {
      const first = update.fieldInstance?.valuePath?.[0];
      changedKey = typeof first === 'string' ? first : undefined;
    });
    f.on('changed', (state: { data: FormData }) => {
      reported.current = state.data;
      onChangeRef.current?.(state.data, changedKey);
      changedKey = undefined;
    });
    return () => {
      f.destroy();
      form.current = null;
    };
  }, []);

  useEffect(() => {
    const f = form.current;
    if (!f) return;
    if (data !== undefined && data === reported.current) return; // the form's own change coming back
    let alive = true;
    f.importSchema(schema, data ?? {})
      .then(() => {
        if (!alive) return;
        f.setProperty('readOnly', readOnly);
        setError(undefined);
      })
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [schema, data, readOnly]);

  return (
    <section className={`form-view${readOnly ? ' read-only' : ''}`} aria-label={label}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div ref={container} />
    </section>
  );
}
