// Evaluating a decision the way Zeebe 8.3–8.5 does (dmn-scala 1.8+ on feel-scala 1.17+, wrapped by
// Zeebe's DmnScalaDecisionEngine):
//  - the required decisions are evaluated first, depth first in the order of the requirements; a
//    decision sees the variables plus the results of the decisions it requires directly, each
//    under its result name (its <variable> name, else its id);
//  - a decision table evaluates every input expression, then every rule (a rule matches when each
//    of its input entries is true for its input; false and null don't match), then the output
//    entries of the matched rules (FIRST: of the first one only), then applies the hit policy;
//  - no matching rule gives the outputs' default entries, else null — for every hit policy,
//    COLLECT and its aggregations included;
//  - one output column gives its value; several give a context {output name: value};
//  - every evaluated decision is reported (evaluatedDecisions) with its inputs and matched rules,
//    in evaluation order, the failed one included; a failure is reported, never thrown, and names
//    the failed decision (the last one evaluated). Messages keep dmn-scala's and Zeebe's wording.
import { evaluateFeel, unaryTestInput, type FeelValue } from '../feel/index.js';
import { toFeelNumber } from '../feel/values.js';
import type {
  DecisionModel,
  DecisionRequirementsModel,
  DecisionResult,
  DecisionRule,
  DecisionTableLogic,
  DecisionTableOutput,
  EvaluatedDecision,
  EvaluatedInput,
  EvaluatedOutput,
  MatchedRule,
} from './types.js';

type Variables = Readonly<Record<string, FeelValue>>;
type Outcome = { readonly ok: true; readonly value: FeelValue } | { readonly ok: false; readonly message: string };
type Context = { [key: string]: FeelValue };

/** The output values of one matched rule, by output name, in output order. */
type Row = ReadonlyMap<string, FeelValue>;

const fail = (message: string): Outcome => ({ ok: false, message });
const ok = (value: FeelValue): Outcome => ({ ok: true, value });

function contextOf(entries: Iterable<readonly [string, FeelValue]>): Context {
  const context: Context = {};
  for (const [key, value] of entries) {
    if (key === '__proto__') Object.defineProperty(context, key, { value, enumerable: true, writable: true, configurable: true });
    else context[key] = value;
  }
  return context;
}

// ---------------------------------------------------------------------------------------------
// Values in failure messages, as dmn-scala prints them (Scala's toString of feel-scala values)

function scalaValue(value: FeelValue): string {
  if (value === null) return 'ValNull';
  if (typeof value === 'string') return `ValString(${value})`;
  if (typeof value === 'number') return `ValNumber(${value})`;
  if (typeof value === 'boolean') return `ValBoolean(${value})`;
  if (Array.isArray(value)) return `ValList(List(${value.map(scalaValue).join(', ')}))`;
  return `ValContext(Map(${Object.entries(value)
    .map(([k, v]) => `${k} -> ${scalaValue(v)}`)
    .join(', ')}))`;
}

function scalaRows(rows: readonly Row[]): string {
  const row = (r: Row): string => `Map(${[...r].map(([k, v]) => `${k} -> ${scalaValue(v)}`).join(', ')})`;
  return `List(${rows.map(row).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Hit policies

function equalValues(a: FeelValue, b: FeelValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => equalValues(item, b[i] ?? null));
  }
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equalValues(a[key] ?? null, b[key] ?? null))
  );
}

function equalRows(a: Row, b: Row): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (!b.has(key) || !equalValues(value, b.get(key) ?? null)) return false;
  return true;
}

/** One rule's result: its single output value, or a context of all of them. */
function single(row: Row | undefined): FeelValue {
  if (row === undefined) return null;
  if (row.size === 1) return row.values().next().value ?? null;
  return contextOf(row);
}

function multiple(rows: readonly Row[]): FeelValue {
  const [first] = rows;
  if (first === undefined) return null;
  if (first.size === 1) return rows.map((row) => row.values().next().value ?? null);
  return rows.map((row) => contextOf(row));
}

/**
 * PRIORITY / OUTPUT ORDER: rows ordered by the position of their values in the outputs'
 * `<outputValues>` (output by output, the first output first); a value not listed there, or an
 * output without output values, sorts last. The sort is stable: rule order among equals.
 */
function byPriority(rows: readonly Row[], outputs: readonly DecisionTableOutput[]): Row[] {
  const rank = (row: Row): number[] =>
    outputs.map((output) => {
      const value = row.get(output.name ?? '');
      const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
      const index = text === undefined ? -1 : output.outputValues.indexOf(text);
      return index < 0 ? Number.POSITIVE_INFINITY : index;
    });
  const ranked = rows.map((row) => ({ row, rank: rank(row) }));
  ranked.sort((a, b) => {
    for (let i = 0; i < a.rank.length; i++) {
      const x = a.rank[i] ?? 0;
      const y = b.rank[i] ?? 0;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  return ranked.map((r) => r.row);
}

/** COLLECT with SUM/MIN/MAX: the single output values of the rows, all numbers. */
function numbers(rows: readonly Row[]): number[] | string {
  const [first] = rows;
  if (first === undefined) return [];
  if (first.size !== 1) return `multiple values aren't allowed. found: ${scalaRows(rows)}`;
  const list: number[] = [];
  for (const row of rows) {
    const value = row.values().next().value ?? null;
    if (typeof value !== 'number') return `expected number but found '${scalaValue(value)}'`;
    list.push(value);
  }
  return list;
}

