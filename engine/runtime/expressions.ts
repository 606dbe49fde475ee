// Evaluating model expressions against an element's variables, with the result checks Zeebe
// makes (a condition must be a boolean, a job type a string…) and its failure wording.
import { evaluateFeel } from '../feel/index.js';
import type { FeelValue } from '../feel/index.js';
import type { Expression } from '../model/types.js';
import { resultType } from '../model/expressions.js';

export type Evaluated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function evaluate(expression: Expression, variables: Record<string, unknown>): Evaluated<FeelValue> {
  if (expression.kind === 'static') return { ok: true, value: expression.value };
  const r = evaluateFeel(expression.source, variables as Record<string, FeelValue>);
  return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message };
}

function describe(expression: Expression): string {
  return expression.kind === 'feel' ? expression.source : expression.value;
}

export function evaluateBoolean(expression: Expression, variables: Record<string, unknown>): Evaluated<boolean> {
  const r = evaluate(expression, variables);
  if (!r.ok) return r;
  if (typeof r.value !== 'boolean') {
    return { ok: false, message: `Expected result of the expression '${describe(expression)}' to be 'BOOLEAN', but was '${resultType(r.value)}'.` };
  }
  return { ok: true, value: r.value };
}

export function evaluateString(expression: Expression, variables: Record<string, unknown>): Evaluated<string> {
  const r = evaluate(expression, variables);
  if (!r.ok) return r;
  if (typeof r.value !== 'string') {
    return { ok: false, message: `Expected result of the expression '${describe(expression)}' to be 'STRING', but was '${resultType(r.value)}'.` };
  }
  return { ok: true, value: r.value };
}

export function evaluateNumber(expression: Expression, variables: Record<string, unknown>): Evaluated<number> {
  const r = evaluate(expression, variables);
  if (!r.ok) return r;
  const v = typeof r.value === 'string' && r.value.trim() !== '' && !Number.isNaN(Number(r.value)) ? Number(r.value) : r.value;
  if (typeof v !== 'number') {
    return { ok: false, message: `Expected result of the expression '${describe(expression)}' to be 'NUMBER', but was '${resultType(r.value)}'.` };
  }
  return { ok: true, value: v };
}

/** Correlation keys: a string or a number (numbers become their string form), as in Zeebe. */
export function evaluateCorrelationKey(expression: Expression, variables: Record<string, unknown>, elementId: string): Evaluated<string> {
  const r = evaluate(expression, variables);
  if (!r.ok) return { ok: false, message: `Failed to extract the correlation key for '${describe(expression)}': ${r.message}` };
  if (typeof r.value === 'string') return { ok: true, value: r.value };
  if (typeof r.value === 'number') return { ok: true, value: String(r.value) };
  return {
    ok: false,
    message: `Failed to extract the correlation key for '${describe(expression)}' of element '${elementId}': The value must be either a string or a number, but was '${resultType(r.value)}'.`,
  };
}

/** A list of strings from a static "a, b" or a FEEL list/string (candidate groups and users). */
export function evaluateStringList(expression: Expression, variables: Record<string, unknown>): Evaluated<string[]> {
  if (expression.kind === 'static') {
    return { ok: true, value: expression.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) };
  }
  const r = evaluate(expression, variables);
  if (!r.ok) return r;
  if (typeof r.value === 'string') return { ok: true, value: r.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) };
  if (Array.isArray(r.value) && r.value.every((v): v is string => typeof v === 'string')) return { ok: true, value: r.value };
  return {
    ok: false,
    message: `Expected result of the expression '${describe(expression)}' to be 'ARRAY' containing 'STRING' items, but was '${resultType(r.value)}'.`,
  };
}
