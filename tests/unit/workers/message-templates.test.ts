// The hall's message texts (workers/rules/message-templates.ts; processes/README.md template table).
import { describe, expect, it } from 'vitest';
import { MESSAGE_TEMPLATES, renderMessage, UnknownTemplateError } from '../../../workers/rules/message-templates.js';

const caseData = { caseNo: 'CN-20260301-0001', subItemName: '食品经营许可（新办）' };

describe('message templates', () => {
  it('has a Chinese text for every template the flows send (processes/README.md) and the rating invitation', () => {
    for (const name of MESSAGE_TEMPLATES) {
      const text = renderMessage(name, { ...caseData, complaintNo: 'BC-0001', ratingId: 'PJ-1' });
      expect(text, name).toMatch(/[\u4e00-\u9fff]/);
      expect(text, name).not.toMatch(/undefined|null/);
    }
  });

  it('yellow and red cards name the case, the sub-item and the committed due date in China time', () => {
    const yellow = renderMessage('warning-yellow', { ...caseData, committedDueAt: '2025-05-13T23:59:59+08:00' });
    expect(yellow).toContain('黄牌预警');
    expect(yellow).toContain('CN-20260301-0001（食品经营许可（新办））');
    expect(yellow).toContain('2025年5月13日');
    // 2025-05-13T16:30Z is already 14 May in the county hall.
    expect(renderMessage('warning-red', { ...caseData, committedDueAt: '2025-05-13T16:30:00Z' })).toContain('2025年5月14日');
  });

  it('a rejection tells the applicant the reason and their remedies', () => {
    const text = renderMessage('decision-rejected', { ...caseData, opinion: '经营场所不符合食品安全要求' });
    expect(text).toMatch(/^【县政务服务中心】/);
    expect(text).toContain('理由：经营场所不符合食品安全要求');
    expect(text).toContain('行政复议');
  });

  it('the rating invitation carries the link; feedback carries what was done', () => {
    expect(renderMessage('rating-invitation', { ...caseData, ratingLink: 'https://zwfw.example/r/abc' })).toContain('https://zwfw.example/r/abc');
    expect(renderMessage('complaint-feedback', { complaintNo: 'BC-7', resolution: '已协调补办' })).toContain('已协调补办');
    expect(renderMessage('rectification-feedback', { caseNo: 'X', rectification: '已约谈窗口人员' })).toContain('已约谈窗口人员');
  });

  it('an unknown template is an error that lists the known ones, not a blank message', () => {
    expect(() => renderMessage('warning-orange', caseData)).toThrow(UnknownTemplateError);
    expect(() => renderMessage('warning-orange', caseData)).toThrow(/warning-orange.*warning-yellow/);
    expect(() => renderMessage(undefined, caseData)).toThrow(UnknownTemplateError);
  });
});
