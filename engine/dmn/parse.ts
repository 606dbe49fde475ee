// Parsing and validating a DMN resource at deploy time, the way Zeebe 8.3–8.5 does it (dmn-scala's
// DmnParser): every FEEL expression and unary test must parse, every required decision must exist,
// decisions must not require each other in a cycle, and each decision needs a decision table or a
// literal expression. Problems are collected, not thrown one by one, and reported together as a
// ModelValidationError naming the element that has each of them. Messages keep dmn-scala's
// wording where it has one ("FEEL unary-tests: failed to parse expression '…': …").
import { DmnModdle, type DmnModdleElement } from 'dmn-moddle';
import { feelSyntaxError, unaryTestsSyntaxError } from '../feel/index.js';
import { ModelValidationError, type ModelProblem } from '../model/types.js';
import type {
  CollectAggregation,
  DecisionLogic,
  DecisionModel,
  DecisionRequirementsModel,
  DecisionRule,
  DecisionTableInput,
  DecisionTableLogic,
  DecisionTableOutput,
  HitPolicy,
} from './types.js';

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMNDI13 = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';

/**
 * Older and newer DMN namespaces, read as DMN 1.3. Zeebe accepts DMN 1.1–1.3 files (the Camunda
 * DMN model API reads them all); the elements a decision uses (decision, decisionTable, input,
 * output, rule, literalExpression, informationRequirement) are spelled the same in all of them.
 */
const NAMESPACES: ReadonlyArray<readonly [string, string]> = [
  ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', DMN13],
  ['http://www.omg.org/spec/DMN/20180521/MODEL/', DMN13],
  ['http://www.omg.org/spec/DMN/20180521/DMNDI/', DMNDI13],
  ['https://www.omg.org/spec/DMN/20211108/MODEL/', DMN13],
  ['https://www.omg.org/spec/DMN/20230324/MODEL/', DMN13],
];

const HIT_POLICIES: ReadonlySet<string> = new Set<HitPolicy>(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);
const AGGREGATIONS: ReadonlySet<string> = new Set<CollectAggregation>(['SUM', 'MIN', 'MAX', 'COUNT']);

/** What Zeebe's `inputName` falls back to: the input expression, cut to this many characters. */
const INPUT_NAME_LENGTH = 30;

// ---------------------------------------------------------------------------------------------
// Typed access to moddle elements

function isElement(value: unknown): value is DmnModdleElement {
  return typeof value === 'object' && value !== null && '$type' in value && typeof value.$type === 'string';
}

function str(el: DmnModdleElement, property: string): string | undefined {
  const value = el[property];
  return typeof value === 'string' ? value : undefined;
}

function child(el: DmnModdleElement, property: string): DmnModdleElement | undefined {
  const value = el[property];
  return isElement(value) ? value : undefined;
}

