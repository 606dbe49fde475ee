// The task list's form logic (modeler-ui/src/tasks): the body each form key sends, and where the
// api's issues are shown. The bodies are checked against the api's own schemas (api/tasks/forms.ts),
// so a form that drifts from the contract fails here rather than at a desk.
import { describe, expect, it } from 'vitest';
import { FORMS } from '../../../api/tasks/forms.js';
import { ApiFailure } from '../../../modeler-ui/src/api.js';
import { formErrors } from '../../../modeler-ui/src/tasks/field-errors.js';
import { EMPTY_FORM, formBody, formFields, formKind, missingMaterials, VariablesJsonError } from '../../../modeler-ui/src/tasks/form-body.js';

const schema = (formKey: string) => {
  const form = FORMS[formKey];
  if (!form) throw new Error(`no form ${formKey}`);
  return form.schema;
};

describe('form bodies', () => {
  it('an approval that asks for a supplement sends the ticked and the typed materials, which the api accepts', () => {
    const state = { ...EMPTY_FORM, decision: 'supplement' as const, opinion: '营业执照不清晰', missing: ['营业执照'], otherMaterial: ' 租赁合同 ' };
    const body = formBody('approval', state);
    expect(body).toEqual({ decision: 'supplement', opinion: '营业执照不清晰', missingMaterials: ['营业执照', '租赁合同'] });
    expect(schema('onewindow:approval').safeParse(body).success).toBe(true);
  });

  it('a supplement with nothing chosen still sends the empty list, so the api names body.missingMaterials', () => {
    const body = formBody('approval', { ...EMPTY_FORM, decision: 'supplement', opinion: '需补正' });
    const parsed = schema('onewindow:approval').safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['missingMaterials']);
  });

  it('a countersign wraps the same decision in signature; the opinion-only and confirm forms match their schemas', () => {
    const sig = formBody('countersign', { ...EMPTY_FORM, decision: 'approve', opinion: '同意' });
    expect(sig).toEqual({ signature: { decision: 'approve', opinion: '同意' } });
    expect(schema('onewindow:countersign').safeParse(sig).success).toBe(true);
    expect(schema('onewindow:pre-review').safeParse(formBody('pre-review', { ...EMPTY_FORM, opinion: '同意' })).success).toBe(true);
    expect(formBody('pickup', { ...EMPTY_FORM, confirmed: true })).toEqual({});
    expect(schema('onewindow:complaint-assign').safeParse(formBody('complaint-assign', { ...EMPTY_FORM, groups: 'health，market-regulation', tier: 'within5' })).success).toBe(true);
    expect(schema('onewindow:rectification-return-visit').safeParse(formBody('return-visit', { ...EMPTY_FORM, satisfied: false })).success).toBe(true);
  });

  it('a typed material already ticked is not listed twice', () => {
    expect(missingMaterials({ ...EMPTY_FORM, missing: ['营业执照'], otherMaterial: '营业执照' })).toEqual(['营业执照']);
  });

  it('an unknown form key gets the generic form; its JSON must parse', () => {
    expect(formKind('designer:new-step')).toBe('generic');
    expect(formKind(null)).toBe('generic');
    expect(formBody('generic', { ...EMPTY_FORM, variablesJson: '{"checked": true}' })).toEqual({ variables: { checked: true } });
    expect(() => formBody('generic', { ...EMPTY_FORM, variablesJson: '{checked' })).toThrow(VariablesJsonError);
  });
});

describe('api issues on the form', () => {
  it('issues land on the fields the form shows (nested paths on their field); the rest is kept with its path', () => {
    const failure = new ApiFailure(400, 'invalid_input', 'body.signature.missingMaterials: …', [
      { path: 'body.signature.missingMaterials', message: '要求补正时须列明需补正的材料（一次性告知）' },
      { path: 'body.signature.opinion.0', message: '意见无效' },
      { path: 'body.extra', message: '未知字段' },
    ]);
    const errors = formErrors(failure, formFields('countersign'));
    expect(errors.fields.get('signature.missingMaterials')).toEqual(['要求补正时须列明需补正的材料（一次性告知）']);
    expect(errors.fields.get('signature.opinion')).toEqual(['意见无效']);
    expect(errors.general).toEqual(['body.extra: 未知字段']);
  });

  it('an answer without issues (a 409) is shown as the api said it', () => {
    const errors = formErrors(new ApiFailure(409, 'conflict', '任务 1（审批）已由 approver 认领'), formFields('approval'));
    expect(errors.fields.size).toBe(0);
    expect(errors.general).toEqual(['任务 1（审批）已由 approver 认领']);
  });
});
