// The /dictionary page in a real Chromium at 1366×768 against the real api: a designer filters the
// sub-items, edits one (limits, materials order), sees the refusal at the field it names, finds the
// new version in the history, and imports a broken workbook whose error names sheet, row and column.
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { browserSuite } from './support.js';

const SLOW = 60_000;
const b = browserSuite('browser-dictionary');
const dir = mkdtempSync(path.join(os.tmpdir(), 'onewindow-dictionary-ui-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Brief {
  code: string;
  name: string;
  caseType: string;
  legalDays: number;
  committedDays: number;
}
type SubItem = Record<string, unknown> & { committedDays: number; materials: { name: string }[] };

async function dictionaryVersion(): Promise<number> {
  return (await (await b.api.as('designer')).get<{ version: number }>('/dictionary')).body.version;
}

describe('dictionary editing', () => {
  test('a designer filters, edits a sub-item’s committed days and material order, and the new version shows in the history with who and what', { timeout: SLOW }, async () => {
    const designer = await b.api.as('designer');
    const list = (await designer.get<Brief[]>('/dictionary/sub-items', { caseType: 'commitment' })).body;
    const item = list.find((s) => s.committedDays + 1 < s.legalDays);
    if (!item) throw new Error('the shipped dictionary has no commitment sub-item with room under its legal limit');
    const before = (await designer.get<SubItem>(`/dictionary/sub-items/${item.code}`)).body;
    const firstVersion = await dictionaryVersion();

    const page = await b.page();
    await b.login(page, 'designer');
    await page.getByRole('link', { name: '事典' }).click();
    await page.getByTestId('dictionary-version').waitFor();

    // The case-type filter leaves only 即办件 rows.
    await page.getByLabel('办件类型').selectOption('instant');
    await expect.poll(async () => new Set((await page.locator('.subitems tbody tr td:nth-child(3)').allTextContents())).size === 1 && (await page.locator('.subitems tbody tr td:nth-child(3)').first().textContent())).toBe('即办件');
    await page.getByLabel('办件类型').selectOption('');
    await page.getByLabel('关键字').fill(item.code);
    await expect.poll(() => page.locator('.subitems tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: item.name }).click();
    const editor = page.locator('.subitem-editor');
    await editor.getByRole('heading', { name: item.name }).waitFor();

    // Beyond the legal limit: refused at the field, nothing saved.
    await editor.getByLabel('承诺办结时限').fill(String(item.legalDays + 1));
    await editor.getByRole('button', { name: '保存为新版本' }).click();
    await expect.poll(() => editor.locator('.field.invalid .field-error').textContent()).toContain('不得超过法定办结时限');
    expect(await editor.locator('.field.invalid .label').textContent()).toBe('承诺办结时限');
    await page.screenshot({ path: '/tmp/onewindow-dictionary-refused-1366x768.png' });
    expect(await dictionaryVersion()).toBe(firstVersion);

    await editor.getByLabel('承诺办结时限').fill(String(item.committedDays + 1));
    await editor.getByRole('button', { name: '第 1 项 下移' }).click();
    await editor.getByLabel('修改说明').fill('压缩承诺时限');
    await editor.getByRole('button', { name: '保存为新版本' }).click();
    await expect.poll(() => editor.getByRole('status').textContent()).toBe(`已保存，生成第 ${String(firstVersion + 1)} 版。`);
    const after = (await designer.get<SubItem>(`/dictionary/sub-items/${item.code}`)).body;
    expect(after.committedDays).toBe(item.committedDays + 1);
    expect(after.materials.map((m) => m.name).slice(0, 2)).toEqual([before.materials[1]?.name, before.materials[0]?.name]);
    await page.screenshot({ path: '/tmp/onewindow-dictionary-edit-1366x768.png' });

    await page.getByRole('tab', { name: '版本历史' }).click();
    const row = page.locator(`tr[data-version="${String(firstVersion + 1)}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('designer');
    expect(text).toContain('在线编辑');
    expect(text).toContain('压缩承诺时限');
    expect(text).toContain(item.code);
    expect(text).toContain('承诺办结时限');
    expect(text).toContain('申请材料');
    await page.screenshot({ path: '/tmp/onewindow-dictionary-versions-1366x768.png' });
    await page.context().close();
  });

  test('an imported workbook with a bad cell is refused naming sheet, row and column; the dictionary is unchanged', { timeout: SLOW }, async () => {
    const designer = await b.api.as('designer');
    const exported = await designer.raw('/dictionary/export.xlsx');
    expect(exported.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await exported.arrayBuffer());
    const sheet = book.getWorksheet('材料');
    if (!sheet) throw new Error('the export has no 材料 sheet');
    let column = 0;
    sheet.getRow(1).eachCell((cell, col) => {
      if (cell.value === '份数') column = col;
    });
    const row = 2;
    const code = String(sheet.getRow(row).getCell(1).value);
    sheet.getRow(row).getCell(column).value = '两份';
    const file = path.join(dir, 'broken.xlsx');
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    const before = await dictionaryVersion();

    const page = await b.page();
    await b.login(page, 'designer');
    await page.goto(`${b.api.url}/dictionary`);
    await page.getByRole('tab', { name: '导入导出' }).click();
    expect(await page.getByRole('link', { name: '下载 Excel 工作簿（.xlsx）' }).getAttribute('href')).toBe('/api/dictionary/export.xlsx');
    await page.getByLabel('文件').setInputFiles(file);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    const alert = page.locator('.import-errors');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`材料 第${String(row)}行 「份数」 ${code}：应为整数，而不是“两份”`);
    await page.screenshot({ path: '/tmp/onewindow-dictionary-import-1366x768.png' });
    expect(await dictionaryVersion()).toBe(before);
    await page.context().close();
  });
});
