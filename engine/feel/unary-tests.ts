// FEEL unary tests — the input entries of a DMN decision table — as Zeebe 8.3+ evaluates them
// (feel-scala 1.17+, null-friendly). docs.camunda.io, "FEEL unary-tests" (8.3–8.5): a unary-tests
// expression is satisfied when
//   - it is `-` (or, in a decision table, the cell is empty);
//   - a comparison (`< 10`, `>= date("2020-04-06")`) or an interval (`[1..10]`, `]1..10[`, `(1..10]`)
//     holds for the input value — both sides must have the same type, otherwise the test is null;
//   - an expression that uses `?` (the input value) evaluates to true;
//   - any other expression evaluates to true, to a list that contains the input value, or to a
//     value equal to the input value (`"a"`, `5`, `null`, `x.limit`); a boolean literal alone is
//     compared with the input;
//   - one test of a comma-separated list is (`"a","b"`); `not(…)` negates the list.
// Each test is null rather than false where feel-scala's is (values of different types), which
// matters under `not(…)`: not(null) is null, so the rule does not match.
//
// How: the tests are parsed once (lezer-feel's UnaryTests grammar, cached), and every test becomes a
// plain FEEL expression about the input — `< 10` becomes `input < (10)`, `"a"` becomes
// `input = "a"` — that evaluate.ts runs with its rewrites, built-ins, cache and fast path. `input`
// is either a variable bound to the input value, or, when the input is a FEEL expression whose
// value has no JSON form (a date made by `date(x)`), that expression itself, so a date stays a
// date when it is compared with `< date("2024-01-01")`.
import { parseUnaryTests } from '@bpmn-io/feelin';
import { BUILTINS } from './builtins.js';
import { compileFeel, DIALECT } from './compile.js';
import { evaluateFeel } from './evaluate.js';
import type { FeelValue } from './types.js';

type SyntaxNode = ReturnType<typeof parseUnaryTests>['topNode'];
type Variables = Readonly<Record<string, FeelValue>>;

/**
 * The outcome of a unary test: `value` is true when the input satisfies it, false when it does
 * not, and null when the test cannot say (e.g. `< 10` for a string); only true is a match.
 */
export type UnaryTestsResult = { readonly ok: true; readonly value: boolean | null } | { readonly ok: false; readonly message: string };

/**
 * What the tests are applied to: the input value, or the FEEL expression that gives it (with its
 * JSON value when the caller already has it).
 */
export type UnaryTestInput = { readonly value: FeelValue } | { readonly expression: string; readonly value?: FeelValue };

/** The name under which the input value is bound for the rewritten tests. */
const INPUT_VARIABLE = '__ow_input';

/** Where the input goes in a rewritten test. */
const INPUT: unique symbol = Symbol('input');
type Template = readonly (string | typeof INPUT)[];

type Test =
  /** Evaluates to true, false or null (anything else counts as null). */
  | { readonly kind: 'boolean'; readonly template: Template; readonly bound: string }
  /**
   * An expression that does not use `?` and whose value is only known at run time: true matches,
   * a list matches when it contains the input, anything else when it equals the input.
   */
  | {
      readonly kind: 'expression';
      readonly source: string;
      readonly equal: Template;
      readonly contains: Template;
      readonly boundEqual: string;
      readonly boundContains: string;
    };

interface CompiledUnaryTests {
  readonly syntaxError: string | undefined;
  /** `-` or an empty cell: every input matches. */
  readonly anyInput: boolean;
  readonly negate: boolean;
  readonly tests: readonly Test[];
}

/** Names feelin's parser must know to read the built-ins whose names contain spaces or keywords. */
const PARSE_CONTEXT: Readonly<Record<string, unknown>> = Object.fromEntries(
  [...BUILTINS.values()].filter((b) => b.name.includes(' ')).map((b) => [b.name, b.fn]),
);

function children(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) list.push(child);
  return list;
}

function snippet(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 20 ? `${line.slice(0, 20)}…` : line;
}

