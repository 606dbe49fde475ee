// Which fixed-format form (制式表格) a clerk fills at intake for a sub-item.
//
// The rule: the intake form of a sub-item is the `form` of its FIRST REQUIRED material that names
// one. The dictionary lists the application itself (申请书/申请表/登记表) first among the required
// materials wherever there is one; optional forms (授权委托书, only when an agent comes) and later
// required ones (承诺书, 授权书 for a means check) are filled on paper or at a later step.
// A sub-item with no required material naming a form has no intake form.
import type { SubItem } from '../dictionary/load.js';

export interface IntakeFormRef {
  /** The form's key (processes/forms/<key>.form, app.forms.key). */
  readonly key: string;
  /** Its filled-in sample's key, when the dictionary names one. */
  readonly sampleKey: string | null;
  /** The material the form is (e.g. 特殊建设工程消防设计审查申请表). */
  readonly material: string;
}

export function intakeFormOf(subItem: Pick<SubItem, 'materials'>): IntakeFormRef | undefined {
  const m = subItem.materials.find((x) => x.necessity === 'required' && x.form !== undefined);
  if (!m?.form) return undefined;
  return { key: m.form, sampleKey: m.formSample ?? null, material: m.name };
}
