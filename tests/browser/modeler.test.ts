// The designer in a real Chromium at 1366×768: sign in, the modeler with Chinese labels, an
// element template applied from the hall's list, lint errors that block deploying.
import { describe, expect, test } from 'vitest';
import { browserSuite } from './support.js';

// Chromium and the bpmn-js bundle are slow to start on a shared machine.
const SLOW = 60_000;
const b = browserSuite('browser-modeler');

describe('app shell', () => {
  test('a wrong password is refused with the api’s message; the designer then signs in and sees name, unit, roles and the pages of the role', { timeout: SLOW }, async () => {
    const page = await b.page();
    await page.goto(`${b.api.url}/designer`);
    await page.getByLabel('用户名').fill('designer');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('用户名或密码错误');
    await page.screenshot({ path: '/tmp/onewindow-login-1366x768.png' });

    await b.login(page, 'designer');
    const who = await page.getByTestId('who').textContent();
    expect(who).toContain('周设计');
    expect(who).toContain('县政务服务中心');
    expect(who).toContain('流程设计');
    const nav = await page.getByRole('navigation', { name: 'main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['流程设计', '事典', '表单设计']);

    // A page the role does not open says so; a reload of an app path is served by the api.
    await page.goto(`${b.api.url}/supervision`);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('您没有访问本页面的权限。');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.context().close();
  });

  test('a clerk sees the pages of a clerk and a guide, not the modeler', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'clerk');
    const nav = await page.getByRole('navigation', { name: 'main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['导办', '受理', '任务']);
    expect(new URL(page.url()).pathname).toBe('/guide');
    await page.context().close();
  });

  test('unknown api paths stay JSON errors and missing assets 404 while app paths get the app', async () => {
    const api = await fetch(`${b.api.url}/api/no-such-thing`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { message: string } }).error.message).toContain('/api/no-such-thing');
    const asset = await fetch(`${b.api.url}/assets/missing.js`);
    expect(asset.status).toBe(404);
    const app = await fetch(`${b.api.url}/designer`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('<div id="root">');
  });
});

describe('modeler', () => {
  test('palette and context pad speak Chinese; the 身份核验 template sets the job type shown in the panel', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'designer');
    await page.getByRole('link', { name: '流程设计' }).click();
    const palette = page.locator('.djs-palette');
    await palette.waitFor();
    expect(await palette.locator('[data-action="create.task"]').getAttribute('aria-label')).toBe('创建任务');
    expect(await palette.locator('[data-action="create.exclusive-gateway"]').getAttribute('aria-label')).toBe('创建网关');
    expect(await palette.locator('[data-action="create.start-event"]').getAttribute('aria-label')).toBe('创建开始事件');

    // Append a task to the new diagram's start event from the context pad.
    await page.locator('[data-element-id="StartEvent_1"]').click();
    const append = page.locator('.djs-context-pad [data-action="append.append-task"]');
    expect(await append.getAttribute('aria-label') ?? await append.getAttribute('title')).toBe('追加任务');
    await append.click();
    await page.keyboard.press('Escape'); // leave the label editor
    await page.getByRole('button', { name: '应用元素模板' }).click();

    const chooser = page.getByRole('dialog', { name: '选择元素模板' });
    const names = await chooser.locator('.pick strong').allTextContents();
    expect(names).toHaveLength(10);
    expect(names).toEqual(expect.arrayContaining(['身份核验', '材料审核', '计算法定时限', '发送通知', '不予受理']));
    await chooser.getByRole('button', { name: /身份核验/ }).click();

    const panel = page.getByTestId('properties');
    await panel.getByText('任务类型（job type）').waitFor();
    const jobType = panel.locator('.bio-properties-panel-entry', { hasText: '任务类型（job type）' }).locator('input');
    expect(await jobType.inputValue()).toBe('ow.identity-check');
    expect(await jobType.isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('lint-summary').textContent()).not.toMatch(/[1-9]\d* 个错误/);
    await page.screenshot({ path: '/tmp/onewindow-modeler-template-1366x768.png' });
    await page.context().close();
  });

  test('a shipped flow opens clean; clearing a job type shows the error on the canvas and in the list, and deploy is disabled', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'designer');
    await page.getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('button', { name: '打开流程' }).click();
    await page.getByRole('dialog', { name: '打开流程' }).getByRole('heading', { name: '已部署的流程' }).waitFor();
    await page.screenshot({ path: '/tmp/onewindow-modeler-open-1366x768.png' });
    await page.getByRole('dialog', { name: '打开流程' }).getByRole('button', { name: /instant-item\.bpmn/ }).click();
    await expect.poll(() => page.getByTestId('diagram-title').textContent()).toBe('即办件办理');
    await expect.poll(() => page.getByTestId('lint-summary').textContent()).toMatch(/^(没有发现问题。|0 个错误)/);
    const deploy = page.getByRole('button', { name: '部署' });
    expect(await deploy.isEnabled()).toBe(true);

    await page.locator('[data-element-id="identityCheck"]').click();
    const panel = page.getByTestId('properties');
    const group = panel.locator('.bio-properties-panel-group', { hasText: '任务定义' });
    await group.locator('.bio-properties-panel-group-header').click();
    const jobType = group.locator('.bio-properties-panel-entry', { hasText: '任务类型（job type）' }).locator('input');
    expect(await jobType.inputValue()).toBe('ow.identity-check');
    await jobType.fill('');

    await expect.poll(() => page.getByTestId('lint-summary').textContent()).toMatch(/^1 个错误/);
    const problem = page.getByTestId('lint-panel').locator('li.lint-error');
    expect(await problem.textContent()).toContain('身份核验');
    expect(await problem.textContent()).toContain('任务类型');
    expect(await deploy.isDisabled()).toBe(true);
    // The linting module marks the element on the canvas.
    await page.locator('.djs-overlays[data-container-id="identityCheck"] .cl-icon-error').waitFor();

    await page.screenshot({ path: '/tmp/onewindow-modeler-1366x768.png' });
    await page.context().close();
  });
  test('deploying right after an edit lints the edited model first and is refused with the error list', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'designer');
    await page.getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('button', { name: '打开流程' }).click();
    await page.getByRole('dialog', { name: '打开流程' }).getByRole('button', { name: /instant-item\.bpmn/ }).click();
    await expect.poll(() => page.getByTestId('lint-summary').textContent()).toMatch(/^(没有发现问题。|0 个错误)/);

    await page.locator('[data-element-id="identityCheck"]').click();
    const group = page.getByTestId('properties').locator('.bio-properties-panel-group', { hasText: '任务定义' });
    await group.locator('.bio-properties-panel-group-header').click();
    await group.locator('.bio-properties-panel-entry', { hasText: '任务类型（job type）' }).locator('input').fill('');
    // No pause: the delayed lint has not run yet, the list still says the model is clean.
    const deploy = page.getByRole('button', { name: '部署' });
    await deploy.click();

    const status = page.getByTestId('modeler-status');
    await expect.poll(() => status.textContent()).toContain('未部署：模型有错误，请先修正：');
    const listed = await page.getByTestId('deploy-lint-errors').locator('li').allTextContents();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toContain('身份核验');
    expect(listed[0]).toContain('任务类型');
    expect(await page.getByTestId('lint-summary').textContent()).toMatch(/^1 个错误/);
    expect(await deploy.isDisabled()).toBe(true);
    await page.context().close();
  });

  test('a user task made on the 8.3 diagram uses the job-worker implementation: no 8.5-only error', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'designer');
    await page.getByRole('link', { name: '流程设计' }).click();
    await page.locator('[data-element-id="StartEvent_1"]').click();
    await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
    await page.keyboard.type('复核');
    await page.keyboard.press('Enter');
    await page.locator('.djs-context-pad [data-action="replace"]').click();
    await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
    const review = page.locator('.djs-element.djs-shape', { hasText: '复核' });
    const reviewId = (await review.getAttribute('data-element-id')) ?? '';
    expect(reviewId).toMatch(/^Activity_/);

    // The task is linted as a job-worker user task: only the (warning) missing form is reported.
    const lintList = page.getByTestId('lint-panel');
    await expect.poll(() => lintList.locator('li', { hasText: '复核' }).allTextContents()).toEqual([expect.stringContaining('用户任务应当配置「表单」')]);
    expect(await lintList.locator('li', { hasText: '8.5' }).count()).toBe(0);
    expect(await lintList.locator('li.lint-error', { hasText: '复核' }).count()).toBe(0);
    await page.context().close();
  });
});
