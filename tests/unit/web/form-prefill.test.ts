// The intake form's prefill: the applicant's facts go into the fields named for them, but never
// over what the clerk typed; required fields left empty are listed.
import { describe, expect, it } from 'vitest';
import { prefilled, unfilledRequired } from '../../../modeler-ui/src/forms/prefill.js';

const schema = {
  type: 'default',
  components: [
    { type: 'textfield', key: 'applicantName', label: '建设单位', validate: { required: true } },
    { type: 'textfield', key: 'creditCode', label: '单位统一社会信用代码' },
    { type: 'group', components: [{ type: 'textfield', key: 'phone', label: '联络电话', validate: { required: true } }] },
    { type: 'checklist', key: 'systems', label: '消防设施', validate: { required: true } },
  ],
};

describe('prefilled', () => {
  it('writes the facts into the matching fields, not into fields the form lacks or the clerk typed into', () => {
    const data = prefilled(schema, { name: ' 某公司 ', creditCode: '91330127MA28F5KX1N', phone: '13900003333', idNumber: '11010519491231002X' }, { phone: '0571-1' }, new Set(['phone']));
    expect(data).toEqual({ applicantName: '某公司', creditCode: '91330127MA28F5KX1N', phone: '0571-1' });
  });

  it('leaves a field alone when the fact is empty', () => {
    expect(prefilled(schema, { name: '', creditCode: '  ' }, { applicantName: '旧名' }, new Set())).toEqual({ applicantName: '旧名' });
  });
});

describe('unfilledRequired', () => {
  it('lists the labels of required fields without a value, inside groups too', () => {
    expect(unfilledRequired(schema, { applicantName: '某公司', phone: '', systems: [] })).toEqual(['联络电话', '消防设施']);
  });
});
