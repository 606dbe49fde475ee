// What a person sends to complete a task, per form key (processes/README.md "User tasks"), and
// the variables the job is completed with. Each form is a zod schema, so a bad body is a 400 that
// names the field (`body.missingMaterials`) and nothing reaches the engine. A form key this file
// does not know (a designer's new step) takes `variables` as they are.
import { z } from 'zod';
import { closingTime } from '../../workers/rules/working-time.js';
import { resolveDueAtForTier, type ComplaintTier } from '../complaints/resolve-due.js';

export interface Completion {
  /** The variables the job is completed with. */
  readonly variables: Record<string, unknown>;
  /** The person's opinion as the task list shows it afterwards. */
  readonly opinion: string | null;
  /** approve | reject | supplement, for the forms that decide. */
  readonly decision: string | null;
}

const text = (what: string) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(2000, `${what}不超过 2000 字`);
const DECISIONS = ['approve', 'reject', 'supplement'] as const;
const materialList = z.array(z.string().trim().min(1, '材料名称不能为空'));

/** approve | reject | supplement with an opinion; a supplement lists the materials to hand in. */
const decided = z
  .object({
    decision: z.enum(DECISIONS, { error: '审批决定须为 approve（准予许可）、reject（不予许可）或 supplement（要求补正）' }),
    opinion: z.string().trim().max(2000, '意见不超过 2000 字').optional(),
    missingMaterials: materialList.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'supplement' && (v.missingMaterials === undefined || v.missingMaterials.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['missingMaterials'], message: '要求补正时须列明需补正的材料（一次性告知）' });
    }
    if (v.decision !== 'approve' && !v.opinion) {
      ctx.addIssue({ code: 'custom', path: ['opinion'], message: v.decision === 'reject' ? '不予许可须写明理由' : '要求补正须写明意见' });
    }
  });

type Decided = z.output<typeof decided>;

function signatureOf(v: Decided): Record<string, unknown> {
  return { decision: v.decision, opinion: v.opinion || '同意', ...(v.decision === 'supplement' ? { missingMaterials: v.missingMaterials ?? [] } : {}) };
}

/** 即办 / 5 / 10 working days for a complaint (办不成事反映 分级办理), as the resolve task's due date. */
export const COMPLAINT_TIERS = ['immediate', 'five-days', 'ten-days'] as const;
/** The form's tier names are the complaint window's tiers (complaints/resolve-due.ts) under other names. */
const TIER_OF_FORM: Readonly<Record<(typeof COMPLAINT_TIERS)[number], ComplaintTier>> = { immediate: 'instant', 'five-days': 'within5', 'ten-days': 'within10' };

/**
 * The resolve-by date-time of a tier picked on the form: complaints/resolve-due.ts's rule (即办 after
 * the hall has closed, or on a day off, is the next working day's end — never a deadline already
 * past), at the hall's default closing time: a form mapper has no database to read the
 * `workdayEndsAt` setting from.
 */
export function tierDueAt(tier: (typeof COMPLAINT_TIERS)[number], now: Date): string {
  return resolveDueAtForTier(TIER_OF_FORM[tier], now, closingTime()).dueAt;
}

interface Form {
  readonly schema: z.ZodType;
  complete(body: never, signer: string, now: Date): Completion;
}

function form<S extends z.ZodType>(schema: S, complete: (body: z.output<S>, signer: string, now: Date) => Completion): Form {
  return { schema, complete: complete as Form['complete'] };
}

const none = (): Completion => ({ variables: {}, opinion: null, decision: null });

export const FORMS: Readonly<Record<string, Form>> = {
  'onewindow:instant-conclude': form(z.object({}), none),
  'onewindow:issuing-pickup': form(z.object({}), none),
  'onewindow:pre-review': form(z.object({ preReviewOpinion: text('初审意见') }), (b) => ({
    variables: { preReviewOpinion: b.preReviewOpinion },
    opinion: b.preReviewOpinion,
    decision: null,
  })),
  'onewindow:approval': form(decided, (b) => ({
    variables: { decision: b.decision, opinion: b.opinion || '同意', ...(b.decision === 'supplement' ? { missingMaterials: b.missingMaterials ?? [] } : {}) },
    opinion: b.opinion || '同意',
    decision: b.decision,
  })),
  // The signer is whoever completes the task, never what the body claims.
  'onewindow:countersign': form(z.object({ signature: decided }), (b, signer) => ({
    variables: { signature: { ...signatureOf(b.signature), signer } },
    opinion: b.signature.opinion || '同意',
    decision: b.signature.decision,
  })),
  'onewindow:rectification-verify': form(
    z.object({ verdict: z.enum(['rectify', 'explain', 'invalid'], { error: '核实结论须为 rectify（需整改）、explain（解释说明）或 invalid（不属实）' }), verifyOpinion: text('核实意见') }),
    (b) => ({ variables: { verdict: b.verdict, verifyOpinion: b.verifyOpinion }, opinion: b.verifyOpinion, decision: b.verdict }),
  ),
  'onewindow:rectification-rectify': form(z.object({ rectification: text('整改情况') }), (b) => ({
    variables: { rectification: b.rectification },
    opinion: b.rectification,
    decision: null,
  })),
  'onewindow:rectification-return-visit': form(z.object({ raterSatisfied: z.boolean({ error: 'raterSatisfied 须为 true 或 false' }) }), (b) => ({
    variables: { raterSatisfied: b.raterSatisfied },
    opinion: b.raterSatisfied ? '满意' : '不满意',
    decision: null,
  })),
  'onewindow:complaint-assign': form(
    z
      .object({
        responsibleGroups: z.array(z.string().trim().min(1)).min(1, '请选择至少一个责任部门'),
        tier: z.enum(COMPLAINT_TIERS, { error: '办理时限须为 immediate（即办）、five-days（5 个工作日）或 ten-days（10 个工作日）' }).optional(),
        resolveDueAt: z.iso.datetime({ offset: true, error: '须为带时区的日期时间，如 2025-05-27T17:30:00+08:00' }).optional(),
      })
      .refine((v) => v.tier !== undefined || v.resolveDueAt !== undefined, { path: ['tier'], message: '请选择办理时限（或给出 resolveDueAt）' }),
    (b, _signer, now) => ({
      variables: { responsibleGroups: b.responsibleGroups, resolveDueAt: b.resolveDueAt ?? tierDueAt(b.tier ?? 'immediate', now) },
      opinion: null,
      decision: null,
    }),
  ),
  'onewindow:complaint-resolve': form(z.object({ resolution: text('办理结果') }), (b) => ({
    variables: { resolution: b.resolution },
    opinion: b.resolution,
    decision: null,
  })),
  'onewindow:complaint-satisfaction': form(z.object({ complainantSatisfied: z.boolean({ error: 'complainantSatisfied 须为 true 或 false' }) }), (b) => ({
    variables: { complainantSatisfied: b.complainantSatisfied },
    opinion: b.complainantSatisfied ? '满意' : '不满意',
    decision: null,
  })),
};

/** A step this file has no form for: the variables as given, and an optional opinion. */
const GENERIC = form(z.object({ variables: z.record(z.string(), z.unknown()).default({}), opinion: z.string().trim().max(2000).optional() }), (b) => ({
  variables: b.variables,
  opinion: b.opinion ?? null,
  decision: null,
}));

export function formFor(formKey: string | null): Form {
  return (formKey !== null ? FORMS[formKey] : undefined) ?? GENERIC;
}
