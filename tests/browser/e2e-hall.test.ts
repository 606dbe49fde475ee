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
    const connections = await page.locator('.djs-connection').count();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.djs-connection').count()).toBe(connections + 1);
    await shot(page, 'designer-connected');
    const panel = page.getByTestId('properties');
    const lintList = page.getByTestId('lint-panel');
    // The new branches have no condition yet: the linter says so and deploying is blocked.
    await expect.poll(() => lintList.locator('li.lint-error', { hasText: '顺序流必须填写条件表达式' }).count()).toBe(2);
    expect(await page.getByRole('button', { name: '部署' }).isDisabled()).toBe(true);
    await shot(page, 'designer-connected-lint');

    // 复核: a job-based user task (the engine implements Camunda 8.3), offered to the front desk.
    await review.click();
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

/**
 * What a user does when a page shows a state the flow has since left: reload it until `read`
 * gives `expected` (the pages load their data once; the workers move the case meanwhile).
 */
async function reloadUntil(page: Page, read: () => Promise<string | null>, expected: string, timeout = 30_000): Promise<void> {
  let first = true;
  await expect
    .poll(
      async () => {
        if (!first) await page.reload();
        first = false;
        return read().catch(() => null);
      },
      { timeout, interval: 500 },
    )
    .toBe(expected);
}

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
    expect((await caseRow(runningCaseNo)).processVersion).toBe(1);

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

const FIRE = '330A1600200001'; // 特殊建设工程消防设计审查: commitment, 会签 by housing and fire rescue
const builder = { kind: 'enterprise', name: '青山建设工程有限公司', creditCode: '91350100M000100Y43', phone: '13900002222', contact: '周经理' };

/** The case with the incident: an online application (网上申报) whose mail address did not reach the flow. */
const ONLINE_CASE = 'WS202611280001';
const ADDRESS = { recipient: '李娜', phone: '13700005555', region: '浙江省某某市青山县', address: '城关镇解放路 88 号', postcode: '323000' };

/**
 * Set-up for step 5: the online hall's adapter starts a case through the gateway (as any Zeebe
 * client may) with mail delivery but without the address; the clerk concludes it on the spot.
 * The mail worker then fails on each of its retries (5 s apart) and the job becomes an incident.
 * Started before step 4 so the retries run meanwhile.
 */
