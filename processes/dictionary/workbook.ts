// The dictionary as an Excel workbook (.xlsx) that staff edit in the tool they already use, and
// back. One row per entry, Chinese headers, vocabularies as their Chinese labels (办件类型 shows
// 即办件, not `instant`), departments by name. Reading a workbook builds the same document the
// JSON files hold, and the same validator checks it; every problem is reported as sheet, row,
// column header and the sub-item (or matter, department) it belongs to.
//
// Sheets: 说明 (read me; ignored on import) · 部门 · 分册 · 事项 · 子项 · 材料 · 收费 · 会签.
// Lists inside a cell: lines for sentences (设定依据, 受理条件), 、 for short words (关键词 …).
import ExcelJS from 'exceljs';
import {
  APPLICANT_KIND_LABELS,
  CASE_TYPE_LABELS,
  COUNTERSIGN_STEP_LABELS,
  MATERIAL_KIND_LABELS,
  MATERIAL_SOURCE_LABELS,
  MATTER_TYPE_LABELS,
  NECESSITY_LABELS,
  ORG_LEVEL_LABELS,
  RESULT_KIND_LABELS,
  SERVICE_AREA_LABELS,
  SIGN_MODE_LABELS,
  SITUATION_LABELS,
  VOLUME_LABELS,
  VOLUMES,
  type DictionaryIssue,
  type Volume,
} from './schema.js';
import { child } from './json.js';
import { DEPARTMENTS_FILE, DictionaryError, loadDictionaryDocument, volumeFileName, type Dictionary, type DictionaryDocument } from './load.js';

export const SHEETS = {
  help: '说明',
  departments: '部门',
  volumes: '分册',
  matters: '事项',
  subItems: '子项',
  materials: '材料',
  fees: '收费',
  countersign: '会签',
} as const;

/** One problem in a workbook: where a person finds it in Excel, and what is wrong. */
export interface WorkbookIssue {
  readonly sheet: string;
  /** The Excel row number (1 is the header row); absent when the problem is the sheet itself. */
  readonly row?: number;
  /** The column's header; absent when the problem is the whole row. */
  readonly column?: string;
  /** The sub-item code (or matter code, department id) of the row. */
  readonly code?: string;
  readonly message: string;
}

export function formatWorkbookIssue(issue: WorkbookIssue): string {
  const where = [issue.sheet, issue.row === undefined ? undefined : `第${issue.row}行`, issue.column === undefined ? undefined : `「${issue.column}」`]
    .filter((p) => p !== undefined)
    .join(' ');
  return `${where}${issue.code === undefined ? '' : ` ${issue.code}`}：${issue.message}`;
}

export class WorkbookError extends Error {
  override readonly name = 'WorkbookError';
  constructor(readonly issues: readonly WorkbookIssue[]) {
    super(`工作簿有 ${issues.length} 处错误，未导入：\n${issues.map(formatWorkbookIssue).join('\n')}`);
  }
}

// ---------------------------------------------------------------- columns

type Labels = Readonly<Record<string, string>>;

/** How a column's cell turns into a field and back. */
type Kind =
  | { readonly type: 'text' }
  | { readonly type: 'int' }
  | { readonly type: 'bool' }
  | { readonly type: 'enum'; readonly labels: Labels }
  | { readonly type: 'enumList'; readonly labels: Labels }
  | { readonly type: 'lines' }
  | { readonly type: 'words' }
  | { readonly type: 'department' }
  | { readonly type: 'departmentList' };

interface Column {
  readonly header: string;
  /** The field inside the entry, dotted for nested objects (`result.kind`). */
  readonly key: string;
  readonly kind: Kind;
  readonly width: number;
  /** Required columns must be present in an imported sheet; optional ones may be left out. */
  readonly optional?: boolean;
}

const TEXT: Kind = { type: 'text' };
const int: Kind = { type: 'int' };
const enumOf = (labels: Labels): Kind => ({ type: 'enum', labels });

const DEPARTMENT_COLUMNS: readonly Column[] = [
  { header: '部门标识', key: 'id', kind: TEXT, width: 22 },
  { header: '部门名称', key: 'name', kind: TEXT, width: 26 },
];

