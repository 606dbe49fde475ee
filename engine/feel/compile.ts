// Turning FEEL source into what we hand to feelin, once per distinct source (cached):
//  - a syntax check, with a message that names the position (used at deploy time);
//  - a rewrite of the calls to the built-ins we inject (builtins.ts): `get or else(x, 1)` becomes
//    `__ow_get_or_else(x, 1)`, the `date and time(…)` constructor and `@"…"` literals become calls
//    of our wrappers. feelin resolves the constructors without looking at the context, and cannot
//    parse `get or else` unless the name is in the context it parses with; after the rewrite, the
//    run-time parse needs neither;
//  - a rewrite of ordering comparisons, `!=` and `between`, so that values of different types
//    compare to null as in feel-scala (see rewriteComparison);
//  - the names the expression can look up. feelin re-parses the expression on every evaluation and
//    indexes every key of the context it gets, so we give it only the variables the expression
//    names (see evaluate.ts) instead of the whole scope;
//  - for the simplest shapes, an evaluator that does not need feelin at all (fast.ts).
import { evaluate, parseExpression } from '@bpmn-io/feelin';
import { BETWEEN, BUILTINS, COMPARE, type Builtin } from './builtins.js';
import { fastEvaluator, type FastEvaluator } from './fast.js';
import type { FeelValue } from './types.js';
import { toFeelValue } from './values.js';

type Tree = ReturnType<typeof parseExpression>;
type SyntaxNode = Tree['topNode'];

/** feel-scala's syntax as Camunda ships it; the `camunda` dialect adds `backtick names`. */
export const DIALECT = 'camunda';

export interface CompiledExpression {
  /** The source feelin evaluates. */
  readonly rewritten: string;
  /**
   * Every name the expression reads as a value (not as a function it calls): a superset of the
   * variables it reads. A name listed here that is not a variable is passed as null, so that
   * feelin does not resolve e.g. `count` (not called) to its built-in function: in FEEL a missing
   * variable is null.
   */
  readonly names: readonly string[];
  /** Names the expression also calls as functions; never passed as null, or the call would fail. */
  readonly calledNames: ReadonlySet<string>;
  /** Evaluates the simplest expressions without feelin (fast.ts), when the shape allows. */
  readonly fast: FastEvaluator | undefined;
  /** The injected built-ins it calls, under their mangled names. */
  readonly functions: readonly Builtin[];
  /** Why the source does not parse (with position), or undefined when it does. */
  readonly syntaxError: string | undefined;
  /** The result, when the expression is a literal that needs no variables and no functions. */
  readonly constant: { readonly value: FeelValue } | undefined;
}

/** Names feelin's parser must know to read our built-ins (e.g. `or` in `get or else` is a keyword). */
const PARSE_CONTEXT: Readonly<Record<string, unknown>> = Object.fromEntries(
  [...BUILTINS.values()].filter((b) => b.name.includes(' ')).map((b) => [b.name, b.fn]),
);

const AT = BUILTINS.get('@');
const DATE_AND_TIME = BUILTINS.get('date and time');

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function readable(nodeName: string): string {
  return nodeName.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function snippet(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 20 ? `${line.slice(0, 20)}…` : line;
}

/** A parse error node → "unexpected '…' at position n" (1-based character position). */
function describeErrorNode(source: string, node: SyntaxNode): string {
  if (node.from < node.to) {
    return `unexpected '${snippet(source.slice(node.from, node.to).trim())}' at position ${node.from + 1}`;
  }
  const rest = source.slice(node.from);
  const next = /^(\s*)(\S+)/.exec(rest);
  if (next !== null) {
    const token = /^[\w$]+|^\S/.exec(next[2] ?? '')?.[0] ?? '';
    return `unexpected '${snippet(token)}' at position ${node.from + (next[1]?.length ?? 0) + 1}`;
  }
  const parent = node.parent;
  const unfinished = parent !== null && parent.name !== 'Expression' ? ` (incomplete ${readable(parent.name)})` : '';
  return `unexpected end of expression at position ${source.length + 1}${unfinished}`;
}

/**
 * lezer-feel accepts a unary test where FEEL wants an expression, so `a == b` and `a ==== b` parse
 * (as `a = (= b)`). feel-scala rejects them; so do we: a comparison's right side, another unary
 * test, or the whole expression must not be `<op> x`.
 */
function misplacedUnaryTest(node: SyntaxNode): SyntaxNode | undefined {
  if (node.name !== 'SimplePositiveUnaryTest') return undefined;
  const op = node.firstChild;
  if (op === null || op.name !== 'CompareOp') return undefined;
  const parent = node.parent;
  if (parent === null) return undefined;
  if (parent.name === 'Expression' || parent.name === 'SimplePositiveUnaryTest') return op;
  if (parent.name === 'Comparison' && node.prevSibling?.name === 'CompareOp') return op;
  return undefined;
}

function firstProblem(source: string, tree: Tree): string | undefined {
  let problem: string | undefined;
  const visit = (node: SyntaxNode): void => {
    if (problem !== undefined) return;
    if (node.type.isError) {
      problem = describeErrorNode(source, node);
      return;
    }
    const op = misplacedUnaryTest(node);
    if (op !== undefined) {
      problem = `unexpected '${source.slice(op.from, op.to)}' at position ${op.from + 1}`;
      return;
    }
    for (let child = node.firstChild; child !== null; child = child.nextSibling) visit(child);
  };
  visit(tree.topNode);
  return problem;
}

/**
 * A change to the source. Insertions at the same position are ordered so that nested rewrites
 * nest: closing text of inner nodes first, then opening text of outer nodes, then replacements.
 */
interface Edit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly kind: 'close' | 'open' | 'replace';
  /** Depth of the rewritten node in the tree. */
  readonly depth: number;
}