async function startOnlineCaseWithoutAddress(): Promise<void> {
  const person = applicant('李娜', '11010519491231002X', '13700005555');
  await app.sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, id_number, phone,
      status, delivery, mail_address, bpmn_process_id, created_by, created_at, public_token)
    values (${ONLINE_CASE}, '00013112800002', 'county', ${app.sql.json(person)}, 'person', ${person.name}, ${person.idNumber}, ${person.phone},
      'received', 'mail', ${app.sql.json(ADDRESS)}, 'instant-item', 'clerk', now(), 'online-case-token-0001')`;
  const started = await app.zbc.createProcessInstance({
    bpmnProcessId: 'instant-item',
    variables: { caseNo: ONLINE_CASE, subItemCode: '00013112800002', applicant: person, materials: ['个体工商户变更登记申请书', '营业执照正副本', '经营者身份证明'].map((name) => ({ name })), delivery: 'mail' },
  });
  await app.sql`update app.cases set process_instance_key = ${started.processInstanceKey}, process_version = ${started.version} where case_no = ${ONLINE_CASE}`;
  const clerkApi = await app.as('clerk');
  const conclude = await taskOf(clerkApi, ONLINE_CASE, 'concludeOnSpot');
  const done = await clerkApi.post(`/tasks/${conclude.key}/complete`, {});
  if (done.status !== 200) throw new Error(`concluding ${ONLINE_CASE} failed: ${JSON.stringify(done.body)}`);
}
let onlineCaseConcluded: Promise<void> = Promise.reject(new Error('step 4 did not start the online case'));
onlineCaseConcluded.catch(() => undefined);

describe('4. 任务: 会签 by two departments', () => {
  test('housing and fire rescue each sign for their department in the 任务 page; the case moves on to 待出件', { timeout: STEP }, async () => {
    onlineCaseConcluded = startOnlineCaseWithoutAddress();
    onlineCaseConcluded.catch(() => undefined); // awaited (and reported) by step 5
    // Set-up: the case opened and pre-reviewed (the clerk's steps shown above).
    const clerkApi = await app.as('clerk');
    const opened = await clerkApi.post<{ caseNo: string }>('/cases', {
      subItemCode: FIRE,
      applicant: builder,
      materials: [{ name: '特殊建设工程消防设计审查申请表' }, { name: '消防设计文件' }],
    });
    expect(opened.status).toBe(201);
    const caseNo = opened.body.caseNo;
    const pre = await taskOf(clerkApi, caseNo, 'preReview');
    expect((await clerkApi.post(`/tasks/${pre.key}/complete`, { preReviewOpinion: '材料齐全，转会签' })).status).toBe(200);

    const sign = async (username: string, department: string, opinion: string, pending: string) => {
      const task = await taskOf(await app.as(username), caseNo, 'countersignTask');
      const page = await app.page();
      await app.login(page, username);
      await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '任务' }).click();
      await page.getByRole('tab', { name: /我的组/ }).click();
      await page.locator(`a[data-task-key="${task.key}"]`).click();
      await expect.poll(() => page.getByTestId('case-no').textContent()).toBe(caseNo);
      await expect.poll(() => page.getByTestId('countersign').textContent()).toContain(`待签署：${pending}`);
      await page.getByRole('button', { name: '认领', exact: true }).click();
      await page.getByText(`代表 ${department} 会签`).waitFor();
      await page.getByRole('radio', { name: '准予许可' }).check();
      await page.getByLabel('意见', { exact: true }).fill(opinion);
      await shot(page, `countersign-${username}`);
      await page.getByRole('button', { name: '提交' }).click();
      await expect.poll(() => page.getByTestId('task-closed').textContent()).toContain('此任务已办结');
      return page;
    };
    const first = await sign('approver-housing', '县住房和城乡建设局', '消防设计符合规划条件', '县住房和城乡建设局、县消防救援大队');
    await first.context().close();
    const second = await sign('approver2', '县消防救援大队', '消防设计符合技术标准', '县消防救援大队');
    // Both signatures are there, and the flow went on past 会签 to the issuing window.
    const signed = second.getByTestId('countersign');
    await expect.poll(() => signed.textContent()).toContain('已签署：2');
    expect(await signed.textContent()).toContain('吴审批');
    await reloadUntil(second, () => second.getByTestId('case-status').textContent({ timeout: 5_000 }), '待出件');
    await shot(second, 'countersign-done');
    await second.context().close();
  });
});

describe('5. 督办: an incident found, its variable fixed, retried', () => {
  test('the supervisor finds the stuck case, sets mailAddress and retries with reasons; the case goes on to 办结', { timeout: STEP }, async () => {
    await onlineCaseConcluded;
    const page = await app.page();
    await app.login(page, 'supervisor');
    await page.getByRole('link', { name: '督办' }).click();
    await reloadUntil(page, () => page.getByTestId('kpi-异常件').locator('.sv-kpi-value').textContent({ timeout: 5_000 }), '1');
    await shot(page, 'supervisor-dashboard');
    await page.getByRole('navigation', { name: '督办' }).getByRole('link', { name: '卡件清单' }).click();
    await page.getByLabel('原因').selectOption('incident');
    const row = page.locator(`tr[data-case="${ONLINE_CASE}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('mailAddress');
    await shot(page, 'supervisor-stuck-list');
    await row.getByRole('link', { name: ONLINE_CASE }).click();
    const badge = page.locator('.djs-overlays[data-container-id="mailDelivery"] [data-incident-element="mailDelivery"]');
    await badge.waitFor();
    await shot(page, 'supervisor-case-incident');

    await page.locator('.sv-incident-bar').getByRole('button', { name: '修改变量' }).click();
    const edit = page.getByRole('dialog', { name: '修改流程变量' });
    await edit.getByLabel('变量名').fill('mailAddress');
    await edit.getByLabel('新值（JSON，如 "张三"、12、true）').fill(JSON.stringify(ADDRESS));
    await edit.getByLabel('原因（将记入审计）').fill('网上申报的邮寄地址未传入流程，按申报表补录');
    await shot(page, 'supervisor-edit-variable');
    await edit.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('已修改变量 mailAddress。');

    await page.locator('.sv-incident-bar').getByRole('button', { name: '重试' }).click();
    const retry = page.getByRole('dialog', { name: '重试异常：邮寄送达（邮帮办）' });
    await retry.getByLabel('原因（将记入审计）').fill('地址已补录，重新寄递');
    await retry.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('已重试「邮寄送达（邮帮办）」的异常。');
    await expect.poll(() => page.locator('.sv-incident-bar').count()).toBe(0);

    // The case goes on: a waybill to the address, the rating invitation, 办结.
    await expect.poll(async () => (await caseRow(ONLINE_CASE)).status, { timeout: 20_000 }).toBe('concluded');
    await page.reload();
    await expect.poll(() => page.locator('.sv-case-head').textContent()).toContain('已办结');
    const timeline = await page.getByTestId('timeline').textContent();
    expect(timeline).toContain('督办：重试异常');
    expect(timeline).toContain('地址已补录，重新寄递');
    const [waybill] = await app.sql<{ recipient: { address: unknown } }[]>`select recipient from app.waybills where case_no = ${ONLINE_CASE}`;
    expect(waybill?.recipient.address).toEqual(ADDRESS);
    await shot(page, 'supervisor-case-continued');
    await page.context().close();
  });
});

describe('6. 好差评: a citizen rates on a phone', () => {
  test('the link in the invitation SMS opens the rating at 375×667; 非常满意 is recorded once', { timeout: STEP }, async () => {
    const [sms] = await app.sql<{ body: string; recipient: string }[]>`select body, recipient from app.outbox where case_no = ${newCaseNo} and template = 'rating-invitation'`;
    expect(sms?.recipient).toBe('13800002222');
    const link = /https?:\/\/\S+\/r\/[A-Za-z0-9_-]+/.exec(sms?.body ?? '')?.[0];
    expect(link).toBe(`${app.url}/r/${(await caseRow(newCaseNo)).publicToken}`);

    const phone = await app.page({ width: 375, height: 667 });
    await phone.goto(link ?? '');
    await phone.getByText(newCaseNo).waitFor();
    expect(await phone.locator('.facts').textContent()).toContain('个体工商户设立登记');
    await shot(phone, 'citizen-rate');
    await phone.getByRole('radio', { name: '非常满意' }).check();
    await phone.getByRole('button', { name: '提交评价' }).click();
    await phone.getByText('感谢您的评价！').waitFor();
    await shot(phone, 'citizen-thanks');
    await phone.reload();
    await phone.getByText('该办件已评价').waitFor();
    expect(await phone.getByRole('status').textContent()).toContain('非常满意');
    await phone.context().close();
    const [rating] = await app.sql<{ score: number; channel: string }[]>`select score, channel from app.ratings where case_no = ${newCaseNo}`;
    expect(rating).toEqual({ score: 5, channel: 'qr' });
  });
});
