// The acceptance dictionary's (受理事典) data model and its rules, as zod schemas.
//
// The dictionary is data that staff maintain (processes/dictionary/*.json); these schemas are
// what stands between a typo in a JSON file and a clerk telling a visitor the wrong materials.
// Messages are in Chinese because the people who read them edit the Chinese data.
//
// Structure first, then rules: each sub-item's rules (limits, materials, town catalogue) run only
// when that sub-item is structurally sound, so one malformed entry yields one clear message
// instead of a cascade and never hides the problems of its neighbours. The rules that relate
// entries to each other (unique codes across files) read the raw JSON and always run.
import { z } from 'zod';
import { childList, childString } from './json.js';

// ---------------------------------------------------------------- vocabularies

/** 分册: the four volumes of the seed report. */
export const VOLUMES = ['enterprise-startup', 'social-affairs', 'investment-projects', 'town-centres'] as const;
export type Volume = (typeof VOLUMES)[number];
export const VOLUME_LABELS: Readonly<Record<Volume, string>> = {
  'enterprise-startup': '企业开办',
  'social-affairs': '社会事务',
  'investment-projects': '投资项目',
  'town-centres': '镇街分中心',
};

/** Where a sub-item may be handled: the county hall, or any town sub-centre (县镇同权). */
export const ORG_LEVELS = ['county', 'town'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];
export const ORG_LEVEL_LABELS: Readonly<Record<OrgLevel, string>> = {
  county: '县政务服务中心',
  town: '镇街分中心',
};

/** 事项类型 (依申请), as in the national implementation list. */
export const MATTER_TYPES = [
  'licence',
  'confirmation',
  'adjudication',
  'benefit',
  'reward',
  'filing',
  'other-power',
  'public-service',
] as const;
export type MatterType = (typeof MATTER_TYPES)[number];
export const MATTER_TYPE_LABELS: Readonly<Record<MatterType, string>> = {
  licence: '行政许可',
  confirmation: '行政确认',
  adjudication: '行政裁决',
  benefit: '行政给付',
  reward: '行政奖励',
  filing: '行政备案',
  'other-power': '其他行政权力',
  'public-service': '公共服务',
};

/** 服务领域: what the guide groups by, and what decides whether a matter may sit in a town. */
export const SERVICE_AREAS = [
  'market-entry',
  'food-drug',
  'taxation',
  'public-security',
  'culture-tourism',
  'transport',
  'health-care',
  'public-health',
  'civil-affairs',
  'education',
  'judicial',
  'employment',
  'social-insurance',
  'medical-insurance',
  'investment',
  'planning-land',
  'construction',
  'environment',
  'water',
] as const;
export type ServiceArea = (typeof SERVICE_AREAS)[number];
export const SERVICE_AREA_LABELS: Readonly<Record<ServiceArea, string>> = {
  'market-entry': '市场准入',
  'food-drug': '食品药品',
  taxation: '税务',
  'public-security': '公安',
  'culture-tourism': '文化旅游',
  transport: '交通运输',
  'health-care': '医疗卫生',
  'public-health': '公共卫生',
  'civil-affairs': '民政',
  education: '教育',
  judicial: '司法',
  employment: '劳动就业',
  'social-insurance': '社会保险',
  'medical-insurance': '医疗保障',
  investment: '投资项目',
  'planning-land': '规划用地',
  construction: '工程建设',
  environment: '生态环境',
  water: '水利',
};

/**
 * The areas the county devolved to its town sub-centres. The seed names 医疗保障、劳动就业、
 * 社会保险、公共卫生 "等"; civil affairs (低保、特困、临时救助) is the usual fifth in town catalogues.
 */
export const DEVOLVED_AREAS: readonly ServiceArea[] = [
  'social-insurance',
  'medical-insurance',
  'employment',
  'public-health',
  'civil-affairs',
];

