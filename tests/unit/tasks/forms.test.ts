// What people send to complete a task, per form key (processes/README.md "User tasks"), and the
// variables the job is completed with.
import { describe, expect, it } from 'vitest';
import { formFor, tierDueAt } from '../../../api/tasks/forms.js';

function complete(formKey: string | null, body: unknown, signer = 'approver', now = new Date('2025-05-26T02:00:00Z')) {
  const form = formFor(formKey);
  const parsed = form.schema.safeParse(body);
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  return form.complete(parsed.data as never, signer, now);
}

describe('approval form', () => {
  it('approve completes with decision and opinion (同意 when left empty)', () => {
    expect(complete('onewindow:approval', { decision: 'approve' })).toEqual({ variables: { decision: 'approve', opinion: '同意' }, opinion: '同意', decision: 'approve' });
  });

  it('a supplement must list the missing materials, and they go to the flow', () => {
    expect(complete('onewindow:approval', { decision: 'supplement', opinion: '缺材料' })).toEqual({ issues: [{ path: 'missingMaterials', message: expect.stringContaining('补正') }] });
    expect(complete('onewindow:approval', { decision: 'supplement', opinion: '缺材料', missingMaterials: [] })).toMatchObject({ issues: [{ path: 'missingMaterials' }] });
    expect(complete('onewindow:approval', { decision: 'supplement', opinion: '缺', missingMaterials: ['经营场所证明'] })).toMatchObject({
      variables: { decision: 'supplement', opinion: '缺', missingMaterials: ['经营场所证明'] },
    });
  });

  it('a rejection needs its reason; an unknown decision is refused', () => {
    expect(complete('onewindow:approval', { decision: 'reject' })).toMatchObject({ issues: [{ path: 'opinion' }] });
    expect(complete('onewindow:approval', { decision: 'later' })).toMatchObject({ issues: [{ path: 'decision' }] });
  });
});

describe('other forms', () => {
  it('a countersignature is signed by whoever completes the task, not by what the body claims', () => {
    expect(complete('onewindow:countersign', { signature: { decision: 'reject', opinion: '不符合', signer: 'someone' } }, 'li.na')).toMatchObject({
      variables: { signature: { decision: 'reject', opinion: '不符合', signer: 'li.na' } },
    });
    expect(complete('onewindow:countersign', { signature: { decision: 'supplement', opinion: '缺' } })).toMatchObject({ issues: [{ path: 'signature.missingMaterials' }] });
  });

  it('pre-review needs an opinion; pickup needs nothing', () => {
    expect(complete('onewindow:pre-review', {})).toMatchObject({ issues: [{ path: 'preReviewOpinion' }] });
    expect(complete('onewindow:pre-review', { preReviewOpinion: ' 齐全 ' })).toMatchObject({ variables: { preReviewOpinion: '齐全' } });
    expect(complete('onewindow:issuing-pickup', {})).toEqual({ variables: {}, opinion: null, decision: null });
  });

  it('complaint assignment turns a tier into a due date at 17:30 of the n-th working day (holidays skipped)', () => {
    // 2025-05-30 (Fri) → 5 working days later skips the weekend and the 端午 holiday (2025-06-02).
    expect(tierDueAt('five-days', new Date('2025-05-30T02:00:00Z'))).toBe('2025-06-09T17:30:00+08:00');
    // 即办 on a Saturday means the next working day.
    expect(tierDueAt('immediate', new Date('2025-05-31T02:00:00Z'))).toBe('2025-06-03T17:30:00+08:00');
    // 即办 after the hall has closed is tomorrow's, like the complaint window's tier (never already past).
    expect(tierDueAt('immediate', new Date('2025-06-04T18:00:00+08:00'))).toBe('2025-06-05T17:30:00+08:00');
    expect(tierDueAt('immediate', new Date('2025-06-04T17:00:00+08:00'))).toBe('2025-06-04T17:30:00+08:00');
    expect(complete('onewindow:complaint-assign', { responsibleGroups: [] })).toMatchObject({ issues: [{ path: 'responsibleGroups' }, { path: 'tier' }] });
  });

  it('a step with a form key nobody knows takes the variables as given', () => {
    expect(complete('designer:new-step', { variables: { checked: true }, opinion: '好' })).toEqual({ variables: { checked: true }, opinion: '好', decision: null });
  });
});
