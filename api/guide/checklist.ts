// 材料清单 (一次性告知 before the visitor queues): everything a visitor needs to bring for one
// sub-item, in words a visitor reads — labels, not identifiers — with the limits, fees and where
// it may be handled. The same data prints as an HTML page (checklistHtml).
import type { Dictionary, SubItem } from '../../processes/dictionary/load.js';
import {
  APPLICANT_KIND_LABELS,
  CASE_TYPE_LABELS,
  MATERIAL_KIND_LABELS,
  MATERIAL_SOURCE_LABELS,
  NECESSITY_LABELS,
  ORG_LEVEL_LABELS,
  RESULT_KIND_LABELS,
  SITUATION_LABELS,
  type OrgLevel,
} from '../../processes/dictionary/schema.js';

export interface ChecklistMaterial {
  readonly no: number;
  readonly name: string;
  readonly kind: string;
  readonly copies: number;
  readonly necessity: string;
  readonly necessityCode: string;
  readonly condition: string | null;
  readonly source: string;
  readonly issuer: string | null;
  /** 制式表格: the blank form handed out (or downloaded), by its key and the name on it. */
  readonly form: { readonly key: string; readonly name: string } | null;
  /** 填写模板: a filled-in sample of the form. */
  readonly formSample: { readonly key: string; readonly name: string } | null;
  readonly standard: string | null;
}

export interface Checklist {
  readonly code: string;
  readonly name: string;
  readonly matterName: string;
  readonly situation: string;
  readonly department: string;
  readonly applicants: readonly string[];
  readonly caseType: string;
  /** "当场办结" or "N个工作日". */
  readonly committedLimit: string;
  readonly legalLimit: string;
  readonly limitsNote: string | null;
  readonly acceptanceConditions: readonly string[];
  readonly materials: readonly ChecklistMaterial[];
  readonly fees: readonly { readonly name: string; readonly standard: string; readonly basis: string }[];
  /** "不收费" when there are no fees. */
  readonly feeSummary: string;
  readonly result: string;
  /** Where it may be handled, as labels (县政务服务中心, 镇街分中心). */
  readonly where: readonly string[];
  readonly levels: readonly OrgLevel[];
  readonly mailDelivery: boolean;
  readonly dictionaryVersion: number;
}

const days = (n: number): string => (n === 0 ? '当场办结' : `${n}个工作日`);

export function checklistOf(dictionary: Dictionary, item: SubItem, dictionaryVersion: number): Checklist {
  return {
    code: item.code,
    name: item.name,
    matterName: item.matterName,
    situation: SITUATION_LABELS[item.situation],
    department: dictionary.departments.get(item.department)?.name ?? item.department,
    applicants: item.applicants.map((a) => APPLICANT_KIND_LABELS[a]),
    caseType: CASE_TYPE_LABELS[item.caseType],
    committedLimit: days(item.committedDays),
    legalLimit: days(item.legalDays),
    limitsNote: item.limitsNote ?? null,
    acceptanceConditions: [...item.acceptanceConditions],
    materials: item.materials.map((m, i) => ({
      no: i + 1,
      name: m.name,
      kind: MATERIAL_KIND_LABELS[m.kind],
      copies: m.copies,
      necessity: NECESSITY_LABELS[m.necessity],
      necessityCode: m.necessity,
      condition: m.condition ?? null,
      source: MATERIAL_SOURCE_LABELS[m.source],
      issuer: m.issuer ?? null,
      form: m.form === undefined ? null : { key: m.form, name: `《${m.name}》` },
      formSample: m.formSample === undefined ? null : { key: m.formSample, name: `《${m.name}》填写模板` },
      standard: m.standard ?? null,
    })),
    fees: item.fees.map((f) => ({ ...f })),
    feeSummary: item.fees.length === 0 ? '不收费' : item.fees.map((f) => `${f.name}：${f.standard}`).join('；'),
    result: `${RESULT_KIND_LABELS[item.result.kind]}：${item.result.name}${item.result.validityYears === undefined ? '' : `（有效期${item.result.validityYears}年）`}`,
    where: item.levels.map((l) => ORG_LEVEL_LABELS[l]),
    levels: [...item.levels],
    mailDelivery: item.mailDelivery,
    dictionaryVersion,
  };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
}

/** The checklist as a self-contained A4 page: no scripts, no external files, prints as shown. */
export function checklistHtml(c: Checklist): string {
  const e = escape;
  const rows = c.materials
    .map(
      (m) => `<tr class="${e(m.necessityCode)}"><td>${m.no}</td><td>${e(m.name)}${m.condition ? `<div class="note">适用：${e(m.condition)}</div>` : ''}${m.standard ? `<div class="note">要求：${e(m.standard)}</div>` : ''}</td>` +
        `<td>${e(m.kind)}</td><td>${m.copies}</td><td>${e(m.necessity)}</td><td>${e(m.source)}${m.issuer ? `（${e(m.issuer)}）` : ''}</td>` +
        `<td>${m.form ? e(m.form.name) : ''}${m.formSample ? `<div class="note">附${e(m.formSample.name)}</div>` : ''}</td><td class="tick">□</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${e(c.name)} 材料清单</title>
<style>
  @page { size: A4; margin: 15mm; }
  body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 11pt; color: #000; margin: 0 auto; max-width: 190mm; }
  h1 { font-size: 16pt; margin: 0 0 4pt; }
  .code { color: #444; font-size: 9pt; }
  dl { display: grid; grid-template-columns: 7em 1fr; gap: 2pt 8pt; margin: 8pt 0; }
  dt { font-weight: bold; }
  dd { margin: 0; }
  table { width: 100%; border-collapse: collapse; margin-top: 6pt; }
  th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
  th { background: #eee; }
  tr { page-break-inside: avoid; }
  .note { font-size: 9pt; color: #333; }
  .optional td, .deferrable td { color: #333; }
  .tick { text-align: center; font-size: 14pt; }
  footer { margin-top: 10pt; font-size: 9pt; color: #444; }
</style>
</head>
<body>
<h1>${e(c.name)}</h1>
<div class="code">业务办理项编码 ${e(c.code)} · 所属事项 ${e(c.matterName)} · 受理事典第 ${c.dictionaryVersion} 版</div>
<dl>
  <dt>实施主体</dt><dd>${e(c.department)}</dd>
  <dt>服务对象</dt><dd>${e(c.applicants.join('、'))}</dd>
  <dt>办件类型</dt><dd>${e(c.caseType)}</dd>
  <dt>承诺时限</dt><dd>${e(c.committedLimit)}（法定时限 ${e(c.legalLimit)}）${c.limitsNote ? `<div class="note">${e(c.limitsNote)}</div>` : ''}</dd>
  <dt>收费</dt><dd>${e(c.feeSummary)}</dd>
  <dt>办理结果</dt><dd>${e(c.result)}${c.mailDelivery ? '，可免费邮寄送达（邮帮办）' : ''}</dd>
  <dt>办理地点</dt><dd>${e(c.where.join('、'))}</dd>
  <dt>受理条件</dt><dd>${c.acceptanceConditions.map((x) => e(x)).join('<br>')}</dd>
</dl>
<table>
<thead><tr><th>序号</th><th>材料名称</th><th>材料形式</th><th>份数</th><th>必要性</th><th>来源</th><th>制式表格</th><th>已备</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<footer>“容缺后补”的材料可先受理、后补交。请携带以上材料到窗口办理；材料以窗口审核为准。</footer>
</body>
</html>
`;
}