const VOLUME_COLUMNS: readonly Column[] = [
  { header: '分册', key: 'volume', kind: enumOf(VOLUME_LABELS), width: 14 },
  { header: '事典名称', key: 'title', kind: TEXT, width: 20 },
];

const MATTER_COLUMNS: readonly Column[] = [
  { header: '分册', key: 'volume', kind: enumOf(VOLUME_LABELS), width: 12 },
  { header: '基本编码', key: 'catalogCode', kind: TEXT, width: 16 },
  { header: '事项名称', key: 'name', kind: TEXT, width: 30 },
  { header: '实施主体', key: 'department', kind: { type: 'department' }, width: 22 },
  { header: '事项类型', key: 'matterType', kind: enumOf(MATTER_TYPE_LABELS), width: 12 },
  { header: '服务领域', key: 'serviceArea', kind: enumOf(SERVICE_AREA_LABELS), width: 12 },
  { header: '设定依据', key: 'legalBasis', kind: { type: 'lines' }, width: 50 },
];

const SUB_ITEM_COLUMNS: readonly Column[] = [
  { header: '业务办理项编码', key: 'code', kind: TEXT, width: 18 },
  { header: '所属事项基本编码', key: 'matterCode', kind: TEXT, width: 16 },
  { header: '业务办理项名称', key: 'name', kind: TEXT, width: 32 },
  { header: '办理情形', key: 'situation', kind: enumOf(SITUATION_LABELS), width: 10 },
  { header: '服务对象', key: 'applicants', kind: { type: 'enumList', labels: APPLICANT_KIND_LABELS }, width: 20 },
  { header: '办件类型', key: 'caseType', kind: enumOf(CASE_TYPE_LABELS), width: 10 },
  { header: '法定办结时限（工作日）', key: 'legalDays', kind: int, width: 12 },
  { header: '承诺办结时限（工作日）', key: 'committedDays', kind: int, width: 12 },
  { header: '时限说明', key: 'limitsNote', kind: TEXT, width: 40 },
  { header: '受理条件', key: 'acceptanceConditions', kind: { type: 'lines' }, width: 50 },
  { header: '审批结果类型', key: 'result.kind', kind: enumOf(RESULT_KIND_LABELS), width: 10 },
  { header: '审批结果名称', key: 'result.name', kind: TEXT, width: 24 },
  { header: '有效期（年）', key: 'result.validityYears', kind: int, width: 10 },
  { header: '办理层级', key: 'levels', kind: { type: 'enumList', labels: ORG_LEVEL_LABELS }, width: 28 },
  { header: '邮帮办', key: 'mailDelivery', kind: { type: 'bool' }, width: 8 },
  { header: '流程标识', key: 'process.bpmnProcessId', kind: TEXT, width: 18 },
  { header: '流程版本', key: 'process.version', kind: int, width: 8 },
  { header: '现场核查时限（工作日）', key: 'siteInspection.withinDays', kind: int, width: 12 },
  { header: '核查人数', key: 'siteInspection.inspectors', kind: int, width: 8 },
  { header: '免于核查情形', key: 'siteInspection.waiver', kind: TEXT, width: 30 },
  { header: '关键词', key: 'keywords', kind: { type: 'words' }, width: 40 },
  { header: '同义词', key: 'synonyms', kind: { type: 'words' }, width: 30 },
];

const MATERIAL_COLUMNS: readonly Column[] = [
  { header: '业务办理项编码', key: 'subItemCode', kind: TEXT, width: 18 },
  { header: '材料名称', key: 'name', kind: TEXT, width: 36 },
  { header: '材料类型', key: 'kind', kind: enumOf(MATERIAL_KIND_LABELS), width: 14 },
  { header: '份数', key: 'copies', kind: int, width: 6 },
  { header: '必要性', key: 'necessity', kind: enumOf(NECESSITY_LABELS), width: 10 },
  { header: '适用情形', key: 'condition', kind: TEXT, width: 24 },
  { header: '来源渠道', key: 'source', kind: enumOf(MATERIAL_SOURCE_LABELS), width: 14 },
  { header: '核发部门', key: 'issuer', kind: TEXT, width: 16 },
  { header: '制式表格', key: 'form', kind: TEXT, width: 26 },
  { header: '填写模板', key: 'formSample', kind: TEXT, width: 30 },
  { header: '受理标准', key: 'standard', kind: TEXT, width: 40 },
];

