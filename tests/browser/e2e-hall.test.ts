// The hall end to end (issue 5 §5), against the app started as the README starts it (main.ts in a
// child process: embedded engine, api, workers, the built web app) and driven through the web app
// in a real Chromium the way its users work:
//   1. a designer adds a 复核 step for one sub-item on a new branch of a gateway of 即办件办理,
//      in the modeler, lint-clean, and deploys it (第 2 版) while a case of 第 1 版 waits;
//   2. a clerk accepts a case from a ticket the guide took;
//   3. that new case goes through 复核 (第 2 版) while the waiting case finishes on 第 1 版;
//   4. two departments countersign (会签) a 特殊建设工程消防设计审查 case;
//   5. a supervisor finds an incident, fixes the variable and retries it;
//   6. a citizen rates a concluded case on a phone from its QR link.
// A screenshot of every step goes to test-results/e2e/<nn>-<step>.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { eventually } from '../support/wait.js';
import { appProcess, type Client } from './app-process.js';

const SHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });
let shotNo = 0;
/** Saves the page as test-results/e2e/<nn>-<step>.png, numbered in the order of the walk. */
async function shot(page: Page, step: string): Promise<void> {
  shotNo += 1;
  await page.screenshot({ path: path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${step}.png`) });
}

const STEP = 120_000;
const app = appProcess('e2e-hall');

const GETI = '00013112800001'; // 个体工商户设立登记: instant-item, person applicant
const GETI_MATERIALS = ['个体工商户登记申请书', '经营者身份证明', '经营场所使用证明'];
const applicant = (name: string, idNumber: string, phone: string) => ({ kind: 'person', name, idNumber, phone });

interface TaskRow {
  readonly key: string;
  readonly caseNo: string | null;
  readonly elementId: string;
  readonly name?: string;
}

/** The open task of `elementId` for the case in the user's `list`, once the flow has reached it. */
function taskOf(client: Client, caseNo: string, elementId: string, list = 'groups'): Promise<TaskRow> {
  return eventually(
    async () => (await client.get<{ items: TaskRow[] }>(`/tasks?list=${list}`)).body.items.find((i) => i.caseNo === caseNo && i.elementId === elementId),
    30_000,
    `${elementId} of ${caseNo}`,
  );
}

async function caseRow(caseNo: string): Promise<{ status: string; processVersion: number | null; processInstanceKey: string | null; publicToken: string }> {
  const [row] = await app.sql<{ status: string; processVersion: number | null; processInstanceKey: string | null; publicToken: string }[]>`
    select status, process_version as "processVersion", process_instance_key::text as "processInstanceKey", public_token as "publicToken"
    from app.cases where case_no = ${caseNo}`;
  if (!row) throw new Error(`no case ${caseNo}`);
  return row;
}

/** A control of the properties panel: `entry` in `group`, the group opened first when it is closed. */
async function panelField(page: Page, group: string, entry: string, control: string) {
  const g = page.getByTestId('properties').locator('.bio-properties-panel-group').filter({ has: page.locator('.bio-properties-panel-group-header-title', { hasText: new RegExp(`^${group}$`) }) });
  const field = g.locator('.bio-properties-panel-entry').filter({ has: page.locator('.bio-properties-panel-label', { hasText: new RegExp(`^${entry}$`) }) }).locator(control).first();
  if (!(await field.isVisible())) await g.locator('.bio-properties-panel-group-header').click();
  await field.waitFor();
  return field;
}

/** The id bpmn-js gave the designer's 复核 task. */
let reviewId = '';
const reviewIdOf = (): string => {
  if (!reviewId) throw new Error('step 1 made no 复核 task');
  return reviewId;
};

/** The case of 第 1 版 that is waiting at 当场受理并办结 while the designer deploys. */
let runningCaseNo = '';

describe('1. 流程设计: a 复核 step for 个体工商户设立登记, deployed while a case runs', () => {
  test('the designer adds 复核 on a new branch with a condition, lint is clean, deploy gives 第 2 版', { timeout: STEP }, async () => {
    // Set-up: a case of 第 1 版, opened the way the clerk's form does, waiting at 当场受理并办结.
    const clerk = await app.as('clerk');
    const opened = await clerk.post<{ caseNo: string; processVersion: number }>('/cases', {
      subItemCode: GETI,
      applicant: applicant('陈立', '11010519491231002X', '13800001111'),
      materials: GETI_MATERIALS.map((name) => ({ name })),
    });
    expect(opened.status).toBe(201);
    expect(opened.body.processVersion).toBe(1);
    runningCaseNo = opened.body.caseNo;
    await taskOf(clerk, runningCaseNo, 'concludeOnSpot');

    const page = await app.page();
    await app.login(page, 'designer');
    await page.getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('button', { name: '打开流程' }).click();
    const dialog = page.getByRole('dialog', { name: '打开流程' });
    const deployed = dialog.locator('.deployed-process', { hasText: 'instant-item' });
    await deployed.waitFor();
    expect(await deployed.textContent()).toContain('个体工商户设立登记');
    await shot(page, 'designer-open');
    await deployed.getByRole('button', { name: /第 1 版（最新）.*在办件 1 件/ }).click();
    await expect.poll(() => page.getByTestId('diagram-title').textContent()).toBe('即办件办理');
    await expect.poll(() => page.getByTestId('lint-summary').textContent()).toMatch(/^(没有发现问题。|0 个错误)/);

    // A new task after the merge gateway before 当场受理并办结, named 复核, made a user task.
    await page.locator('[data-element-id="acceptMerge"]').click();
    await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
    await page.keyboard.type('复核');
    await page.keyboard.press('Enter');
    await page.locator('.djs-context-pad [data-action="replace"]').click();
    await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
    const review = page.locator('.djs-element.djs-shape', { hasText: '复核' });
    reviewId = (await review.getAttribute('data-element-id')) ?? '';
    expect(reviewId).toMatch(/^Activity_/);
    // Connect 复核 to 当场受理并办结: drag from the context pad's connect tool onto the task.
    const connect = page.locator('.djs-context-pad [data-action="connect"]');
    const from = await connect.boundingBox();
    const to = await page.locator('[data-element-id="concludeOnSpot"]').boundingBox();
    if (!from || !to) throw new Error('no connect tool or target on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(800);
    await shot(page, 'designer-connected');
    const panel = page.getByTestId('properties');
    const lintList = page.getByTestId('lint-panel');
    await expect.poll(() => page.getByTestId('lint-summary').textContent()).toMatch(/^3 个错误/);
    await shot(page, 'designer-connected-lint');

    // Each problem in the list selects its element and opens the panel entry to fix.
    // 复核: a job-based user task (the engine implements Camunda 8.3), offered to the front desk.
    await lintList.locator('li', { hasText: '复核' }).filter({ hasText: '8.5' }).getByRole('button').click();
    await expect.poll(() => panel.locator('.bio-properties-panel-header-type').textContent()).toBe('用户任务');
    await (await panelField(page, '实现方式', '类型', 'select')).selectOption({ label: '作业处理器' });
    await (await panelField(page, '分配', '候选组', 'input')).fill('front-desk');
    // Its form: a key the hall has no fixed screen for, so the task list gives it the generic one (an opinion).
    await (await panelField(page, '表单', '类型', 'select')).selectOption({ label: '自定义表单键' });
    await (await panelField(page, '表单', '自定义表单键', 'input')).fill('onewindow:review');
    await expect.poll(() => page.getByTestId('lint-summary').textContent()).toMatch(/^2 个错误 · 0 个警告/);
    await shot(page, 'designer-review-task');

    // The gateway's new branch: only 个体工商户设立登记 goes to 复核 ...
    const newBranch = lintList.locator('li', { hasText: '顺序流必须填写条件表达式' }).filter({ hasNotText: 'Flow_acceptMerge_concludeOnSpot' });
    await newBranch.getByRole('button').click();
    await expect.poll(() => panel.locator('.bio-properties-panel-header-type').textContent()).toBe('顺序流');
    await (await panelField(page, '常规', '名称', 'textarea')).fill('设立登记需复核');
    await (await panelField(page, '条件', '条件表达式', '[contenteditable="true"]')).fill(`subItemCode = "${GETI}"`);
    await expect.poll(() => page.getByTestId('lint-summary').textContent()).toMatch(/^1 个错误/);
    await shot(page, 'designer-condition');

    // ... and every other sub-item keeps the old way, made the gateway's default branch.
    await lintList.locator('li', { hasText: 'Flow_acceptMerge_concludeOnSpot' }).getByRole('button').click();
    await page.locator('.djs-context-pad [data-action="replace"]').click();
    await page.locator('.djs-popup [data-id="replace-with-default-flow"]').click();
    await expect.poll(() => page.getByTestId('lint-summary').textContent()).toBe('没有发现问题。');
    await shot(page, 'designer-lint-clean');

    const deploy = page.getByRole('button', { name: '部署' });
    await deploy.click();
    await expect.poll(() => page.getByTestId('modeler-status').textContent()).toContain('部署成功：instant-item 第 2 版');
    await shot(page, 'designer-deployed');

    // The open dialog lists both versions: the running case stays on 第 1 版.
    await page.getByRole('button', { name: '打开流程' }).click();
    const versions = page.getByRole('dialog', { name: '打开流程' }).locator('.deployed-process', { hasText: 'instant-item' }).locator('.versions');
    await expect.poll(() => versions.textContent()).toMatch(/第 2 版（最新）.*在办件 0 件.*第 1 版.*在办件 1 件/);
    await shot(page, 'designer-versions');
    await page.context().close();
  });
});

/** The case the clerk accepts from the guide's ticket, after 第 2 版 was deployed. */
let newCaseNo = '';

describe('2. 导办 and 受理: a case accepted from a ticket', () => {
  test('the guide takes a ticket for 个体工商户设立登记; the clerk opens a seat, calls it, fills the form and accepts: the case number shows', { timeout: STEP }, async () => {
    const guide = await app.page();
    await app.login(guide, 'guide');
    await guide.getByRole('searchbox', { name: '办事人想办什么' }).fill('个体工商户设立登记');
    await guide.getByRole('button', { name: '搜索' }).click();
    await guide.locator('.desk-result').filter({ hasText: '个体工商户设立登记' }).first().click();
    await guide.getByRole('region', { name: '材料清单' }).getByText('个体工商户登记申请书').waitFor();
    await guide.getByRole('button', { name: '取号', exact: true }).click();
    const ticketNo = ((await guide.getByTestId('ticket-no').textContent()) ?? '').trim();
    expect(ticketNo).toMatch(/^[A-E]\d{3}$/);
    expect(await guide.getByRole('region', { name: '您的号码' }).textContent()).toContain('个体工商户设立登记');
    await shot(guide, 'guide-ticket');
    await guide.context().close();

    const page = await app.page();
    await app.login(page, 'clerk');
    await page.getByRole('link', { name: '受理' }).click();
    await page.getByRole('region', { name: '选择办理事项' }).waitFor();
    await page.getByLabel('窗口号').fill('2');
    await page.getByLabel(new RegExp(`^${ticketNo.charAt(0)} `)).check();
    await page.getByRole('button', { name: '开启窗口' }).click();
    await page.getByTestId('seat-name').waitFor();
    await page.getByRole('button', { name: '叫号' }).click();
    await expect.poll(() => page.getByTestId('current-ticket').textContent()).toBe(ticketNo);
    await expect.poll(() => page.getByTestId('subitem-name').textContent()).toBe('个体工商户设立登记');
    await page.getByLabel('姓名').fill('王芳');
    await page.getByLabel('居民身份证号').fill('11010519491231002X');
    await page.getByLabel('联系电话').fill('13800002222');
    for (const name of GETI_MATERIALS) await page.getByLabel(`已收：${name}`).check();
    await shot(page, 'clerk-intake-form');
    await page.getByRole('button', { name: '受理', exact: true }).click();
    newCaseNo = ((await page.getByTestId('case-no').textContent()) ?? '').trim();
    expect(newCaseNo).not.toBe('');
    expect(newCaseNo).not.toBe(runningCaseNo);
    await shot(page, 'clerk-accepted');
    expect((await caseRow(newCaseNo)).processVersion).toBe(2);
    await page.context().close();
  });
});

const listKeys = (page: Page) => page.getByTestId('task-list').locator('a[data-task-key]').evaluateAll((as) => as.map((a) => a.getAttribute('data-task-key')));

/** Opens the task in the 任务 page, claims it, lets `fill` fill the form, submits, and waits for 已办结. */
async function doTask(page: Page, key: string, fill: () => Promise<void>): Promise<void> {
  await page.goto(`${app.url}/tasks/${key}?list=groups`);
  await page.getByRole('button', { name: '认领', exact: true }).click();
  await page.getByRole('button', { name: '取消认领' }).waitFor();
  await fill();
  await page.getByRole('button', { name: '提交' }).click();
  await expect.poll(() => page.getByTestId('task-closed').textContent()).toContain('此任务已办结');
}

describe('3. the new route and the old version', () => {
  test('the new case waits at 复核 in the clerk’s inbox and goes on after it; the running case finishes on 第 1 版 without 复核', { timeout: STEP }, async () => {
    const clerkApi = await app.as('clerk');
    const review = await taskOf(clerkApi, newCaseNo, reviewIdOf());
    const oldConclude = await taskOf(clerkApi, runningCaseNo, 'concludeOnSpot');

    const page = await app.page();
    await app.login(page, 'clerk');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '任务' }).click();
    await page.getByRole('tab', { name: /我的组/ }).click();
    await expect.poll(() => listKeys(page)).toEqual(expect.arrayContaining([review.key, oldConclude.key]));
    expect(await page.locator(`a[data-task-key="${review.key}"]`).textContent()).toContain('复核');
    expect(await page.locator(`a[data-task-key="${oldConclude.key}"]`).textContent()).toContain('当场受理并办结');
    await shot(page, 'clerk-inbox-review');

    // 复核 of the new case, then its 当场受理并办结.
    await doTask(page, review.key, async () => {
      await page.getByLabel('意见', { exact: true }).fill('经营场所证明与申请书一致，复核通过');
      await shot(page, 'clerk-review');
    });
    const newConclude = await taskOf(clerkApi, newCaseNo, 'concludeOnSpot');
    await doTask(page, newConclude.key, () => page.getByLabel('已当场办结').check());
    // The case of 第 1 版 goes straight to 当场受理并办结.
    await doTask(page, oldConclude.key, () => page.getByLabel('已当场办结').check());
    await page.context().close();

    // The issuing window hands both results out.
    const issuerApi = await app.as('issuer');
    const pickups = await Promise.all([newCaseNo, runningCaseNo].map((c) => taskOf(issuerApi, c, 'pickup')));
    const issuer = await app.page();
    await app.login(issuer, 'issuer');
    for (const p of pickups) await doTask(issuer, p.key, () => issuer.getByLabel('已将办理结果交给申请人').check());
    await shot(issuer, 'issuer-pickup');
    await issuer.context().close();
    await expect.poll(async () => (await caseRow(runningCaseNo)).status, { timeout: 20_000 }).toBe('concluded');
    await expect.poll(async () => (await caseRow(newCaseNo)).status, { timeout: 20_000 }).toBe('concluded');

    // The supervisor's case pages: the old case ran 第 1 版 (no 复核 in it), the new one 第 2 版 through 复核.
    const sv = await app.page();
    await app.login(sv, 'supervisor');
    await sv.goto(`${app.url}/supervision/cases/${runningCaseNo}`);
    await sv.locator('.sv-diagram').getByText('即办件办理 第 1 版').waitFor();
    await expect.poll(() => sv.locator('.djs-element[data-element-id="concludeOnSpot"]').getAttribute('class')).toContain('sv-completed');
    expect(await sv.locator(`.djs-element[data-element-id="${reviewIdOf()}"]`).count()).toBe(0);
    await shot(sv, 'supervisor-old-version');
    await sv.goto(`${app.url}/supervision/cases/${newCaseNo}`);
    await sv.locator('.sv-diagram').getByText('即办件办理 第 2 版').waitFor();
    const reviewShape = sv.locator(`.djs-element[data-element-id="${reviewIdOf()}"]`);
    await reviewShape.waitFor();
    expect(await reviewShape.getAttribute('class')).toContain('sv-completed');
    await shot(sv, 'supervisor-new-version');
    await sv.context().close();
  });
});
