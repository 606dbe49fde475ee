// A fast path for the simplest and most frequent expressions: gateway conditions and mappings
// like `approved`, `order.total > 1000`, `status = "done" and x != null`. feelin parses its input
// again on every call (15–50 µs); these shapes are evaluated here from the tree parsed once at
// compile time, in well under a microsecond.
//
// Covered: number/string/boolean/null literals, variable names, paths, `= != < <= > >=`, `and`,
// `or`, parentheses. The results must be exactly what the feelin path (evaluate.ts) gives,
// comparisons included (see builtins.ts `compare`); wherever feelin does something special (a
// list compared with `=`, an odd context key) the fast path gives up at run time and the feelin
// path takes over. tests/unit/feel.test.ts checks both paths against each other.
import type { parseExpression } from '@bpmn-io/feelin';
import { compare } from './builtins.js';
import type { FeelValue } from './types.js';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];
type Variables = Readonly<Record<string, FeelValue>>;

/** Returned when the fast path cannot be sure; the caller then evaluates with feelin. */
export const GIVE_UP: unique symbol = Symbol('give up');
type Result = unknown;
export type FastEvaluator = (variables: Variables) => Result;

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** lezer-feel's normalizeContextKey, which feelin uses to find context entries. */
function normalizeKey(name: string): string {
  return name.replace(/\s*([./\-'+]|\*\*?)\s*/g, ' $1 ').replace(/\s{2,}/g, ' ').trim();
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `context.name` as feelin's getFromContext has it, for JSON values. */
function entry(context: unknown, name: string): Result {
  if (!isPlainObject(context)) {
    if (Array.isArray(context)) return GIVE_UP; // feelin would find e.g. `length`
    return null;
  }
  if (hasOwn(context, name)) return context[name] ?? null;
  // feelin also matches keys that normalise to the name ("a " for a)
  for (const key of Object.keys(context)) if (normalizeKey(key) === name) return GIVE_UP;
  return null;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) list.push(child);
  return list;
}

const SIMPLE_NAME = /^[^\s`.\-+*/'"?]+$/u;

function constant(value: FeelValue): FastEvaluator {
  return () => value;
}

function equality(a: unknown, b: unknown): boolean | null | typeof GIVE_UP {
  if (a === null || b === null) return a === null && b === null;
  const ta = typeof a;
  const tb = typeof b;
  const scalar = (t: string): boolean => t === 'number' || t === 'string' || t === 'boolean';
  if (!scalar(ta) || !scalar(tb)) return GIVE_UP;
  return ta === tb ? a === b : null;
}

function logical(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

function build(source: string, node: SyntaxNode): FastEvaluator | undefined {
  const text = source.slice(node.from, node.to);
  const parts = children(node);
  switch (node.name) {
    case 'Expression':
    case 'ParenthesizedExpression': {
      const inner = parts.filter((p) => p.name !== '(' && p.name !== ')');
      return inner.length === 1 && inner[0] !== undefined ? build(source, inner[0]) : undefined;
    }
    case 'NumericLiteral': {
      const n = text.includes('.') ? parseFloat(text) : parseInt(text, 10);
      return Number.isFinite(n) ? constant(n) : undefined;
    }
    case 'StringLiteral':
      return text.includes('\\') || text.length < 2 ? undefined : constant(text.slice(1, -1));
    case 'BooleanLiteral':
      return constant(text === 'true');
    case 'null':
      return constant(null);
    case 'ArithmeticExpression': {
      // only a negative number literal
      const [op, operand] = parts;
      if (parts.length !== 2 || op === undefined || operand?.name !== 'NumericLiteral') return undefined;
      if (source.slice(op.from, op.to) !== '-') return undefined;
      const n = -Number(source.slice(operand.from, operand.to));
      return Number.isFinite(n) ? constant(n === 0 ? 0 : n) : undefined;
    }
    case 'VariableName': {
      if (!SIMPLE_NAME.test(text)) return undefined;
      return (variables) => (hasOwn(variables, text) ? (variables[text] ?? null) : null);
    }
    case 'PathExpression': {
      const [target, property] = parts;
      if (parts.length !== 2 || target === undefined || property?.name !== 'VariableName') return undefined;
      const name = source.slice(property.from, property.to);
      if (!SIMPLE_NAME.test(name)) return undefined;
      const of = build(source, target);
      if (of === undefined) return undefined;
      return (variables) => {
        const value = of(variables);
        if (value === GIVE_UP) return GIVE_UP;
        if (!Array.isArray(value)) return entry(value, name);
        const projected: unknown[] = [];
        for (const item of value as unknown[]) {
          const v = entry(item, name);
          if (v === GIVE_UP) return GIVE_UP;
          projected.push(v);
        }
        return projected;
      };
    }
    case 'Comparison': {
      const [left, operator, right] = parts;
      if (parts.length !== 3 || left === undefined || right === undefined || operator?.name !== 'CompareOp') return undefined;
      const op = source.slice(operator.from, operator.to).trim();
      const l = build(source, left);
      const r = build(source, right);
      if (l === undefined || r === undefined) return undefined;
      if (op === '=' || op === '!=') {
        const negate = op === '!=';
        return (variables) => {
          const a = l(variables);
          const b = r(variables);
          if (a === GIVE_UP || b === GIVE_UP) return GIVE_UP;
          const equal = equality(a, b);
          if (equal === GIVE_UP || equal === null) return equal;
          return negate ? !equal : equal;
        };
      }
      if (op === '<' || op === '<=' || op === '>' || op === '>=') {
        return (variables) => {
          const a = l(variables);
          const b = r(variables);
          return a === GIVE_UP || b === GIVE_UP ? GIVE_UP : compare(op, a, b);
        };
      }
      return undefined;
    }
    case 'Conjunction':
    case 'Disjunction': {
      const [left, keyword, right] = parts;
      if (parts.length !== 3 || left === undefined || right === undefined || keyword === undefined) return undefined;
      const l = build(source, left);
      const r = build(source, right);
      if (l === undefined || r === undefined) return undefined;
      const and = node.name === 'Conjunction';
      return (variables) => {
        const av = l(variables);
        const bv = r(variables);
        if (av === GIVE_UP || bv === GIVE_UP) return GIVE_UP;
        const a = logical(av);
        const b = logical(bv);
        if (and) {
          if (a === false || b === false) return false;
          return a === true && b === true ? true : null;
        }
        if (a === true || b === true) return true;
        return a === false && b === false ? false : null;
      };
    }
    default:
      return undefined;
  }
}

/** The fast evaluator for a parsed expression, or undefined when it has other shapes. */
export function fastEvaluator(source: string, top: SyntaxNode): FastEvaluator | undefined {
  return build(source, top);
}