const FEE_COLUMNS: readonly Column[] = [
  { header: '业务办理项编码', key: 'subItemCode', kind: TEXT, width: 18 },
  { header: '收费项目', key: 'name', kind: TEXT, width: 24 },
  { header: '收费标准', key: 'standard', kind: TEXT, width: 30 },
  { header: '收费依据', key: 'basis', kind: TEXT, width: 40 },
];

const COUNTERSIGN_COLUMNS: readonly Column[] = [
  { header: '业务办理项编码', key: 'subItemCode', kind: TEXT, width: 18 },
  { header: '环节', key: 'step', kind: enumOf(COUNTERSIGN_STEP_LABELS), width: 8 },
  { header: '方式', key: 'mode', kind: enumOf(SIGN_MODE_LABELS), width: 8 },
  { header: '会签部门', key: 'candidateGroups', kind: { type: 'departmentList' }, width: 50 },
];

/** Codes are text: Excel must not turn 00013112800001 into a number and lose its zeros. */
const TEXT_KEYS = new Set(['id', 'catalogCode', 'code', 'matterCode', 'subItemCode']);
const WORD_SEPARATOR = '、';

// ---------------------------------------------------------------- export

/** The dictionary as an .xlsx workbook. */
export async function dictionaryWorkbook(dictionary: Dictionary): Promise<Buffer> {
  const names = new Map([...dictionary.departments.values()].map((d) => [d.id, d.name]));
  const format = (kind: Kind, value: unknown): string | number | undefined => formatCell(kind, value, names);
  const book = new ExcelJS.Workbook();
  book.creator = 'onewindow 一窗通办';
  addHelpSheet(book);

  addSheet(book, SHEETS.departments, DEPARTMENT_COLUMNS, [...dictionary.departments.values()], format);
  addSheet(book, SHEETS.volumes, VOLUME_COLUMNS, dictionary.volumes.map((v) => ({ volume: v.volume, title: v.title })), format);
  addSheet(book, SHEETS.matters, MATTER_COLUMNS, dictionary.matters, format);
  addSheet(book, SHEETS.subItems, SUB_ITEM_COLUMNS, dictionary.subItems, format);
  addSheet(book, SHEETS.materials, MATERIAL_COLUMNS, dictionary.subItems.flatMap((s) => s.materials.map((m) => ({ subItemCode: s.code, ...m }))), format);
  addSheet(book, SHEETS.fees, FEE_COLUMNS, dictionary.subItems.flatMap((s) => s.fees.map((f) => ({ subItemCode: s.code, ...f }))), format);
  addSheet(book, SHEETS.countersign, COUNTERSIGN_COLUMNS, dictionary.subItems.flatMap((s) => (s.countersign ?? []).map((c) => ({ subItemCode: s.code, ...c }))), format);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function addSheet(
  book: ExcelJS.Workbook,
  name: string,
  columns: readonly Column[],
  entries: readonly object[],
  format: (kind: Kind, value: unknown) => string | number | undefined,
): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const entry of entries) {
    const row = sheet.addRow(columns.map((c) => format(c.kind, valueAt(entry, c.key)) ?? null));
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      if (TEXT_KEYS.has(c.key)) cell.numFmt = '@';
      if (c.kind.type === 'lines') cell.alignment = { wrapText: true, vertical: 'top' };
      // A drop-down of the allowed labels on every cell of a vocabulary column.
      if (c.kind.type === 'enum' || c.kind.type === 'bool') {
        const labels = c.kind.type === 'enum' ? Object.values(c.kind.labels) : ['是', '否'];
        cell.dataValidation = { type: 'list', allowBlank: true, formulae: [`"${labels.join(',')}"`] };
      }
    });
  }
}

