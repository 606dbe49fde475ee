// 任务 in a real Chromium at 1366×768 against the api with the real job workers: a clerk opens a
// commitment case (食品经营许可) through the api; in the browser the clerk finds 初审 in 我的组,
// claims it and submits an opinion; the approver sees the legal clock and the materials (image,
// PDF, a registered file missing from the store, one without a file), gets the api's error at the
// material picker when asking for a supplement without choosing materials, then approves: the
// task leaves 我的待办, appears in 已办, and the case moves on to 待出件.
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { HttpClient } from '../support/api.js';
import { eventually } from '../support/wait.js';
import { insertCase } from '../unit/workers/case-fixtures.js';
import { browserSuite } from './support.js';

const SLOW = 120_000;
const b = browserSuite('browser-tasks', { workers: true });

const FOOD = '330A0100200001'; // 食品经营许可（新办）: commitment, market regulation approves
const company = { kind: 'enterprise', name: '青山新材料有限公司', creditCode: '91350100M000100Y43', phone: '13900002222', contact: '李经理' };

// ------------------------------------------------------------------ test files

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A 240×160 PNG: a blue page with a red band, so the preview is visibly an image. */
function scanPng(): Buffer {
  const width = 240;
  const height = 160;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const band = y > 60 && y < 90;
    for (let x = 0; x < width; x++) rows.set(band ? [200, 40, 40] : [60, 110, 200], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

async function upload(clerk: HttpClient, bytes: Buffer, mediaType: string): Promise<string> {
  const r = await clerk.send<{ sha256: string }>('POST', '/files', bytes, mediaType);
  if (r.status !== 201) throw new Error(`upload failed: ${String(r.status)} ${JSON.stringify(r.body)}`);
  return r.body.sha256;
}

interface Listed {
  items: { key: string; caseNo: string | null; elementId: string }[];
}

/** The open task of `elementId` for the case, once the flow has reached it. */
function taskOf(client: HttpClient, caseNo: string, elementId: string, list = 'groups'): Promise<string> {
  return eventually(
    async () => {
      const r = await client.get<Listed>('/tasks', { list });
      return r.body.items.find((i) => i.caseNo === caseNo && i.elementId === elementId)?.key;
    },
    30_000,
    `${elementId} of ${caseNo}`,
  );
}

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/onewindow-tasks-${name}.png` });
const listKeys = (page: Page) => page.getByTestId('task-list').locator('a[data-task-key]').evaluateAll((as) => as.map((a) => a.getAttribute('data-task-key')));

describe('任务: 初审 and 审批 of a commitment case', () => {
  test('the clerk claims 初审 from 我的组 and submits; the approver sees clock and materials, gets the supplement error at the field, approves', { timeout: SLOW }, async () => {
    const clerkApi = await b.api.as('clerk');
    const png = await upload(clerkApi, scanPng(), 'image/png');
    const pdf = await upload(clerkApi, PDF, 'application/pdf');
    // A file the hall registered but whose bytes are gone from the store (a restore without files/).
    const lost = randomBytes(32).toString('hex');
    await b.api.sql`insert into app.files (sha256, size, media_type, created_at) values (${lost}, 10, 'image/png', now())`;
    const opened = await clerkApi.post<{ caseNo: string }>('/cases', {
      subItemCode: FOOD,
      applicant: company,
      materials: [
        { name: '食品经营许可申请书', fileSha256: png, filename: '申请书.png' },
        { name: '营业执照', fileSha256: pdf, filename: '营业执照.pdf' },
        { name: '与食品经营相适应的主要设备设施布局、操作流程等文件', fileSha256: lost, filename: '布局图.png' },
        { name: '食品安全管理制度目录和食品安全管理人员情况' },
      ],
    });
    expect(opened.status).toBe(201);
    const caseNo = opened.body.caseNo;
    const preReview = await taskOf(clerkApi, caseNo, 'preReview');

    // ---- the clerk: 我的组 → 初审 → claim → opinion → submit
    const page = await b.page();
    await b.login(page, 'clerk');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '任务' }).click();
    await page.getByRole('tab', { name: /我的组/ }).click();
    await expect.poll(() => listKeys(page)).toContain(preReview);
    const row = page.locator(`a[data-task-key="${preReview}"]`);
    expect(await row.textContent()).toContain('初审');
    await row.click();
    await expect.poll(() => page.getByTestId('case-no').textContent()).toBe(caseNo);
    await page.getByRole('button', { name: '认领', exact: true }).click();
    await page.getByRole('button', { name: '取消认领' }).waitFor();
    await page.getByLabel('初审意见').fill('材料齐全，同意受理，转审批');
    await shot(page, '1-pre-review');
    await page.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByTestId('task-closed').textContent()).toContain('此任务已办结');
    await page.context().close();

    // ---- the approver: 审批 with the clock and the materials
    const approverApi = await b.api.as('approver');
    const approval = await taskOf(approverApi, caseNo, 'approval');
    const ap = await b.page();
    await b.login(ap, 'approver');
    await ap.goto(`${b.api.url}/tasks?list=groups`);
    await ap.locator(`a[data-task-key="${approval}"]`).click();
    const clock = ap.getByTestId('legal-clock');
    await clock.waitFor();
    expect(await clock.getAttribute('data-clock')).toBe('normal');
    expect(await clock.textContent()).toMatch(/正常剩余 \d+ 个工作日/);
    const materials = ap.getByRole('region', { name: '申请材料' });
    await materials.locator('img[alt="申请书.png"]').waitFor();
    expect(await materials.locator('img[alt="申请书.png"]').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(240);
    expect(await materials.textContent()).toContain('未上传电子件');
    const history = ap.getByRole('region', { name: '企业历史办件' });
    await expect.poll(() => history.textContent()).toContain('该企业没有其他办件');
    await shot(ap, '2-approval');
    await materials.getByRole('button', { name: '营业执照' }).click();
    await materials.locator('iframe[title="营业执照.pdf"]').waitFor();
    await materials.getByRole('button', { name: '与食品经营相适应的主要设备设施布局、操作流程等文件' }).click();
    await expect.poll(() => materials.getByRole('alert').textContent()).toContain('在存储目录中找不到');

    // 补正 without materials: the api's message at the material picker, nothing submitted.
    await ap.getByRole('button', { name: '认领', exact: true }).click();
    await ap.getByRole('button', { name: '取消认领' }).waitFor();
    await ap.getByRole('radio', { name: '要求补正' }).check();
    const picker = ap.locator('[data-field="missingMaterials"]');
    await picker.getByRole('checkbox', { name: '营业执照' }).waitFor();
    await ap.getByLabel('意见', { exact: true }).fill('营业执照复印件不清晰');
    await ap.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => picker.getByRole('alert').textContent()).toBe('要求补正时须列明需补正的材料（一次性告知）');
    await shot(ap, '3-supplement-error');
    expect((await approverApi.get<{ state: string }>(`/tasks/${approval}`)).body.state).toBe('created');

    // 准予许可: the case moves on.
    await ap.getByRole('radio', { name: '准予许可' }).check();
    await ap.getByLabel('意见', { exact: true }).fill('符合条件，准予许可');
    await ap.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => ap.getByTestId('task-closed').textContent()).toContain('此任务已办结');
    await expect.poll(() => ap.getByTestId('case-status').textContent()).toBe('待出件');
    await ap.getByRole('tab', { name: /我的待办/ }).click();
    await expect.poll(() => listKeys(ap)).not.toContain(approval);
    await ap.getByRole('tab', { name: /已办/ }).click();
    await expect.poll(() => listKeys(ap)).toContain(approval);
    expect(await ap.getByRole('tab', { name: /已办/ }).textContent()).toBe('已办1');
    // The business-field filter: another enterprise's credit code finds nothing.
    await ap.getByLabel('企业信用代码').fill('91110000100000000A');
    await ap.getByRole('button', { name: '筛选', exact: true }).click();
    await expect.poll(() => ap.getByTestId('task-list').locator('a').count()).toBe(0);
    expect(new URL(ap.url()).searchParams.get('creditCode')).toBe('91110000100000000A');
    await shot(ap, '4-done');
    const after = await approverApi.get<{ status: string; statusLabel: string }>(`/cases/${caseNo}`);
    expect(after.body.status).toBe('issuing');
    await ap.context().close();
  });
});

describe('任务: 会签', () => {
  test('two departments countersign: the first signs in the browser; the second sees who has signed and who is pending', { timeout: SLOW }, async () => {
    // A 会签 round of two departments (processes/README.md: candidateGroups = [countersigner]):
    // market regulation (approver) and fire rescue (approver2).
    const caseNo = 'CS20260001';
    const materials = ['食品经营许可申请书', '营业执照', '与食品经营相适应的主要设备设施布局、操作流程等文件', '食品安全管理制度目录和食品安全管理人员情况'].map((name) => ({ name }));
    await insertCase(b.api.sql, { caseNo, subItemCode: FOOD, applicant: company, bpmnProcessId: 'commitment-item' });
    await b.api.engine.start('commitment-item', {
      caseNo,
      subItemCode: FOOD,
      applicant: company,
      materials,
      approvalGroups: ['market-regulation'],
      countersign: true,
      countersigners: ['market-regulation', 'fire-rescue'],
      countersignMode: 'countersign',
    });
    const clerkApi = await b.api.as('clerk');
    const pre = await taskOf(clerkApi, caseNo, 'preReview');
    expect((await clerkApi.post(`/tasks/${pre}/complete`, { preReviewOpinion: '同意' })).status).toBe(200);
    const mine = await taskOf(await b.api.as('approver'), caseNo, 'countersignTask', 'groups');
    const theirs = await taskOf(await b.api.as('approver2'), caseNo, 'countersignTask', 'groups');

    const page = await b.page();
    await b.login(page, 'approver');
    await page.goto(`${b.api.url}/tasks?list=groups`);
    await page.locator(`a[data-task-key="${mine}"]`).click();
    const panel = page.getByTestId('countersign');
    await expect.poll(() => panel.textContent()).toContain('待签署：县市场监督管理局、县消防救援大队');
    await page.getByRole('button', { name: '认领' }).click();
    await expect.poll(() => page.getByText('代表 县市场监督管理局 会签').count()).toBe(1);
    await page.getByRole('radio', { name: '准予许可' }).check();
    await page.getByLabel('意见', { exact: true }).fill('规划条件符合');
    await page.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByTestId('task-closed').textContent()).toContain('此任务已办结');
    await page.context().close();

    const other = await b.page();
    await b.login(other, 'approver2');
    await other.goto(`${b.api.url}/tasks/${theirs}?list=groups`);
    const signed = other.getByTestId('countersign');
    await expect.poll(() => signed.textContent()).toContain('待签署：县消防救援大队');
    const row = await signed.locator('tr').first().textContent();
    expect(row).toContain('县市场监督管理局');
    expect(row).toContain('张审批');
    expect(row).toContain('准予许可');
    expect(row).toContain('规划条件符合');
    expect(await signed.textContent()).toContain('已签署：1');
    await expect.poll(() => other.getByTestId('case-no').textContent()).toBe(caseNo);
    await shot(other, '5-countersign');
    await other.context().close();
  });
});
