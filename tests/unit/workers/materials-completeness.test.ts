// 材料齐全？ against the shipped acceptance dictionary (workers/rules/materials-completeness.ts).
import { describe, expect, it } from 'vitest';
import { loadDictionary } from '../../../processes/dictionary/load.js';
import { checkMaterials, submittedNames } from '../../../workers/rules/materials-completeness.js';

const dictionary = loadDictionary();
const materialsOf = (code: string) => {
  const s = dictionary.byCode.get(code);
  if (!s) throw new Error(`the dictionary has no ${code}`);
  return s.materials;
};

describe('materials completeness against the dictionary', () => {
  it('个体工商户设立登记 (00013112800001): the three required materials make it complete; optional ones are never asked for', () => {
    const v = checkMaterials(materialsOf('00013112800001'), ['个体工商户登记申请书', '经营者身份证明', '经营场所使用证明']);
    expect(v).toEqual({ complete: true, missing: [], missingRequired: [], deferred: [] });
  });

  it('a missing required material makes it incomplete and is named, in the dictionary order', () => {
    const v = checkMaterials(materialsOf('00013112800001'), ['经营者身份证明', '授权委托书']);
    expect(v.complete).toBe(false);
    expect(v.missing).toEqual(['个体工商户登记申请书', '经营场所使用证明']);
  });

  it('食品经营许可（新办） (330A0100200001): every required material, the enterprise-code licence included', () => {
    const v = checkMaterials(materialsOf('330A0100200001'), ['食品经营许可申请书', '与食品经营相适应的主要设备设施布局、操作流程等文件', '食品安全管理制度目录和食品安全管理人员情况']);
    expect(v.missing).toEqual(['营业执照']);
    expect(v.complete).toBe(false);
  });

  it('容缺后补: 门诊慢特病病种待遇认定 (330C1300300001) is complete without its deferrable report, which is still listed as owed', () => {
    const required = ['门诊慢特病待遇认定申请表', '医保电子凭证、社会保障卡或居民身份证', '二级及以上医疗机构出具的诊断证明和病历资料'];
    const v = checkMaterials(materialsOf('330C1300300001'), required);
    expect(v.complete).toBe(true);
    expect(v.deferred).toEqual(['相关检查、检验报告']);
    expect(v.missing).toEqual(['相关检查、检验报告']);
    expect(checkMaterials(materialsOf('330C1300300001'), [...required, '相关检查、检验报告']).missing).toEqual([]);
  });

  it('matches names regardless of full-width characters and spaces (a pasted name still counts)', () => {
    const v = checkMaterials(materialsOf('330A0700100001'), ['卫生许可证申请表 ', '法定代表人或者负责人身份证明', '公共场所地址方位示意图、平面图和卫生设施平面布局图', '公共场所卫生检测或者评价报告', '公共场所卫生管理制度']);
    expect(v.complete).toBe(true);
    expect(checkMaterials([{ name: '授权委托书（A）', necessity: 'required' }], ['授权委托书（Ａ）']).complete).toBe(true);
  });

  it('reads the materials variable as {name} objects or names, and says which item is malformed', () => {
    expect(submittedNames([{ name: '申请书', file: 'x' }, '营业执照'])).toEqual(['申请书', '营业执照']);
    expect(submittedNames(undefined)).toEqual([]);
    expect(() => submittedNames([{ name: '申请书' }, { title: '营业执照' }])).toThrow(/materials\[1\]/);
    expect(() => submittedNames('申请书')).toThrow(/应为列表/);
  });
});
