// A dictionary with mistakes is refused as a whole, and every mistake in every file is reported
// with its file, the sub-item (or matter) code and the field.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DictionaryError, formatIssue, loadDictionary } from '../../../processes/dictionary/load.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/dictionary');

function refusal(dir: string): DictionaryError {
  let loaded: unknown;
  try {
    loaded = loadDictionary(path.join(fixtures, dir));
  } catch (error) {
    expect(error).toBeInstanceOf(DictionaryError);
    expect(loaded).toBeUndefined();
    return error as DictionaryError;
  }
  throw new Error(`${dir} loaded, but should have been refused`);
}

describe('loading the dictionary', () => {
  it('loads a small correct dictionary (the base of the invalid fixtures)', () => {
    const dictionary = loadDictionary(path.join(fixtures, 'valid'));
    expect(dictionary.subItems.map((s) => s.code)).toEqual([
      '00013112800001',
      '330A0700100001',
      '330A1500300001',
      '330F1100100001',
    ]);
    expect(dictionary.byCode.get('330A1500300001')?.countersign).toEqual([
      { step: 'approval', mode: 'countersign', candidateGroups: ['natural-resources', 'housing'] },
    ]);
  });

  it('refuses a dictionary with mistakes, listing every one with file, code and field', () => {
    const error = refusal('invalid');
    expect(error.lines).toEqual([
      'departments.json: Fire Rescue id: 部门标识应为小写字母、数字和连字符，如 market-regulation',
      'enterprise-startup.json: 00013112800001 materials[2].copies: 应为正整数',
      'enterprise-startup.json: 00013112800002 committedDays: 承诺办结时限（3个工作日）不得超过法定办结时限（2个工作日）',
      'enterprise-startup.json: 00013112800002 committedDays: 即办件的承诺办结时限应为0（当场办结）或1个工作日',
      'enterprise-startup.json: 00013112800003 materials[1].name: 材料名称“营业执照”与 materials[0] 重复',
      'enterprise-startup.json: 00013112800003 materials: 至少应有一项必要（required）材料',
      'enterprise-startup.json: matters[0].subItems[3] code: 缺少此项（必填）',
      'social-affairs.json: 330A0700100002 levels: 镇街可办的子项应编入镇街分中心事典（town-centres.json）',
      'social-affairs.json: 330A0700100003 committedDays: 缺少此项（必填）',
      'social-affairs.json: 330A0700100003: 不认识的字段：commitedDays',
      'social-affairs.json: 330A0700200001 code: 业务办理项编码应以所属事项的基本编码 330A07001000 开头',
      'social-affairs.json: 000131128000 catalogCode: 基本编码重复：已在 enterprise-startup.json 中使用',
      'social-affairs.json: 00013112800001 code: 业务办理项编码重复：已在 enterprise-startup.json 中使用',
      'investment-projects.json: volume: 应为“investment-projects”（与文件名一致）',
      'investment-projects.json: 330A1500300001 countersign[0].candidateGroups[2]: 未知部门“fire”：应为 departments.json 中的部门标识',
      'investment-projects.json: 330A1500300002 materials[0].source: 企业码共享的材料只适用于法人和其他组织（applicants 应包含 enterprise）',
      'town-centres.json: 330F1100100002 levels: 镇街分中心事典的子项应包含镇街层级（town）',
      'town-centres.json: 330F1100100003 countersign: 即办件由受理人员当场办结，不经后台审批，不能设置会签',
      'town-centres.json: 330A15004000 serviceArea: 镇街分中心事典只收录下沉领域：社会保险、医疗保障、劳动就业、公共卫生、民政',
    ]);
    // Structured entries for the api and the modeler, which show them next to the field.
    expect(error.issues[1]).toEqual({
      file: 'enterprise-startup.json',
      code: '00013112800001',
      path: 'materials[2].copies',
      message: '应为正整数',
    });
    expect(error.issues.map(formatIssue)).toEqual(error.lines);
    expect(error.message.split('\n')[0]).toBe(`受理事典有 ${error.issues.length} 处错误，未加载：`);
  });

  it('reports unreadable, missing and unknown files together', () => {
    const error = refusal('broken-files');
    expect(error.lines).toHaveLength(3);
    expect(error.lines[0]).toBe(
      'social-affair.json: 不认识的事典文件：应为 departments.json、enterprise-startup.json、social-affairs.json、investment-projects.json、town-centres.json 之一',
    );
    expect(error.lines[1]).toMatch(/^enterprise-startup\.json: 不是有效的 JSON：/);
    expect(error.lines[2]).toBe('town-centres.json: 缺少此事典文件');
  });

  it('refuses a directory that is not there', () => {
    const error = refusal('no-such-dictionary');
    expect(error.lines).toHaveLength(1);
    expect(error.lines[0]).toContain('无法读取事典目录');
  });
});