/** 办件类型. */
export const CASE_TYPES = ['instant', 'commitment'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export const CASE_TYPE_LABELS: Readonly<Record<CaseType, string>> = { instant: '即办件', commitment: '承诺件' };

/** 办理情形: what splits a catalogue item into its 业务办理项. */
export const SITUATIONS = ['new', 'change', 'renewal', 'cancellation', 'reissue', 'other'] as const;
export type Situation = (typeof SITUATIONS)[number];
export const SITUATION_LABELS: Readonly<Record<Situation, string>> = {
  new: '新办',
  change: '变更',
  renewal: '延续',
  cancellation: '注销',
  reissue: '补办',
  other: '其他',
};

/** 服务对象. `enterprise` is anyone holding a 统一社会信用代码 (company, 个体户, social organisation). */
export const APPLICANT_KINDS = ['person', 'enterprise'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
export const APPLICANT_KIND_LABELS: Readonly<Record<ApplicantKind, string>> = {
  person: '自然人',
  enterprise: '法人和其他组织',
};

/** 材料类型. */
export const MATERIAL_KINDS = ['original', 'copy', 'original-and-copy'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const MATERIAL_KIND_LABELS: Readonly<Record<MaterialKind, string>> = {
  original: '原件',
  copy: '复印件',
  'original-and-copy': '原件和复印件',
};

/** 必要性: `deferrable` is 容缺后补 — accepted now, handed in later. */
export const NECESSITIES = ['required', 'optional', 'deferrable'] as const;
export type Necessity = (typeof NECESSITIES)[number];
export const NECESSITY_LABELS: Readonly<Record<Necessity, string>> = {
  required: '必要',
  optional: '非必要',
  deferrable: '容缺后补',
};

/** 来源渠道. `enterpriseCode`: already held from an earlier case, shown when the 企业码 is scanned. */
export const MATERIAL_SOURCES = ['applicant', 'enterpriseCode', 'government'] as const;
export type MaterialSource = (typeof MATERIAL_SOURCES)[number];
export const MATERIAL_SOURCE_LABELS: Readonly<Record<MaterialSource, string>> = {
  applicant: '申请人自备',
  enterpriseCode: '企业码共享',
  government: '政府部门核发',
};

/** 审批结果类型. */
export const RESULT_KINDS = ['certificate', 'document', 'other'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];
export const RESULT_KIND_LABELS: Readonly<Record<ResultKind, string>> = {
  certificate: '证照',
  document: '批文',
  other: '其他',
};

/** The back-office steps where several departments may have to sign. */
export const COUNTERSIGN_STEPS = ['approval', 'decision'] as const;
export type CountersignStep = (typeof COUNTERSIGN_STEPS)[number];
export const COUNTERSIGN_STEP_LABELS: Readonly<Record<CountersignStep, string>> = { approval: '审批', decision: '决定' };

/** 会签 (every group signs) or 或签 (any one group suffices). */
export const SIGN_MODES = ['countersign', 'anySign'] as const;
export type SignMode = (typeof SIGN_MODES)[number];
export const SIGN_MODE_LABELS: Readonly<Record<SignMode, string>> = { countersign: '会签', anySign: '或签' };

// ---------------------------------------------------------------- patterns

/** 基本编码: 12 digits or capital letters (national codes like 000131128000, local ones like 330A01003000). */
export const CATALOG_CODE = /^[0-9A-Z]{12}$/;
/** 业务办理项编码: the 基本编码 plus a two-digit situation number. */
export const SUB_ITEM_CODE = /^[0-9A-Z]{12}\d{2}$/;
/** A BPMN process id (an XML NCName, ASCII only so it is safe in URLs and job headers). */
const BPMN_ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Department ids double as the candidate groups of user tasks. */
const DEPARTMENT_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Keys of fixed-format forms and their filled samples (the files land under processes/forms/). */
const FORM_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// ---------------------------------------------------------------- messages

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  array: '数组',
  object: '对象',
};

/**
 * Chinese messages for the issues a schema doesn't word itself. Passed per parse, so importing
 * this module never changes zod's messages for the rest of the program.
 */
export const chineseMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return MISSING;
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少应有 ${min} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少应有 ${min} 项`;
      return issue.inclusive ? `应不小于 ${min}` : `应大于 ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过 ${max} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      return issue.inclusive ? `应不大于 ${max}` : `应小于 ${max}`;
    }
    case 'invalid_value':
      return `应为以下之一：${issue.values.map((v) => String(v)).join('、')}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_format':
      return '格式不正确';
    default:
      return '无效';
  }
};

// ---------------------------------------------------------------- building blocks

const MISSING = '缺少此项（必填）';

/** A schema's own message, except for an absent field, which is always 缺少此项. */
function saying(message: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? MISSING : message) };
}

const text = z.string().trim().min(1, { error: '不能为空' });
const positiveInt = z.int(saying('应为正整数')).min(1, saying('应为正整数'));
const workingDays = z.int(saying('应为非负整数（工作日）')).min(0, saying('应为非负整数（工作日）'));
const positiveWorkingDays = z.int(saying('应为正整数（工作日）')).min(1, saying('应为正整数（工作日）'));

/** Runs a rule only on a value that parsed cleanly, so rules see exactly the declared shape. */
const whenClean = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** Reports each repeated entry of a list (by `key`), pointing at the repeat, naming the first. */
function reportRepeats<T>(
  items: readonly T[],
  key: (item: T) => string,
  report: (index: number, firstIndex: number, value: string) => void,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else report(index, first, k);
  });
}

function uniqueList<T extends z.ZodType<string>>(element: T, what: string) {
  return z.array(element).superRefine((values, ctx) => {
    reportRepeats(
      values,
      (v) => v,
      (index, _first, value) => ctx.addIssue({ code: 'custom', path: [index], message: `${what}“${value}”重复` }),
    );
  }, whenClean);
}

// ---------------------------------------------------------------- departments

export const departmentSchema = z.strictObject({
  /** Stable ASCII id; also the candidate group of the department's staff in user tasks. */
  id: z.string().regex(DEPARTMENT_ID, { error: '部门标识应为小写字母、数字和连字符，如 market-regulation' }),
  /** 实施主体 as the public sees it, e.g. 县市场监督管理局. */
  name: text,
});
export type Department = z.output<typeof departmentSchema>;

export const departmentsFileSchema = z.strictObject({
  departments: z.array(departmentSchema).min(1, { error: '至少应有一个部门' }).superRefine((list, ctx) => {
    reportRepeats(
      list,
      (d) => d.id,
      (index, first, id) =>
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `部门标识“${id}”与 departments[${first}] 重复` }),
    );
    reportRepeats(
      list,
      (d) => d.name,
      (index, first, name) =>
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `部门名称“${name}”与 departments[${first}] 重复` }),
    );
  }, whenClean),
});
export type DepartmentsFile = z.output<typeof departmentsFileSchema>;

// ---------------------------------------------------------------- volumes

/** What a volume file is checked against: its volume (from the file name) and the known departments. */
export interface VolumeContext {
  readonly volume: Volume;
  readonly departments: ReadonlySet<string>;
}

function departmentRef(departments: ReadonlySet<string>) {
  return z.string().refine((id) => departments.has(id), {
    error: (issue) => `未知部门“${String(issue.input)}”：应为 departments.json 中的部门标识`,
  });
}

function materialSchema() {
  return z.strictObject({
    /** 材料名称. */
    name: text,
    /** 材料类型: 原件 / 复印件 / 原件和复印件. */
    kind: z.enum(MATERIAL_KINDS),
    /** 纸质份数. */
    copies: positiveInt,
    /** 必要性: 必要 / 非必要 / 容缺后补. */
    necessity: z.enum(NECESSITIES),
    /** 适用情形 of a material that is not always needed, e.g. "委托代理人办理的". */
    condition: text.optional(),
    /** 来源渠道. */
    source: z.enum(MATERIAL_SOURCES),
    /** 核发部门 of a government-issued material, e.g. 公安机关. */
    issuer: text.optional(),
    /** 制式表格 (blank form) key. */
    form: z.string().regex(FORM_KEY, { error: '表格标识应为小写字母、数字和连字符' }).optional(),
    /** 填写模板 (filled-in sample) key. */
    formSample: z.string().regex(FORM_KEY, { error: '模板标识应为小写字母、数字和连字符' }).optional(),
    /** 受理标准: what the clerk checks on this material. */
    standard: text.optional(),
  });
}

function feeSchema() {
  return z.strictObject({
    /** 收费项目名称. */
    name: text,
    /** 收费标准. */
    standard: text,
    /** 收费依据. */
    basis: text,
  });
}

function countersignSchema(departments: ReadonlySet<string>) {
  return z.strictObject({
    /** The approval step that needs several signatures. */
    step: z.enum(COUNTERSIGN_STEPS),
    /** 会签 (all groups) by default; 或签 when any one group suffices. */
    mode: z.enum(SIGN_MODES).default('countersign'),
    /** The departments (as candidate groups) that sign, one task each. */
    candidateGroups: uniqueList(departmentRef(departments), '部门').min(1, { error: '至少应有一个会签部门' }),
  });
}

function subItemSchema(ctx: VolumeContext) {
  const { volume, departments } = ctx;
  return z
    .strictObject({
      /** 业务办理项编码. */
      code: z.string().regex(SUB_ITEM_CODE, {
        error: '业务办理项编码应为14位：12位基本编码（数字或大写字母）加2位序号',
      }),
      /** 业务办理项名称. */
      name: text,
      /** 办理情形. */
      situation: z.enum(SITUATIONS),
      /** 服务对象. */
      applicants: uniqueList(z.enum(APPLICANT_KINDS), '服务对象').min(1, { error: '至少应有一类服务对象' }),
      /** 办件类型. */
      caseType: z.enum(CASE_TYPES),
      /** 法定办结时限 (working days). Where no statute fixes one, the county's published limit. */
      legalDays: positiveWorkingDays,
      /** 承诺办结时限 (working days); 0 = 当场办结. */
      committedDays: workingDays,
      /** 时限说明: extensions, clock rules, limits still to be checked. */
      limitsNote: text.optional(),
      /** 受理条件. */
      acceptanceConditions: z.array(text).min(1, { error: '至少应有一条受理条件' }),
      /** 申请材料. */
      materials: z.array(materialSchema()).min(1, { error: '至少应有一项申请材料' }),
      /** 收费项目; an empty list means 不收费. */
      fees: z.array(feeSchema()),
      /** 审批结果. */
      result: z.strictObject({
        kind: z.enum(RESULT_KINDS),
        name: text,
        /** 有效期 of a certificate, in years. */
        validityYears: positiveInt.optional(),
      }),
      /** Where it may be handled: county hall, town sub-centres. */
      levels: uniqueList(z.enum(ORG_LEVELS), '层级').min(1, { error: '至少应有一个办理层级' }),
      /** 邮帮办: the result may be mailed free of charge. */
      mailDelivery: z.boolean(),
      /** The BPMN flow a case of this sub-item runs. */
      process: z.strictObject({
        bpmnProcessId: z.string().regex(BPMN_ID, { error: '流程标识应以字母或下划线开头，只含字母、数字、_ . -' }),
        /** Pin a deployed version; absent = the latest. */
        version: positiveInt.optional(),
      }),
      /** Approval steps that need 会签 / 或签, and by which departments. */
      countersign: z
        .array(countersignSchema(departments))
        .min(1, { error: '不需要会签时请删除 countersign' })
        .optional(),
      /** 现场核查. */
      siteInspection: z
        .strictObject({
          /** Working days from acceptance within which the inspection is done. */
          withinDays: positiveWorkingDays,
          /** How many inspectors must go. */
          inspectors: positiveInt,
          /** When the inspection may be skipped. */
          waiver: text.optional(),
        })
        .optional(),
      /** What visitors say at the guide desk (“开饭店”). */
      keywords: uniqueList(text, '关键词').min(1, { error: '至少应有一个关键词' }),
      /** Other names of this sub-item (old names, colloquial names). */
      synonyms: uniqueList(text, '同义词'),
    })
    .superRefine((s, issues) => {
      const add = (path: (string | number)[], message: string) => issues.addIssue({ code: 'custom', path, message });

      // Time limits.
      if (s.committedDays > s.legalDays) {
        add(
          ['committedDays'],
          `承诺办结时限（${s.committedDays}个工作日）不得超过法定办结时限（${s.legalDays}个工作日）`,
        );
      }
      if (s.caseType === 'instant') {
        if (s.committedDays > 1) add(['committedDays'], '即办件的承诺办结时限应为0（当场办结）或1个工作日');
        if (s.countersign) add(['countersign'], '即办件由受理人员当场办结，不经后台审批，不能设置会签');
        if (s.siteInspection) add(['siteInspection'], '即办件当场办结，不能设置现场核查');
      } else if (s.committedDays < 1) {
        add(['committedDays'], '承诺件的承诺办结时限至少为1个工作日');
      }
      if (s.siteInspection && s.siteInspection.withinDays > s.legalDays) {
        add(['siteInspection', 'withinDays'], '现场核查时限不得超过法定办结时限');
      }

      // Materials.
      reportRepeats(
        s.materials,
        (m) => m.name,
        (index, first, name) => add(['materials', index, 'name'], `材料名称“${name}”与 materials[${first}] 重复`),
      );
      if (!s.materials.some((m) => m.necessity === 'required')) {
        add(['materials'], '至少应有一项必要（required）材料');
      }
      s.materials.forEach((m, index) => {
        if (m.formSample !== undefined && m.form === undefined) {
          add(['materials', index, 'formSample'], '有填写模板（formSample）就应有对应的制式表格（form）');
        }
        if (m.issuer !== undefined && m.source !== 'government') {
          add(['materials', index, 'issuer'], '只有政府部门核发（government）的材料才填写核发部门（issuer）');
        }
        if (m.source === 'enterpriseCode' && !s.applicants.includes('enterprise')) {
          add(['materials', index, 'source'], '企业码共享的材料只适用于法人和其他组织（applicants 应包含 enterprise）');
        }
      });

      // Countersign.
      reportRepeats(
        s.countersign ?? [],
        (c) => c.step,
        (index, first, step) => add(['countersign', index, 'step'], `环节“${step}”与 countersign[${first}] 重复`),
      );

      // The town catalogue: what a sub-centre handles is exactly the town-centres volume.
      const inTowns = s.levels.includes('town');
      if (inTowns && volume !== 'town-centres') {
        add(['levels'], '镇街可办的子项应编入镇街分中心事典（town-centres.json）');
      }
      if (!inTowns && volume === 'town-centres') {
        add(['levels'], '镇街分中心事典的子项应包含镇街层级（town）');
      }
    }, whenClean);
}

export function matterSchema(ctx: VolumeContext) {
  return z.strictObject({
    /** 基本编码 of the catalogue item (主项, or its 子项 where it has them). */
    catalogCode: z.string().regex(CATALOG_CODE, { error: '基本编码应为12位数字或大写字母' }),
    /** 事项名称. */
    name: text,
    /** 实施主体 (a department id). */
    department: departmentRef(ctx.departments),
    /** 事项类型. */
    matterType: z.enum(MATTER_TYPES),
    /** 服务领域; the town volume holds only the devolved areas. */
    serviceArea:
      ctx.volume === 'town-centres'
        ? z.enum(SERVICE_AREAS).refine((area) => DEVOLVED_AREAS.includes(area), {
            error: `镇街分中心事典只收录下沉领域：${DEVOLVED_AREAS.map((a) => SERVICE_AREA_LABELS[a]).join('、')}`,
          })
        : z.enum(SERVICE_AREAS),
    /** 设定依据. */
    legalBasis: z.array(text).min(1, { error: '至少应有一条设定依据' }),
    /** 业务办理项. */
    subItems: z.array(subItemSchema(ctx)).min(1, { error: '至少应有一个业务办理项' }),
  });
}

/** One volume file. Its `volume` must be the one its file name says. */
export function volumeFileSchema(ctx: VolumeContext) {
  return z.strictObject({
    volume: z.literal(ctx.volume, saying(`应为“${ctx.volume}”（与文件名一致）`)),
    /** 事典名称, e.g. 企业开办事典. */
    title: text,
    matters: z.array(matterSchema(ctx)).min(1, { error: '至少应有一个事项' }),
  });
}

export type VolumeFile = z.output<ReturnType<typeof volumeFileSchema>>;
export type MatterData = z.output<ReturnType<typeof matterSchema>>;
export type SubItemData = MatterData['subItems'][number];
export type Material = SubItemData['materials'][number];
export type Fee = SubItemData['fees'][number];
export type Countersign = NonNullable<SubItemData['countersign']>[number];
export type SiteInspection = NonNullable<SubItemData['siteInspection']>;
export type ProcessBinding = SubItemData['process'];
export type SubItemResult = SubItemData['result'];

// ---------------------------------------------------------------- rules across entries

/** One problem: where (file, sub-item or matter code, field path) and what, in Chinese. */
export interface DictionaryIssue {
  readonly file: string;
  /** The sub-item code (or matter catalog code, or department id) the problem belongs to. */
  readonly code?: string;
  /** The field inside that entry, e.g. `materials[2].copies`. */
  readonly path?: string;
  readonly message: string;
}

/**
 * The rules that relate entries to each other: codes unique across the whole dictionary, and each
 * sub-item's code under its matter's catalog code. They read the raw JSON, so they still report
 * in a file that has other problems (a malformed neighbour must not hide a clash).
 */
export function crossEntryIssues(files: readonly { readonly file: string; readonly raw: unknown }[]): DictionaryIssue[] {
  const issues: DictionaryIssue[] = [];
  const subItemCodes = new Map<string, string>();
  const catalogCodes = new Map<string, string>();
  for (const { file, raw } of files) {
    for (const matter of childList(raw, 'matters')) {
      const catalogCode = childString(matter, 'catalogCode');
      if (catalogCode !== undefined) {
        const first = catalogCodes.get(catalogCode);
        if (first === undefined) catalogCodes.set(catalogCode, file);
        else issues.push({ file, code: catalogCode, path: 'catalogCode', message: `基本编码重复：已在 ${first} 中使用` });
      }
      for (const subItem of childList(matter, 'subItems')) {
        const code = childString(subItem, 'code');
        if (code === undefined) continue;
        if (catalogCode !== undefined && CATALOG_CODE.test(catalogCode) && SUB_ITEM_CODE.test(code) && !code.startsWith(catalogCode)) {
          issues.push({ file, code, path: 'code', message: `业务办理项编码应以所属事项的基本编码 ${catalogCode} 开头` });
        }
        const first = subItemCodes.get(code);
        if (first === undefined) subItemCodes.set(code, file);
        else issues.push({ file, code, path: 'code', message: `业务办理项编码重复：已在 ${first} 中使用` });
      }
    }
  }
  return issues;
}
