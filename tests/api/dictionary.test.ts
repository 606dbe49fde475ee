// The dictionary in force lives in PostgreSQL as versions: seeded from the shipped files, changed
// by designers one sub-item at a time or by importing an edited workbook or JSON document, each
// change validated first and recorded with what it changed.
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApi } from '../../api/start.js';
import { loadDictionary } from '../../processes/dictionary/load.js';
import { apiSuite, type ErrorBody } from '../support/api.js';

const t = apiSuite('api-dictionary');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const shipped = loadDictionary();

interface Summary {
  version: number;
  matters: number;
  subItems: number;
  volumes: { volume: string; label: string; subItems: number }[];
}
interface Brief {
  code: string;
  name: string;
  volume: string;
  levels: string[];
  caseType: string;
  department: string;
}
interface ChangeResult {
  version: number;
  created: boolean;
  summary: { added: unknown[]; removed: unknown[]; changed: { code: string; name: string; fields: string[] }[] };
}
type SubItemBody = Record<string, unknown> & { materials: Record<string, unknown>[]; committedDays: number };

async function version(): Promise<number> {
  const designer = await t.as('designer');
  return (await designer.get<Summary>('/dictionary')).body.version;
}

async function workbookBytes(): Promise<Buffer> {
  const designer = await t.as('designer');
  const response = await designer.raw('/dictionary/export.xlsx');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain(XLSX);
  return Buffer.from(await response.arrayBuffer());
}

/** Changes one cell of an exported workbook: the row whose first column is `code`, the column headed `header`. */
async function editCell(bytes: Buffer, sheetName: string, code: string, header: string, value: string | number, nth = 0): Promise<{ bytes: Buffer; row: number }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = book.getWorksheet(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  let column = 0;
  sheet.getRow(1).eachCell((cell, col) => {
    if (cell.value === header) column = col;
  });
  expect(column).toBeGreaterThan(0);
  const rows: number[] = [];
  sheet.eachRow((row, number) => {
    if (row.getCell(1).value === code) rows.push(number);
  });
  const row = rows[nth];
  if (row === undefined) throw new Error(`no row ${nth} for ${code} in ${sheetName}`);
  sheet.getRow(row).getCell(column).value = value;
  return { bytes: Buffer.from(await book.xlsx.writeBuffer()), row };
}

