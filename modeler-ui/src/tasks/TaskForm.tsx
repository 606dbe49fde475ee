// The form of a task, by its form key (processes/README.md "User tasks"): 审批 and 会签 decide
// (准予 / 不予 / 补正, with the materials to hand in chosen from the sub-item's list), 初审 writes an
// opinion, 出件 confirms the hand-over, the rectification and complaint steps take their fields.
// Fixed React forms rather than form-js: the screens are fixed per form key, and the material
// picker and the api's per-field errors fit plain components better than a form schema.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { t } from '../i18n/index.js';
import { formErrors, messagesFor, NO_ERRORS, type FormErrors } from './field-errors.js';
import { EMPTY_FORM, formBody, formFields, formKind, needsConfirmation, VariablesJsonError, type Decision, type FormState, type Tier, type Verdict } from './form-body.js';
import { completeTask, subItemMaterials, type SubItemMaterial, type TaskDetail } from './tasks-api.js';

export function TaskForm({ task, onDone }: { readonly task: TaskDetail; readonly onDone: (task: TaskDetail) => void }) {
  const kind = formKind(task.formKey);
  const [state, setState] = useState<FormState>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<FormState>) => setState((s) => ({ ...s, ...patch }));
  const prefix = kind === 'countersign' ? 'signature.' : '';
  const errs = (field: string) => messagesFor(errors, field);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      onDone(await completeTask(task.key, formBody(kind, state)));
    } catch (error) {
      if (error instanceof VariablesJsonError) setErrors({ fields: new Map([['variables', [t.tasks.variablesInvalid(error.message)]]]), general: [] });
      else setErrors(formErrors(error, formFields(kind)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="task-form" onSubmit={(e) => void submit(e)} aria-label={t.tasks.form} noValidate>
      {kind === 'countersign' && <p className="muted small">{t.tasks.countersignFor(countersignDepartment(task))}</p>}
      {(kind === 'approval' || kind === 'countersign') && (
        <>
          <Choice
            label={t.tasks.decision}
            name="decision"
            options={(['approve', 'reject', 'supplement'] as const).map((d) => [d, t.tasks.decisions[d] ?? d])}
            value={state.decision}
            onChange={(decision: Decision) => set({ decision })}
            errors={errs(`${prefix}decision`)}
          />
          {state.decision === 'supplement' && (
            <MaterialPicker subItemCode={task.subItemCode} state={state} set={set} errors={errs(`${prefix}missingMaterials`)} />
          )}
          <TextArea label={t.tasks.opinion} value={state.opinion} onChange={(opinion) => set({ opinion })} errors={errs(`${prefix}opinion`)} />
        </>
      )}
      {kind === 'pre-review' && <TextArea label={t.tasks.preReviewOpinion} value={state.opinion} onChange={(opinion) => set({ opinion })} errors={errs('preReviewOpinion')} />}
      {needsConfirmation(kind) && (
        <label className="check">
          <input type="checkbox" checked={state.confirmed} onChange={(e) => set({ confirmed: e.target.checked })} />
          {kind === 'pickup' ? t.tasks.pickupConfirm : t.tasks.concludeConfirm}
        </label>
      )}
      {kind === 'verify' && (
        <>
          <Choice
            label={t.tasks.verdict}
            name="verdict"
            options={(['rectify', 'explain', 'invalid'] as const).map((v) => [v, t.tasks.verdicts[v] ?? v])}
            value={state.verdict}
            onChange={(verdict: Verdict) => set({ verdict })}
            errors={errs('verdict')}
          />
          <TextArea label={t.tasks.verifyOpinion} value={state.opinion} onChange={(opinion) => set({ opinion })} errors={errs('verifyOpinion')} />
        </>
      )}
      {kind === 'rectify' && <TextArea label={t.tasks.rectification} value={state.opinion} onChange={(opinion) => set({ opinion })} errors={errs('rectification')} />}
      {(kind === 'return-visit' || kind === 'complaint-satisfaction') && (
        <Choice
          label={kind === 'return-visit' ? t.tasks.raterSatisfied : t.tasks.complainantSatisfied}
          name="satisfied"
          options={[
            ['yes', t.tasks.yes],
            ['no', t.tasks.no],
          ]}
          value={state.satisfied === undefined ? undefined : state.satisfied ? 'yes' : 'no'}
          onChange={(v: 'yes' | 'no') => set({ satisfied: v === 'yes' })}
          errors={errs(kind === 'return-visit' ? 'raterSatisfied' : 'complainantSatisfied')}
        />
      )}
      {kind === 'complaint-assign' && (
        <>
          <TextInput label={t.tasks.responsibleGroups} value={state.groups} onChange={(groups) => set({ groups })} errors={errs('responsibleGroups')} />
          <Choice
            label={t.tasks.tier}
            name="tier"
            options={(['instant', 'within5', 'within10'] as const).map((v) => [v, t.tasks.tiers[v] ?? v])}
            value={state.tier}
            onChange={(tier: Tier) => set({ tier })}
            errors={errs('tier')}
          />
        </>
      )}
      {kind === 'complaint-resolve' && <TextArea label={t.tasks.resolution} value={state.opinion} onChange={(opinion) => set({ opinion })} errors={errs('resolution')} />}
      {kind === 'generic' && (
        <>
          <TextArea label={t.tasks.variables} value={state.variablesJson} onChange={(variablesJson) => set({ variablesJson })} errors={errs('variables')} mono />
          <TextArea label={t.tasks.opinion} value={state.opinion} onChange={(opinion) => set({ opinion })} errors={errs('opinion')} />
        </>
      )}
      {errors.general.length > 0 && (
        <div className="error form-error" role="alert">
          {errors.general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || (needsConfirmation(kind) && !state.confirmed)}>
          {busy ? t.tasks.submitting : t.tasks.submit}
        </button>
      </div>
    </form>
  );
}

/** The sub-item's materials as tick boxes (the dictionary's list), plus one typed by hand. */
function MaterialPicker({ subItemCode, state, set, errors }: { readonly subItemCode: string | null; readonly state: FormState; readonly set: (p: Partial<FormState>) => void; readonly errors: readonly string[] }) {
  const [list, setList] = useState<readonly SubItemMaterial[]>([]);
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    if (!subItemCode) return;
    let alive = true;
    subItemMaterials(subItemCode)
      .then((materials) => alive && setList(materials))
      .catch((error: unknown) => alive && setFailure(error instanceof Error ? error.message : String(error)));
    return () => {
      alive = false;
    };
  }, [subItemCode]);
  const toggle = (name: string, on: boolean) => {
    const chosen = new Set(state.missing);
    if (on) chosen.add(name);
    else chosen.delete(name);
    set({ missing: list.map((m) => m.name).filter((n) => chosen.has(n)) });
  };
  return (
    <fieldset className={`field${errors.length ? ' invalid' : ''}`} data-field="missingMaterials">
      <legend>{t.tasks.missingMaterials}</legend>
      {failure && <p className="error small">{t.tasks.materialsFailed(failure)}</p>}
      <div className="material-choices">
        {list.map((m) => (
          <label key={m.name} className="check">
            <input type="checkbox" checked={state.missing.includes(m.name)} onChange={(e) => toggle(m.name, e.target.checked)} />
            {m.name}
          </label>
        ))}
      </div>
      <FieldErrors errors={errors} />
      <TextInput label={t.tasks.otherMaterial} value={state.otherMaterial} onChange={(otherMaterial) => set({ otherMaterial })} errors={[]} />
    </fieldset>
  );
}

function FieldErrors({ errors }: { readonly errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="field-error" role="alert">
      {errors.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

function Field({ label, errors, children }: { readonly label: string; readonly errors: readonly string[]; readonly children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field${errors.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      <FieldErrors errors={errors} />
    </div>
  );
}

function TextArea({ label, value, onChange, errors, mono }: { readonly label: string; readonly value: string; readonly onChange: (v: string) => void; readonly errors: readonly string[]; readonly mono?: boolean }) {
  return (
    <Field label={label} errors={errors}>
      {(id) => <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.target.value)} className={mono ? 'mono' : undefined} aria-invalid={errors.length > 0} />}
    </Field>
  );
}

function TextInput({ label, value, onChange, errors }: { readonly label: string; readonly value: string; readonly onChange: (v: string) => void; readonly errors: readonly string[] }) {
  return (
    <Field label={label} errors={errors}>
      {(id) => <input id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={errors.length > 0} />}
    </Field>
  );
}

function Choice<V extends string>({
  label,
  name,
  options,
  value,
  onChange,
  errors,
}: {
  readonly label: string;
  readonly name: string;
  readonly options: readonly (readonly [V, string])[];
  readonly value: V | undefined;
  readonly onChange: (v: V) => void;
  readonly errors: readonly string[];
}) {
  return (
    <fieldset className={`field${errors.length ? ' invalid' : ''}`} data-field={name}>
      <legend>{label}</legend>
      <div className="choices">
        {options.map(([v, text]) => (
          <label key={v} className="check">
            <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
            {text}
          </label>
        ))}
      </div>
      <FieldErrors errors={errors} />
    </fieldset>
  );
}

/** The department this 会签 task signs for (its candidate group), by name when the round says it. */
function countersignDepartment(task: TaskDetail): string {
  const mine = task.countersign?.pending.find((d) => task.candidateGroups.includes(d.department));
  return mine?.departmentName ?? task.candidateGroups.join('、');
}
