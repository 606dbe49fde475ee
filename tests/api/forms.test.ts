// Fixed-format forms (制式表格) designed with form-js: seeded from processes/forms on first use, read
// by key (or by the dictionary's sample key), saved by designers as new versions after the schema
// is checked (a 400 names the component), and filled at intake: the case keeps what the clerk
// entered with the form's key and version.
import { describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';

const t = apiSuite('api-forms');

const FIRE = '330A1600200001'; // 特殊建设工程消防设计审查: intake form fire-design-review
const PROOF = '330F1200500001'; // 个人参保证明查询打印: only an optional 授权委托书 names a form
const CREDIT_CODE = '91310115MA1K3BTP2B';

interface Component { type: string; key?: string; label?: string; components?: Component[] }
interface Schema { type: string; components: Component[] }
interface Use { subItemCode: string; material: string; as: string; intake: boolean }
interface Detail { key: string; title: string; version: number; latestVersion: number; schema: Schema; sample: Record<string, unknown> | null; author: string; usedBy: Use[] }
interface Summary { key: string; title: string; version: number | null; author: string | null; fields: number; hasSample: boolean; usedBy: Use[] }

const labelOf = (schema: Schema, key: string): string | undefined => schema.components.find((c) => c.key === key)?.label;

describe('the starter forms', () => {
  it('are stored as version 1 and listed with the sub-items and materials that use them', async () => {
    const clerk = await t.as('clerk');
    const list = await clerk.get<{ forms: Summary[] }>('/forms');
    expect(list.status).toBe(200);
    const byKey = new Map(list.body.forms.map((f) => [f.key, f]));
    for (const key of ['individual-business-registration', 'food-business-licence', 'public-place-hygiene-licence', 'rural-urban-pension-enrolment', 'construction-planning-permit', 'fire-design-review', 'power-of-attorney']) {
      expect(byKey.get(key), key).toMatchObject({ version: 1, author: 'system', hasSample: true });
    }
    const fire = byKey.get('fire-design-review');
    expect(fire?.title).toBe('特殊建设工程消防设计审查申请表');
    expect(fire?.usedBy).toEqual([{ subItemCode: FIRE, subItemName: '特殊建设工程消防设计审查', material: '特殊建设工程消防设计审查申请表', necessity: 'required', as: 'form', intake: true }]);
    // 授权委托书 is optional wherever it is named: never an intake form, but used by many items.
    const proxy = byKey.get('power-of-attorney');
    expect(proxy?.usedBy.length).toBeGreaterThan(20);
    expect(proxy?.usedBy.every((u) => !u.intake)).toBe(true);
    // A form the dictionary names but nobody designed yet is listed to be designed.
    expect(byKey.get('fire-acceptance')).toMatchObject({ version: null, fields: 0, title: '特殊建设工程消防验收申请表' });
    const [count] = await t.sql<{ n: number }[]>`select count(*)::int as n from app.forms where key = 'fire-design-review'`;
    expect(count?.n).toBe(1);
  });

  it('reads a form by its key or by the dictionary’s sample key, with the filled sample', async () => {
    const clerk = await t.as('clerk');
    const form = await clerk.get<Detail>('/forms/fire-design-review');
    expect(form.status).toBe(200);
    expect(labelOf(form.body.schema, 'creditCode')).toBe('单位统一社会信用代码');
    expect(form.body.sample).toMatchObject({ projectName: '县文化中心（影剧院）' });
    const sample = await clerk.get<Detail>('/forms/fire-design-review-sample');
    expect(sample.body.key).toBe('fire-design-review');
    expect(sample.body.sample).toEqual(form.body.sample);
    const missing = await clerk.get<ErrorBody>('/forms/no-such-form');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('no-such-form');
  });

  it('finds a sub-item’s intake form: the form of its first required material that names one', async () => {
    const clerk = await t.as('clerk');
    const fire = await clerk.get<{ material: string | null; form: Detail | null }>(`/dictionary/sub-items/${FIRE}/intake-form`);
    expect(fire.status).toBe(200);
    expect(fire.body.material).toBe('特殊建设工程消防设计审查申请表');
    expect(fire.body.form?.key).toBe('fire-design-review');
    const proof = await clerk.get<{ material: string | null; form: Detail | null }>(`/dictionary/sub-items/${PROOF}/intake-form`);
    expect(proof.body).toMatchObject({ material: null, form: null });
  });
});

describe('a designer saves a form', () => {
  it('is refused with the component named when keys repeat, a type is unknown or a field has no key — and nothing is stored', async () => {
    const designer = await t.as('designer');
    const { body: form } = await designer.get<Detail>('/forms/fire-design-review');
    const components = form.schema.components;
    const dupIndex = components.findIndex((c) => c.key === 'phone');
    const repeated = { ...form.schema, components: components.map((c, i) => (i === dupIndex ? { ...c, key: 'creditCode' } : c)) };
    const r = await designer.put<ErrorBody>('/forms/fire-design-review', { schema: repeated });
    expect(r.status).toBe(400);
    const firstCredit = components.findIndex((c) => c.key === 'creditCode');
    expect(r.body.error.issues).toEqual([{ path: `body.schema.components.${String(dupIndex)}.key`, message: `key“creditCode”与 components.${String(firstCredit)}（单位统一社会信用代码）重复：两个字段会共用一个值` }]);
    expect(r.body.error.message).toContain(`components.${String(dupIndex)}.key`);

    const odd = { type: 'default', components: [{ type: 'textfield', label: '无 key' }, { type: 'group', components: [{ type: 'slider', key: 'x' }] }] };
    const r2 = await designer.put<ErrorBody>('/forms/fire-design-review', { schema: odd });
    expect(r2.status).toBe(400);
    expect(r2.body.error.issues?.map((i) => i.path)).toEqual(['body.schema.components.0.key', 'body.schema.components.1.components.0.type']);

    const notAForm = await designer.put<ErrorBody>('/forms/fire-design-review', { schema: { components: 'x' } });
    expect(notAForm.body.error.issues?.map((i) => i.path)).toEqual(['body.schema.type', 'body.schema.components']);

    const badSample = await designer.put<ErrorBody>('/forms/fire-design-review', { schema: form.schema, sample: { nope: 1 } });
    expect(badSample.status).toBe(400);
    expect(badSample.body.error.issues).toEqual([{ path: 'body.sample.nope', message: '表单中没有 key 为“nope”的字段' }]);

    const versions = await designer.get<{ versions: unknown[] }>('/forms/fire-design-review/versions');
    expect(versions.body.versions).toHaveLength(1);
  });

  it('may not be a clerk', async () => {
    const clerk = await t.as('clerk');
    const { body: form } = await clerk.get<Detail>('/forms/fire-design-review');
    const r = await clerk.put<ErrorBody>('/forms/fire-design-review', { schema: form.schema });
    expect(r.status).toBe(403);
  });

  it('makes version 2 (the sample carried over), keeps version 1 readable, audits it, and refuses an edit of a stale version', async () => {
    const designer = await t.as('designer');
    const { body: form } = await designer.get<Detail>('/forms/fire-design-review');
    const relabelled = { ...form.schema, components: form.schema.components.map((c) => (c.key === 'projectName' ? { ...c, label: '建设工程名称' } : c)) };
    const saved = await designer.put<Detail>('/forms/fire-design-review', { schema: relabelled, note: '改“工程名称”为“建设工程名称”', baseVersion: 1 });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ version: 2, latestVersion: 2, author: 'designer' });
    expect(saved.body.sample).toEqual(form.sample);

    const latest = await designer.get<Detail>('/forms/fire-design-review');
    expect(labelOf(latest.body.schema, 'projectName')).toBe('建设工程名称');
    const first = await designer.get<Detail>('/forms/fire-design-review', { version: 1 });
    expect(first.body).toMatchObject({ version: 1, latestVersion: 2 });
    expect(labelOf(first.body.schema, 'projectName')).toBe('工程名称');
    const versions = await designer.get<{ versions: { version: number; author: string; note: string | null }[] }>('/forms/fire-design-review/versions');
    expect(versions.body.versions.map((v) => [v.version, v.author])).toEqual([[2, 'designer'], [1, 'system']]);

    const [entry] = await t.sql<{ actor: string; detail: { version: number } }[]>`select actor, detail from app.audit where action = 'form.save' and subject_id = 'fire-design-review'`;
    expect(entry).toMatchObject({ actor: 'designer', detail: { version: 2 } });

    const stale = await designer.put<ErrorBody>('/forms/fire-design-review', { schema: form.schema, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('第 2 版');
  });
});

describe('a case keeps the intake form’s data', () => {
  const applicant = { kind: 'enterprise', name: '某某县城市建设投资集团有限公司', creditCode: CREDIT_CODE, phone: '13900003333' };

  it('stores formData with the form’s key and version, shown in the case detail', async () => {
    const clerk = await t.as('clerk');
    const data = { applicantName: applicant.name, creditCode: CREDIT_CODE, projectName: '县文化中心', floorArea: 12800, fireSystems: ['火灾自动报警系统'] };
    const opened = await clerk.post<{ caseNo: string } | ErrorBody>('/cases', { subItemCode: FIRE, applicant, materials: [], formData: data });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const caseNo = 'caseNo' in opened.body ? opened.body.caseNo : '';
    const detail = await clerk.get<{ formData: { key: string; version: number; data: Record<string, unknown> } | null }>(`/cases/${caseNo}`);
    expect(detail.body.formData).toEqual({ key: 'fire-design-review', version: 2, data });
  });

  it('refuses data that is not an object, names a field the form does not have, or comes for a sub-item without an intake form', async () => {
    const clerk = await t.as('clerk');
    const before = (await t.sql<{ n: number }[]>`select count(*)::int as n from app.cases`)[0]?.n;
    const list = await clerk.post<ErrorBody>('/cases', { subItemCode: FIRE, applicant, formData: ['x'] });
    expect(list.status).toBe(400);
    expect(list.body.error.issues?.[0]?.path).toBe('body.formData');
    const stranger = await clerk.post<ErrorBody>('/cases', { subItemCode: FIRE, applicant, formData: { projectName: 'x', shoeSize: 42 } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.issues).toEqual([{ path: 'body.formData.shoeSize', message: '特殊建设工程消防设计审查申请表（第 2 版）表单中没有 key 为“shoeSize”的字段' }]);
    const none = await clerk.post<ErrorBody>('/cases', { subItemCode: PROOF, applicant: { kind: 'person', name: '王芳', idNumber: '11010519491231002X', phone: '13800001111' }, formData: { a: 1 } });
    expect(none.status).toBe(400);
    expect(none.body.error.issues).toEqual([{ path: 'body.formData', message: '「个人参保证明查询打印」没有受理表格，不应提交表格数据' }]);
    const after = (await t.sql<{ n: number }[]>`select count(*)::int as n from app.cases`)[0]?.n;
    expect(after).toBe(before);
  });
});
