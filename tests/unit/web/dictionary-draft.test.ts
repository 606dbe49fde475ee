// The sub-item editor's working copy (modeler-ui/src/dictionary/draft.ts): what the form does not
// show passes through untouched, numbers that are not numbers go as typed (so the api names the
// field), and materials move within bounds.
import { describe, expect, it } from 'vitest';
import { draftOf, fieldMessage, fieldOfIssue, moveMaterial, newMaterial, subItemOf } from '../../../modeler-ui/src/dictionary/draft.js';

const item = {
  code: '00013112800001',
  name: '个体工商户设立登记',
  departmentName: '县市场监督管理局',
  caseType: 'instant',
  legalDays: 15,
  committedDays: 0,
  levels: ['county'],
  mailDelivery: true,
  process: { bpmnProcessId: 'instant-item' },
  keywords: ['开店'],
  materials: [
    { name: '申请书', kind: 'original', copies: 1, necessity: 'required', source: 'applicant', form: 'sole-proprietor-application', standard: '签字齐全' },
    { name: '身份证', kind: 'copy', copies: 1, necessity: 'required', source: 'applicant', condition: '委托办理的' },
  ],
};

describe('sub-item draft', () => {
  it('unchanged, it gives back the sub-item without the shown-only department name', () => {
    const { departmentName: _shown, ...expected } = item;
    expect(subItemOf(item, draftOf(item))).toEqual(expected);
  });

  it('puts the edited fields in, keeps the rest, drops an emptied optional field', () => {
    const draft = draftOf(item);
    const [first, second] = draft.materials;
    if (!first || !second) throw new Error('two materials expected');
    const edited = subItemOf(item, { ...draft, committedDays: '1', processVersion: '2', materials: [{ ...second, condition: '' }, { ...first, copies: '两份' }, { ...newMaterial(), name: ' 照片 ' }] });
    expect(edited).toMatchObject({ committedDays: 1, keywords: ['开店'], process: { bpmnProcessId: 'instant-item', version: 2 } });
    expect(edited['materials']).toEqual([
      { name: '身份证', kind: 'copy', copies: 1, necessity: 'required', source: 'applicant' },
      { name: '申请书', kind: 'original', copies: '两份', necessity: 'required', source: 'applicant', form: 'sole-proprietor-application', standard: '签字齐全' },
      { name: '照片', kind: 'original', copies: 1, necessity: 'required', source: 'applicant' },
    ]);
  });

  it('moves a material up or down, never past either end', () => {
    const list = draftOf(item).materials;
    expect(moveMaterial(list, 0, 1).map((m) => m.name)).toEqual(['身份证', '申请书']);
    expect(moveMaterial(list, 1, -1).map((m) => m.name)).toEqual(['身份证', '申请书']);
    expect(moveMaterial(list, 0, -1).map((m) => m.name)).toEqual(['申请书', '身份证']);
    expect(moveMaterial(list, 1, 1).map((m) => m.name)).toEqual(['申请书', '身份证']);
  });

  it('reads the field an api issue names', () => {
    expect(fieldOfIssue('body.subItem.materials.2.copies')).toBe('materials.2.copies');
    expect(fieldOfIssue('body.subItem.committedDays')).toBe('committedDays');
    expect(fieldOfIssue('body.subItem')).toBe('');
    expect(fieldOfIssue('enterprise-startup.json 00013112800002 name')).toBeUndefined();
    expect(fieldMessage('enterprise-startup.json: 330A0100200001 committedDays: 承诺办结时限不得超过法定办结时限')).toBe('承诺办结时限不得超过法定办结时限');
    expect(fieldMessage('应为正整数')).toBe('应为正整数');
  });
});