function children(el: DmnModdleElement, property: string): DmnModdleElement[] {
  const value = el[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** A name-like attribute: absent or blank is undefined. */
function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The element name without prefix, for messages: `dmn:DecisionTable` → `decisionTable`. */
function elementName(el: DmnModdleElement): string {
  const local = el.$type.replace(/^.*:/, '');
  return local.charAt(0).toLowerCase() + local.slice(1);
}

/** dmn-scala accepts an element's expressionLanguage only when it is FEEL (any FEEL namespace). */
function isFeel(language: string | undefined): boolean {
  return language === undefined || language.trim() === '' || /feel/i.test(language);
}

// ---------------------------------------------------------------------------------------------

class Problems {
  readonly list: ModelProblem[] = [];
  add(elementId: string, message: string): void {
    this.list.push({ elementId, message });
  }
}

/** Splits `<outputValues>` text (`"high","medium","low"`) into values, as dmn-scala does for PRIORITY. */
function splitOutputValues(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((value) => value.trim().replace(/["']/g, ''));
}

class DmnParser {
  readonly problems = new Problems();

  /**
   * A FEEL expression held by a LiteralExpression element (input expression, output entry,
   * default output entry, literal expression decision). `ownerId` is used when the element has
   * no id of its own.
   */
  expression(el: DmnModdleElement | undefined, ownerId: string, what: string): string {
    const id = (el && nonBlank(str(el, 'id'))) ?? ownerId;
    if (el === undefined) {
      this.problems.add(ownerId, `Expected ${what} but none found.`);
      return 'null';
    }
    const language = str(el, 'expressionLanguage');
    if (!isFeel(language)) {
      this.problems.add(id, `Expression language '${language ?? ''}' is not supported`);
      return 'null';
    }
    const text = str(el, 'text');
    if (text === undefined) {
      this.problems.add(id, `The expression '${id}' must not be empty.`);
      return 'null';
    }
    const source = text.trim();
    const error = feelSyntaxError(source);
    if (error !== undefined) {
      this.problems.add(id, `FEEL expression: failed to parse expression '${source}': ${error}`);
      return 'null';
    }
    return source;
  }

  /** A rule's input entry (unary tests); no text at all reads as an empty cell (any input). */
  unaryTests(el: DmnModdleElement, ownerId: string): string {
    const id = nonBlank(str(el, 'id')) ?? ownerId;
    const language = str(el, 'expressionLanguage');
    if (!isFeel(language)) {
      this.problems.add(id, `Expression language '${language ?? ''}' is not supported`);
      return '-';
    }
    const source = (str(el, 'text') ?? '').trim();
    const error = unaryTestsSyntaxError(source);
    if (error !== undefined) {
      this.problems.add(id, `FEEL unary-tests: failed to parse expression '${source}': ${error}`);
      return '-';
    }
    return source;
  }

  decisionTable(el: DmnModdleElement, decisionId: string): DecisionTableLogic {
    const id = nonBlank(str(el, 'id')) ?? decisionId;
    const rawHitPolicy = str(el, 'hitPolicy') ?? 'UNIQUE';
    let hitPolicy: HitPolicy = 'UNIQUE';
    if (isHitPolicy(rawHitPolicy)) {
      hitPolicy = rawHitPolicy;
    } else {
      this.problems.add(
        id,
        `Unknown hit policy '${rawHitPolicy}'. Expected one of: UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER, OUTPUT ORDER.`,
      );
    }
    const rawAggregation = str(el, 'aggregation');
    let aggregation: CollectAggregation | undefined;
    if (rawAggregation !== undefined) {
      if (isAggregation(rawAggregation)) aggregation = rawAggregation;
      else this.problems.add(id, `Unknown aggregation '${rawAggregation}'. Expected one of: SUM, MIN, MAX, COUNT.`);
    }

    const inputs: DecisionTableInput[] = children(el, 'input').map((input, i) => {
      const inputId = nonBlank(str(input, 'id')) ?? '';
      const expression = this.expression(child(input, 'inputExpression'), inputId || id, `an input expression for input ${i + 1}`);
      const label = str(input, 'label');
      return { id: inputId, name: label ?? expression.slice(0, INPUT_NAME_LENGTH), expression };
    });

    const outputElements = children(el, 'output');
    if (outputElements.length === 0) this.problems.add(id, 'Expected the decision table to have at least one output, but none found.');
    const compound = outputElements.length > 1;
    if (compound && hitPolicy === 'COLLECT' && aggregation !== undefined) {
      this.problems.add(id, "hit policy 'COLLECT' with aggregator is not defined for compound output");
    }
    const outputs: DecisionTableOutput[] = outputElements.map((output) => {
      const outputId = nonBlank(str(output, 'id')) ?? '';
      const name = nonBlank(str(output, 'name'));
      const label = str(output, 'label');
      if (compound && name === undefined) this.problems.add(outputId || id, `no output name defined for \`${label ?? ''}\``);
      const defaultEntry = child(output, 'defaultOutputEntry');
      const values = child(output, 'outputValues');
      return {
        id: outputId,
        name,
        displayName: label ?? name ?? '',
        outputValues: splitOutputValues(values && str(values, 'text')),
        defaultOutputEntry: defaultEntry ? this.expression(defaultEntry, outputId || id, 'a default output entry') : undefined,
      };
    });

    const rules: DecisionRule[] = children(el, 'rule').map((rule, i) => {
      const ruleId = nonBlank(str(rule, 'id')) ?? '';
      const owner = ruleId || id;
      return {
        id: ruleId,
        index: i + 1,
        inputEntries: children(rule, 'inputEntry').map((entry) => this.unaryTests(entry, owner)),
        outputEntries: children(rule, 'outputEntry').map((entry) => this.expression(entry, owner, 'an output entry')),
      };
    });

    return { type: 'DECISION_TABLE', id, hitPolicy, aggregation, inputs, outputs, rules };
  }

  decisionLogic(decision: DmnModdleElement, decisionId: string): DecisionLogic {
    const logic = child(decision, 'decisionLogic');
    if (logic === undefined) {
      this.problems.add(decisionId, 'Expected the decision to have a decision table or a literal expression, but it has none.');
      return { type: 'LITERAL_EXPRESSION', id: decisionId, expression: 'null' };
    }
    if (logic.$type === 'dmn:DecisionTable') return this.decisionTable(logic, decisionId);
    if (logic.$type === 'dmn:LiteralExpression') {
      const id = nonBlank(str(logic, 'id')) ?? decisionId;
      return { type: 'LITERAL_EXPRESSION', id, expression: this.expression(logic, decisionId, 'a literal expression') };
    }
    this.problems.add(
      decisionId,
      `The decision logic '${elementName(logic)}' is not supported: a decision must be a decision table or a literal expression.`,
    );
    return { type: 'LITERAL_EXPRESSION', id: decisionId, expression: 'null' };
  }

  /** The ids of the decisions a decision requires; only same-document references (`#id`). */
  requirements(decision: DmnModdleElement, decisionId: string, known: ReadonlySet<string>): string[] {
    const required: string[] = [];
    for (const requirement of children(decision, 'informationRequirement')) {
      const reference = child(requirement, 'requiredDecision');
      if (reference === undefined) continue; // requiredInput: documentation only
      const href = str(reference, 'href') ?? '';
      const hash = href.indexOf('#');
      const namespace = hash > 0 ? href.slice(0, hash) : '';
      const id = href.slice(hash + 1);
      const owner = nonBlank(str(requirement, 'id')) ?? decisionId;
      if (namespace !== '') {
        this.problems.add(owner, `The required decision '${href}' is in another model (namespace '${namespace}'); imported decisions are not supported.`);
      } else if (!known.has(id)) {
        this.problems.add(owner, `The decision '${decisionId}' requires the decision '${id}', but no decision with this id exists.`);
      } else {
        required.push(id);
      }
    }
    if (children(decision, 'knowledgeRequirement').length > 0) {
      this.problems.add(decisionId, 'Business knowledge models (knowledgeRequirement) are not supported.');
    }
    return required;
  }
}

function isHitPolicy(value: string): value is HitPolicy {
  return HIT_POLICIES.has(value);
}

function isAggregation(value: string): value is CollectAggregation {
  return AGGREGATIONS.has(value);
}

/** The decisions that are part of a requirement cycle, each cycle once, as id paths (a → b → a). */
function findCycles(decisions: ReadonlyMap<string, DecisionModel>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    path.push(id);
    for (const required of decisions.get(id)?.requiredDecisions ?? []) {
      const s = state.get(required);
      if (s === 'visiting') cycles.push([...path.slice(path.indexOf(required)), required]);
      else if (s === undefined) visit(required);
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const id of decisions.keys()) if (!state.has(id)) visit(id);
  return cycles;
}

function migrateNamespaces(xml: string): string {
  let out = xml;
  for (const [from, to] of NAMESPACES) if (out.includes(from)) out = out.split(from).join(to);
  return out;
}

/**
 * moddle's "unparsable content" warning → one line: what it skipped, where, and why. moddle drops
 * such content (an element whose id is already taken, an element DMN does not have); Zeebe reads
 * DMN with XSD validation and refuses the resource, so we do too.
 */
function describeWarning(message: string): string {
  const [first = message, ...rest] = message.split('\n').map((line) => line.trim());
  const field = (name: string): string | undefined => rest.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1).trim();
  // moddle counts lines and columns from 0
  const oneBased = (value: string | undefined): string | undefined => (value !== undefined && /^\d+$/.test(value) ? String(Number(value) + 1) : value);
  const line = oneBased(field('line'));
  const column = oneBased(field('column'));
  const nested = field('nested error');
  const where = line !== undefined ? ` (line ${line}${column !== undefined ? `, column ${column}` : ''})` : '';
  return `Failed to parse DMN: ${first}${where}${nested !== undefined ? `: ${nested}` : ''}`;
}

/**
 * Parses and validates a DMN resource (DMN 1.3; 1.1, 1.2, 1.4 and 1.5 namespaces are read as 1.3).
 * Throws ModelValidationError listing every problem when the resource can't be deployed.
 */
export async function parseDmn(xml: string, resourceName: string): Promise<DecisionRequirementsModel> {
  const source = xml.replace(/^\uFEFF/, '');
  const migrated = migrateNamespaces(source);
  let root: DmnModdleElement;
  let warnings: readonly { readonly message: string }[];
  try {
    ({ rootElement: root, warnings } = await new DmnModdle().fromXML(migrated, 'dmn:Definitions'));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ModelValidationError(resourceName, [{ elementId: '', message: `Failed to parse DMN: ${reason ?? ''}` }]);
  }

  const parser = new DmnParser();
  const problems = parser.problems;
  for (const warning of warnings) {
    if (!warning.message.startsWith('unparsable content')) continue;
    // an older DMN version read as 1.3 may hold elements 1.3 no longer has: only ids are checked
    if (migrated !== source && !warning.message.includes('duplicate ID')) continue;
    problems.add('', describeWarning(warning.message));
  }
  const drgId = nonBlank(str(root, 'id'));
  const drgName = nonBlank(str(root, 'name'));
  if (drgId === undefined) problems.add('', "Expected the decision requirements graph (<definitions>) to have an 'id', but none found.");
  if (drgName === undefined) problems.add(drgId ?? '', "Expected the decision requirements graph (<definitions>) to have a 'name', but none found.");

  const decisionElements = children(root, 'drgElement').filter((el) => el.$type === 'dmn:Decision');
  const known = new Set<string>();
  for (const decision of decisionElements) {
    const id = nonBlank(str(decision, 'id'));
    if (id === undefined) {
      problems.add(drgId ?? '', `Expected every decision to have an 'id', but the decision '${str(decision, 'name') ?? ''}' has none.`);
    } else if (known.has(id)) {
      problems.add(id, `Expected the decision ids to be unique, but '${id}' is used by more than one decision.`);
    } else {
      known.add(id);
    }
  }

  const decisions = new Map<string, DecisionModel>();
  for (const decision of decisionElements) {
    const decisionId = nonBlank(str(decision, 'id'));
    if (decisionId === undefined || decisions.has(decisionId)) continue;
    const decisionName = nonBlank(str(decision, 'name'));
    if (decisionName === undefined) problems.add(decisionId, "Expected the decision to have a 'name', but none found.");
    const variable = child(decision, 'variable');
    const requiredDecisions = parser.requirements(decision, decisionId, known);
    const logic = parser.decisionLogic(decision, decisionId);
    decisions.set(decisionId, {
      decisionId,
      decisionName: decisionName ?? decisionId,
      resultName: (variable && nonBlank(str(variable, 'name'))) ?? decisionId,
      resultTypeRef: variable && nonBlank(str(variable, 'typeRef')),
      requiredDecisions,
      logic,
    });
  }

  for (const cycle of findCycles(decisions)) {
    problems.add(
      cycle[0] ?? '',
      `Invalid DMN model: Cyclic dependencies between decisions detected (${cycle.map((id) => `'${id}'`).join(' → ')}).`,
    );
  }

  if (problems.list.length > 0) throw new ModelValidationError(resourceName, problems.list);
  return {
    decisionRequirementsId: drgId ?? '',
    decisionRequirementsName: drgName ?? '',
    namespace: str(root, 'namespace') ?? '',
    resourceName,
    decisions,
  };
}
