// The rules a form-js schema meets before it is stored, and the starter forms meeting them.
import { describe, expect, it } from 'vitest';
import { loadDictionary } from '../../../processes/dictionary/load.js';
import { intakeFormOf } from '../../../processes/forms/intake.js';
import { loadStarterForms } from '../../../processes/forms/load.js';
import { checkFormSchema, checkSample, dataKeys, formTitle } from '../../../processes/forms/schema-check.js';

describe('checkFormSchema', () => {
  it('gives a dynamic list’s fields a key scope of their own, but ids are unique across the form', () => {
    const schema = {
      type: 'default',
      components: [
        { type: 'textfield', key: 'name', id: 'a' },
        { type: 'dynamiclist', path: 'members', components: [{ type: 'textfield', key: 'name', id: 'a' }] },
        { type: 'group', components: [{ type: 'number', key: 'name' }] },
      ],
    };
    expect(checkFormSchema(schema)).toEqual([
      { path: 'components.1.components.0.id', message: '字段 id“a”与 components.0 重复' },
      { path: 'components.2.components.0.key', message: 'key“name”与 components.0 重复：两个字段会共用一个值' },
    ]);
  });

  it('refuses a key that is not a name', () => {
    expect(checkFormSchema({ type: 'default', components: [{ type: 'select', key: '1st choice' }] })).toEqual([
      { path: 'components.0.key', message: 'key“1st choice”应以字母或下划线开头，只含字母、数字和下划线' },
    ]);
  });

  it('reads the data keys and the title', () => {
    const schema = { type: 'default', components: [{ type: 'text', text: '### 授权委托书\n说明' }, { type: 'group', components: [{ type: 'textfield', key: 'x' }] }, { type: 'checklist', key: 'y' }] };
    expect(dataKeys(schema)).toEqual(['x', 'y']);
    expect(formTitle(schema)).toBe('授权委托书');
    expect(checkSample(schema, { x: 1, z: 2 })).toEqual([{ path: 'z', message: '表单中没有 key 为“z”的字段' }]);
  });
});

describe('the starter forms', () => {
  it('load clean, each with a sample, and each is a form the dictionary names', () => {
    const forms = loadStarterForms();
    const named = new Set(loadDictionary().subItems.flatMap((s) => s.materials.flatMap((m) => (m.form ? [m.form] : []))));
    expect(forms.length).toBeGreaterThanOrEqual(7);
    for (const f of forms) {
      expect(named.has(f.key), f.key).toBe(true);
      expect(f.sample, f.key).not.toBeNull();
    }
  });

  it('include the intake forms of the five seed sub-items and of 特殊建设工程消防设计审查', () => {
    const dictionary = loadDictionary();
    const keys = new Set(loadStarterForms().map((f) => f.key));
    for (const code of ['00013112800001', '330A0100200001', '330A0700100001', '330F1200200001', '330A1500300001', '330A1600200001']) {
      const subItem = dictionary.byCode.get(code);
      if (!subItem) throw new Error(`no sub-item ${code}`);
      const intake = intakeFormOf(subItem);
      expect(intake && keys.has(intake.key), code).toBe(true);
    }
  });
});
