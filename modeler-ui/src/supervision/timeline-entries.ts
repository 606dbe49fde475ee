// How one timeline entry reads: which engine records tell the case's story (the rest shows only
// with "all records"), their Chinese labels, and the few details worth a word. The strings come
// in as `m` (t.supervision), so this file has no browser dependency.
import type { Messages } from '../i18n/zh-CN.js';
import type { TimelineEntry } from './data.js';

type Strings = Pick<Messages['supervision'], 'intents' | 'retries'>;

/** The engine's intermediate states and flows: shown only with "all records". */
const QUIET = new Set(['ELEMENT_ACTIVATING', 'ELEMENT_COMPLETING', 'ELEMENT_TERMINATING', 'SEQUENCE_FLOW_TAKEN']);
const QUIET_ELEMENTS = new Set(['SEQUENCE_FLOW']);
/** Variables have their own tab; the timeline keeps only a supervisor's change (VARIABLE_DOCUMENT). */
const QUIET_VALUES = new Set(['VARIABLE']);

export function important(e: TimelineEntry): boolean {
  if (e.source === 'audit') return true;
  if (e.recordType !== 'EVENT' || QUIET.has(e.intent) || QUIET_VALUES.has(e.valueType)) return false;
  const type = e.detail['bpmnElementType'];
  return !(typeof type === 'string' && QUIET_ELEMENTS.has(type));
}

export function engineLabel(m: Strings, valueType: string, intent: string): string {
  return m.intents[`${valueType}.${intent}`] ?? `${valueType} ${intent}`;
}

/** What an audit entry was about, when its detail names it (the variable a supervisor set, whom a task went to). */
export function auditDetail(detail: unknown): string {
  if (typeof detail !== 'object' || detail === null) return '';
  const d = detail as Record<string, unknown>;
  if (d['name'] !== undefined && d['value'] !== undefined) return `${String(d['name'])} = ${JSON.stringify(d['value'])}`;
  if (typeof d['to'] === 'string') return `→ ${d['to']}`;
  return '';
}

/** The few value fields worth a word: the job type, the error, a variable's name, retries left. */
export function engineDetail(m: Strings, detail: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const key of ['type', 'name', 'messageName', 'errorMessage', 'retries', 'worker'] as const) {
    const v = detail[key];
    if (v === undefined || v === null || v === '') continue;
    parts.push(key === 'retries' ? `${m.retries} ${String(v)}` : String(v));
  }
  return parts.join(' · ');
}
