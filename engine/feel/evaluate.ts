// Evaluating FEEL the way Zeebe 8.3+ does: null-friendly (a missing variable or property, an
// unknown function or a type mismatch gives null, which feelin already does), failing only when
// the expression cannot be evaluated at all — it does not parse, `assert()` rejects, or feelin
// itself throws. Failure messages follow feel-scala's wording.
import { evaluate } from '@bpmn-io/feelin';
import { FeelAssertionError } from './builtins.js';
import { compileFeel, DIALECT, type CompiledExpression } from './compile.js';
import { GIVE_UP } from './fast.js';
import type { FeelResult, FeelValue } from './types.js';
import { toFeelValue } from './values.js';

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/**
 * The context feelin gets: only the variables the expression names, plus the built-ins it calls.
 * Built per call from a handful of names, so its cost does not grow with the size of the scope
 * (feelin copies and indexes every context key on every parse).
 */
function contextFor(compiled: CompiledExpression, variables: Readonly<Record<string, FeelValue>>): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const name of compiled.names) {
    if (name === '__proto__') continue;
    if (hasOwn(variables, name)) context[name] = variables[name];
    else if (!compiled.calledNames.has(name)) context[name] = null;
  }
  for (const builtin of compiled.functions) context[builtin.mangled] = builtin.fn;
  return context;
}

export function evaluateFeel(source: string, variables: Readonly<Record<string, FeelValue>>): FeelResult {
  const compiled = compileFeel(source);
  if (compiled.syntaxError !== undefined) {
    return { ok: false, message: `failed to parse expression '${source}': ${compiled.syntaxError}` };
  }
  if (compiled.constant !== undefined) return { ok: true, value: compiled.constant.value };
  if (compiled.fast !== undefined) {
    const fast = compiled.fast(variables);
    if (fast !== GIVE_UP) return { ok: true, value: toFeelValue(fast) };
  }
  let result: unknown;
  try {
    result = evaluate(compiled.rewritten, contextFor(compiled, variables), DIALECT).value;
  } catch (error) {
    if (error instanceof FeelAssertionError) {
      return { ok: false, message: `Assertion failure on evaluate the expression '${source}': ${error.message}` };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `failed to evaluate expression '${source}': ${reason}` };
  }
  return { ok: true, value: toFeelValue(result) };
}