describe('the dictionary in force', () => {
  it('is seeded as version 1 from the shipped files on first start', async () => {
    const clerk = await t.as('clerk');
    const summary = await clerk.get<Summary>('/dictionary');
    expect(summary.status).toBe(200);
    expect(summary.body.version).toBe(1);
    expect(summary.body.subItems).toBe(shipped.subItems.length);
    expect(summary.body.matters).toBe(shipped.matters.length);
    expect(summary.body.volumes.map((v) => v.label)).toEqual(['企业开办', '社会事务', '投资项目', '镇街分中心']);
    const [row] = await t.sql<{ author: string; source: string }[]>`select author, source from app.dictionary_versions where version = 1`;
    expect(row).toEqual({ author: 'system', source: 'seed' });
  });

  it('lists sub-items filtered by volume, level, case type, department and words', async () => {
    const clerk = await t.as('clerk');
    const town = await clerk.get<Brief[]>('/dictionary/sub-items', { level: 'town' });
    expect(town.body.length).toBe(shipped.byLevel.get('town')?.length);
    expect(town.body.every((s) => s.levels.includes('town'))).toBe(true);

    const instantStartup = await clerk.get<Brief[]>('/dictionary/sub-items', { volume: 'enterprise-startup', caseType: 'instant' });
    expect(instantStartup.body.length).toBeGreaterThan(0);
    expect(instantStartup.body.every((s) => s.volume === 'enterprise-startup' && s.caseType === 'instant')).toBe(true);
    expect(instantStartup.body.map((s) => s.code)).not.toContain('330A0100200001');

    const health = await clerk.get<Brief[]>('/dictionary/sub-items', { department: 'health' });
    expect(health.body.length).toBeGreaterThan(0);
    expect(health.body.every((s) => s.department === 'health')).toBe(true);

    const restaurant = await clerk.get<Brief[]>('/dictionary/sub-items', { q: '开饭店' });
    expect(restaurant.body.map((s) => s.code)).toEqual(expect.arrayContaining(['00013112800001', '330A0100200001']));

    const unknown = await clerk.get<ErrorBody>('/dictionary/sub-items', { department: 'mars' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues?.[0]?.path).toBe('query.department');
  });

  it('gives one sub-item in full, and a 404 for a code it does not have', async () => {
    const clerk = await t.as('clerk');
    const item = await clerk.get<SubItemBody>('/dictionary/sub-items/330A0100200001');
    expect(item.body).toMatchObject({ name: '食品经营许可（新办）', caseType: 'commitment', departmentName: '县市场监督管理局' });
    expect(item.body.materials.length).toBe(shipped.byCode.get('330A0100200001')?.materials.length);
    expect((await clerk.get('/dictionary/sub-items/99999999999999')).status).toBe(404);
  });
});

describe('editing a sub-item', () => {
  it('a designer edit makes a new version whose summary names the sub-item and field', async () => {
    const designer = await t.as('designer');
    const before = await version();
    const item = (await designer.get<SubItemBody>('/dictionary/sub-items/330A0100200001')).body;
    const edited = await designer.put<ChangeResult>('/dictionary/sub-items/330A0100200001', {
      subItem: { ...item, committedDays: item.committedDays - 1 },
      baseVersion: before,
      note: '承诺时限压缩一天',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.created).toBe(true);
    expect(edited.body.version).toBe(before + 1);
    expect(edited.body.summary.changed).toEqual([{ code: '330A0100200001', name: '食品经营许可（新办）', file: 'enterprise-startup.json', fields: ['committedDays'] }]);

    // In force at once, for everyone.
    const clerk = await t.as('clerk');
    expect((await clerk.get<SubItemBody>('/dictionary/sub-items/330A0100200001')).body.committedDays).toBe(item.committedDays - 1);
    const detail = await clerk.get<{ author: string; note: string; summary: ChangeResult['summary'] }>(`/dictionary/versions/${before + 1}`);
    expect(detail.body).toMatchObject({ author: 'designer', note: '承诺时限压缩一天' });
    expect(detail.body.summary.changed[0]?.fields).toEqual(['committedDays']);
    const [entry] = await t.sql`select actor, action from app.audit where subject_id = '330A0100200001' and action = 'dictionary.edit'`;
    expect(entry).toMatchObject({ actor: 'designer' });
  });

  it('a bad entry is refused with the file, sub-item code and field, and nothing changes', async () => {
    const designer = await t.as('designer');
    const before = await version();
    const item = (await designer.get<SubItemBody>('/dictionary/sub-items/00013112800001')).body;
    const materials = item.materials.map((m, i) => (i === 2 ? { ...m, copies: 0 } : m));
    const bad = await designer.put<ErrorBody>('/dictionary/sub-items/00013112800001', { subItem: { ...item, materials, committedDays: 9 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual(expect.arrayContaining([
      { path: 'body.subItem.materials.2.copies', message: 'enterprise-startup.json: 00013112800001 materials[2].copies: 应为正整数' },
    ]));
    expect(await version()).toBe(before);
    expect((await designer.get<SubItemBody>('/dictionary/sub-items/00013112800001')).body.materials[2]?.['copies']).toBe(1);
  });

  it('refuses what belongs to the matter, a stale base version, and anyone but a designer or admin', async () => {
    const designer = await t.as('designer');
    const item = (await designer.get<SubItemBody>('/dictionary/sub-items/00013112800001')).body;
    const moved = await designer.put<ErrorBody>('/dictionary/sub-items/00013112800001', { subItem: { ...item, department: 'tax' } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.issues?.[0]?.path).toBe('body.subItem.department');

    const stale = await designer.put<ErrorBody>('/dictionary/sub-items/00013112800001', { subItem: { ...item, committedDays: 1 }, baseVersion: 1 });
    expect(stale.status).toBe(409);

    const clerk = await t.as('clerk');
    expect((await clerk.put('/dictionary/sub-items/00013112800001', { subItem: item })).status).toBe(403);
  });

  it('rebinds a sub-item to another deployed flow; an undeployed flow is refused', async () => {
    const designer = await t.as('designer');
    const before = await version();
    const missing = await designer.put<ErrorBody>('/dictionary/sub-items/330A0700100001/process', { bpmnProcessId: 'no-such-flow' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues?.[0]?.path).toBe('body.bpmnProcessId');
    const noVersion = await designer.put<ErrorBody>('/dictionary/sub-items/330A0700100001/process', { bpmnProcessId: 'commitment-item', version: 999 });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.issues?.[0]?.path).toBe('body.version');
    expect(await version()).toBe(before);

    const flow = t.api.flows.find((f) => f.bpmnProcessId !== 'commitment-item');
    if (!flow) throw new Error('no other flow deployed');
    const rebound = await designer.put<ChangeResult & { verified: boolean }>('/dictionary/sub-items/330A0700100001/process', { bpmnProcessId: flow.bpmnProcessId, version: flow.version });
    expect(rebound.status).toBe(200);
    expect(rebound.body).toMatchObject({ version: before + 1, created: true, verified: true });
    expect(rebound.body.summary.changed[0]?.fields).toEqual(expect.arrayContaining(['process.bpmnProcessId', 'process.version']));
    const item = await designer.get<{ process: unknown }>('/dictionary/sub-items/330A0700100001');
    expect(item.body.process).toEqual({ bpmnProcessId: flow.bpmnProcessId, version: flow.version });
  });
});

describe('Excel and JSON', () => {
  it('an exported workbook imported unchanged makes no new version', async () => {
    const before = await version();
    const designer = await t.as('designer');
    const imported = await designer.send<ChangeResult>('POST', '/dictionary/import', await workbookBytes(), XLSX);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ version: before, created: false });
    expect(await version()).toBe(before);
  });

  it('the workbook has the sheets staff edit, with Chinese headers and labels', async () => {
    const bytes = await workbookBytes();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '部门', '分册', '事项', '子项', '材料', '收费', '会签']);
    const subItems = book.getWorksheet('子项');
    const headers: unknown[] = [];
    subItems?.getRow(1).eachCell((c) => headers.push(c.value));
    expect(headers).toEqual(expect.arrayContaining(['业务办理项编码', '业务办理项名称', '办件类型', '法定办结时限（工作日）', '关键词']));
    const caseTypeColumn = headers.indexOf('办件类型') + 1;
    const labels = new Set<unknown>();
    subItems?.eachRow((row, n) => {
      if (n > 1) labels.add(row.getCell(caseTypeColumn).value);
    });
    expect([...labels].sort()).toEqual(['即办件', '承诺件']);
    // One material per row, keyed by the sub-item code.
    let materialRows = 0;
    book.getWorksheet('材料')?.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === '00013112800001') materialRows++;
    });
    expect(materialRows).toBe(shipped.byCode.get('00013112800001')?.materials.length);
  });

  it('an edited cell imports as a new version naming the sub-item and field', async () => {
    const before = await version();
    const designer = await t.as('designer');
    const { bytes } = await editCell(await workbookBytes(), '材料', '330F1200200001', '份数', 3, 1);
    const imported = await designer.send<ChangeResult>('POST', '/dictionary/import?note=%E6%88%B7%E5%8F%A3%E7%B0%BF3%E4%BB%BD', bytes, XLSX);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ version: before + 1, created: true });
    expect(imported.body.summary.changed).toEqual([expect.objectContaining({ code: '330F1200200001', fields: ['materials[1].copies'] })]);
    const item = await designer.get<SubItemBody>('/dictionary/sub-items/330F1200200001');
    expect(item.body.materials[1]).toMatchObject({ name: '户口簿', copies: 3 });
  });

  it('a bad cell is refused naming sheet, row, column header and sub-item code; nothing changes', async () => {
    const before = await version();
    const designer = await t.as('designer');
    const exported = await workbookBytes();

    const notNumber = await editCell(exported, '材料', '330A0100200001', '份数', '两份', 0);
    const r1 = await designer.send<ErrorBody>('POST', '/dictionary/import', notNumber.bytes, XLSX);
    expect(r1.status).toBe(400);
    expect(r1.body.error.issues?.[0]?.message).toBe(`材料 第${notNumber.row}行 「份数」 330A0100200001：应为整数，而不是“两份”`);

    // A value that reads fine but breaks a rule: the validator's issue is pointed back at its cell.
    const tooLong = await editCell(exported, '子项', '00013112800001', '承诺办结时限（工作日）', 5);
    const r2 = await designer.send<ErrorBody>('POST', '/dictionary/import', tooLong.bytes, XLSX);
    expect(r2.status).toBe(400);
    const messages = r2.body.error.issues?.map((i) => i.message) ?? [];
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^子项 第${tooLong.row}行 「承诺办结时限（工作日）」 00013112800001：`))]));

    const badLabel = await editCell(exported, '子项', '00013112800002', '办件类型', '马上办');
    const r3 = await designer.send<ErrorBody>('POST', '/dictionary/import', badLabel.bytes, XLSX);
    expect(r3.body.error.issues?.[0]?.message).toContain(`子项 第${badLabel.row}行 「办件类型」 00013112800002：应为以下之一：即办件、承诺件`);

    const garbage = await designer.send<ErrorBody>('POST', '/dictionary/import', new TextEncoder().encode('not a workbook'), XLSX);
    expect(garbage.status).toBe(400);
    expect(await version()).toBe(before);
  });

  it('JSON export and import: unchanged is no new version, a change is one, a bad entry names file, code and field', async () => {
    const designer = await t.as('designer');
    const before = await version();
    const exported = await designer.get<Record<string, { matters: { subItems: { code: string; keywords: string[]; legalDays: number }[] }[] }>>('/dictionary/export.json');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-dictionary-version')).toBe(String(before));
    expect(Object.keys(exported.body)).toEqual(['departments.json', 'enterprise-startup.json', 'social-affairs.json', 'investment-projects.json', 'town-centres.json']);

    const same = await designer.post<ChangeResult>('/dictionary/import', exported.body);
    expect(same.body).toMatchObject({ version: before, created: false });

    const document = structuredClone(exported.body);
    const pension = document['town-centres.json']?.matters[0]?.subItems[0];
    if (!pension) throw new Error('no first town sub-item');
    pension.keywords.push('交农保');
    const changed = await designer.post<ChangeResult>('/dictionary/import', document);
    expect(changed.body).toMatchObject({ version: before + 1, created: true });
    expect(changed.body.summary.changed).toEqual([expect.objectContaining({ code: pension.code, fields: ['keywords'] })]);

    pension.legalDays = -1;
    const bad = await designer.post<ErrorBody>('/dictionary/import', document);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.[0]?.message).toBe(`town-centres.json: ${pension.code} legalDays: 应为正整数（工作日）`);
    expect(await version()).toBe(before + 1);

    // A document too large for the app's 1 MB JSON limit goes as a file of the dictionary's own type.
    pension.legalDays = 3;
    pension.keywords.push('农保续费');
    const padded = new TextEncoder().encode(`\uFEFF${JSON.stringify(document, null, 2)}${' '.repeat(1_100_000)}`);
    const asJson = await designer.send<ErrorBody>('POST', '/dictionary/import', padded, 'application/json');
    expect(asJson.status).toBe(413);
    const asFile = await designer.send<ChangeResult>('POST', '/dictionary/import', padded, 'application/vnd.onewindow.dictionary+json');
    expect(asFile.status).toBe(200);
    expect(asFile.body).toMatchObject({ version: before + 2, created: true });
    expect(asFile.body.summary.changed).toEqual([expect.objectContaining({ code: pension.code, fields: ['keywords'] })]);
    const broken = await designer.send<ErrorBody>('POST', '/dictionary/import', new TextEncoder().encode('{"departments.json":'), 'application/vnd.onewindow.dictionary+json');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain('不是有效的 JSON');

    // Any earlier version can be exported again.
    const first = await designer.get<typeof exported.body>('/dictionary/export.json', { version: 1 });
    expect(first.body['town-centres.json']?.matters[0]?.subItems[0]?.keywords).not.toContain('交农保');
  });

  it('lists the versions, newest first, with who made each and how', async () => {
    const clerk = await t.as('clerk');
    const versions = await clerk.get<{ version: number; source: string; author: string }[]>('/dictionary/versions');
    expect(versions.body[0]?.version).toBe(await version());
    expect(versions.body.at(-1)).toMatchObject({ version: 1, source: 'seed' });
    expect(new Set(versions.body.map((v) => v.source))).toEqual(new Set(['seed', 'edit', 'rebind', 'import']));
  });
});

describe('the OpenAPI document', () => {
  it('describes the dictionary, guide and queue routes, the import with its two upload types', async () => {
    const doc = await t.anonymous.get<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> }>('/docs');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/dictionary', '/api/dictionary/sub-items/{code}', '/api/dictionary/versions/{version}', '/api/guide/search', '/api/queue/events']));
    expect(Object.keys(doc.body.paths['/api/dictionary/import']?.['post']?.requestBody?.content ?? {})).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.onewindow.dictionary+json',
    ]);
  });
});

describe('restarting', () => {
  it('a restarted api serves the latest version from the database, not the files, and follows later changes', async () => {
    const latest = await version();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'onewindow-dict-restart-'));
    const again = await startApi({ databaseUrl: t.engine.databaseUrl, zbc: t.engine.client(), dataDir, port: 0 });
    try {
      const login = await fetch(`${again.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk', password: 'onewindow2026' }) });
      const { token } = (await login.json()) as { token: string };
      const get = async <T>(p: string): Promise<T> => (await (await fetch(`${again.url}/api${p}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
      expect((await get<Summary>('/dictionary')).version).toBe(latest);
      const item = await get<SubItemBody>('/dictionary/sub-items/330A0100200001');
      expect(item.committedDays).toBe((shipped.byCode.get('330A0100200001')?.committedDays ?? 0) - 1);

      // Both processes run side by side: a change made through one is served by the other at once.
      const designer = await t.as('designer');
      const marriage = (await designer.get<SubItemBody>('/dictionary/sub-items/330C0800100001')).body;
      const edited = await designer.put<ChangeResult>('/dictionary/sub-items/330C0800100001', { subItem: { ...marriage, keywords: [...(marriage['keywords'] as string[]), '领结婚证'] } });
      expect(edited.body.version).toBe(latest + 1);
      const deadline = Date.now() + 5000;
      let keywords: string[] = [];
      while (Date.now() < deadline && !keywords.includes('领结婚证')) {
        keywords = (await get<{ keywords: string[] }>('/dictionary/sub-items/330C0800100001')).keywords;
        if (!keywords.includes('领结婚证')) await new Promise((r) => setTimeout(r, 50));
      }
      expect(keywords).toContain('领结婚证');
    } finally {
      await again.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
