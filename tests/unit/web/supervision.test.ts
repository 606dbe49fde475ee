// The supervision pages' logic without a browser: the stuck list's URL filters, how durations and
// China times read, and which engine records the case timeline shows by default.
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../modeler-ui/src/supervision/data.js';
import { zhCN } from '../../../modeler-ui/src/i18n/zh-CN.js';
import { formatDurationIn, formatTimeIn, percent } from '../../../modeler-ui/src/supervision/format-core.js';
import { filtersOf, queryOf } from '../../../modeler-ui/src/supervision/stuck-filters.js';
import { auditDetail, engineDetail, engineLabel, important } from '../../../modeler-ui/src/supervision/timeline-entries.js';

describe('stuck list filters in the URL', () => {
  it('keeps only the filters set, trimmed, in a fixed order, and drops unknown parameters', () => {
    const from = filtersOf(new URLSearchParams('varValue=%20张三%20&reason=incident&junk=1&orgUnit='));
    expect(from).toEqual({ reason: 'incident', orgUnit: '', subItemCode: '', noProgressHours: '', varName: '', varValue: ' 张三 ' });
    expect(queryOf({ ...from, varName: 'applicantName' }).toString()).toBe(`reason=incident&varName=applicantName&varValue=${encodeURIComponent('张三')}`);
  });

  it('round-trips: the link made from filters reads back as the same filters', () => {
    const filters = { reason: 'overdue-red', orgUnit: 'town-qingshan', subItemCode: '330A0100200001', noProgressHours: '3.5', varName: 'caseNo', varValue: 'C*' };
    expect(filtersOf(new URLSearchParams(queryOf(filters).toString()))).toEqual(filters);
  });
});

describe('format', () => {
  it('durations in days and hours, hours and minutes, or minutes', () => {
    expect(formatDurationIn('zh-CN', 0)).toBe('0分');
    expect(formatDurationIn('zh-CN', 59_999)).toBe('0分');
    expect(formatDurationIn('zh-CN', 5 * 3_600_000 + 12 * 60_000)).toBe('5小时12分');
    expect(formatDurationIn('zh-CN', 3 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000)).toBe('3天4小时');
    expect(formatDurationIn('zh-CN', -5_000)).toBe('0分');
    expect(formatDurationIn('en', 26 * 3_600_000)).toBe('1d 2h');
  });

  it('times in China time whatever the zone, and a dash for none', () => {
    expect(formatTimeIn('zh-CN', '2026-03-12T08:05:00.000Z')).toBe('2026/03/12 16:05');
    expect(formatTimeIn('zh-CN', null)).toBe('—');
    expect(percent(0.9234)).toBe('92.3%');
    expect(percent(null)).toBe('—');
  });
});

describe('timeline entries', () => {
  const engine = (valueType: string, intent: string, detail: Record<string, unknown> = {}, recordType = 'EVENT'): TimelineEntry => ({
    source: 'engine', at: '2026-03-12T08:00:00.000Z', position: '1', processInstanceKey: '1', recordType, valueType, intent, elementId: null, elementName: null, detail,
  });

  it('shows what tells the story and hides bookkeeping, commands, flows and variable records', () => {
    expect(important(engine('INCIDENT', 'CREATED'))).toBe(true);
    expect(important(engine('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', { bpmnElementType: 'SERVICE_TASK' }))).toBe(true);
    expect(important(engine('VARIABLE_DOCUMENT', 'UPDATED'))).toBe(true);
    expect(important(engine('PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', { bpmnElementType: 'SERVICE_TASK' }))).toBe(false);
    expect(important(engine('PROCESS_INSTANCE', 'ELEMENT_COMPLETED', { bpmnElementType: 'SEQUENCE_FLOW' }))).toBe(false);
    expect(important(engine('VARIABLE', 'CREATED', { name: 'caseNo' }))).toBe(false);
    expect(important(engine('JOB', 'COMPLETE', {}, 'COMMAND'))).toBe(false);
    expect(important({ source: 'audit', at: '2026-03-12T08:00:00.000Z', actor: 'supervisor', action: 'supervision.case.cancel', reason: '撤回', detail: {} })).toBe(true);
  });

  it('labels records in Chinese, falling back to the engine’s words, and names the details', () => {
    expect(engineLabel(zhCN.supervision, 'INCIDENT', 'RESOLVED')).toBe('异常已解决');
    expect(engineLabel(zhCN.supervision, 'DECISION', 'EVALUATED')).toBe('DECISION EVALUATED');
    expect(engineDetail(zhCN.supervision, { type: 'ow.identity-check', errorMessage: '超时', retries: 0, elementInstanceKey: 5 })).toBe('ow.identity-check · 超时 · 重试次数 0');
    expect(auditDetail({ name: 'identityRecheck', value: true, previousValue: null })).toBe('identityRecheck = true');
    expect(auditDetail({ from: 'approver', to: 'approver3' })).toBe('→ approver3');
    expect(auditDetail(null)).toBe('');
  });
});
