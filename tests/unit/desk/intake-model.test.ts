// The intake form's logic (modeler-ui/src/desk/intake-model.ts): what a scanned enterprise's
// earlier files pre-tick, the POST /cases body the form sends, what the one-time notice will
// list, and at which field each api issue is shown.
import { describe, expect, it } from 'vitest';
import type { ReusableMaterial, SubItem } from '../../../modeler-ui/src/desk/desk-api.js';
import { caseBody, EMPTY_APPLICANT, EMPTY_MAIL, fieldOf, initialKind, issuesByField, materialRows, missingRequired, type IntakeForm } from '../../../modeler-ui/src/desk/intake-model.js';

const food: SubItem = {
  code: '330A0100200001',
  name: '食品经营许可（新办）',
  matterName: '食品经营许可',
  applicants: ['enterprise'],
  caseType: 'commitment',
  committedDays: 5,
  levels: ['county'],
  mailDelivery: true,
  departmentName: '县市场监督管理局',
  materials: [
    { name: '食品经营许可申请书', necessity: 'required', source: 'applicant', kind: 'original', copies: 1 },
    { name: '营业执照', necessity: 'required', source: 'enterpriseCode', kind: 'copy', copies: 1 },
    { name: '食品安全管理制度目录', necessity: 'required', source: 'applicant', kind: 'original', copies: 1 },
    { name: '授权委托书', necessity: 'optional', source: 'applicant', kind: 'original', copies: 1 },
  ],
};

const reusable = (name: string, caseNo: string): ReusableMaterial => ({ name, caseNo, fileSha256: 'a'.repeat(64), filename: `${name}.pdf` });

const form = (patch: Partial<IntakeForm> = {}): IntakeForm => ({
  applicant: { ...EMPTY_APPLICANT, kind: 'enterprise', name: ' 好味餐饮有限公司 ', creditCode: '91310115MA1K3BTP2B', idNumber: '11010519491231002X', phone: '13900003333', contact: '' },
  delivery: 'pickup',
  mail: EMPTY_MAIL,
  materials: materialRows(food, []),
  ...patch,
});

describe('materials pre-ticked from the enterprise code', () => {
  it('ticks the material the enterprise handed in before, by its name or — for an enterprise-code material — a name that contains it', () => {
    const rows = materialRows(food, [reusable('营业执照正副本', 'XQ20260301001'), reusable('授权委托书', 'XQ20260301002')]);
    expect(rows.map((r) => [r.name, r.ticked, r.reusedFrom])).toEqual([
      ['食品经营许可申请书', false, undefined],
      ['营业执照', true, 'XQ20260301001'],
      ['食品安全管理制度目录', false, undefined],
      ['授权委托书', true, 'XQ20260301002'],
    ]);
  });

  it('does not stretch containment to materials the applicant brings themselves', () => {
    const rows = materialRows(food, [reusable('食品经营许可申请书（旧版）', 'XQ1')]);
    expect(rows.every((r) => !r.ticked)).toBe(true);
  });

  it('starts as the scanned enterprise only when the sub-item serves enterprises', () => {
    expect(initialKind(food, true)).toBe('enterprise');
    expect(initialKind({ ...food, applicants: ['person'] }, true)).toBe('person');
    expect(initialKind({ ...food, applicants: ['person', 'enterprise'] }, false)).toBe('person');
  });
});

describe('the POST /cases body', () => {
  it('sends the ticked materials — uploads with their file, reused ones marked enterpriseCode without a file — and only the identity number of the kind', () => {
    const rows = materialRows(food, [reusable('营业执照', 'XQ9')]).map((r, i) => (i === 0 ? { ...r, ticked: true, file: { sha256: 'b'.repeat(64), filename: '申请书.pdf' } } : r));
    const { body, materialRowOf } = caseBody(food.code, form({ materials: rows, enterpriseCode: 'OW1.X' }));
    expect(body.applicant).toEqual({ kind: 'enterprise', name: '好味餐饮有限公司', creditCode: '91310115MA1K3BTP2B', phone: '13900003333' });
    expect(body.materials).toEqual([
      { name: '食品经营许可申请书', fileSha256: 'b'.repeat(64), filename: '申请书.pdf' },
      { name: '营业执照', source: 'enterpriseCode' },
    ]);
    expect(materialRowOf).toEqual([0, 1]);
    expect(body.enterpriseCode).toBe('OW1.X');
    expect(body).not.toHaveProperty('mailAddress');
  });

  it('a person sends the ID number and never the enterprise code; mail sends the address', () => {
    const { body } = caseBody(food.code, form({
      applicant: { ...EMPTY_APPLICANT, kind: 'person', name: '王芳', idNumber: '11010519491231002X', creditCode: '91310115MA1K3BTP2B', phone: '138' },
      delivery: 'mail',
      mail: { recipient: '王芳', phone: '13800001111', address: '青山镇 1 号', postcode: '' },
      enterpriseCode: 'OW1.X',
    }));
    expect(body.applicant).toEqual({ kind: 'person', name: '王芳', idNumber: '11010519491231002X', phone: '138' });
    expect(body.mailAddress).toEqual({ recipient: '王芳', phone: '13800001111', address: '青山镇 1 号' });
    expect(body).not.toHaveProperty('enterpriseCode');
  });

  it('lists the required materials not ticked: what the one-time notice will name', () => {
    const rows = materialRows(food, [reusable('营业执照', 'XQ9')]);
    expect(missingRequired(food, rows)).toEqual(['食品经营许可申请书', '食品安全管理制度目录']);
    expect(missingRequired(food, rows.map((r) => ({ ...r, ticked: true })))).toEqual([]);
  });
});

describe('where an api issue is shown', () => {
  it('maps body paths to the form’s fields, material indexes to their rows', () => {
    const rowOf = [0, 2];
    expect(fieldOf('body.applicant.idNumber', rowOf)).toBe('applicant.idNumber');
    expect(fieldOf('body.mailAddress.postcode', rowOf)).toBe('mail.postcode');
    expect(fieldOf('body.mailAddress', rowOf)).toBe('mail');
    expect(fieldOf('body.delivery', rowOf)).toBe('delivery');
    expect(fieldOf('body.materials.1.fileSha256', rowOf)).toBe('material.2');
    expect(fieldOf('body.materials.5.name', rowOf)).toBe('general');
    expect(fieldOf('params.caseNo', rowOf)).toBe('general');
  });

  it('joins two messages for one field', () => {
    const map = issuesByField([{ path: 'body.applicant.phone', message: 'a' }, { path: 'body.applicant.phone', message: 'b' }, { path: 'body.x', message: 'c' }], []);
    expect(map.get('applicant.phone')).toBe('a；b');
    expect(map.get('general')).toBe('c');
  });
});