const KIND_ORDER: Readonly<Record<Edit['kind'], number>> = { close: 0, open: 1, replace: 2 };

function editOrder(a: Edit, b: Edit): number {
  if (a.from !== b.from) return a.from - b.from;
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  // open: outer (shallower) first; close: inner (deeper) first
  return a.kind === 'open' ? a.depth - b.depth : b.depth - a.depth;
}

function isCallee(node: SyntaxNode): boolean {
  const parent = node.parent;
  return parent !== null && parent.name === 'FunctionInvocation' && parent.firstChild?.from === node.from && parent.firstChild.name === node.name;
}

function nameOf(source: string, node: SyntaxNode): { raw: string; normalised: string } {
  const text = source.slice(node.from, node.to);
  const raw = text.includes('`') ? text.replace(/`/g, '') : text;
  return { raw, normalised: collapse(raw) };
}

/**
 * `a < b` (<=, >, >=) → `__ow_compare("<", a, b)`, `a != b` → `not(a = b)`, `x between a and b`
 * → `__ow_between(x, a, b)`: see the comparison helpers in builtins.ts. feelin filters a list
 * item by item only when the filter is itself a comparison (a function call there is read as
 * an index), so a rewritten filter condition gets `= true` appended: true stays true, false and
 * null drop the item, as a filter does anyway.
 */
function rewriteComparison(source: string, node: SyntaxNode, depth: number, edits: Edit[], functions: Set<Builtin>): void {
  const left = node.firstChild;
  const operator = left?.nextSibling ?? null;
  const right = node.lastChild;
  if (left === null || operator === null || right === null || right === operator) return;
  let outer = node.parent;
  while (outer !== null && outer.name === 'ParenthesizedExpression') outer = outer.parent;
  const inFilter = outer?.name === 'FilterExpression';
  const close = (text: string): Edit => ({ from: right.to, to: right.to, text: inFilter ? `${text} = true` : text, kind: 'close', depth });
  if (operator.name === 'CompareOp') {
    const op = source.slice(operator.from, operator.to).trim();
    if (op === '<' || op === '<=' || op === '>' || op === '>=') {
      edits.push({ from: left.from, to: left.from, text: `${COMPARE.mangled}("${op}", `, kind: 'open', depth });
      edits.push({ from: operator.from, to: operator.to, text: ',', kind: 'replace', depth });
      edits.push(close(')'));
      functions.add(COMPARE);
    } else if (op === '!=') {
      edits.push({ from: left.from, to: left.from, text: 'not(', kind: 'open', depth });
      edits.push({ from: operator.from, to: operator.to, text: '=', kind: 'replace', depth });
      edits.push(close(')'));
    }
  } else if (operator.name === 'between') {
    const and = operator.nextSibling?.nextSibling ?? null;
    if (and === null || and.name !== 'and') return;
    edits.push({ from: left.from, to: left.from, text: `${BETWEEN.mangled}(`, kind: 'open', depth });
    edits.push({ from: operator.from, to: operator.to, text: ',', kind: 'replace', depth });
    edits.push({ from: and.from, to: and.to, text: ',', kind: 'replace', depth });
    edits.push(close(')'));
    functions.add(BETWEEN);
  }
}

interface Analysis {
  readonly edits: Edit[];
  readonly names: Set<string>;
  readonly calledNames: Set<string>;
  readonly functions: Set<Builtin>;
}

function analyse(source: string, tree: Tree): Analysis {
  const edits: Edit[] = [];
  const names = new Set<string>();
  const calledNames = new Set<string>();
  const functions = new Set<Builtin>();
  const visit = (node: SyntaxNode, depth: number): void => {
    switch (node.name) {
      case 'Comparison':
        rewriteComparison(source, node, depth, edits, functions);
        break;
      case 'VariableName': {
        const { raw, normalised } = nameOf(source, node);
        if (isCallee(node)) {
          calledNames.add(raw);
          calledNames.add(normalised);
          // A called name is a function: one of ours, one of feelin's, or one defined in the
          // expression itself; never a process variable (those are JSON). Not passing a variable
          // of the same name keeps e.g. a variable `sum` from hiding `sum()`, as in Zeebe.
          const builtin = BUILTINS.get(normalised);
          if (builtin !== undefined && builtin !== AT) {
            edits.push({ from: node.from, to: node.to, text: builtin.mangled, kind: 'replace', depth });
            functions.add(builtin);
          }
        } else {
          names.add(raw);
          names.add(normalised);
        }
        break;
      }
      case 'SpecialFunctionName': {
        // `years and months duration(…)`: resolved by feelin without looking at the context
        const builtin = BUILTINS.get(collapse(source.slice(node.from, node.to)));
        if (builtin !== undefined) {
          edits.push({ from: node.from, to: node.to, text: builtin.mangled, kind: 'replace', depth });
          functions.add(builtin);
        }
        break;
      }
      case 'DateTimeConstructor':
        if (DATE_AND_TIME !== undefined && collapse(source.slice(node.from, node.to)) === 'date and time') {
          edits.push({ from: node.from, to: node.to, text: DATE_AND_TIME.mangled, kind: 'replace', depth });
          functions.add(DATE_AND_TIME);
        }
        break;
      case 'AtLiteral':
        if (AT !== undefined) {
          edits.push({ from: node.from, to: node.from + 1, text: `${AT.mangled}(`, kind: 'replace', depth });
          edits.push({ from: node.to, to: node.to, text: ')', kind: 'close', depth });
          functions.add(AT);
        }
        break;
      default:
        break;
    }
    for (let child = node.firstChild; child !== null; child = child.nextSibling) visit(child, depth + 1);
  };
  visit(tree.topNode, 0);
  return { edits, names, calledNames, functions };
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort(editOrder);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += source.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return out + source.slice(at);
}

function parse(source: string, context: Readonly<Record<string, unknown>>): Tree | string {
  try {
    return parseExpression(source, context, DIALECT);
  } catch (error) {
    // lezer-feel's context tracker throws on a few malformed inputs
    return error instanceof Error ? error.message : String(error);
  }
}

function failed(syntaxError: string): CompiledExpression {
  return { rewritten: '', names: [], calledNames: new Set(), functions: [], syntaxError, constant: undefined, fast: undefined };
}

function compileUncached(source: string): CompiledExpression {
  if (source.trim() === '') return failed('expression is empty');
  const tree = parse(source, PARSE_CONTEXT);
  if (typeof tree === 'string') return failed(tree);
  const problem = firstProblem(source, tree);
  if (problem !== undefined) return failed(problem);

  const { edits, names, calledNames, functions } = analyse(source, tree);
  const rewritten = edits.length === 0 ? source : applyEdits(source, edits);
  if (rewritten !== source) {
    // the rewrite must not break anything; if it ever did, refuse the expression rather than
    // evaluate something else
    const check = parse(rewritten, {});
    const broken = typeof check === 'string' ? check : firstProblem(rewritten, check);
    if (broken !== undefined) return failed(`unsupported use of a built-in function (${broken})`);
  }

  let constant: CompiledExpression['constant'];
  if (names.size === 0 && functions.size === 0) {
    try {
      const value = toFeelValue(evaluate(rewritten, {}, DIALECT).value);
      if (value === null || typeof value !== 'object') constant = { value };
    } catch {
      // evaluated (and reported) at run time
    }
  }
  return {
    rewritten,
    names: [...names],
    calledNames,
    functions: [...functions],
    syntaxError: undefined,
    constant,
    fast: constant === undefined ? fastEvaluator(source, tree.topNode) : undefined,
  };
}

const MAX_CACHED = 10_000;
const cache = new Map<string, CompiledExpression>();

/** The compiled form of a FEEL source (without the leading `=`), from the cache when possible. */
export function compileFeel(source: string): CompiledExpression {
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
