// Intake forms designed with form-js, in a real Chromium at 1366×768: a designer opens the
// 特殊建设工程消防设计审查申请表 in the form editor, renames a field and saves version 2 (and sees
// the filled sample read-only); a clerk opening 特殊建设工程消防设计审查 for an enterprise the hall
// knows finds the form prefilled with its name and credit code, fills a field and accepts — the
// case keeps what was typed, on version 2.
import { describe, expect, test } from 'vitest';
import { browserSuite } from './support.js';

const SLOW = 90_000;
const b = browserSuite('browser-forms');

const FIRE = '330A1600200001';
const SEAL = '330D0300100001'; // an earlier case of the enterprise: the hall knows its name
const CREDIT_CODE = '91330127MA28F5KX1N';
const COMPANY = '某某县城市建设投资集团有限公司';
const shot = (name: string): string => `/tmp/onewindow-forms-${name}.png`;

interface Detail { version: number; schema: { components: { key?: string; label?: string }[] } }

describe('表单设计', () => {
  test('a designer renames a field of the fire design review form in the form-js editor and saves version 2', { timeout: SLOW }, async () => {
    const page = await b.page();
    await b.login(page, 'designer');
    await page.getByRole('link', { name: '表单设计' }).click();
    const list = page.getByRole('complementary', { name: '制式表格' });
    await list.getByRole('button', { name: /特殊建设工程消防设计审查申请表/ }).click();
    await expect.poll(() => page.getByTestId('form-title').textContent()).toBe('特殊建设工程消防设计审查申请表');
    const canvas = page.locator('.fjs-editor-container');
    await canvas.locator('.fjs-form-field-label', { hasText: /^工程名称/ }).first().waitFor();
    await page.screenshot({ path: shot('designer-open') });

    // Select the field on the canvas; its label is edited in the properties panel.
    await canvas.locator('.fjs-element', { has: page.locator('.fjs-form-field-label', { hasText: /^工程名称/ }) }).last().click();
    const label = page.locator('[data-entry-id="label"] [contenteditable="true"]');
    await page.locator('.bio-properties-panel-header-label', { hasText: /^工程名称/ }).waitFor();
    await page.screenshot({ path: shot('designer-selected') });
    // The panel's groups start folded: open 常规 (General) where the label is.
    if (!(await label.isVisible())) await page.locator('.bio-properties-panel-group-header', { hasText: 'General' }).click();
    await label.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('建设工程名称');
    await canvas.locator('.fjs-form-field-label', { hasText: /^建设工程名称/ }).first().waitFor();
    await page.getByText('有未保存的修改').waitFor();
    await page.getByLabel('修改说明').fill('工程名称改为建设工程名称');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByRole('status').filter({ hasText: '已保存为第 2 版' }).waitFor();
    await page.screenshot({ path: shot('designer-saved') });

    const designer = await b.api.as('designer');
    const saved = await designer.get<Detail>('/forms/fire-design-review');
    expect(saved.body.version).toBe(2);
    expect(saved.body.schema.components.find((c) => c.key === 'projectName')?.label).toBe('建设工程名称');

    // The filled sample, read-only, on the saved version.
    await page.getByRole('tab', { name: '填写模板' }).click();
    const sample = page.getByRole('region', { name: '填写模板' });
    expect(await sample.getByLabel('建设工程名称').inputValue()).toBe('县文化中心（影剧院）');
    expect(await sample.getByLabel('建设工程名称').isEditable()).toBe(false);
    await page.screenshot({ path: shot('designer-sample') });

    // The versions, newest first.
    await page.getByRole('tab', { name: '版本' }).click();
    await expect.poll(() => page.locator('.forms-versions tbody tr').count()).toBe(2);
    expect(await page.locator('.forms-versions tbody tr').first().textContent()).toContain('designer');
    await page.context().close();
  });
});

describe('受理', () => {
  test('a clerk opening 特殊建设工程消防设计审查 sees the form prefilled with the enterprise, fills a field, accepts, and the case keeps the data', { timeout: SLOW }, async () => {
    const clerk = await b.api.as('clerk');
    const required = (b.api.api.api.ctx.dictionary().byCode.get(SEAL)?.materials ?? []).filter((m) => m.necessity === 'required').map((m) => ({ name: m.name }));
    const earlier = await clerk.post<{ caseNo: string }>('/cases', { subItemCode: SEAL, applicant: { kind: 'enterprise', name: COMPANY, creditCode: CREDIT_CODE, phone: '057164001111' }, materials: required });
    expect(earlier.status).toBe(201);

    const page = await b.page();
    await b.login(page, 'clerk');
    await page.getByRole('link', { name: '受理' }).click();
    await page.getByRole('region', { name: '选择办理事项' }).waitFor();
    await page.getByRole('searchbox', { name: '办事人想办什么' }).fill('特殊建设工程消防设计审查');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.locator('.desk-result').filter({ hasText: '特殊建设工程消防设计审查' }).first().click();
    await expect.poll(() => page.getByTestId('subitem-name').textContent()).toBe('特殊建设工程消防设计审查');

    const scan = page.getByLabel('扫企业码或输入统一社会信用代码');
    await scan.fill(CREDIT_CODE);
    await scan.press('Enter');
    await page.getByTestId('enterprise').waitFor();

    const form = page.getByRole('region', { name: '受理表格：特殊建设工程消防设计审查申请表' });
    await form.getByLabel('建设单位').waitFor();
    await expect.poll(() => form.getByLabel('建设单位').inputValue()).toBe(COMPANY);
    expect(await form.getByLabel('单位统一社会信用代码').inputValue()).toBe(CREDIT_CODE);

    await page.getByLabel('联系电话').fill('13900003333');
    await expect.poll(() => form.getByLabel('联络电话').inputValue()).toBe('13900003333');
    await form.getByLabel('建设工程名称').fill('县文化中心');
    await form.getByLabel('工程地址').fill('某某县城关镇文化路 1 号');
    await page.screenshot({ path: shot('intake-form'), fullPage: false });
    await form.screenshot({ path: shot('intake-form-region') });

    await page.getByRole('button', { name: '受理', exact: true }).click();
    const caseNo = (await page.getByTestId('case-no').textContent())?.trim() ?? '';
    expect(caseNo).not.toBe('');
    const detail = await clerk.get<{ formData: { key: string; version: number; data: Record<string, unknown> } | null }>(`/cases/${caseNo}`);
    expect(detail.body.formData).toMatchObject({
      key: 'fire-design-review',
      version: 2,
      data: { applicantName: COMPANY, creditCode: CREDIT_CODE, phone: '13900003333', projectName: '县文化中心', projectAddress: '某某县城关镇文化路 1 号' },
    });
    await page.context().close();
  });
});
