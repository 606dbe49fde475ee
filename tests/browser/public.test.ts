// The public screens in a real Chromium against the real api: the hall's display board following
// the queue live (1366×768), and the citizen's phone (375×667) rating a case from its QR link,
// looking a case up, filing a 办不成事反映; the window's 评价器 driven by the clerk's session.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { browserSuite, OFFICE_SCREEN } from './support.js';

const SLOW = 60_000;
const PHONE = { width: 375, height: 667 } as const;
const b = browserSuite('browser-public');

let caseSeq = 0;

/** A case that is over (the cases part opens them; here only the end state matters), as ratings.test.ts does. */
async function concludedCase(phone = '13800138000'): Promise<{ caseNo: string; token: string }> {
  caseSeq += 1;
  const caseNo = `TEST-PUBLIC-${String(caseSeq).padStart(4, '0')}`;
  const token = randomBytes(18).toString('base64url');
  const sql = b.api.sql;
  await sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, id_number, phone,
      status, bpmn_process_id, created_by, created_at, concluded_at, decision, public_token)
    values (${caseNo}, '00013112800001', 'county',
      ${sql.json({ kind: 'person', name: '王小明', idNumber: '11010519491231002X', phone })}, 'person', '王小明', '11010519491231002X', ${phone},
      'concluded', 'instant-item', 'clerk', ${new Date(Date.now() - 7_200_000)}, ${new Date(Date.now() - 3_600_000)}, 'approve', ${token})`;
  return { caseNo, token };
}

/** Records what the board would say instead of saying it: the Web Speech API is replaced before the app loads. */
async function recordSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const spoken: string[] = [];
    Object.defineProperty(globalThis, '__spoken', { value: spoken });
    class Utterance {
      lang = '';
      rate = 1;
      constructor(readonly text: string) {}
    }
    Object.defineProperty(globalThis, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
    Object.defineProperty(globalThis, 'speechSynthesis', { value: { speak: (u: Utterance) => spoken.push(`${u.lang}|${u.text}`), cancel: () => undefined }, configurable: true });
  });
}
const spoken = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as { __spoken: string[] }).__spoken);

describe('display board', () => {
  test('reconnects after a refused stream, shows a call made through the api within two seconds, and speaks it once sound is enabled', { timeout: SLOW }, async () => {
    const page = await b.page(OFFICE_SCREEN);
    await recordSpeech(page);
    // The first attempt is answered 502 (a proxy while the api restarts): the browser gives up on
    // that EventSource, so the board must open a new one by itself.
    let attempts = 0;
    await page.route('**/api/queue/events?**', (route) => (attempts++ === 0 ? route.fulfill({ status: 502, body: 'bad gateway' }) : route.continue()));
    await page.goto(`${b.api.url}/board?orgUnit=county`);
    await page.locator('.board-status.live').waitFor({ timeout: 10_000 });
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.board-unit').textContent()).toContain('县政务服务中心');

    const clerk = await b.api.as('clerk');
    expect((await clerk.put('/queue/seats/3', { categories: ['A'] })).status).toBe(200);
    const ticket = await b.api.anonymous.post<{ ticketNo: string }>('/queue/tickets', { orgUnit: 'county', category: 'A' });
    expect(ticket.status).toBe(201);
    const waitingA = page.getByTestId('waiting').locator('li', { hasText: '企业开办' });
    await expect.poll(() => waitingA.textContent(), { timeout: 2_000 }).toContain('1 人');

    // Nothing is spoken before someone allows sound.
    const before = Date.now();
    const called = await clerk.post<{ ticket: { ticketNo: string } }>('/queue/seats/3/call');
    expect(called.body.ticket.ticketNo).toBe(ticket.body.ticketNo);
    const text = `请 ${ticket.body.ticketNo} 号到 3 号窗口办理`;
    await expect.poll(() => page.getByTestId('latest-call').textContent(), { timeout: 2_000, interval: 50 }).toContain(text);
    expect(Date.now() - before).toBeLessThan(2_000);
    expect(await page.getByTestId('latest-call').locator('.board-number').textContent()).toBe(ticket.body.ticketNo);
    expect(await page.getByTestId('recent-calls').locator('li').first().textContent()).toContain('3 号窗口');
    await expect.poll(() => waitingA.textContent()).toContain('0 人');
    expect(await spoken(page)).toEqual([]);

    await page.getByRole('button', { name: /开启语音播报/ }).click();
    await page.getByText('语音播报已开启').waitFor();
    expect((await clerk.post('/queue/seats/3/recall')).status).toBe(200);
    await expect.poll(() => spoken(page)).toEqual(['zh-CN|语音播报已开启', `zh-CN|${text}`]);
    await page.getByTestId('latest-call').getByText('重呼').waitFor();
    await page.screenshot({ path: '/tmp/onewindow-public-board-1366x768.png' });
    await page.context().close();
  });
});

describe('citizen pages on a phone', () => {
  test('a 不满意 rating from the QR link names what went wrong, starts rectification, and the case cannot be rated again', { timeout: SLOW }, async () => {
    const c = await concludedCase();
    const page = await b.page(PHONE);
    await page.goto(`${b.api.url}/r/${c.token}`);
    await page.getByText(c.caseNo).waitFor();
    expect(await page.locator('.facts').textContent()).toContain('个体工商户设立登记');
    // A second phone opened the same link before the first one rated.
    const late = await b.page(PHONE);
    await late.goto(`${b.api.url}/r/${c.token}`);
    await late.getByText(c.caseNo).waitFor();

    const levels = await page.locator('.level').allTextContents();
    expect(levels.map((l) => l.replace(/[★☆]/gu, '').trim())).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    await page.screenshot({ path: '/tmp/onewindow-public-rate-375x667.png', fullPage: true });
    await page.getByRole('radio', { name: '不满意', exact: true }).check();
    // A 差评 without a problem is stopped on the page.
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('请至少选择一项不满意的方面');
    await page.getByRole('checkbox', { name: '办理时间过长' }).check();
    await page.getByLabel('意见和建议').fill('等了两个小时');
    await page.screenshot({ path: '/tmp/onewindow-public-rate-bad-375x667.png', fullPage: true });
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('感谢您的评价！').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('核实整改');
    await page.screenshot({ path: '/tmp/onewindow-public-rate-thanks-375x667.png' });

    const supervisor = await b.api.as('supervisor');
    const ratings = await supervisor.get<{ items: { score: number; channel: string; problems: { id: string }[]; comment: string; rectification: { processInstanceKey: string | null; error: string | null } | null }[] }>('/ratings', { caseNo: c.caseNo });
    expect(ratings.body.items).toHaveLength(1);
    const rating = ratings.body.items[0];
    expect(rating).toMatchObject({ score: 2, channel: 'qr', problems: [{ id: 'duration' }], comment: '等了两个小时', rectification: { error: null } });
    const key = rating?.rectification?.processInstanceKey;
    expect(key).toMatch(/^\d+$/);
    expect((await b.api.engine.instancesOf('rectification')).map((i) => i.key)).toContain(key);

    // The page opened earlier submits and gets the api's 409: already rated, when and how.
    await late.getByRole('radio', { name: '非常满意' }).check();
    await late.getByRole('button', { name: '提交评价' }).click();
    await late.getByText('该办件已评价').waitFor();
    expect(await late.getByRole('status').textContent()).toMatch(/已通过扫码评评价。一事一评，不能再次评价/);
    // Opening the link again shows the rating instead of the form.
    await page.reload();
    await page.getByText('该办件已评价').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('扫码评评为“不满意”');
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/onewindow-public-rated-375x667.png' });
    await late.context().close();
    await page.context().close();
  });

  test('case lookup: a wrong phone gets the same not-found as an unknown number; the right one shows the status in plain words', { timeout: SLOW }, async () => {
    const c = await concludedCase('13912345678');
    const page = await b.page(PHONE);
    await page.goto(`${b.api.url}/lookup`);
    await page.getByLabel('办件编号').fill(c.caseNo);
    await page.getByLabel('手机号').fill('13912345670');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('没有找到办件：请核对办件编号和申请时预留的手机号');
    await page.screenshot({ path: '/tmp/onewindow-public-lookup-miss-375x667.png' });
    await page.getByLabel('办件编号').fill('NO-SUCH-CASE');
    await page.getByLabel('手机号').fill('13912345678');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('没有找到办件：请核对办件编号和申请时预留的手机号');

    await page.getByLabel('办件编号').fill(c.caseNo);
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.status-badge').waitFor();
    expect(await page.locator('.status-badge').textContent()).toBe('已办结');
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('个体工商户设立登记');
    expect(facts).toContain('办结时间');
    expect(facts).not.toContain('13912345678');
    await page.screenshot({ path: '/tmp/onewindow-public-lookup-375x667.png', fullPage: true });
    await page.context().close();
  });

  test('a 办不成事反映 names the field the api refused, then gets a complaint number the complainant can look up', { timeout: SLOW }, async () => {
    const page = await b.page(PHONE);
    await page.goto(`${b.api.url}/complaint`);
    await page.screenshot({ path: '/tmp/onewindow-public-complaint-375x667.png', fullPage: true });
    await page.getByLabel('姓名').fill('赵六');
    await page.getByLabel('联系电话').fill('13700001111');
    await page.getByLabel('遇到的问题').fill('办不了');
    await page.getByRole('button', { name: '提交反映' }).click();
    await expect.poll(() => page.locator('.field-error').allTextContents()).toEqual(['请描述遇到的问题（至少 5 个字）']);

    await page.getByLabel('遇到的问题').fill('想给饭店办食品经营许可，窗口说要去市里办，市里又说县里办。');
    await page.getByRole('button', { name: '提交反映' }).click();
    const no = (await page.getByTestId('complaint-no').textContent()) ?? '';
    expect(no).toMatch(/^FY\d{12}$/);
    const filed = await b.api.anonymous.get<{ complaintNo: string; state: string }>('/public/complaints/lookup', { no, phone: '13700001111' });
    expect(filed.body).toMatchObject({ complaintNo: no, state: 'open' });
    await page.screenshot({ path: '/tmp/onewindow-public-complaint-filed-375x667.png', fullPage: true });

    // The lookup below is filled in with the new number and phone.
    await page.getByRole('button', { name: '查询进度' }).click();
    const progress = page.getByTestId('complaint-progress');
    await progress.waitFor();
    expect(await progress.textContent()).toContain('办理中');
    expect(await progress.textContent()).toContain('登记反映');
    await page.context().close();
  });
});

describe('the 评价器 at the window', () => {
  test('the clerk signs in on the tablet, enters the concluded case, and the citizen taps 非常满意', { timeout: SLOW }, async () => {
    const c = await concludedCase();
    const page = await b.page({ width: 1024, height: 768 });
    await page.goto(`${b.api.url}/rate-window`);
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('密码').fill('onewindow2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '窗口评价器' }).waitFor();
    await page.getByLabel('办件编号').fill('NO-SUCH-CASE');
    await page.getByRole('button', { name: '显示评价' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('没有办件 NO-SUCH-CASE');
    await page.getByLabel('办件编号').fill(c.caseNo);
    await page.getByLabel('窗口号（选填）').fill('3');
    await page.getByRole('button', { name: '显示评价' }).click();
    await page.locator('.facts').getByText('李受理', { exact: true }).waitFor();
    await page.getByRole('radio', { name: '非常满意' }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('感谢您的评价！').waitFor();
    await page.screenshot({ path: '/tmp/onewindow-public-window-1024x768.png' });
    const supervisor = await b.api.as('supervisor');
    const ratings = await supervisor.get<{ items: { score: number; channel: string; seat: string | null; rectification: unknown }[] }>('/ratings', { caseNo: c.caseNo });
    expect(ratings.body.items).toEqual([expect.objectContaining({ score: 5, channel: 'window', seat: '3', rectification: null })]);

    await page.getByRole('button', { name: '评价下一件' }).click();
    await page.getByLabel('办件编号').fill(c.caseNo);
    await page.getByRole('button', { name: '显示评价' }).click();
    await page.getByText('该办件已评价').waitFor();
    await page.context().close();
  });
});