function addHelpSheet(book: ExcelJS.Workbook): void {
  const sheet = book.addWorksheet(SHEETS.help);
  sheet.columns = [{ width: 18 }, { width: 100 }];
  const lines: [string, string][] = [
    ['受理事典工作簿', '修改后通过“导入”上传；系统先整体校验，有任何错误都不会导入，并指出工作表、行、列和业务办理项编码。'],
    [SHEETS.departments, '实施主体（部门）。部门标识是审批任务的候选组，请勿随意修改。'],
    [SHEETS.volumes, '四个分册及其名称。'],
    [SHEETS.matters, '事项（基本编码）。实施主体填部门名称。设定依据每行一条。'],
    [SHEETS.subItems, '业务办理项：每行一项，所属事项基本编码应为其编码前12位。受理条件每行一条；服务对象、办理层级、关键词、同义词以“、”分隔。'],
    [SHEETS.materials, '申请材料：每行一项，按业务办理项编码归属，行的先后即材料顺序。'],
    [SHEETS.fees, '收费项目：无收费的业务办理项不列。'],
    [SHEETS.countersign, '会签/或签：会签部门填部门名称，以“、”分隔。'],
    ['可选值', ''],
    ['办理情形', Object.values(SITUATION_LABELS).join('、')],
    ['办件类型', Object.values(CASE_TYPE_LABELS).join('、')],
    ['服务对象', Object.values(APPLICANT_KIND_LABELS).join('、')],
    ['办理层级', Object.values(ORG_LEVEL_LABELS).join('、')],
    ['审批结果类型', Object.values(RESULT_KIND_LABELS).join('、')],
    ['事项类型', Object.values(MATTER_TYPE_LABELS).join('、')],
    ['服务领域', Object.values(SERVICE_AREA_LABELS).join('、')],
    ['材料类型', Object.values(MATERIAL_KIND_LABELS).join('、')],
    ['必要性', Object.values(NECESSITY_LABELS).join('、')],
    ['来源渠道', Object.values(MATERIAL_SOURCE_LABELS).join('、')],
    ['环节 / 方式', `${Object.values(COUNTERSIGN_STEP_LABELS).join('、')} / ${Object.values(SIGN_MODE_LABELS).join('、')}`],
    ['邮帮办', '是、否'],
  ];
  for (const line of lines) sheet.addRow(line);
  sheet.getColumn(2).alignment = { wrapText: true };
  sheet.getRow(1).font = { bold: true };
}

function formatCell(kind: Kind, value: unknown, departmentNames: ReadonlyMap<string, string>): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  switch (kind.type) {
    case 'text':
      return String(value);
    case 'int':
      return typeof value === 'number' ? value : undefined;
    case 'bool':
      return value === true ? '是' : '否';
    case 'enum':
      return kind.labels[String(value)] ?? String(value);
    case 'enumList':
      return asStrings(value).map((v) => kind.labels[v] ?? v).join(WORD_SEPARATOR);
    case 'lines':
      return asStrings(value).join('\n');
    case 'words':
      return asStrings(value).join(WORD_SEPARATOR);
    case 'department':
      return departmentNames.get(String(value)) ?? String(value);
    case 'departmentList':
      return asStrings(value).map((id) => departmentNames.get(id) ?? id).join(WORD_SEPARATOR);
  }
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function valueAt(entry: object, key: string): unknown {
  let value: unknown = entry;
  for (const part of key.split('.')) value = child(value, part);
  return value;
}

// ---------------------------------------------------------------- import

interface SheetRow {
  readonly row: number;
  readonly values: Record<string, unknown>;
}

/** Where each entry came from, to point a validation issue at its cell. */
class Locator {
  readonly departments = new Map<string, number>();
  readonly volumes = new Map<string, number>();
  readonly matters = new Map<string, number>();
  readonly subItems = new Map<string, number[]>();
  readonly materials = new Map<string, number[]>();
  readonly fees = new Map<string, number[]>();
  readonly countersign = new Map<string, number[]>();

  static add(map: Map<string, number[]>, key: string, row: number): void {
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }

