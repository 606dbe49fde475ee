// Model values as Expressions, checked the way Zeebe's deploy-time expression validators check
// them: FEEL must parse, some values must be FEEL, some static values must have a shape, and a
// few values (names of start-event messages and signals) must be constants.
import { evaluateFeel, feelSyntaxError, toExpression, type FeelValue } from '../feel/index.js';
import type { Problems } from './problems.js';
import { parseIsoDateTime } from './time.js';
import type { Expression } from './types.js';

// Zeebe's pattern and reserved words for a mapping target.
const PATH_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;
const PATH_RESERVED_WORDS = ['null', 'true', 'false', 'function', 'if', 'then', 'else', 'for', 'between', 'instance', 'of'];

export function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** How Zeebe parses a static candidateGroups/candidateUsers value: `a, b,c`. */
function isListOfCsv(value: string): boolean {
  return value.split(',').every((part) => part.trim() !== '');
}

/** A model value as an Expression; a FEEL one must parse, and `nonStatic` values must be FEEL. */
export function expression(problems: Problems, ownerId: string, raw: string, nonStatic = false): Expression {
  const result = toExpression(raw);
  if (result.kind === 'feel') {
    const error = feelSyntaxError(result.source);
    if (error !== undefined) problems.add(ownerId, `failed to parse expression '${result.source}': ${error}`);
  } else if (nonStatic) {
    problems.add(
      ownerId,
      `Expected expression but found static value '${raw}'. An expression must start with '=' (e.g. '=${raw}').`,
    );
  }
  return result;
}

export function csvExpression(problems: Problems, ownerId: string, raw: string): Expression {
  const result = expression(problems, ownerId, raw);
  if (result.kind === 'static' && !isListOfCsv(raw)) {
    problems.add(ownerId, `Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found '${raw}'.`);
  }
  return result;
}

export function dateTimeExpression(problems: Problems, ownerId: string, raw: string): Expression {
  const result = expression(problems, ownerId, raw);
  if (result.kind === 'static' && parseIsoDateTime(raw) === undefined) {
    problems.add(
      ownerId,
      `Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found '${raw}'.`,
    );
  }
  return result;
}

export function checkPath(problems: Problems, ownerId: string, target: string | undefined): void {
  if (target === undefined || target === '') {
    problems.add(ownerId, 'Expected path expression but not found.');
  } else if (!PATH_PATTERN.test(target)) {
    problems.add(
      ownerId,
      `Expected path expression '${target}' but doesn't match the pattern '${PATH_PATTERN.source.slice(1, -1)}'.`,
    );
  } else if (PATH_RESERVED_WORDS.includes(target)) {
    problems.add(
      ownerId,
      `Expected path expression '${target}' but is one of the reserved words (${PATH_RESERVED_WORDS.join(', ')}).`,
    );
  }
}

/** A value as written in the model (`=` and all), as Zeebe compares names and codes; undefined when empty. */
export function writtenText(value: Expression | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.kind === 'static' ? value.value : `=${value.source}`;
  return text === '' ? undefined : text;
}

/** Zeebe's name for the type of an evaluation result (ResultType). */
export function resultType(value: FeelValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  switch (typeof value) {
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return 'NUMBER';
    case 'string':
      return 'STRING';
    default:
      return 'OBJECT';
  }
}

/**
 * Evaluates an expression without any variables, as Zeebe does at deploy time for what has no
 * process instance to run in (timer start events, names of start-event messages and signals).
 * Returns the value, or a failure message.
 */
export function evaluateWithoutContext(e: Expression): { ok: true; value: FeelValue } | { ok: false; message: string } {
  if (e.kind === 'static') return { ok: true, value: e.value };
  return evaluateFeel(e.source, {});
}

/**
 * The name of a start-event message or signal must be a constant string (Zeebe's
 * Process{Message,Signal}StartEventNameValidator): there is no instance yet to evaluate it in.
 */
export function checkConstantName(problems: Problems, ownerId: string, name: Expression, what: 'message' | 'signal'): void {
  if (name.kind === 'static') return;
  if (feelSyntaxError(name.source) !== undefined) return; // already reported
  const raw = `=${name.source}`;
  const result = evaluateWithoutContext(name);
  if (!result.ok) {
    problems.add(
      ownerId,
      `Expected constant expression but found '${raw}', which could not be evaluated without context: ${result.message}`,
    );
  } else if (typeof result.value !== 'string') {
    problems.add(
      ownerId,
      `Expected constant expression of type String for ${what} name '${raw}', but was ${resultType(result.value)}`,
    );
  }
}
