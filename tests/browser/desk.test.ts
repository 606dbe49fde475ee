// The service desk in a real Chromium at 1366×768, against the api with its workers running the
// flows: the guide finds 食品经营许可 from what a visitor says, opens its checklist and takes a
// ticket; the clerk opens a seat, calls that ticket, scans the enterprise's code (history and a
// reusable material come up), fills the form — the api's errors shown at their fields —, uploads
// a scan, leaves a required material out and accepts: the case number shows with the one-time
// notice listing what is missing. A town clerk is told a county-only item is not theirs.
import { describe, expect, test } from 'vitest';
import type { ErrorBody } from '../support/api.js';
import { browserSuite } from './support.js';

const SLOW = 90_000;
const b = browserSuite('browser-desk', { workers: true });

const FOOD = '330A0100200001'; // 食品经营许可（新办）: commitment, county hall, 营业执照 from the enterprise code
const SEAL = '330D0300100001'; // 新办企业首套印章刻制备案: the enterprise's earlier case, with its 营业执照
const CREDIT_CODE = '91310115MA1K3BTP2B';
const COMPANY = '浦东好味餐饮有限公司';
const PDF = (text: string): Buffer => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`, 'latin1');
const shot = (name: string): string => `/tmp/onewindow-desk-${name}.png`;

/** The ticket the guide takes, called by the clerk in the next test. */
let ticketNo: string | undefined;

describe('导办', () => {
  test('the guide searches in everyday words, opens the checklist of 食品经营许可 and takes a ticket for it', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'guide');
    expect(new URL(page.url()).pathname).toBe('/guide');
    await page.getByRole('searchbox', { name: '办事人想办什么' }).fill('我想开饭店');
    await page.getByRole('button', { name: '搜索' }).click();
    const results = page.locator('.desk-result');
    await results.first().waitFor();
    const names = await page.locator('.desk-result-name').allTextContents();
    expect(names).toContain('食品经营许可（新办）');
    const food = results.filter({ hasText: '食品经营许可（新办）' });
    expect(await food.textContent()).toContain('承诺件 · 5个工作日');

    await food.click();
    const checklist = page.getByRole('region', { name: '材料清单' });
    await checklist.getByText('食品经营许可申请书').waitFor();
    expect(await checklist.locator('h2').textContent()).toBe('食品经营许可（新办） · 材料清单');
    const print = checklist.getByRole('link', { name: '打印材料清单' });
    const href = await print.getAttribute('href');
    expect(href).toBe(`/api/guide/sub-items/${FOOD}/checklist.html`);
    const printed = await fetch(`${b.api.url}${href ?? ''}`);
    expect(printed.status).toBe(200);
    expect(await printed.text()).toContain('食品经营许可申请书');
    await page.screenshot({ path: shot('guide-checklist') });

    await page.getByRole('button', { name: '取号', exact: true }).click();
    const number = page.getByTestId('ticket-no');
    await number.waitFor();
    ticketNo = (await number.textContent())?.trim();
    expect(ticketNo).toMatch(/^[A-E]\d{3}$/);
    const slip = await page.getByRole('region', { name: '您的号码' }).textContent();
    expect(slip).toContain('食品经营许可（新办）');
    expect(slip).toContain('前面还有 0 人等候');
    const [row] = await b.api.sql<{ subItemCode: string; takenBy: string }[]>`select sub_item_code as "subItemCode", taken_by as "takenBy" from app.queue_tickets where ticket_no = ${ticketNo ?? ''}`;
    expect(row).toEqual({ subItemCode: FOOD, takenBy: 'guide' });
    await page.screenshot({ path: shot('guide-ticket') });
    await page.context().close();
  });
});

describe('受理', () => {
  test('the clerk calls the ticket, scans the enterprise code, fills the form, uploads a scan and accepts with a material missing: case number and one-time notice', { timeout: SLOW * 2 }, async () => {
    if (ticketNo === undefined) throw new Error('the guide test took no ticket');
    const clerk = await b.api.as('clerk');
    // The enterprise's earlier case, with its 营业执照 scanned: history, and a file to reuse.
    const licence = await clerk.send<{ sha256: string }>('POST', '/files', PDF('licence'), 'application/pdf');
    expect(licence.status).toBe(201);
    // Another item than today's: its materials would otherwise fill today's gap (企业码 reuse).
    const required = (b.api.api.api.ctx.dictionary().byCode.get(SEAL)?.materials ?? []).filter((m) => m.necessity === 'required').map((m) => m.name);
    const earlier = await clerk.post<{ caseNo: string }>('/cases', {
      subItemCode: SEAL,
      applicant: { kind: 'enterprise', name: COMPANY, creditCode: CREDIT_CODE, phone: '13900003333' },
      materials: required.map((name) => (name === '营业执照' ? { name, fileSha256: licence.body.sha256, filename: '营业执照.pdf' } : { name })),
    });
    expect(earlier.status).toBe(201);
    const issued = await clerk.post<{ code: string }>(`/enterprises/${CREDIT_CODE}/code`);
    expect(issued.status).toBe(201);

    const page = await b.page();
    await b.login(page, 'clerk');
    await page.getByRole('link', { name: '受理' }).click();
    await page.getByRole('region', { name: '选择办理事项' }).waitFor();

    // The seat, once: number and the ticket's category; remembered across a reload.
    await page.getByLabel('窗口号').fill('3');
    await page.getByLabel(new RegExp(`^${ticketNo.charAt(0)} `)).check();
    await page.getByRole('button', { name: '开启窗口' }).click();
    await page.getByTestId('seat-name').waitFor();
    await page.reload();
    expect(await page.getByTestId('seat-name').textContent()).toMatch(/^3 号窗口 · /);

    await page.getByRole('button', { name: '叫号' }).click();
    await expect.poll(() => page.getByTestId('current-ticket').textContent()).toBe(ticketNo);
    // The ticket names its sub-item: the form opens for it.
    await expect.poll(() => page.getByTestId('subitem-name').textContent()).toBe('食品经营许可（新办）');

    // A scanner types the code and Enter.
    const scan = page.getByLabel('扫企业码或输入统一社会信用代码');
    await scan.click();
    await page.keyboard.type(issued.body.code);
    await page.keyboard.press('Enter');
    const enterprise = page.getByTestId('enterprise');
    await enterprise.waitFor();
    const found = await enterprise.textContent();
    expect(found).toContain(COMPANY);
    expect(found).toContain(earlier.body.caseNo);
    expect(found).toContain('营业执照');
    expect(await page.getByLabel('申请人名称').inputValue()).toBe(COMPANY);
    expect(await page.getByLabel('统一社会信用代码', { exact: true }).inputValue()).toBe(CREDIT_CODE);
    expect(await page.getByLabel('已收：营业执照').isChecked()).toBe(true);

    // A wrong phone: the api's message shows at the phone field and nothing is made.
    await page.getByLabel('联系电话').fill('12345');
    await page.getByLabel('已收：与食品经营相适应的主要设备设施布局、操作流程等文件').check();
    await page.getByLabel('上传扫描件：食品经营许可申请书').setInputFiles({ name: '申请书.pdf', mimeType: 'application/pdf', buffer: PDF('application form') });
    await page.getByText('已上传：申请书.pdf').waitFor();
    expect(await page.getByLabel('已收：食品经营许可申请书').isChecked()).toBe(true);
    expect(await page.getByTestId('materials-summary').textContent()).toContain('缺少必要材料：食品安全管理制度目录和食品安全管理人员情况');
    await page.getByRole('button', { name: '受理', exact: true }).click();
    const phoneError = page.locator('[data-field="applicant.phone"]');
    await phoneError.waitFor();
    expect(await phoneError.textContent()).toBe('应为11位手机号，或带区号的固定电话');
    expect(await page.getByRole('alert').filter({ hasText: '未能受理' }).textContent()).toContain('请按标红处修改后再提交');
    await page.screenshot({ path: shot('intake-field-error') });

    await page.getByLabel('联系电话').fill('13900003333');
    await page.getByLabel('联系人').fill('张经理');
    await page.screenshot({ path: shot('intake-form') });
    await page.getByRole('button', { name: '受理', exact: true }).click();
    const caseNo = (await page.getByTestId('case-no').textContent())?.trim() ?? '';
    expect(caseNo).not.toBe('');
    expect(caseNo).not.toBe(earlier.body.caseNo);

    // The one-time notice the flow issues, with what is missing and its printable page.
    const notice = page.getByTestId('notice');
    await notice.waitFor({ timeout: 40_000 });
    expect(await notice.locator('h2').textContent()).toBe('一次性告知书');
    expect(await notice.locator('.desk-missing li').allTextContents()).toEqual(['食品安全管理制度目录和食品安全管理人员情况']);
    const printHref = await notice.getByRole('link', { name: '打印告知书' }).getAttribute('href');
    expect(printHref).toMatch(/^\/api\/notices\/GZ-\d{4}-\d{6}$/);
    const html = await clerk.raw(printHref?.replace(/^\/api/, '') ?? '');
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('食品安全管理制度目录和食品安全管理人员情况');
    await page.screenshot({ path: shot('intake-notice') });

    // What was recorded: the upload and the reused licence on the new case.
    const detail = await clerk.get<{ materials: { name: string; fileSha256: string | null; reusedFrom: string | null }[]; applicant: { contact?: string } }>(`/cases/${caseNo}`);
    expect(detail.status).toBe(200);
    const byName = new Map(detail.body.materials.map((m) => [m.name, m]));
    expect(byName.get('营业执照')).toMatchObject({ fileSha256: licence.body.sha256, reusedFrom: earlier.body.caseNo });
    expect(byName.get('食品经营许可申请书')?.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(byName.has('食品安全管理制度目录和食品安全管理人员情况')).toBe(false);
    await page.context().close();
  });

  test('a town clerk sees county-only items marked at the guide and gets the api’s refusal when accepting one', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'town-clerk');
    await page.getByRole('searchbox', { name: '办事人想办什么' }).fill('个体工商户设立登记');
    await page.getByRole('button', { name: '搜索' }).click();
    const item = page.locator('.desk-result').filter({ hasText: '个体工商户设立登记' }).first();
    await item.waitFor();
    expect(await item.textContent()).toContain('本中心不可办');
    await item.click();
    await page.getByRole('region', { name: '材料清单' }).waitFor();
    expect(await page.getByRole('button', { name: '取号', exact: true }).count()).toBe(0);
    expect(await page.getByRole('note').textContent()).toContain('县政务服务中心');

    await page.getByRole('link', { name: '受理' }).click();
    // The guide page has the same search box: wait for the intake page before typing.
    await page.getByRole('region', { name: '选择办理事项' }).waitFor();
    await page.getByRole('searchbox', { name: '办事人想办什么' }).fill('个体工商户设立登记');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.locator('.desk-result').filter({ hasText: '个体工商户设立登记' }).first().click();
    await page.getByTestId('subitem-name').waitFor();
    await page.getByLabel('姓名').fill('王芳');
    await page.getByLabel('居民身份证号').fill('11010519491231002X');
    await page.getByLabel('联系电话').fill('13800001111');
    const before = (await b.api.sql<{ n: number }[]>`select count(*)::int as n from app.cases where org_unit = 'town-qingshan'`)[0]?.n;
    await page.getByRole('button', { name: '受理', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: '不能受理' });
    await refusal.waitFor();
    const text = await refusal.textContent();
    expect(text).toContain('个体工商户设立登记');
    expect(text).toContain('不在镇街分中心可办事项目录中');
    expect(text).toContain('县政务服务中心');
    const after = (await b.api.sql<{ n: number }[]>`select count(*)::int as n from app.cases where org_unit = 'town-qingshan'`)[0]?.n;
    expect(after).toBe(before);
    await page.screenshot({ path: shot('town-refusal') });
    await page.context().close();
  });
});

test('the upload endpoint refuses a file that is not what it says, and the form shows it at the material', { timeout: SLOW }, async () => {
  const clerk = await b.api.as('clerk');
  const r = await clerk.send<ErrorBody>('POST', '/files', Buffer.from('not a pdf'), 'application/pdf');
  expect(r.status).toBe(400);
  const page = await b.page();
  await b.login(page, 'clerk');
  await page.getByRole('link', { name: '受理' }).click();
  await page.getByRole('region', { name: '选择办理事项' }).waitFor();
  await page.getByRole('searchbox', { name: '办事人想办什么' }).fill('食品经营许可');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.locator('.desk-result').filter({ hasText: '食品经营许可（新办）' }).first().click();
  await page.getByTestId('subitem-name').waitFor();
  await page.getByLabel('上传扫描件：食品经营许可申请书').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
  const error = page.locator('[data-field="material.0"]');
  await error.waitFor();
  expect(await error.textContent()).toBe(r.body.error.message);
  expect(await page.getByLabel('已收：食品经营许可申请书').isChecked()).toBe(false);
  await page.context().close();
});

test('a material the enterprise handed in for the same item before completes the case: no notice, and the clerk is told why', { timeout: SLOW }, async () => {
  const clerk = await b.api.as('clerk');
  const creditCode = '91350100M000100Y43';
  const all = (b.api.api.api.ctx.dictionary().byCode.get(FOOD)?.materials ?? []).filter((m) => m.necessity === 'required').map((m) => ({ name: m.name }));
  const earlier = await clerk.post<{ caseNo: string }>('/cases', { subItemCode: FOOD, applicant: { kind: 'enterprise', name: '青山新材料有限公司', creditCode, phone: '13900002222' }, materials: all });
  expect(earlier.status).toBe(201);

  const page = await b.page();
  await b.login(page, 'clerk');
  await page.getByRole('link', { name: '受理' }).click();
  await page.getByRole('region', { name: '选择办理事项' }).waitFor();
  // Typed by hand this time: the credit code instead of the signed code.
  await page.getByLabel('扫企业码或输入统一社会信用代码').fill(creditCode.toLowerCase());
  await page.getByLabel('扫企业码或输入统一社会信用代码').press('Enter');
  expect(await page.getByTestId('enterprise').textContent()).toContain('统一社会信用代码');
  await page.getByRole('searchbox', { name: '办事人想办什么' }).fill('食品经营许可');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.locator('.desk-result').filter({ hasText: '食品经营许可（新办）' }).first().click();
  await page.getByTestId('subitem-name').waitFor();
  expect(await page.getByLabel('申请人名称').inputValue()).toBe('青山新材料有限公司');
  await page.getByLabel('联系电话').fill('13900002222');
  for (const m of all.slice(0, -1)) await page.getByLabel(`已收：${m.name}`).check();
  await page.getByRole('button', { name: '受理', exact: true }).click();
  await page.getByTestId('case-no').waitFor();
  const settled = page.locator('.desk-ok').filter({ hasText: '无需出具一次性告知书' });
  await settled.waitFor({ timeout: 40_000 });
  expect(await settled.textContent()).toContain(all.at(-1)?.name ?? '?');
  expect(await page.getByTestId('notice').count()).toBe(0);
  await page.context().close();
});