  /** A validator's issue (file, code, field path) as a workbook cell. */
  locate(issue: DictionaryIssue): WorkbookIssue {
    const { file, code, message } = issue;
    const path = issue.path ?? '';
    const [head = '', index, ...rest] = path.split(/[.[\]]+/u).filter((p) => p !== '');
    if (file === DEPARTMENTS_FILE) {
      const row = code === undefined ? undefined : this.departments.get(code);
      return at(SHEETS.departments, row, headerFor(DEPARTMENT_COLUMNS, head), code, message);
    }
    if (code === undefined) {
      const volume = VOLUMES.find((v) => volumeFileName(v) === file);
      const row = volume === undefined ? undefined : this.volumes.get(volume);
      if (head === 'title') return at(SHEETS.volumes, row, '事典名称', volume, message);
      return at(SHEETS.matters, undefined, undefined, undefined, `${volume === undefined ? file : VOLUME_LABELS[volume]}：${message}`);
    }
    const subItemRows = this.subItems.get(code);
    if (subItemRows === undefined) {
      return at(SHEETS.matters, this.matters.get(code), headerFor(MATTER_COLUMNS, head), code, message);
    }
    const listSheet = (sheet: string, columns: readonly Column[], rows: Map<string, number[]>): WorkbookIssue => {
      const i = index === undefined ? undefined : Number(index);
      const row = i === undefined ? undefined : rows.get(code)?.[i];
      if (row === undefined) return at(sheet, subItemRows[0], undefined, code, message);
      return at(sheet, row, headerFor(columns, rest[0] ?? ''), code, message);
    };
    if (head === 'materials') return listSheet(SHEETS.materials, MATERIAL_COLUMNS, this.materials);
    if (head === 'fees') return listSheet(SHEETS.fees, FEE_COLUMNS, this.fees);
    if (head === 'countersign') return listSheet(SHEETS.countersign, COUNTERSIGN_COLUMNS, this.countersign);
    // A repeated code is reported on its later row.
    const row = head === 'code' ? subItemRows[subItemRows.length - 1] : subItemRows[0];
    const nested = index !== undefined && !/^\d+$/u.test(index) ? `${head}.${index}` : head;
    return at(SHEETS.subItems, row, headerFor(SUB_ITEM_COLUMNS, nested) ?? headerFor(SUB_ITEM_COLUMNS, head), code, message);
  }
}

function at(sheet: string, row: number | undefined, column: string | undefined, code: string | undefined, message: string): WorkbookIssue {
  return { sheet, ...(row === undefined ? {} : { row }), ...(column === undefined ? {} : { column }), ...(code === undefined ? {} : { code }), message };
}

/** The header of the column holding `key` (or, for a nested object, its first field). */
function headerFor(columns: readonly Column[], key: string): string | undefined {
  return (columns.find((c) => c.key === key) ?? columns.find((c) => c.key.startsWith(`${key}.`)))?.header;
}

/**
 * Reads a workbook exported by dictionaryWorkbook (and edited) and validates it as a whole.
 * Throws a WorkbookError naming every bad cell; returns the dictionary it describes.
 */
export async function importDictionaryWorkbook(bytes: Uint8Array): Promise<Dictionary> {
  const book = new ExcelJS.Workbook();
  try {
    // exceljs wants an ArrayBuffer of exactly the file's bytes.
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new WorkbookError([{ sheet: '（文件）', message: `不是有效的 .xlsx 工作簿：${error instanceof Error ? error.message : String(error)}` }]);
  }
  const issues: WorkbookIssue[] = [];
  const locator = new Locator();
  const document = readWorkbook(book, issues, locator);
  try {
    const dictionary = loadDictionaryDocument(document);
    if (issues.length > 0) throw new WorkbookError(issues);
    return dictionary;
  } catch (error) {
    if (!(error instanceof DictionaryError)) throw error;
    // A cell that could not be read is reported once: not again as "missing" by the validator.
    const seen = new Set(issues.map((i) => `${i.sheet}\u0000${String(i.row)}\u0000${i.column ?? ''}`));
    for (const issue of error.issues) {
      const located = locator.locate(issue);
      const key = `${located.sheet}\u0000${String(located.row)}\u0000${located.column ?? ''}`;
      if (!seen.has(key)) issues.push(located);
      seen.add(key);
    }
    throw new WorkbookError(issues);
  }
}

