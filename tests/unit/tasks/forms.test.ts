// What people send to complete a task, per form key (processes/README.md "User tasks"), and the
// variables the job is completed with.
import { describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import { formFor } from '../../../api/tasks/forms.js';

// No form here reads the database (分类转办 with a tier does; tests/api/complaints.test.ts covers it).
const noDatabase = new Proxy({}, { get: () => { throw new Error('this form should not read the database'); } }) as Sql;

async function complete(formKey: string | null, body: unknown, signer = 'approver', now = new Date('2025-05-26T02:00:00Z')) {
  const form = formFor(formKey);
  const parsed = form.schema.safeParse(body);
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  return form.complete(parsed.data as never, { signer, now, sql: noDatabase });
}

describe('approval form', () => {
  it('approve completes with decision and opinion (同意 when left empty)', async () => {
    expect(await complete('onewindow:approval', { decision: 'approve' })).toEqual({ variables: { decision: 'approve', opinion: '同意' }, opinion: '同意', decision: 'approve' });
  });

  it('a supplement must list the missing materials, and they go to the flow', async () => {
    expect(await complete('onewindow:approval', { decision: 'supplement', opinion: '缺材料' })).toEqual({ issues: [{ path: 'missingMaterials', message: expect.stringContaining('补正') }] });
    expect(await complete('onewindow:approval', { decision: 'supplement', opinion: '缺材料', missingMaterials: [] })).toMatchObject({ issues: [{ path: 'missingMaterials' }] });
    expect(await complete('onewindow:approval', { decision: 'supplement', opinion: '缺', missingMaterials: ['经营场所证明'] })).toMatchObject({
      variables: { decision: 'supplement', opinion: '缺', missingMaterials: ['经营场所证明'] },
    });
  });

  it('a rejection needs its reason; an unknown decision is refused', async () => {
    expect(await complete('onewindow:approval', { decision: 'reject' })).toMatchObject({ issues: [{ path: 'opinion' }] });
    expect(await complete('onewindow:approval', { decision: 'later' })).toMatchObject({ issues: [{ path: 'decision' }] });
  });
});

describe('other forms', () => {
  it('a countersignature is signed by whoever completes the task, not by what the body claims', async () => {
    expect(await complete('onewindow:countersign', { signature: { decision: 'reject', opinion: '不符合', signer: 'someone' } }, 'li.na')).toMatchObject({
      variables: { signature: { decision: 'reject', opinion: '不符合', signer: 'li.na' } },
    });
    expect(await complete('onewindow:countersign', { signature: { decision: 'supplement', opinion: '缺' } })).toMatchObject({ issues: [{ path: 'signature.missingMaterials' }] });
  });

  it('pre-review needs an opinion; pickup needs nothing', async () => {
    expect(await complete('onewindow:pre-review', {})).toMatchObject({ issues: [{ path: 'preReviewOpinion' }] });
    expect(await complete('onewindow:pre-review', { preReviewOpinion: ' 齐全 ' })).toMatchObject({ variables: { preReviewOpinion: '齐全' } });
    expect(await complete('onewindow:issuing-pickup', {})).toEqual({ variables: {}, opinion: null, decision: null });
  });

  it('complaint assignment needs groups and either a tier or a date, not both', async () => {
    expect(await complete('onewindow:complaint-assign', { responsibleGroups: [] })).toMatchObject({ issues: [{ path: 'responsibleGroups' }, { path: 'tier' }] });
    expect(await complete('onewindow:complaint-assign', { responsibleGroups: ['health'], tier: 'five-days' })).toMatchObject({ issues: [{ path: 'tier' }] });
    expect(await complete('onewindow:complaint-assign', { responsibleGroups: ['health'], tier: 'within5', resolveDueAt: '2025-06-09T17:30:00+08:00' })).toMatchObject({ issues: [{ path: 'resolveDueAt' }] });
    expect(await complete('onewindow:complaint-assign', { responsibleGroups: ['health'], resolveDueAt: '2025-06-09T17:30:00+08:00' })).toEqual({
      variables: { responsibleGroups: ['health'], resolveDueAt: '2025-06-09T17:30:00+08:00' },
      opinion: null,
      decision: null,
    });
  });

  it('a step with a form key nobody knows takes the variables as given', async () => {
    expect(await complete('designer:new-step', { variables: { checked: true }, opinion: '好' })).toEqual({ variables: { checked: true }, opinion: '好', decision: null });
  });
});
