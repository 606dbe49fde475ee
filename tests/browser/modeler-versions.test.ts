// The designer's versions at 1366×768 in a real Chromium: a flow made from a shipped one is
// deployed twice through the modeler (the success message names the version), 版本对比 marks the
// changed step on both diagrams and lists the change in Chinese, 绑定子项 binds a dictionary
// sub-item to the new flow (the dictionary then says so), and 打开流程 by that sub-item opens the
// version it is bound to.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { browserSuite } from './support.js';

const SLOW = 120_000;
const b = browserSuite('browser-modeler-versions');
const FLOW = 'instant-item-trial';

/** Types into a properties-panel field of the selected element (or of the process when none is). */
async function setField(page: Page, entryId: string, value: string): Promise<void> {
  const panel = page.getByTestId('properties');
  const entry = page.locator(`[data-entry-id="${entryId}"]`);
  const input = panel.locator(`[data-entry-id="${entryId}"]`).locator('input, textarea');
  // The panel remembers which groups are open; open the field's group when it is closed.
  if (!(await input.isVisible())) await panel.locator('.bio-properties-panel-group', { has: entry }).locator('.bio-properties-panel-group-header').click();
  await input.fill(value);
}

async function deploy(page: Page): Promise<string> {
  await expect.poll(() => page.getByRole('button', { name: '部署', exact: true }).isEnabled()).toBe(true);
  await page.getByRole('button', { name: '部署', exact: true }).click();
  const status = page.getByTestId('modeler-status');
  await expect.poll(() => status.textContent()).toMatch(/部署成功/);
  return (await status.textContent()) ?? '';
}

describe('versions of a flow', () => {
  test('deploy v1 and v2 from the modeler, compare them, bind a sub-item, open the flow by that sub-item', { timeout: SLOW }, async () => {
    const designer = await b.api.as('designer');
    const subItems = await designer.get<{ code: string; name: string; process: { bpmnProcessId: string } }[]>('/dictionary/sub-items', { caseType: 'instant' });
    const item = subItems.body[0];
    if (!item) throw new Error('the seed dictionary has no instant sub-item to bind');
    expect(item.process.bpmnProcessId).not.toBe(FLOW);

    const page = await b.page();
    await b.login(page, 'designer');
    await page.getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('button', { name: '打开流程' }).click();
    await page.getByRole('dialog', { name: '打开流程' }).getByRole('button', { name: /instant-item\.bpmn/ }).click();
    await expect.poll(() => page.getByTestId('diagram-title').textContent()).toBe('即办件办理');

    // With nothing selected the panel shows the process: give it an id and name of its own.
    await setField(page, 'id', FLOW);
    await setField(page, 'name', '即办件办理（试行）');
    await expect.poll(() => page.getByTestId('diagram-title').textContent()).toBe('即办件办理（试行）');
    expect(await deploy(page)).toContain(`${FLOW} 第 1 版`);

    // Version 2: the identity check gets another name.
    await page.locator('[data-element-id="identityCheck"]').click();
    await setField(page, 'name', '身份与资格核验');
    await expect.poll(() => page.locator('[data-element-id="identityCheck"] .djs-label, [data-element-id="identityCheck"] text').allTextContents().then((t) => t.join(''))).toContain('身份与资格');
    expect(await deploy(page)).toContain(`${FLOW} 第 2 版`);
    await page.screenshot({ path: '/tmp/onewindow-modeler-deployed-1366x768.png' });

    // 版本对比: 第 1 版 → 第 2 版 by default; the renamed step is marked on both sides.
    await page.getByRole('button', { name: '版本对比' }).click();
    const diff = page.getByRole('dialog', { name: '版本对比' });
    await diff.getByTestId('diff-newer').locator('.djs-element.diff-changed[data-element-id="identityCheck"]').waitFor();
    await diff.getByTestId('diff-older').locator('.djs-element.diff-changed[data-element-id="identityCheck"]').waitFor();
    expect(await diff.getByRole('combobox', { name: '旧版本' }).inputValue()).toBe('1');
    expect(await diff.getByRole('combobox', { name: '新版本' }).inputValue()).toBe('2');
    const change = diff.getByTestId('diff-changes').locator('li[data-element-id="identityCheck"]');
    const text = await change.textContent();
    expect(text).toContain('修改');
    expect(text).toContain('名称：身份核验 → 身份与资格核验');
    // Nothing else changed between the two versions.
    expect(await diff.getByTestId('diff-changes').locator('li').count()).toBe(1);
    await change.getByRole('button').click();
    await page.screenshot({ path: '/tmp/onewindow-modeler-diff-1366x768.png' });
    await diff.getByRole('button', { name: '关闭' }).click();

    // A case still running on version 1 (accepted before version 2 was deployed).
    await b.api.sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, phone, status, bpmn_process_id, process_version, created_by, public_token)
      values (${`DZ-${randomUUID().slice(0, 8)}`}, ${item.code}, 'county', '{}', 'person', '李四', '13900000000', 'accepted', ${FLOW}, 1, 'clerk', ${randomUUID()})`;

    // 绑定子项: the versions with who deployed them and their running cases, then bind the
    // sub-item to the new flow.
    await page.getByRole('button', { name: '绑定子项' }).click();
    const bind = page.getByRole('dialog', { name: '绑定子项' });
    expect(await bind.getByTestId('bind-new-cases-only').textContent()).toContain('新受理的办件');
    const rows = bind.getByTestId('bind-versions').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/^第 2 版（最新）周设计.*0$/);
    expect(await rows.nth(1).textContent()).toMatch(/^第 1 版周设计.*1$/);
    await bind.getByRole('searchbox', { name: '搜索子项' }).fill(item.code);
    await bind.getByRole('button', { name: `绑定 ${item.name}` }).click();
    await expect.poll(() => bind.getByTestId('bind-outcome').textContent()).toContain(`已绑定「${item.name}」`);
    await expect.poll(() => bind.getByTestId('bound-sub-items').textContent()).toContain(item.code);
    await page.screenshot({ path: '/tmp/onewindow-modeler-bind-1366x768.png' });
    const bound = await designer.get<{ process: { bpmnProcessId: string; version?: number } }>(`/dictionary/sub-items/${item.code}`);
    expect(bound.body.process).toEqual({ bpmnProcessId: FLOW });
    await bind.getByRole('button', { name: '关闭' }).click();

    // 打开流程 by the sub-item: its flow's latest version (第 2 版) opens.
    await page.getByRole('button', { name: '打开流程' }).click();
    const open = page.getByRole('dialog', { name: '打开流程' });
    await open.getByRole('searchbox', { name: '搜索子项' }).fill(item.code);
    const result = open.getByTestId('sub-item-results').getByRole('button', { name: new RegExp(item.code) });
    expect(await result.textContent()).toContain(`绑定流程 ${FLOW}（最新版）`);
    expect(await open.locator('.deployed-process', { hasText: FLOW }).textContent()).toContain('部署人 周设计');
    await page.screenshot({ path: '/tmp/onewindow-modeler-open-by-sub-item-1366x768.png' });
    await result.click();
    await expect.poll(() => page.getByTestId('diagram-title').textContent()).toBe('即办件办理（试行）');
    await expect.poll(() => page.locator('[data-element-id="identityCheck"]').textContent()).toContain('身份与资格核验');
    await page.context().close();
  });
});