function readWorkbook(book: ExcelJS.Workbook, issues: WorkbookIssue[], locator: Locator): DictionaryDocument {
  const departmentRows = readSheet(book, SHEETS.departments, DEPARTMENT_COLUMNS, issues, (v) => str(v['id']));
  const departments = departmentRows.map(({ row, values }) => {
    const id = typeof values['id'] === 'string' ? values['id'] : undefined;
    if (id !== undefined) locator.departments.set(id, row);
    return values;
  });
  const idByName = new Map<string, string>();
  for (const d of departments) if (typeof d['id'] === 'string') idByName.set(String(d['name'] ?? d['id']), d['id']);
  const departmentId = (name: string): string | undefined => idByName.get(name) ?? ([...idByName.values()].includes(name) ? name : undefined);
  const read = (sheet: string, columns: readonly Column[], code: (values: Record<string, unknown>) => string | undefined): SheetRow[] =>
    readSheet(book, sheet, columns, issues, code, departmentId);

  const volumes = new Map<Volume, { volume: Volume; title?: unknown; matters: Record<string, unknown>[] }>();
  for (const { row, values } of read(SHEETS.volumes, VOLUME_COLUMNS, (v) => str(v['volume']))) {
    const volume = values['volume'] as Volume | undefined;
    if (volume === undefined) continue;
    if (volumes.has(volume)) {
      issues.push(at(SHEETS.volumes, row, '分册', volume, `分册“${VOLUME_LABELS[volume]}”重复`));
      continue;
    }
    locator.volumes.set(volume, row);
    volumes.set(volume, { volume, title: values['title'], matters: [] });
  }
  for (const volume of VOLUMES) if (!volumes.has(volume)) volumes.set(volume, { volume, matters: [] });

  const matters = new Map<string, Record<string, unknown>>();
  for (const { row, values } of read(SHEETS.matters, MATTER_COLUMNS, (v) => str(v['catalogCode']))) {
    const { volume, ...matter } = values;
    const code = str(matter['catalogCode']);
    const entry = volume === undefined ? undefined : volumes.get(volume as Volume);
    if (!entry) continue; // the 分册 cell's own issue is already reported
    const data: Record<string, unknown> = { ...matter, subItems: [] };
    entry.matters.push(data);
    if (code !== undefined) {
      if (!locator.matters.has(code)) locator.matters.set(code, row);
      if (!matters.has(code)) matters.set(code, data);
    }
  }

  const subItems = new Map<string, Record<string, unknown>>();
  for (const { row, values } of read(SHEETS.subItems, SUB_ITEM_COLUMNS, (v) => str(v['code']))) {
    const { matterCode, ...item } = values;
    const code = str(item['code']);
    if (code !== undefined) Locator.add(locator.subItems, code, row);
    const matter = matterCode === undefined ? undefined : matters.get(String(matterCode));
    if (!matter) {
      if (matterCode !== undefined) issues.push(at(SHEETS.subItems, row, '所属事项基本编码', code, `事项表中没有基本编码为 ${String(matterCode)} 的事项`));
      continue;
    }
    // Columns of an optional object left blank mean the sub-item has none.
    if (isEmptyObject(item['siteInspection'])) delete item['siteInspection'];
    item['materials'] = [];
    item['fees'] = [];
    if (!Array.isArray(item['keywords'])) item['keywords'] = [];
    if (!Array.isArray(item['synonyms'])) item['synonyms'] = [];
    (matter['subItems'] as unknown[]).push(item);
    if (code !== undefined && !subItems.has(code)) subItems.set(code, item);
  }

  const attach = (sheet: string, columns: readonly Column[], field: string, rows: Map<string, number[]>): void => {
    for (const { row, values } of read(sheet, columns, (v) => str(v['subItemCode']))) {
      const { subItemCode, ...entry } = values;
      const code = str(subItemCode);
      const item = code === undefined ? undefined : subItems.get(code);
      if (code === undefined || !item) {
        if (code !== undefined) issues.push(at(sheet, row, '业务办理项编码', code, `子项表中没有业务办理项 ${code}`));
        continue;
      }
      const list = (item[field] ??= []) as unknown[];
      list.push(entry);
      Locator.add(rows, code, row);
    }
  };
  attach(SHEETS.materials, MATERIAL_COLUMNS, 'materials', locator.materials);
  attach(SHEETS.fees, FEE_COLUMNS, 'fees', locator.fees);
  attach(SHEETS.countersign, COUNTERSIGN_COLUMNS, 'countersign', locator.countersign);

  const document: Record<string, unknown> = { [DEPARTMENTS_FILE]: { departments } };
  for (const { volume, title, matters: list } of volumes.values()) {
    document[volumeFileName(volume)] = { volume, ...(title === undefined ? {} : { title }), matters: list };
  }
  return document;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** The rows of one sheet as entries (blank cells omitted), each cell converted by its column's kind. */
function readSheet(
  book: ExcelJS.Workbook,
  name: string,
  columns: readonly Column[],
  issues: WorkbookIssue[],
  codeOf: (values: Record<string, unknown>) => string | undefined,
  departmentId: (name: string) => string | undefined = () => undefined,
): SheetRow[] {
  const sheet = book.getWorksheet(name);
  if (!sheet) {
    issues.push({ sheet: name, message: '缺少此工作表' });
    return [];
  }
  const positions = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => positions.set(cellText(cell.value), col));
  const present = columns.filter((c) => {
    if (positions.has(c.header)) return true;
    if (!c.optional) issues.push({ sheet: name, row: 1, column: c.header, message: '缺少此列' });
    return false;
  });
  const rows: SheetRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = present.map((c) => ({ column: c, text: cellText(row.getCell(positions.get(c.header) ?? 0).value) }));
    if (cells.every((c) => c.text === '')) return;
    const values: Record<string, unknown> = {};
    const problems: { column: string; message: string }[] = [];
    for (const { column, text } of cells) {
      if (text === '') continue;
      const parsed = parseCell(column.kind, text, departmentId);
      if ('error' in parsed) problems.push({ column: column.header, message: parsed.error });
      else setAt(values, column.key, parsed.value);
    }
    const code = codeOf(values);
    for (const p of problems) issues.push(at(name, number, p.column, code, p.message));
    rows.push({ row: number, values });
  });
  return rows;
}

