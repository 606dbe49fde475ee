// The five levels of 好差评 and what a 差评 must say went wrong (domain.md §2; GB/T 39734 差评分类).
// Scores 1–2 are bad (差评): the rater chooses at least one problem, and "其他" needs words.
import { z } from 'zod';

export const SCORES = [5, 4, 3, 2, 1] as const;
export type Score = (typeof SCORES)[number];

export const SCORE_LABELS: Readonly<Record<Score, string>> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

/** 差评: 不满意 or 非常不满意. */
export const isBad = (score: number): boolean => score <= 2;
/** 好评: 满意 or 非常满意. */
export const isGood = (score: number): boolean => score >= 4;

/** The score a concluded case gets when nobody rated it in time. */
export const DEFAULT_SCORE: Score = 3;

export const PROBLEMS = ['guidance', 'procedure', 'materials', 'attitude', 'duration', 'other'] as const;
export type Problem = (typeof PROBLEMS)[number];

export const PROBLEM_LABELS: Readonly<Record<Problem, string>> = {
  guidance: '服务指引不清晰',
  procedure: '办事程序不便利',
  materials: '材料手续不精简',
  attitude: '服务态度',
  duration: '办理时间过长',
  other: '其他',
};

export const CHANNELS = ['window', 'qr', 'card', 'default'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  window: '即时评（窗口评价器）',
  qr: '扫码评',
  card: '卡片评',
  default: '默认评价（逾期未评）',
};

/** What a rating screen offers: the levels and, for a 差评, the problems to choose from. */
export const ratingChoices = {
  levels: SCORES.map((score) => ({ score, label: SCORE_LABELS[score], bad: isBad(score) })),
  problems: PROBLEMS.map((id) => ({ id, label: PROBLEM_LABELS[id] })),
};

export const RatingChoices = z.object({
  levels: z.array(z.object({ score: z.number(), label: z.string(), bad: z.boolean() })),
  problems: z.array(z.object({ id: z.string(), label: z.string() })),
});

/**
 * What the rater says: a score, the problems (差评 only) and a comment (改进意见). Each channel's
 * body spreads `ratingFields` into its own object and adds `checkRating`, so every channel answers
 * the same, naming the field.
 */
export const ratingFields = {
  score: z.number({ error: '请选择评价等级（1–5）' }).int('评价等级应为 1–5 的整数').min(1, '评价等级应为 1–5').max(5, '评价等级应为 1–5'),
  problems: z.array(z.enum(PROBLEMS, { error: `问题类别应为：${PROBLEMS.join('、')}` })).max(PROBLEMS.length).default([]),
  comment: z.string().trim().max(500, '意见不超过 500 字').optional(),
};

export interface RatingInput {
  readonly score: number;
  readonly problems: readonly Problem[];
  readonly comment?: string | undefined;
}

/** The rules that tie score, problems and comment together (a zod superRefine). */
export function checkRating(value: RatingInput, ctx: z.RefinementCtx): void {
  if (isBad(value.score) && value.problems.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['problems'], message: `差评请至少选择一项问题：${PROBLEMS.map((p) => PROBLEM_LABELS[p]).join('、')}` });
  }
  if (!isBad(value.score) && value.problems.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['problems'], message: '只有“不满意”“非常不满意”需要选择问题类别' });
  }
  if (new Set(value.problems).size !== value.problems.length) {
    ctx.addIssue({ code: 'custom', path: ['problems'], message: '问题类别有重复' });
  }
  if (value.problems.includes('other') && !value.comment) {
    ctx.addIssue({ code: 'custom', path: ['comment'], message: '选择“其他”时请写明问题和改进意见' });
  }
}
