// FEEL as Zeebe 8.3+ evaluates it: through @bpmn-io/feelin, null-friendly, with the Camunda
// built-ins feelin lacks, and with temporal results turned into ISO strings so that everything
// the engine stores is plain JSON.
//
//   compile.ts   syntax check, rewrite of built-in calls, cache
//   builtins.ts  the injected Camunda / Zeebe built-in functions
//   evaluate.ts  evaluation and failure messages
//   values.ts    feelin results → JSON
//   temporal.ts  feelin's luxon values: kinds, zones, ISO formatting
import type { Expression } from '../model/types.js';
import { compileFeel } from './compile.js';

export type { FeelResult, FeelValue } from './types.js';
export { evaluateFeel } from './evaluate.js';
export { evaluateUnaryTests, unaryTestInput, unaryTestsSyntaxError, type UnaryTestInput, type UnaryTestsResult } from './unary-tests.js';

/**
 * Turns a model attribute into an Expression: `=x` is FEEL (`x`, trimmed), anything else is
 * static. As in Zeebe, a lone `=` has no expression after it and stays a static value.
 */
export function toExpression(raw: string): Expression {
  if (raw.length > 1 && raw.startsWith('=')) return { kind: 'feel', source: raw.slice(1).trim() };
  return { kind: 'static', value: raw };
}

/**
 * The syntax error in a FEEL expression (without the leading `=`), or undefined when it parses.
 * The message names what is wrong and where (1-based character position), e.g.
 * "unexpected end of expression at position 4 (incomplete comparison)"; callers prefix it with
 * Zeebe's "failed to parse expression '<source>': ".
 */
export function feelSyntaxError(source: string): string | undefined {
  return compileFeel(source).syntaxError;
}