function setAt(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1] ?? key] = value;
}

type Parsed = { readonly value: unknown } | { readonly error: string };

function parseCell(kind: Kind, text: string, departmentId: (name: string) => string | undefined): Parsed {
  const fromLabel = (labels: Labels, word: string): string | undefined =>
    Object.entries(labels).find(([id, label]) => label === word || id === word)?.[0];
  const words = (): string[] => text.split(/[、,，;；\n]+/u).map((w) => w.trim()).filter((w) => w !== '');
  switch (kind.type) {
    case 'text':
      return { value: text };
    case 'int':
      return /^\d+$/u.test(text) ? { value: Number(text) } : { error: `应为整数，而不是“${text}”` };
    case 'bool':
      if (['是', 'true', 'TRUE', 'Y'].includes(text)) return { value: true };
      if (['否', 'false', 'FALSE', 'N'].includes(text)) return { value: false };
      return { error: `应为“是”或“否”，而不是“${text}”` };
    case 'enum': {
      const id = fromLabel(kind.labels, text);
      return id === undefined ? { error: `应为以下之一：${Object.values(kind.labels).join('、')}，而不是“${text}”` } : { value: id };
    }
    case 'enumList': {
      const out: string[] = [];
      for (const word of words()) {
        const id = fromLabel(kind.labels, word);
        if (id === undefined) return { error: `“${word}”不是可选值：${Object.values(kind.labels).join('、')}` };
        out.push(id);
      }
      return { value: out };
    }
    case 'lines':
      return { value: text.split(/\r?\n/u).map((l) => l.trim()).filter((l) => l !== '') };
    case 'words':
      return { value: words() };
    case 'department': {
      const id = departmentId(text);
      return id === undefined ? { error: `部门表中没有“${text}”` } : { value: id };
    }
    case 'departmentList': {
      const out: string[] = [];
      for (const word of words()) {
        const id = departmentId(word);
        if (id === undefined) return { error: `部门表中没有“${word}”` };
        out.push(id);
      }
      return { value: out };
    }
  }
}

/** What a person sees in a cell, whatever Excel stored (rich text, a formula's result, a link). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('hyperlink' in value) return String(value.text).trim();
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return result === undefined || result === null || typeof result === 'object' ? '' : String(result).trim();
  }
  return '';
}
