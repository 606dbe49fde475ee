// The guide desk: a visitor's everyday words find the right sub-items, ranked, marked by what the
// guide's own unit may handle; the materials checklist prints for the one chosen.
import { describe, expect, it } from 'vitest';
import { loadDictionary } from '../../processes/dictionary/load.js';
import { apiSuite, type ErrorBody } from '../support/api.js';

const t = apiSuite('api-guide');
const shipped = loadDictionary();

interface Result {
  code: string;
  name: string;
  handleHere: boolean;
  where: string;
  score: number;
  match: string;
  matched: string;
  levels: string[];
}
interface Search {
  query: { words: string[]; core: string };
  orgLevel: string;
  results: Result[];
}

describe('guide search', () => {
  it('"我想开饭店" finds the food business licence and the individual business registration first', async () => {
    const guide = await t.as('guide');
    const r = await guide.get<Search>('/guide/search', { q: '我想开饭店' });
    expect(r.status).toBe(200);
    expect(r.body.query.core).toBe('开饭店');
    expect(r.body.results.slice(0, 2).map((x) => x.name).sort()).toEqual(['个体工商户设立登记', '食品经营许可（新办）']);
    expect(r.body.results[0]).toMatchObject({ match: 'keyword', matched: '开饭店', handleHere: true });
    // A sub-item found only through some shared words ranks below every keyword match.
    const tiers = r.body.results.map((x) => Math.floor(x.score / 1000));
    expect([...tiers].sort((a, b) => b - a)).toEqual(tiers);
  });

  it('ranks an exact name above a keyword above a synonym', async () => {
    const guide = await t.as('guide');
    const byName = await guide.get<Search>('/guide/search', { q: '食品经营许可' });
    expect(byName.body.results[0]).toMatchObject({ name: '食品经营许可（新办）', match: 'name' });
    expect(byName.body.results.slice(0, 4).every((x) => x.name.startsWith('食品经营许可'))).toBe(true);

    // "餐饮服务许可证" is the old name (a synonym) of 食品经营许可（新办）: said in full, it is a name,
    // and beats the items whose keyword "餐饮" it merely contains.
    const oldName = await guide.get<Search>('/guide/search', { q: '餐饮服务许可证' });
    expect(oldName.body.results[0]).toMatchObject({ code: '330A0100200001', match: 'name', matched: '餐饮服务许可证' });

    // "歇业" is only part of a synonym (个体工商户歇业登记) of the cancellation: found, below keywords.
    const closing = await guide.get<Search>('/guide/search', { q: '歇业' });
    expect(closing.body.results[0]).toMatchObject({ code: '00013112800003', match: 'synonym' });
    expect(Math.floor((closing.body.results[0]?.score ?? 0) / 1000)).toBe(2);

    // "结婚": a keyword of 内地居民结婚登记 and a part of another's keyword — the exact keyword wins.
    const marry = await guide.get<Search>('/guide/search', { q: '我们要结婚' });
    expect(marry.body.results[0]?.name).toBe('内地居民结婚登记');
    const scores = marry.body.results.map((x) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('a town guide sees the town catalogue as handled here and county-only items marked as such', async () => {
    const town = await t.as('town-clerk');
    const pension = await town.get<Search>('/guide/search', { q: '交养老保险' });
    expect(pension.body.orgLevel).toBe('town');
    expect(pension.body.results.length).toBeGreaterThan(0);
    expect(pension.body.results.every((x) => x.handleHere === x.levels.includes('town'))).toBe(true);
    expect(pension.body.results[0]?.handleHere).toBe(true);

    const restaurant = await town.get<Search>('/guide/search', { q: '我想开饭店' });
    const licence = restaurant.body.results.find((x) => x.code === '330A0100200001');
    expect(licence).toMatchObject({ handleHere: false });
    expect(licence?.where).toContain('县政务服务中心');

    const onlyHere = await town.get<Search>('/guide/search', { q: '我想开饭店', onlyHere: 'true' });
    expect(onlyHere.body.results.every((x) => x.handleHere)).toBe(true);
    expect(onlyHere.body.results.map((x) => x.code)).not.toContain('330A0100200001');

    // The county guide is told that 低保 is handled at the town sub-centres.
    const county = await t.as('guide');
    const relief = await county.get<Search>('/guide/search', { q: '低保' });
    expect(relief.body.results[0]).toMatchObject({ name: '最低生活保障申请', handleHere: false });
    expect(relief.body.results[0]?.where).toContain('镇街分中心');
  });

  it('needs a signed-in staff member and a query', async () => {
    expect((await t.anonymous.get('/guide/search', { q: '开饭店' })).status).toBe(401);
    const guide = await t.as('guide');
    const empty = await guide.get<ErrorBody>('/guide/search', { q: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues?.[0]?.path).toBe('query.q');
  });
});

describe('materials checklist', () => {
  it('lists every material with form, sample, limits, fees and where it is handled', async () => {
    const r = await t.anonymous.get<{
      name: string;
      committedLimit: string;
      feeSummary: string;
      where: string[];
      materials: { no: number; name: string; kind: string; necessity: string; form: { key: string; name: string } | null; formSample: { name: string } | null }[];
    }>('/guide/sub-items/00013112800001/checklist');
    expect(r.status).toBe(200);
    const item = shipped.byCode.get('00013112800001');
    expect(r.body.materials.map((m) => m.name)).toEqual(item?.materials.map((m) => m.name));
    expect(r.body).toMatchObject({ name: '个体工商户设立登记', committedLimit: '当场办结', feeSummary: '不收费', where: ['县政务服务中心'] });
    expect(r.body.materials[0]).toMatchObject({
      no: 1,
      kind: '原件',
      necessity: '必要',
      form: { key: 'individual-business-registration', name: '《个体工商户登记申请书》' },
      formSample: { name: '《个体工商户登记申请书》填写模板' },
    });
  });

  it('prints as an HTML page with the materials table', async () => {
    const response = await t.anonymous.raw('/guide/sub-items/330A0100200001/checklist.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<title>食品经营许可（新办） 材料清单</title>');
    expect(html).toContain('@page { size: A4');
    for (const m of shipped.byCode.get('330A0100200001')?.materials ?? []) expect(html).toContain(m.name);
    expect(html).toContain(`${shipped.byCode.get('330A0100200001')?.committedDays ?? 0}个工作日`);
  });

  it('answers 404 for an unknown sub-item', async () => {
    expect((await t.anonymous.get('/guide/sub-items/99999999999999/checklist')).status).toBe(404);
    expect((await t.anonymous.raw('/guide/sub-items/99999999999999/checklist.html')).status).toBe(404);
  });
});
