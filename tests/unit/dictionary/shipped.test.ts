// The acceptance dictionary that ships in processes/dictionary/: it loads, it is big enough to
// run a hall on, and the five researched sub-items carry their real materials and limits.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDictionary, normalizeKeyword, type Dictionary, type SubItem } from '../../../processes/dictionary/load.js';
import { SUB_ITEM_CODE, VOLUMES } from '../../../processes/dictionary/schema.js';

let dictionary: Dictionary;

beforeAll(() => {
  dictionary = loadDictionary();
});

function subItem(code: string): SubItem {
  const found = dictionary.byCode.get(code);
  if (!found) throw new Error(`sub-item ${code} is not in the dictionary`);
  return found;
}

function byName(name: string): SubItem {
  const found = dictionary.subItems.filter((s) => s.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

function material(item: SubItem, name: string) {
  const found = item.materials.find((m) => m.name === name);
  if (!found) throw new Error(`${item.name} has no material ${name}: ${item.materials.map((m) => m.name).join(', ')}`);
  return found;
}

describe('the shipped dictionary', () => {
  it('has at least 60 sub-items spread over all four volumes', () => {
    expect(dictionary.subItems.length).toBeGreaterThanOrEqual(60);
    expect(dictionary.volumes.map((v) => v.volume)).toEqual([...VOLUMES]);
    for (const volume of VOLUMES) {
      expect(dictionary.byVolume.get(volume)?.length, volume).toBeGreaterThanOrEqual(10);
    }
    const total = VOLUMES.reduce((n, v) => n + (dictionary.byVolume.get(v)?.length ?? 0), 0);
    expect(total).toBe(dictionary.subItems.length);
  });

  it('indexes every sub-item by its unique national-style code', () => {
    expect(dictionary.byCode.size).toBe(dictionary.subItems.length);
    for (const item of dictionary.subItems) {
      expect(item.code).toMatch(SUB_ITEM_CODE);
      expect(item.code.startsWith(item.matterCode)).toBe(true);
      expect(dictionary.byCode.get(item.code)).toBe(item);
    }
  });

  it('binds every sub-item to a flow, instant items to the instant flow', () => {
    for (const item of dictionary.subItems) {
      const expected = item.caseType === 'instant' ? 'instant-item' : 'commitment-item';
      expect(item.process.bpmnProcessId, item.code).toBe(expected);
    }
    expect(dictionary.byCaseType.get('instant')?.length).toBeGreaterThan(0);
    expect(dictionary.byCaseType.get('commitment')?.length).toBeGreaterThan(0);
  });

  it('names only known departments, as the matter department and as countersign groups', () => {
    for (const item of dictionary.subItems) {
      expect(dictionary.departments.has(item.department), item.code).toBe(true);
      for (const step of item.countersign ?? []) {
        for (const group of step.candidateGroups) expect(dictionary.departments.has(group), `${item.code} ${group}`).toBe(true);
      }
    }
    expect(dictionary.subItems.filter((s) => s.countersign !== undefined).length).toBeGreaterThanOrEqual(3);
  });

  it('is frozen all the way down', () => {
    const item = subItem('00013112800001');
    expect(Object.isFrozen(dictionary)).toBe(true);
    expect(Object.isFrozen(item)).toBe(true);
    expect(Object.isFrozen(item.materials)).toBe(true);
    expect(Object.isFrozen(item.materials[0])).toBe(true);
    expect(() => (dictionary.subItems as SubItem[]).push(item)).toThrow(TypeError);
    expect(() => {
      (item as { legalDays: number }).legalDays = 99;
    }).toThrow(TypeError);
    expect('set' in dictionary.byCode).toBe(false);
  });

  it('finds sub-items by what visitors say at the guide desk', () => {
    const restaurant = dictionary.byKeyword.get(normalizeKeyword('开饭店'))?.map((s) => s.name);
    expect(restaurant).toEqual(expect.arrayContaining(['食品经营许可（新办）', '个体工商户设立登记']));
    expect(dictionary.byKeyword.get(normalizeKeyword('低保'))?.map((s) => s.code)).toEqual(['330B0800500001']);
    // Names and synonyms are keywords too; matching ignores full-width forms and spaces.
    expect(dictionary.byKeyword.get(normalizeKeyword(' 餐饮服务许可证 '))?.[0]?.code).toBe('330A0100200001');
    expect(normalizeKeyword('ＫＴＶ 包厢')).toBe('ktv包厢');
  });
});

describe('the five researched sub-items (domain.md §5)', () => {
  it('A 个体工商户设立登记: the national code, on the spot, 3 working days by law, no fee', () => {
    const a = subItem('00013112800001');
    expect(a).toMatchObject({
      name: '个体工商户设立登记',
      volume: 'enterprise-startup',
      matterCode: '000131128000',
      matterName: '个体工商户登记注册',
      department: 'market-regulation',
      matterType: 'licence',
      situation: 'new',
      caseType: 'instant',
      legalDays: 3,
      committedDays: 0,
      levels: ['county'],
      fees: [],
      result: { kind: 'certificate', name: '营业执照' },
      process: { bpmnProcessId: 'instant-item' },
    });
    expect(a.limitsNote).toContain('再延长3个工作日');
    expect(material(a, '个体工商户登记申请书')).toMatchObject({
      kind: 'original',
      copies: 1,
      necessity: 'required',
      source: 'applicant',
      form: 'individual-business-registration',
      formSample: 'individual-business-registration-sample',
    });
    expect(material(a, '经营者身份证明')).toMatchObject({ kind: 'original-and-copy', copies: 1, necessity: 'required' });
    expect(material(a, '经营场所使用证明')).toMatchObject({ kind: 'original-and-copy', copies: 1, necessity: 'required' });
    expect(material(a, '前置审批文件')).toMatchObject({ necessity: 'optional', source: 'government' });
    expect(material(a, '授权委托书')).toMatchObject({ necessity: 'optional', condition: '委托代理人办理的' });
    expect(material(a, '受托人身份证明')).toMatchObject({ necessity: 'optional' });
    // Its siblings split the same catalogue item by situation: 02 变更, 03 注销.
    expect(subItem('00013112800002').situation).toBe('change');
    expect(subItem('00013112800003').situation).toBe('cancellation');
  });

  it('B 食品经营许可（新办）: 10 legal / 5 committed days, site inspection by two within 10 days, 5-year licence', () => {
    const b = byName('食品经营许可（新办）');
    expect(b).toMatchObject({
      volume: 'enterprise-startup',
      department: 'market-regulation',
      matterType: 'licence',
      caseType: 'commitment',
      legalDays: 10,
      committedDays: 5,
      result: { kind: 'certificate', name: '食品经营许可证', validityYears: 5 },
      process: { bpmnProcessId: 'commitment-item' },
    });
    expect(b.limitsNote).toContain('待核实');
    expect(b.siteInspection).toMatchObject({ withinDays: 10, inspectors: 2 });
    expect(b.siteInspection?.waiver).toContain('仅销售预包装食品');
    expect(material(b, '食品经营许可申请书').necessity).toBe('required');
    expect(material(b, '营业执照')).toMatchObject({ source: 'enterpriseCode', necessity: 'required' });
    expect(material(b, '与食品经营相适应的主要设备设施布局、操作流程等文件').necessity).toBe('required');
    expect(material(b, '食品安全管理制度目录和食品安全管理人员情况').necessity).toBe('required');
    expect(material(b, '自动售货设备的产品合格证明、具体放置地点和经营者联系方式')).toMatchObject({
      necessity: 'optional',
      condition: '利用自动售货设备从事食品销售的',
    });
    expect(material(b, '与挂钩生产单位的合作协议及其食品生产许可证复印件')).toMatchObject({
      necessity: 'optional',
      condition: '经营散装熟食或者散装酒的',
    });
    expect(material(b, '授权委托书').necessity).toBe('optional');
    expect(b.keywords).toContain('开饭店');
  });

  it('C 公共场所卫生许可（新办）: 卫健, the 实施细则 §22 materials, 20 days with an on-site review, 4-year licence', () => {
    const c = byName('公共场所卫生许可（新办）');
    expect(c).toMatchObject({
      volume: 'social-affairs',
      department: 'health',
      caseType: 'commitment',
      legalDays: 20,
      result: { kind: 'certificate', name: '公共场所卫生许可证', validityYears: 4 },
    });
    expect(c.committedDays).toBeGreaterThanOrEqual(5);
    expect(c.committedDays).toBeLessThanOrEqual(10);
    expect(c.siteInspection?.inspectors).toBe(2);
    const required = c.materials.filter((m) => m.necessity === 'required').map((m) => m.name);
    expect(required).toEqual([
      '卫生许可证申请表',
      '法定代表人或者负责人身份证明',
      '公共场所地址方位示意图、平面图和卫生设施平面布局图',
      '公共场所卫生检测或者评价报告',
      '公共场所卫生管理制度',
    ]);
    expect(material(c, '集中空调通风系统卫生检测或者评价报告')).toMatchObject({
      necessity: 'optional',
      condition: '使用集中空调通风系统的',
    });
    expect(material(c, '省级卫生健康行政部门要求提供的其他材料').necessity).toBe('optional');
    expect(dictionary.matters.find((m) => m.catalogCode === c.matterCode)?.legalBasis).toContain(
      '《公共场所卫生管理条例》第四条、第八条',
    );
  });

  it('D 城乡居民基本养老保险参保登记: a town item, 3 working days, ID card + 户口簿 + the registration form', () => {
    const d = byName('城乡居民基本养老保险参保登记');
    expect(d).toMatchObject({
      volume: 'town-centres',
      department: 'social-insurance',
      matterType: 'public-service',
      serviceArea: 'social-insurance',
      applicants: ['person'],
      caseType: 'instant',
      legalDays: 3,
      committedDays: 0,
      levels: ['county', 'town'],
      fees: [],
    });
    expect(d.materials.map((m) => m.name)).toEqual(['居民身份证', '户口簿', '城乡居民基本养老保险参保登记表']);
    expect(material(d, '户口簿')).toMatchObject({ kind: 'copy', standard: '首页及本人页' });
    expect(material(d, '城乡居民基本养老保险参保登记表')).toMatchObject({ necessity: 'required', form: 'rural-urban-pension-enrolment' });
    expect(d.acceptanceConditions.join('；')).toContain('年满16周岁');
    expect(d.acceptanceConditions.join('；')).toContain('不属于职工基本养老保险制度覆盖范围');
  });

  it('E 建设工程规划许可证核发: 20 legal / 5 committed days, the §40 materials, countersigned by planning, housing and fire', () => {
    const e = byName('建设工程规划许可证核发');
    expect(e).toMatchObject({
      volume: 'investment-projects',
      department: 'natural-resources',
      matterType: 'licence',
      caseType: 'commitment',
      legalDays: 20,
      committedDays: 5,
      result: { kind: 'certificate', name: '建设工程规划许可证' },
    });
    expect(material(e, '建设工程规划许可申请表').standard).toContain('公章');
    expect(material(e, '土地使用权属证件及附图').necessity).toBe('required');
    expect(material(e, '建设工程设计方案总平面图')).toMatchObject({ copies: 2, standard: '比例1:500或1:1000' });
    expect(material(e, '计划批准文件及规划条件').necessity).toBe('required');
    expect(material(e, '分层面积表').necessity).toBe('required');
    expect(material(e, '日照分析报告').necessity).toBe('optional');
    expect(material(e, '相关部门意见').necessity).toBe('optional');
    expect(e.countersign).toEqual([
      { step: 'approval', mode: 'countersign', candidateGroups: ['natural-resources', 'housing', 'fire-rescue'] },
    ]);
  });
});

describe('the town catalogue (镇街分中心)', () => {
  it('is exactly the town-centres volume', () => {
    const town = dictionary.byLevel.get('town') ?? [];
    expect(town.length).toBeGreaterThanOrEqual(20);
    expect(new Set(town)).toEqual(new Set(dictionary.byVolume.get('town-centres')));
    expect(dictionary.byLevel.get('county')?.length).toBeGreaterThan(town.length);
  });

  it.each([
    ['social-insurance', ['城乡居民基本养老保险参保登记', '城乡居民基本养老保险待遇申领', '个人参保证明查询打印']],
    ['medical-insurance', ['城乡居民基本医疗保险参保登记', '异地就医备案', '门诊慢特病病种待遇认定', '零星医疗费用手工报销']],
    ['employment', ['就业登记', '失业登记', '失业保险金申领', '《就业创业证》申领']],
    ['public-health', ['生育登记', '农村部分计划生育家庭奖励扶助资格确认', '计划生育家庭特别扶助资格确认']],
  ] as const)('handles %s items', (area, names) => {
    const town = (dictionary.byLevel.get('town') ?? []).filter((s) => s.serviceArea === area);
    expect(town.map((s) => s.name)).toEqual(expect.arrayContaining([...names]));
    for (const item of town) expect(item.volume).toBe('town-centres');
  });
});
