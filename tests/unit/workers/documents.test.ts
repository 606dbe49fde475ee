// The printable notices and certificates (workers/documents/).
import { describe, expect, it } from 'vitest';
import { certificateHtml } from '../../../workers/documents/certificate.js';
import { noticeHtml } from '../../../workers/documents/notice.js';
import { validUntil } from '../../../workers/issue-certificate.js';

const base = { caseNo: 'CN-1', applicantName: '城关镇<好味>小吃店', subItemName: '食品经营许可（新办）', department: '县市场监督管理局', issuedOn: '2026年3月2日' };

describe('printable documents', () => {
  it('一次性告知书 lists every missing material at once with the deadline and the consequence', () => {
    const html = noticeHtml({ ...base, kind: 'one-time', noticeNo: 'GZ-2026-000001', missingMaterials: ['营业执照', '食品安全管理制度目录和食品安全管理人员情况'], deadline: '2026年3月9日' });
    expect(html).toContain('<title>一次性告知书 GZ-2026-000001</title>');
    expect(html).toContain('<li>营业执照</li>');
    expect(html).toContain('<li>食品安全管理制度目录和食品安全管理人员情况</li>');
    expect(html).toContain('2026年3月9日');
    expect(html).toContain('逾期未提交的，不予受理');
    // Names typed by people are escaped.
    expect(html).toContain('城关镇&lt;好味&gt;小吃店');
    expect(html).not.toContain('<好味>');
  });

  it('不予受理通知书 gives the reason in words and the remedies', () => {
    const html = noticeHtml({ ...base, kind: 'refusal', noticeNo: 'BY-2026-000001', missingMaterials: ['营业执照'], reason: 'materials-incomplete' });
    expect(html).toContain('补正的材料仍不齐全');
    expect(html).toContain('<li>营业执照</li>');
    expect(html).toContain('行政复议');
  });

  it('a certificate shows holder, issuer and validity', () => {
    const html = certificateHtml({ ...base, certificateNo: 'ZZ-2026-01-000001', name: '食品经营许可证', holderName: '好味小吃店', holderId: '91350100M000100Y43', validUntil: '2031年3月1日' });
    expect(html).toContain('<h1>食品经营许可证</h1>');
    expect(html).toContain('91350100M000100Y43');
    expect(html).toContain('2031年3月1日');
  });

  it('a licence valid for n years runs to the day before the same date (29 February → 28 February)', () => {
    expect(validUntil('2026-03-02', 5)).toBe('2031-03-01');
    expect(validUntil('2028-02-29', 1)).toBe('2029-02-28');
    expect(validUntil('2026-01-01', 3)).toBe('2028-12-31');
  });
});