/** An error node → "unexpected '…' at position n" (1-based), as feelSyntaxError words it. */
function describeError(source: string, node: SyntaxNode): string {
  if (node.from < node.to) return `unexpected '${snippet(source.slice(node.from, node.to).trim())}' at position ${node.from + 1}`;
  const next = /^(\s*)(\S+)/.exec(source.slice(node.from));
  if (next !== null) {
    const token = /^[\w$]+|^\S/.exec(next[2] ?? '')?.[0] ?? '';
    return `unexpected '${snippet(token)}' at position ${node.from + (next[1]?.length ?? 0) + 1}`;
  }
  return `unexpected end of expression at position ${source.length + 1}`;
}

function firstError(source: string, node: SyntaxNode): string | undefined {
  if (node.type.isError) return describeError(source, node);
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    const problem = firstError(source, child);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The source of a node with every `?` in it replaced by the input. */
function templateOf(source: string, node: SyntaxNode): { template: Template; usesInput: boolean } {
  const marks: number[] = [];
  const visit = (n: SyntaxNode): void => {
    if (n.name === '?') marks.push(n.from);
    for (let child = n.firstChild; child !== null; child = child.nextSibling) visit(child);
  };
  visit(node);
  const template: (string | typeof INPUT)[] = [];
  let at = node.from;
  for (const mark of marks) {
    template.push(source.slice(at, mark), INPUT);
    at = mark + 1;
  }
  template.push(source.slice(at, node.to));
  return { template, usesInput: marks.length > 0 };
}

function render(template: Template, input: string): string {
  let out = '';
  for (const part of template) out += part === INPUT ? input : part;
  return out;
}

const paren = (template: Template): Template => ['(', ...template, ')'];

function booleanTest(template: Template): Test {
  return { kind: 'boolean', template, bound: render(template, INPUT_VARIABLE) };
}

/** The FEEL syntax error in the expression at a node, with its position in the whole source. */
function fragmentError(source: string, node: SyntaxNode): string | undefined {
  const error = compileFeel(source.slice(node.from, node.to)).syntaxError;
  return error?.replace(/position (\d+)/, (_, n: string) => `position ${Number(n) + node.from}`);
}

/** One PositiveUnaryTest → a Test, or a syntax problem. */
function compileTest(source: string, node: SyntaxNode): Test | string {
  const inner = node.firstChild;
  if (inner === null) return `unexpected '${snippet(source.slice(node.from, node.to))}' at position ${node.from + 1}`;
  if (inner.name === 'SimplePositiveUnaryTest') {
    const parts = children(inner);
    const [first, second] = parts;
    if (first?.name === 'CompareOp' && second !== undefined) {
      const op = source.slice(first.from, first.to).trim();
      // feel-scala's unary comparisons are < <= > >= only; `= x` and `!= x` do not parse there
      if (op !== '<' && op !== '<=' && op !== '>' && op !== '>=') return `unexpected '${op}' at position ${first.from + 1}`;
      const error = fragmentError(source, second);
      if (error !== undefined) return error;
      return booleanTest([INPUT, ` ${op} `, ...paren(templateOf(source, second).template)]);
    }
    if (first?.name === 'Interval') {
      const bits = children(first);
      const open = bits[0];
      const close = bits[bits.length - 1];
      const start = bits[1];
      const end = bits[2];
      if (open === undefined || close === undefined || start === undefined || end === undefined || bits.length !== 4) {
        return `unexpected '${snippet(source.slice(first.from, first.to))}' at position ${first.from + 1}`;
      }
      const error = fragmentError(source, start) ?? fragmentError(source, end);
      if (error !== undefined) return error;
      const startOp = source.slice(open.from, open.to) === '[' ? '>=' : '>';
      const endOp = source.slice(close.from, close.to) === ']' ? '<=' : '<';
      return booleanTest([
        INPUT,
        ` ${startOp} `,
        ...paren(templateOf(source, start).template),
        ' and ',
        INPUT,
        ` ${endOp} `,
        ...paren(templateOf(source, end).template),
      ]);
    }
    return `unexpected '${snippet(source.slice(inner.from, inner.to))}' at position ${inner.from + 1}`;
  }
  const text = source.slice(inner.from, inner.to);
  // a boolean literal or null alone: compared with the input (feel-scala: InputEqualTo)
  if (inner.name === 'BooleanLiteral' || inner.name === 'null') return booleanTest([INPUT, ' = ', text]);
  const error = fragmentError(source, inner);
  if (error !== undefined) return error;
  const { template, usesInput } = templateOf(source, inner);
  if (usesInput) return booleanTest(paren(template));
  // a string or number literal: the input must equal it
  const constant = compileFeel(text).constant;
  if (constant !== undefined && (typeof constant.value === 'string' || typeof constant.value === 'number')) {
    return booleanTest([INPUT, ' = ', ...paren(template)]);
  }
  const equal: Template = [INPUT, ' = ', ...paren(template)];
  const contains: Template = ['list contains(', ...paren(template), ', ', INPUT, ')'];
  return {
    kind: 'expression',
    source: text,
    equal,
    contains,
    boundEqual: render(equal, INPUT_VARIABLE),
    boundContains: render(contains, INPUT_VARIABLE),
  };
}

/** Every FEEL expression a test runs, rewritten with the bound input (for the syntax check). */
function boundSources(test: Test): string[] {
  return test.kind === 'boolean' ? [test.bound] : [test.source, test.boundEqual, test.boundContains];
}

function compileUncached(source: string): CompiledUnaryTests {
  const failed = (syntaxError: string): CompiledUnaryTests => ({ syntaxError, anyInput: false, negate: false, tests: [] });
  if (source.trim() === '') return { syntaxError: undefined, anyInput: true, negate: false, tests: [] };
  let tree: ReturnType<typeof parseUnaryTests>;
  try {
    tree = parseUnaryTests(source, PARSE_CONTEXT, DIALECT);
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  const problem = firstError(source, tree.topNode);
  if (problem !== undefined) return failed(problem);

  const top = tree.topNode;
  const parts = children(top);
  const [head] = parts;
  if (head === undefined) return failed('unexpected end of expression at position 1');
  if (head.name === 'Wildcard') return { syntaxError: undefined, anyInput: true, negate: false, tests: [] };
  const negate = head.name === 'not';
  const list = negate ? parts.find((p) => p.name === 'PositiveUnaryTests') : head;
  if (list === undefined || list.name !== 'PositiveUnaryTests') {
    return failed(`unexpected '${snippet(source.slice(head.from, head.to))}' at position ${head.from + 1}`);
  }
  const tests: Test[] = [];
  for (const node of children(list)) {
    if (node.name !== 'PositiveUnaryTest') continue;
    const test = compileTest(source, node);
    if (typeof test === 'string') return failed(test);
    // the rewritten expressions must parse too; they do when their parts do, but if a rewrite
    // ever broke one, refuse the tests rather than evaluate something else
    for (const feel of boundSources(test)) {
      const error = compileFeel(feel).syntaxError;
      if (error !== undefined) return failed(`unsupported unary test (${error})`);
    }
    tests.push(test);
  }
  if (tests.length === 0) return failed('unexpected end of expression at position 1');
  return { syntaxError: undefined, anyInput: false, negate, tests };
}

const MAX_CACHED = 10_000;
const cache = new Map<string, CompiledUnaryTests>();

function compileUnaryTests(source: string): CompiledUnaryTests {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(source);
  if (cache.size >= MAX_CACHED) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(source, compiled);
  return compiled;
}

/**
 * The syntax error in a unary-tests expression (a decision table input entry), or undefined when
 * it parses. An empty text and `-` are valid (any input). The message names what is wrong and
 * where, like feelSyntaxError's; callers prefix it (DMN: "FEEL unary-tests: failed to parse
 * expression '<tests>': ").
 */
export function unaryTestsSyntaxError(tests: string): string | undefined {
  return compileUnaryTests(tests).syntaxError;
}

type Failure = { readonly ok: false; readonly message: string };

function isFailure(value: boolean | null | Failure): value is Failure {
  return typeof value === 'object' && value !== null;
}

/** A FEEL result turned into a test outcome; failures keep the unary test's own text. */
function outcome(tests: string, rendered: string, variables: Variables): boolean | null | Failure {
  const result = evaluateFeel(rendered, variables);
  if (!result.ok) return { ok: false, message: result.message.replace(rendered, tests) };
  return typeof result.value === 'boolean' ? result.value : null;
}

interface Binding {
  readonly variables: Variables;
  /** FEEL text standing for the input in a template; undefined: use the bound forms. */
  readonly inline: string | undefined;
}

function evaluateTest(tests: string, test: Test, binding: Binding): boolean | null | Failure {
  const { variables, inline } = binding;
  if (test.kind === 'boolean') {
    return outcome(tests, inline === undefined ? test.bound : render(test.template, inline), variables);
  }
  // feel-scala: true matches; a list matches when it contains the input; otherwise the input must
  // equal the value (a false expression is false, a value of another type is null)
  const value = evaluateFeel(test.source, variables);
  if (!value.ok) return { ok: false, message: value.message };
  if (value.value === true) return true;
  const isList = Array.isArray(value.value);
  if (isList) {
    const contained = outcome(tests, inline === undefined ? test.boundContains : render(test.contains, inline), variables);
    if (contained === true || isFailure(contained)) return contained;
  }
  const equal = outcome(tests, inline === undefined ? test.boundEqual : render(test.equal, inline), variables);
  if (equal === true || isFailure(equal)) return equal;
  return value.value === false || isList ? false : equal;
}

function evaluateCompiled(tests: string, compiled: CompiledUnaryTests, binding: Binding): UnaryTestsResult {
  if (compiled.syntaxError !== undefined) {
    return { ok: false, message: `failed to parse expression '${tests}': ${compiled.syntaxError}` };
  }
  if (compiled.anyInput) return { ok: true, value: true };
  // at least one test: true if one is true, else null if one is null, else false
  let result: boolean | null = false;
  for (const test of compiled.tests) {
    const value = evaluateTest(tests, test, binding);
    if (isFailure(value)) return value;
    if (value === true) {
      result = true;
      break;
    }
    if (value === null) result = null;
  }
  if (!compiled.negate || result === null) return { ok: true, value: result };
  return { ok: true, value: !result };
}

/** Input values that a test can compare with exactly as JSON: anything but a string made by FEEL. */
const VARIABLE_PATH = /^[\p{L}_$][\p{L}\p{N}_$]*(\s*\.\s*[\p{L}_$][\p{L}\p{N}_$]*)*$/u;

/**
 * Prepares one input for many unary tests (the entries of one decision table column): binds the
 * input once, then `test(entry)` evaluates an entry against it.
 *
 * With `{ expression }`, the input is the value of that FEEL expression in `variables`, kept as
 * FEEL has it: `date(submitted)` stays a date, so `< date("2024-01-01")` compares dates (its JSON
 * form would be a string, and a string is not comparable with a date). `value` is then that
 * expression's JSON value if the caller already has it: when that JSON value is exact (not a
 * string, or the expression is a plain variable path), it is bound instead of re-evaluating the
 * expression in every test.
 */
export function unaryTestInput(variables: Variables, input: UnaryTestInput): { test(tests: string): UnaryTestsResult } {
  let binding: Binding;
  if ('expression' in input) {
    const source = input.expression.trim();
    const value = input.value;
    // a variable or a path gives JSON anyway: bind its value; anything else may make a date
    if (value !== undefined && (typeof value !== 'string' || VARIABLE_PATH.test(source))) {
      binding = { variables: { ...variables, [INPUT_VARIABLE]: value }, inline: undefined };
    } else {
      binding = { variables, inline: `(${source})` };
    }
  } else {
    binding = { variables: { ...variables, [INPUT_VARIABLE]: input.value }, inline: undefined };
  }
  return {
    test: (tests: string): UnaryTestsResult => evaluateCompiled(tests, compileUnaryTests(tests), binding),
  };
}

/**
 * Evaluates a unary-tests expression (`"a","b"`, `[1..10]`, `> 5`, `not("x")`, `? > 5`, `-`) for
 * the input value `inputValue`, with `variables` in scope. Only `{ ok: true, value: true }` is a
 * match. Fails (ok: false) only when the tests do not parse or an evaluation cannot complete
 * (`assert`).
 */
export function evaluateUnaryTests(tests: string, inputValue: FeelValue, variables: Variables): UnaryTestsResult {
  return unaryTestInput(variables, { value: inputValue }).test(tests);
}
