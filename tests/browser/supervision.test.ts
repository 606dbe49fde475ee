// 督办 in a real Chromium at 1366×768: a case whose identity check failed with no retries left
// (an incident) is found in the stuck list by reason — the filter lives in the URL and survives a
// reload —, its page shows the diagram with the incident badge on 身份核验, a variable is set and
// the incident retried with a reason, and the case leaves the list; canceling asks for a reason.
import { beforeAll, describe, expect, test } from 'vitest';
import { openCaseWithIncident } from '../support/hall.js';
import { takeJob } from '../support/jobs.js';
import { browserSuite } from './support.js';

const SLOW = 90_000;
const b = browserSuite('browser-supervision');

let caseNo = '';
let processInstanceKey = '';

beforeAll(async () => {
  ({ caseNo, processInstanceKey } = await openCaseWithIncident(b.api));
}, 120_000);

const status = async (): Promise<string | undefined> => (await b.api.sql<{ status: string }[]>`select status from app.cases where case_no = ${caseNo}`)[0]?.status;

describe('supervision', () => {
  test('dashboard, stuck list filtered by reason in the URL, the case diagram with its incident, edit a variable, retry with a reason, cancel with a reason', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'supervisor');
    await page.getByRole('link', { name: '督办' }).click();

    // 总览: one incident case, the wait state at 身份核验 with its incident, the statistics chart.
    await expect.poll(() => page.getByTestId('kpi-异常件').locator('.sv-kpi-value').textContent()).toBe('1');
    const wait = page.getByTestId('wait-states').locator('tr', { hasText: '身份核验' });
    expect(await wait.locator('td').allTextContents()).toEqual(expect.arrayContaining(['身份核验', '系统作业', '1']));
    await page.getByTestId('statistics').getByRole('img', { name: '按事典分册' }).waitFor();
    await page.screenshot({ path: '/tmp/onewindow-supervision-dashboard.png' });

    // 卡件清单: choose the reason; the URL says so and a reload keeps it.
    await page.getByRole('navigation', { name: '督办' }).getByRole('link', { name: '卡件清单' }).click();
    await page.getByTestId('stuck-list').waitFor();
    await page.getByLabel('原因').selectOption('incident');
    await expect.poll(() => new URL(page.url()).searchParams.get('reason')).toBe('incident');
    await page.reload();
    expect(await page.getByLabel('原因').inputValue()).toBe('incident');
    const row = page.locator(`tr[data-case="${caseNo}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('公安人口库连接超时');
    await page.screenshot({ path: '/tmp/onewindow-supervision-stuck.png' });
    // Another reason, and the case is not there.
    await page.getByLabel('原因').selectOption('overdue-red');
    await expect.poll(() => new URL(page.url()).searchParams.get('reason')).toBe('overdue-red');
    await expect.poll(() => row.count()).toBe(0);
    await page.goBack();
    await row.waitFor();

    // The case page: the diagram marks 身份核验 with the incident badge.
    await row.getByRole('link', { name: caseNo }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/supervision/cases/${caseNo}`);
    const badge = page.locator('.djs-overlays[data-container-id="identityCheck"] [data-incident-element="identityCheck"]');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('⚠ 1');
    expect(await page.locator('.djs-element[data-element-id="identityCheck"]').getAttribute('class')).toContain('sv-incident');
    expect(await page.locator('.djs-overlays [data-incident-element]').count()).toBe(1);
    // The start event is completed, with its count; the path to 身份核验 was taken.
    expect(await page.locator('.djs-element.sv-taken').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('timeline').textContent()).toContain('出现异常');
    await page.screenshot({ path: '/tmp/onewindow-supervision-case.png' });

    // Cancel asks for a reason: without one nothing happens.
    await page.getByRole('button', { name: '撤销办件' }).click();
    const cancel = page.getByRole('dialog', { name: '撤销办件' });
    await cancel.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => cancel.getByRole('alert').textContent()).toBe('请填写原因（至少 2 个字）');
    await page.screenshot({ path: '/tmp/onewindow-supervision-cancel-reason.png' });
    await cancel.getByRole('button', { name: '取消' }).click();
    expect(await status()).not.toBe('canceled');

    // Fix a variable, with a reason.
    await page.locator('.sv-incident-bar').getByRole('button', { name: '修改变量' }).click();
    const edit = page.getByRole('dialog', { name: '修改流程变量' });
    await edit.getByLabel('变量名').fill('identityRecheck');
    await edit.getByLabel('新值（JSON，如 "张三"、12、true）').fill('true');
    await edit.getByLabel('原因（将记入审计）').fill('公安人口库已恢复，标记复核');
    await edit.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('已修改变量 identityRecheck。');

    // Retry with a reason: the incident is resolved and the job is back for a worker.
    await page.locator('.sv-incident-bar').getByRole('button', { name: '重试' }).click();
    const retry = page.getByRole('dialog', { name: '重试异常：身份核验' });
    await retry.getByLabel('原因（将记入审计）').fill('公安人口库已恢复，重新核验');
    await retry.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('已重试「身份核验」的异常。');
    await expect.poll(() => page.locator('.sv-incident-bar').count()).toBe(0);
    await expect.poll(() => page.locator('.djs-overlays [data-incident-element]').count()).toBe(0);
    const again = await takeJob(b.api.engine.zbc, 'ow.identity-check');
    expect(again.processInstanceKey).toBe(processInstanceKey);
    expect(again.variables['identityRecheck']).toBe(true);
    const timeline = await page.getByTestId('timeline').textContent();
    expect(timeline).toContain('督办：重试异常');
    expect(timeline).toContain('公安人口库已恢复，重新核验');
    await page.screenshot({ path: '/tmp/onewindow-supervision-retried.png' });

    // Back to the list: the case has left it.
    await page.getByRole('link', { name: '返回卡件清单' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('reason')).toBe('incident');
    await page.getByTestId('stuck-count').waitFor();
    expect(await page.locator(`tr[data-case="${caseNo}"]`).count()).toBe(0);

    // Cancel with a reason: the case is canceled and says so.
    await page.goto(`${b.api.url}/supervision/cases/${caseNo}`);
    await page.getByRole('button', { name: '撤销办件' }).click();
    await page.getByRole('dialog', { name: '撤销办件' }).getByLabel('原因（将记入审计）').fill('申请人书面申请撤回');
    await page.getByRole('dialog', { name: '撤销办件' }).getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('办件已撤销。');
    await expect.poll(status).toBe('canceled');
    await expect.poll(() => page.locator('.sv-case-head .status-canceled').textContent()).toBe('已撤销');
    expect(await page.getByRole('button', { name: '撤销办件' }).isDisabled()).toBe(true);
    await page.context().close();
  });
});
