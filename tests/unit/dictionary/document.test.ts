// The dictionary as one document: loaded from memory exactly as from the files, compared version
// to version in staff's terms, and carried through an Excel workbook without loss.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, differingPaths, isUnchanged, summarizeChanges } from '../../../processes/dictionary/changes.js';
import { DictionaryError, loadDictionary, loadDictionaryDocument, readDictionaryDocument, type DictionaryDocument } from '../../../processes/dictionary/load.js';
import { dictionaryWorkbook, importDictionaryWorkbook, WorkbookError } from '../../../processes/dictionary/workbook.js';

const shipped = loadDictionary();

type Doc = Record<string, { departments: { id: string; name: string }[] } & { matters: { catalogCode: string; name: string; subItems: Record<string, unknown>[] }[] }>;
const copy = (): Doc => structuredClone(shipped.document) as Doc;

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`test data has no ${what}`);
  return value;
}

function sheet(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  return must(book.getWorksheet(name), `sheet ${name}`);
}

function refusal(document: DictionaryDocument): DictionaryError {
  try {
    loadDictionaryDocument(document);
  } catch (error) {
    if (error instanceof DictionaryError) return error;
    throw error;
  }
  throw new Error('the document loaded, but should have been refused');
}

describe('loading a document', () => {
  it('the validated document loads again to itself, with the same sub-items', () => {
    const again = loadDictionaryDocument(shipped.document);
    expect(canonicalJson(again.document)).toBe(canonicalJson(shipped.document));
    expect(again.subItems.map((s) => s.code)).toEqual(shipped.subItems.map((s) => s.code));
    // The raw files, read unvalidated, load to the same dictionary.
    expect(canonicalJson(loadDictionaryDocument(readDictionaryDocument()).document)).toBe(canonicalJson(shipped.document));
  });

  it('fills defaults and trims text, so what is stored is what is served', () => {
    const doc = copy();
    const item = doc['investment-projects.json']?.matters.flatMap((m) => m.subItems).find((s) => Array.isArray(s['countersign']));
    if (!item) throw new Error('no sub-item with countersign');
    const countersign = item['countersign'] as { mode?: string }[];
    for (const c of countersign) delete c.mode;
    item['name'] = `  ${String(item['name'])}  `;
    const loaded = loadDictionaryDocument(doc);
    const served = loaded.byCode.get(String(item['code']));
    expect(served?.countersign?.every((c) => c.mode === 'countersign')).toBe(true);
    expect(served?.name).toBe(String(item['name']).trim());
  });

  it('a missing or unknown file is named; the document is refused whole', () => {
    const doc: Record<string, unknown> = { ...copy(), 'extra.json': {} };
    delete doc['social-affairs.json'];
    expect(refusal(doc).lines).toEqual(['extra.json: 不认识的事典文件：应为 departments.json、enterprise-startup.json、social-affairs.json、investment-projects.json、town-centres.json 之一', 'social-affairs.json: 缺少此事典文件']);
  });
});

describe('what changed between versions', () => {
  it('names added, removed and changed sub-items with their field paths', () => {
    const before = copy();
    const after = copy();
    const startup = after['enterprise-startup.json'];
    if (!startup) throw new Error('no startup volume');
    const matter = must(startup.matters[0], 'first matter');
    const [first, ...rest] = matter.subItems;
    if (!first) throw new Error('no first sub-item');
    must((first['materials'] as { copies: number }[])[2], 'third material').copies = 2;
    first['keywords'] = [...(first['keywords'] as string[]), '开门店'];
    const removed = rest.pop();
    matter.subItems = [first, ...rest, { ...first, code: '00013112800009', name: '个体工商户测试登记' }];
    matter.name = '个体工商户登记';
    must(after['departments.json']?.departments[1], 'second department').name = '国家税务总局某县税务局';

    const summary = summarizeChanges(before, after);
    expect(summary.added).toEqual([{ code: '00013112800009', name: '个体工商户测试登记', file: 'enterprise-startup.json' }]);
    expect(summary.removed).toEqual([{ code: removed?.['code'], name: removed?.['name'], file: 'enterprise-startup.json' }]);
    expect(summary.changed).toEqual([{ code: '00013112800001', name: '个体工商户设立登记', file: 'enterprise-startup.json', fields: ['materials[2].copies', 'keywords'] }]);
    expect(summary.other).toEqual([
      { id: 'tax', file: 'departments.json', change: 'changed', fields: ['name'] },
      { id: '000131128000', file: 'enterprise-startup.json', change: 'changed', fields: ['name'] },
    ]);
    expect(isUnchanged(summarizeChanges(before, copy()))).toBe(true);
  });

  it('compares lists of objects item by item and plain lists as a whole', () => {
    expect(differingPaths({ a: [{ x: 1 }, { x: 2 }] }, { a: [{ x: 1 }, { x: 3 }, { x: 4 }] })).toEqual(['a[1].x', 'a[2]']);
    expect(differingPaths({ k: ['a', 'b'] }, { k: ['b', 'a'] })).toEqual(['k']);
    expect(differingPaths({ o: { p: 1 } }, { o: { p: 1 } })).toEqual([]);
  });
});

describe('the workbook', () => {
  async function edit(bytes: Buffer, change: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    change(book);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('carries the whole dictionary there and back unchanged', async () => {
    const back = await importDictionaryWorkbook(await dictionaryWorkbook(shipped));
    expect(canonicalJson(back.document)).toBe(canonicalJson(shipped.document));
  });

  it('reports every problem at once: a missing sheet, a missing column, unknown references', async () => {
    const bytes = await edit(await dictionaryWorkbook(shipped), (book) => {
      book.removeWorksheet(sheet(book, '收费').id);
      sheet(book, '材料').getRow(1).getCell(4).value = '数量';
      sheet(book, '事项').getRow(2).getCell(4).value = '县外星局';
      sheet(book, '会签').addRow(['99999999999901', '审批', '会签', '县卫生健康局']);
    });
    let error: unknown;
    try {
      await importDictionaryWorkbook(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkbookError);
    const issues = (error as WorkbookError).issues;
    expect(issues).toEqual(expect.arrayContaining([
      { sheet: '收费', message: '缺少此工作表' },
      { sheet: '材料', row: 1, column: '份数', message: '缺少此列' },
      { sheet: '事项', row: 2, column: '实施主体', code: '000131128000', message: '部门表中没有“县外星局”' },
      expect.objectContaining({ sheet: '会签', column: '业务办理项编码', code: '99999999999901', message: '子项表中没有业务办理项 99999999999901' }),
    ]));
  });

  it('a value that reads but breaks a rule is pointed at its cell in 子项', async () => {
    const bytes = await edit(await dictionaryWorkbook(shipped), (book) => {
      const subItems = sheet(book, '子项');
      let column = 0;
      subItems.getRow(1).eachCell((cell, col) => {
        if (cell.value === '有效期（年）') column = col;
      });
      subItems.getRow(2).getCell(column).value = 0;
    });
    await expect(importDictionaryWorkbook(bytes)).rejects.toMatchObject({
      issues: [{ sheet: '子项', row: 2, column: '有效期（年）', code: shipped.subItems[0]?.code, message: '应为正整数' }],
    });
  });
});
