// The first two characters of a 统一社会信用代码: the registration authority (登记管理部门) and,
// within it, the kind of organisation (机构类别), as GB 32100-2015 and its later additions assign
// them (A and N came after 2015). Used to tell the clerk what kind of body a code belongs to.
// The table is descriptive, not a gate: new authorities have been added over time, and a code
// whose check character verifies is not rejected just because its first two characters are newer
// than this table (domain.md §3 only requires positions 1–2 to be code characters).

export interface RegistrationAuthority {
  /** 登记管理部门, e.g. 工商 (today's market regulation authority). */
  readonly name: string;
  /** 机构类别 code → name. */
  readonly categories: Readonly<Record<string, string>>;
}

export const REGISTRATION_AUTHORITIES: Readonly<Record<string, RegistrationAuthority>> = {
  '1': { name: '机构编制', categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' },
  },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', categories: { '1': '其他（不再细分机构类别）' } },
};

/** The names of a code's authority and category, or null where the table doesn't know them. */
export function describeRegistration(authorityCode: string, categoryCode: string): {
  readonly authority: string | null;
  readonly category: string | null;
} {
  const authority = REGISTRATION_AUTHORITIES[authorityCode];
  return { authority: authority?.name ?? null, category: authority?.categories[categoryCode] ?? null };
}
