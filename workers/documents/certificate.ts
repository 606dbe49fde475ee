// A 证照 as a printable page: what it is, who holds it, who issued it, when, until when.
import { escapeHtml, printablePage } from './html.js';

export interface CertificateDocument {
  readonly certificateNo: string;
  readonly name: string;
  readonly holderName: string;
  readonly holderId: string | undefined;
  readonly subItemName: string;
  readonly caseNo: string;
  readonly department: string;
  /** Chinese dates. */
  readonly issuedOn: string;
  readonly validUntil: string | undefined;
}

export function certificateHtml(c: CertificateDocument): string {
  const rows: [string, string][] = [
    ['证照编号', c.certificateNo],
    ['持证主体', c.holderName],
    ...(c.holderId ? ([['证件号码', c.holderId]] as [string, string][]) : []),
    ['许可事项', c.subItemName],
    ['办件编号', c.caseNo],
    ['发证机关', c.department],
    ['发证日期', c.issuedOn],
    ['有效期至', c.validUntil ?? '长期'],
  ];
  const body = `<table>
${rows.map(([k, v]) => `  <tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
<p class="seal">${escapeHtml(c.department)}（印章）<br>${escapeHtml(c.issuedOn)}</p>`;
  return printablePage(c.name, c.certificateNo, body);
}