function applyHitPolicy(table: DecisionTableLogic, rows: readonly Row[]): Outcome {
  switch (table.hitPolicy) {
    case 'FIRST':
      return ok(single(rows[0]));
    case 'UNIQUE':
      if (rows.length <= 1) return ok(single(rows[0]));
      return fail(`multiple values aren't allowed for UNIQUE hit policy. found: '${scalaRows(rows)}'`);
    case 'ANY': {
      const distinct: Row[] = [];
      for (const row of rows) if (!distinct.some((d) => equalRows(d, row))) distinct.push(row);
      if (distinct.length <= 1) return ok(single(rows[0]));
      return fail(`different values aren't allowed for ANY hit policy. found: '${scalaRows(distinct)}'`);
    }
    case 'PRIORITY':
      return ok(single(byPriority(rows, table.outputs)[0]));
    case 'OUTPUT ORDER':
      return ok(multiple(byPriority(rows, table.outputs)));
    case 'RULE ORDER':
      return ok(multiple(rows));
    case 'COLLECT': {
      if (table.aggregation === 'COUNT') return ok(rows.length);
      if (table.aggregation === undefined) return ok(multiple(rows));
      const values = numbers(rows);
      if (typeof values === 'string') return fail(values);
      if (table.aggregation === 'SUM') return ok(toFeelNumber(values.reduce((sum, n) => sum + n, 0)));
      return ok(table.aggregation === 'MIN' ? Math.min(...values) : Math.max(...values));
    }
    default: {
      const unknown: never = table.hitPolicy;
      return fail(`unsupported hit policy '${String(unknown)}'`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Decision tables

interface TableEvaluation {
  readonly outcome: Outcome;
  readonly inputs: readonly EvaluatedInput[];
  readonly matchedRules: readonly MatchedRule[];
}

function evaluateTable(table: DecisionTableLogic, scope: Variables): TableEvaluation {
  const failed = (message: string, inputs: readonly EvaluatedInput[] = []): TableEvaluation => ({
    outcome: fail(message),
    inputs,
    matchedRules: [],
  });

  const inputValues: FeelValue[] = [];
  for (const input of table.inputs) {
    const result = evaluateFeel(input.expression, scope);
    if (!result.ok) return failed(result.message);
    inputValues.push(result.value);
  }
  const inputs: EvaluatedInput[] = table.inputs.map((input, i) => ({
    inputId: input.id,
    inputName: input.name,
    inputValue: inputValues[i] ?? null,
  }));
  const testers = table.inputs.map((input, i) => unaryTestInput(scope, { expression: input.expression, value: inputValues[i] ?? null }));

  // every rule is checked (a failing entry fails the evaluation even after a FIRST match)
  const matched: DecisionRule[] = [];
  for (const rule of table.rules) {
    let met = true;
    const count = Math.min(rule.inputEntries.length, testers.length);
    for (let i = 0; i < count && met; i++) {
      const result = testers[i]?.test(rule.inputEntries[i] ?? '-');
      if (result === undefined) continue;
      if (!result.ok) return failed(result.message, inputs);
      met = result.value === true;
    }
    if (met) matched.push(rule);
  }

  if (matched.length === 0) {
    const defaults = new Map<string, FeelValue>();
    for (const output of table.outputs) {
      if (output.defaultOutputEntry === undefined) continue;
      const result = evaluateFeel(output.defaultOutputEntry, scope);
      if (!result.ok) return failed(result.message, inputs);
      defaults.set(output.name ?? '', result.value);
    }
    const value = defaults.size === 0 ? null : defaults.size === 1 ? (defaults.values().next().value ?? null) : contextOf(defaults);
    return { outcome: ok(value), inputs, matchedRules: [] };
  }

  const rules = table.hitPolicy === 'FIRST' ? matched.slice(0, 1) : matched;
  const rows: Row[] = [];
  const matchedRules: MatchedRule[] = [];
  for (const rule of rules) {
    const row = new Map<string, FeelValue>();
    const evaluatedOutputs: EvaluatedOutput[] = [];
    const count = Math.min(rule.outputEntries.length, table.outputs.length);
    for (let i = 0; i < count; i++) {
      const output = table.outputs[i];
      if (output === undefined) continue;
      const result = evaluateFeel(rule.outputEntries[i] ?? 'null', scope);
      if (!result.ok) return failed(result.message, inputs);
      row.set(output.name ?? '', result.value);
      evaluatedOutputs.push({ outputId: output.id, outputName: output.displayName, outputValue: result.value });
    }
    rows.push(row);
    matchedRules.push({ ruleId: rule.id, ruleIndex: rule.index, evaluatedOutputs });
  }
  return { outcome: applyHitPolicy(table, rows), inputs, matchedRules };
}

// ---------------------------------------------------------------------------------------------
// Decisions

/** dmn-scala's TypeChecker for the decision's <variable typeRef>; null always passes. */
function checkType(value: FeelValue, typeRef: string | undefined): string | undefined {
  if (typeRef === undefined || value === null) return undefined;
  const type = typeRef.replace(/^feel:/, '');
  const expect = (okay: boolean): string | undefined => (okay ? undefined : `expected '${type}' but found '${scalaValue(value)}'`);
  switch (type) {
    case 'string':
      return expect(typeof value === 'string');
    case 'number':
      return expect(typeof value === 'number');
    case 'boolean':
      return expect(typeof value === 'boolean');
    // temporal results are ISO strings here (FEEL values → JSON)
    case 'date':
    case 'time':
    case 'dateTime':
    case 'dayTimeDuration':
    case 'yearMonthDuration':
      return expect(typeof value === 'string');
    default:
      return undefined;
  }
}

class Evaluation {
  readonly evaluated: EvaluatedDecision[] = [];

  constructor(private readonly drg: DecisionRequirementsModel) {}

  decision(decision: DecisionModel, variables: Variables): Outcome {
    const results: [string, FeelValue][] = [];
    for (const id of decision.requiredDecisions) {
      const required = this.drg.decisions.get(id);
      if (required === undefined) return fail(`no decision found with id '${id}'`);
      const result = this.decision(required, variables);
      if (!result.ok) return result;
      results.push([required.resultName, result.value]);
    }
    const scope: Variables = results.length === 0 ? variables : { ...variables, ...contextOf(results) };

    const outcome = this.logic(decision, scope);
    if (!outcome.ok) return outcome;
    const typeError = checkType(outcome.value, decision.resultTypeRef);
    return typeError === undefined ? outcome : fail(typeError);
  }

  private logic(decision: DecisionModel, scope: Variables): Outcome {
    const { logic } = decision;
    if (logic.type === 'LITERAL_EXPRESSION') {
      const result = evaluateFeel(logic.expression, scope);
      const outcome = result.ok ? ok(result.value) : fail(result.message);
      this.record(decision, outcome, [], []);
      return outcome;
    }
    const table = evaluateTable(logic, scope);
    this.record(decision, table.outcome, table.inputs, table.matchedRules);
    return table.outcome;
  }

  private record(decision: DecisionModel, outcome: Outcome, inputs: readonly EvaluatedInput[], matchedRules: readonly MatchedRule[]): void {
    this.evaluated.push({
      decisionId: decision.decisionId,
      decisionName: decision.decisionName,
      decisionType: decision.logic.type,
      decisionOutput: outcome.ok ? outcome.value : null,
      evaluatedInputs: inputs,
      matchedRules,
    });
  }
}

/**
 * Evaluates the decision `decisionId` of a deployed DRG with `variables` (the EvaluateDecision
 * variables, or the business rule task's scope). Never throws: a failure (no such decision, a
 * UNIQUE table with several matches, a failing FEEL evaluation, …) is returned in `failure`, with
 * the decisions evaluated up to and including the failed one.
 */
export function evaluateDecision(drg: DecisionRequirementsModel, decisionId: string, variables: Variables): DecisionResult {
  const decision = drg.decisions.get(decisionId);
  if (decision === undefined) {
    return {
      decisionId,
      decisionName: '',
      output: null,
      evaluatedDecisions: [],
      failure: {
        failedDecisionId: decisionId,
        failureMessage: `Expected to evaluate decision '${decisionId}', but no decision found with id '${decisionId}'`,
      },
    };
  }
  const evaluation = new Evaluation(drg);
  const outcome = evaluation.decision(decision, variables);
  const evaluatedDecisions = evaluation.evaluated;
  const base = { decisionId, decisionName: decision.decisionName, evaluatedDecisions };
  if (outcome.ok) return { ...base, output: outcome.value };
  return {
    ...base,
    output: null,
    failure: {
      failedDecisionId: evaluatedDecisions[evaluatedDecisions.length - 1]?.decisionId ?? decisionId,
      failureMessage: `Expected to evaluate decision '${decisionId}', but ${outcome.message}`,
    },
  };
}
