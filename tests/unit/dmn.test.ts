// engine/dmn: DMN decisions as Zeebe 8.3–8.5 deploys and evaluates them. Expectations come from
//  - docs.camunda.io 8.3–8.5 "DMN": decision-table-hit-policy, decision-table-input (unary tests),
//    decision-table-output, decision-literal-expression, decision-requirements-graph;
//  - docs.camunda.io "FEEL unary-tests" (components/modeler/feel/language-guide/feel-unary-tests);
//  - where the docs are silent, the engine Zeebe embeds: dmn-scala (DecisionTableEvaluator,
//    DecisionEvaluator, DmnParser, TypeChecker) and Zeebe's DmnScalaDecisionEngine /
//    EvaluatedDmnScala{Decision,Input,Output} (failure wording, inputName/outputName, ruleIndex);
//  - the EvaluateDecision response shape in zeebe-node's proto/zeebe.proto.
import { describe, expect, it } from 'vitest';
import { evaluateDecision, parseDmn, type DecisionRequirementsModel, type DecisionResult } from '../../engine/dmn/index.js';
import { evaluateUnaryTests, unaryTestInput, unaryTestsSyntaxError, type FeelValue } from '../../engine/feel/index.js';
import { ModelValidationError, type ModelProblem } from '../../engine/model/types.js';
import { fixtureText } from '../support/fixtures.js';
import { rejectionOf } from '../support/model.js';

function problemsOf(xml: string, resourceName = 'test.dmn'): Promise<readonly ModelProblem[]> {
  return rejectionOf(() => parseDmn(xml, resourceName));
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A DMN 1.3 document with these decisions. */
function doc(decisions: string, id = 'drg', name = 'DRG'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${id}" name="${name}" namespace="http://camunda.org/schema/1.0/dmn">
${decisions}
</definitions>`;
}

interface OutputSpec {
  readonly name?: string;
  readonly label?: string;
  readonly values?: string;
  readonly default?: string;
}

interface TableSpec {
  readonly id?: string;
  readonly hitPolicy?: string;
  readonly aggregation?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly (string | OutputSpec)[];
  /** [input entries, output entries] per rule. */
  readonly rules: readonly (readonly [readonly string[], readonly string[]])[];
  readonly requires?: readonly string[];
}

/** A decision with a decision table: inputs in_1…, outputs out_1…, rules r_1…. */
function table(spec: TableSpec): string {
  const id = spec.id ?? 'd';
  // element ids are unique in a document: prefixed by the decision id, except for the default 'd'
  const p = id === 'd' ? '' : `${id}_`;
  const attrs = [spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : '', spec.aggregation ? ` aggregation="${spec.aggregation}"` : ''].join('');
  const inputs = spec.inputs
    .map((e, i) => `<input id="${p}in_${i + 1}"><inputExpression id="${p}ie_${i + 1}"><text>${escape(e)}</text></inputExpression></input>`)
    .join('\n');
  const outputs = spec.outputs
    .map((o, i) => {
      const out: OutputSpec = typeof o === 'string' ? { name: o } : o;
      const values = out.values !== undefined ? `<outputValues id="${p}ov_${i + 1}"><text>${escape(out.values)}</text></outputValues>` : '';
      const dflt = out.default !== undefined ? `<defaultOutputEntry id="${p}do_${i + 1}"><text>${escape(out.default)}</text></defaultOutputEntry>` : '';
      const name = out.name !== undefined ? ` name="${out.name}"` : '';
      const label = out.label !== undefined ? ` label="${out.label}"` : '';
      return `<output id="${p}out_${i + 1}"${name}${label}>${values}${dflt}</output>`;
    })
    .join('\n');
  const rules = spec.rules
    .map(([ins, outs], r) => {
      const rule = `${p}r_${r + 1}`;
      const entries = ins.map((t, i) => `<inputEntry id="${rule}_in_${i + 1}"><text>${escape(t)}</text></inputEntry>`).join('');
      const results = outs.map((t, i) => `<outputEntry id="${rule}_out_${i + 1}"><text>${escape(t)}</text></outputEntry>`).join('');
      return `<rule id="${rule}">${entries}${results}</rule>`;
    })
    .join('\n');
  const requires = (spec.requires ?? [])
    .map((req, i) => `<informationRequirement id="ir_${id}_${i + 1}"><requiredDecision href="#${req}" /></informationRequirement>`)
    .join('');
  return `<decision id="${id}" name="Decision ${id}">${requires}<decisionTable id="dt_${id}"${attrs}>${inputs}${outputs}${rules}</decisionTable></decision>`;
}

function literal(id: string, expression: string, options: { variable?: string; typeRef?: string; requires?: readonly string[] } = {}): string {
  const variable =
    options.variable !== undefined || options.typeRef !== undefined
      ? `<variable id="var_${id}" name="${options.variable ?? id}"${options.typeRef ? ` typeRef="${options.typeRef}"` : ''} />`
      : '';
  const requires = (options.requires ?? [])
    .map((req, i) => `<informationRequirement id="ir_${id}_${i + 1}"><requiredDecision href="#${req}" /></informationRequirement>`)
    .join('');
  return `<decision id="${id}" name="Decision ${id}">${variable}${requires}<literalExpression id="le_${id}"><text>${escape(expression)}</text></literalExpression></decision>`;
}

async function drgOf(decisions: string): Promise<DecisionRequirementsModel> {
  return parseDmn(doc(decisions), 'test.dmn');
}

/** Evaluates and expects success. */
function output(drg: DecisionRequirementsModel, decisionId: string, variables: Record<string, FeelValue>): FeelValue {
  const result = evaluateDecision(drg, decisionId, variables);
  if (result.failure !== undefined) throw new Error(`expected '${decisionId}' to evaluate, but: ${result.failure.failureMessage}`);
  return result.output;
}

/** Evaluates and expects a failure. */
function failureOf(drg: DecisionRequirementsModel, decisionId: string, variables: Record<string, FeelValue>): NonNullable<DecisionResult['failure']> {
  const result = evaluateDecision(drg, decisionId, variables);
  if (result.failure === undefined) throw new Error(`expected '${decisionId}' to fail, but it gave ${JSON.stringify(result.output)}`);
  expect(result.output).toBeNull();
  return result.failure;
}

// ---------------------------------------------------------------------------------------------

describe('parseDmn: the decision requirements graph', () => {
  it('reads a Camunda Modeler DRG: definitions → DRG id/name, decisions in document order', async () => {
    const drg = await parseDmn(await fixtureText('dmn/county-fees.dmn'), 'county-fees.dmn');
    expect(drg.decisionRequirementsId).toBe('county_fees');
    expect(drg.decisionRequirementsName).toBe('县政务服务大厅规费');
    expect(drg.namespace).toBe('http://camunda.org/schema/1.0/dmn');
    expect(drg.resourceName).toBe('county-fees.dmn');
    expect([...drg.decisions.keys()]).toEqual(['fee_total', 'fee_items', 'fee_count', 'fee_max']);
    expect(drg.decisions.get('fee_items')?.decisionName).toBe('规费明细');
  });

  it('keeps the decision table: hit policy, aggregation, inputs, outputs and rules (1-based index)', async () => {
    const drg = await parseDmn(await fixtureText('dmn/county-fees.dmn'), 'county-fees.dmn');
    const logic = drg.decisions.get('fee_total')?.logic;
    if (logic?.type !== 'DECISION_TABLE') throw new Error('expected a decision table');
    expect(logic.hitPolicy).toBe('COLLECT');
    expect(logic.aggregation).toBe('SUM');
    expect(logic.inputs.map((i) => [i.id, i.name, i.expression])).toEqual([
      ['Input_service', '事项类型', 'serviceType'],
      ['Input_expedited', '是否加急', 'expedited'],
      ['Input_area', '建筑面积(㎡)', 'area'],
    ]);
    expect(logic.outputs).toEqual([{ id: 'Output_fee', name: 'fee', displayName: '金额(元)', outputValues: [], defaultOutputEntry: undefined }]);
    expect(logic.rules.map((r) => [r.id, r.index])).toEqual([
      ['Rule_licence', 1],
      ['Rule_planning_small', 2],
      ['Rule_planning_large', 3],
      ['Rule_property', 4],
      ['Rule_expedited', 5],
    ]);
    expect(logic.rules[2]?.inputEntries).toEqual(['"建设工程规划许可"', '-', '> 500']);
    expect(logic.rules[0]?.inputEntries).toEqual(['"营业执照"', '', '']);
    expect(logic.rules[2]?.outputEntries).toEqual(['500 + (area - 500) * 2']);
  });

  it('defaults the hit policy to UNIQUE and splits output values for PRIORITY', async () => {
    const drg = await parseDmn(await fixtureText('dmn/approval-route-drg.dmn'), 'route.dmn');
    const risk = drg.decisions.get('risk_level')?.logic;
    const route = drg.decisions.get('approval_route')?.logic;
    if (risk?.type !== 'DECISION_TABLE' || route?.type !== 'DECISION_TABLE') throw new Error('expected decision tables');
    expect(risk.hitPolicy).toBe('PRIORITY');
    expect(risk.outputs[0]?.outputValues).toEqual(['高', '中', '低']);
    expect(route.hitPolicy).toBe('UNIQUE');
    const tables = await drgOf(table({ inputs: ['x'], outputs: ['y'], rules: [] }));
    const logic = tables.decisions.get('d')?.logic;
    expect(logic?.type === 'DECISION_TABLE' && logic.hitPolicy).toBe('UNIQUE');
  });

  it('resolves required decisions; a result is visible under the <variable> name, else the decision id', async () => {
    const drg = await parseDmn(await fixtureText('dmn/approval-route-drg.dmn'), 'route.dmn');
    const summary = [...drg.decisions.values()].map((d) => [d.decisionId, d.requiredDecisions, d.resultName, d.resultTypeRef, d.logic.type]);
    expect(summary).toEqual([
      ['risk_level', [], 'risk_level', undefined, 'DECISION_TABLE'],
      ['approval_route', ['risk_level'], 'approval_route', undefined, 'DECISION_TABLE'],
      ['promised_days', ['approval_route'], 'promisedDays', 'number', 'LITERAL_EXPRESSION'],
      ['case_plan', ['approval_route', 'promised_days'], 'case_plan', undefined, 'LITERAL_EXPRESSION'],
    ]);
  });

  it("falls back to the input expression (30 characters) for an input without label, as Zeebe's inputName", async () => {
    const drg = await drgOf(
      table({ inputs: ['application.applicant.address.district', 'x'], outputs: [{ name: 'y' }, { name: 'z', label: 'Zed' }], rules: [] }),
    );
    const logic = drg.decisions.get('d')?.logic;
    if (logic?.type !== 'DECISION_TABLE') throw new Error('expected a decision table');
    expect(logic.inputs.map((i) => i.name)).toEqual(['application.applicant.address.', 'x']);
    expect(logic.outputs.map((o) => o.displayName)).toEqual(['y', 'Zed']);
  });

  it('reads DMN 1.2 (and 1.1) documents as DMN 1.3', async () => {
    const drg = await parseDmn(await fixtureText('dmn/dmn12-legacy.dmn'), 'legacy.dmn');
    expect(drg.decisionRequirementsId).toBe('legacy_window');
    expect(output(drg, 'service_window', { category: '医保' })).toBe('5号窗口');
    const dmn11 = doc(literal('x', '1 + 1')).replace('https://www.omg.org/spec/DMN/20191111/MODEL/', 'http://www.omg.org/spec/DMN/20151101/dmn.xsd');
    expect(output(await parseDmn(dmn11, 'old.dmn'), 'x', {})).toBe(2);
  });
});

describe('parseDmn: deploy-time validation (rejected with ModelValidationError naming the elements)', () => {
  it('reports every problem of a resource with the element that has it', async () => {
    const problems = await problemsOf(await fixtureText('dmn/invalid.dmn'), 'invalid.dmn');
    expect(problems.map((p) => p.elementId)).toEqual([
      'InputExpression_bad',
      'UnaryTests_equals',
      'LiteralExpression_unclosed',
      'LiteralExpression_empty',
      'DecisionTable_bad_hit_policy',
      'LiteralExpression_bad',
      'InformationRequirement_missing',
      'no_logic',
    ]);
    // dmn-scala's wording: "FEEL expression: failed to parse expression '…': …" and
    // "FEEL unary-tests: failed to parse expression '…': …" (seen in Zeebe rejections, camunda/camunda#10298)
    expect(problems[0]?.message).toMatch(/^FEEL expression: failed to parse expression 'amount >': /);
    expect(problems[1]?.message).toBe(`FEEL unary-tests: failed to parse expression '= "approved"': unexpected '=' at position 1`);
    expect(problems[2]?.message).toMatch(/^FEEL expression: failed to parse expression '"unclosed': /);
    expect(problems[3]?.message).toMatch(/^FEEL expression: failed to parse expression '': /);
    expect(problems[4]?.message).toMatch(/^Unknown hit policy 'RANDOM'/);
    expect(problems[5]?.message).toMatch(/^FEEL expression: failed to parse expression 'if x then': /);
    expect(problems[6]?.message).toContain("'no_such_decision'");
    expect(problems[7]?.message).toContain('decision table or a literal expression');
  });

  it('formats the error like the BPMN validation does', async () => {
    const error = await parseDmn(await fixtureText('dmn/invalid.dmn'), 'invalid.dmn').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelValidationError);
    expect((error as Error).message).toMatch(/^'invalid.dmn': - Element: InputExpression_bad\n {4}- ERROR: FEEL expression/);
  });

  it('rejects cyclic requirements, naming the cycle', async () => {
    const problems = await problemsOf(await fixtureText('dmn/cycle.dmn'), 'cycle.dmn');
    expect(problems).toEqual([
      { elementId: 'a', message: "Invalid DMN model: Cyclic dependencies between decisions detected ('a' → 'b' → 'c' → 'a')." },
    ]);
    const self = await problemsOf(doc(literal('me', 'me', { requires: ['me'] })));
    expect(self[0]?.message).toContain("('me' → 'me')");
  });

  it('rejects what is not a DMN document', async () => {
    expect(await problemsOf('not xml at all')).toEqual([{ elementId: '', message: expect.stringMatching(/^Failed to parse DMN: /) as string }]);
    const bpmn = '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="x"/>';
    expect((await problemsOf(bpmn))[0]?.message).toMatch(/^Failed to parse DMN: /);
  });

  it('rejects a definitions without name and decisions without id, with duplicate ids or without name', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg" namespace="n">
  <decision name="anonymous"><literalExpression id="le1"><text>1</text></literalExpression></decision>
  <decision id="twice" name="one"><literalExpression id="le2"><text>1</text></literalExpression></decision>
  <decision id="twice" name="two"><literalExpression id="le3"><text>2</text></literalExpression></decision>
  <decision id="nameless"><literalExpression id="le4"><text>2</text></literalExpression></decision>
</definitions>`;
    const problems = await problemsOf(xml);
    expect(problems.map((p) => p.elementId)).toEqual(['', 'drg', 'drg', 'nameless']);
    // the second 'twice' is an XML id used twice: refused as the XSD would
    expect(problems[0]?.message).toMatch(/^Failed to parse DMN: unparsable content <decision> detected \(line 5, column \d+\): duplicate ID <twice>$/);
    expect(problems[1]?.message).toContain("'name'");
    expect(problems[2]?.message).toContain("the decision 'anonymous' has none");
    expect(problems[3]?.message).toContain("'name'");
  });

  it('rejects duplicate element ids and elements DMN does not have (Zeebe validates against the DMN XSD)', async () => {
    const xml = doc(`
  <decision id="a" name="A"><literalExpression id="le"><text>1</text></literalExpression></decision>
  <decision id="b" name="B"><literalExpression id="le"><text>2</text></literalExpression></decision>
  <decision id="c" name="C"><decisionTable id="dt"><output id="o" name="x" /><ruleset /></decisionTable></decision>`);
    expect(await problemsOf(xml)).toEqual([
      { elementId: '', message: 'Failed to parse DMN: unparsable content <literalExpression> detected (line 5, column 29): duplicate ID <le>' },
      { elementId: '', message: 'Failed to parse DMN: unparsable content <ruleset> detected (line 6, column 78): unknown type <dmn:Ruleset>' },
      { elementId: 'b', message: 'Expected the decision to have a decision table or a literal expression, but it has none.' },
    ]);
  });

  it('rejects COLLECT with an aggregation over several outputs, and unnamed outputs when there are several', async () => {
    const problems = await problemsOf(
      doc(table({ hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: ['x'], outputs: [{ name: 'a' }, { label: 'B' }], rules: [] })),
    );
    expect(problems).toEqual([
      { elementId: 'dt_d', message: "hit policy 'COLLECT' with aggregator is not defined for compound output" },
      { elementId: 'out_2', message: 'no output name defined for `B`' },
    ]);
  });

  it('rejects an unknown aggregation and a table without outputs', async () => {
    const problems = await problemsOf(doc(table({ hitPolicy: 'COLLECT', aggregation: 'AVG', inputs: ['x'], outputs: [], rules: [] })));
    expect(problems.map((p) => [p.elementId, p.message.split('.')[0]])).toEqual([
      ['dt_d', "Unknown aggregation 'AVG'"],
      ['dt_d', 'Expected the decision table to have at least one output, but none found'],
    ]);
  });

  it('rejects a literal expression or an input expression without text, and non-FEEL expression languages', async () => {
    const xml = doc(`
  <decision id="empty" name="Empty"><literalExpression id="le_empty" /></decision>
  <decision id="juel" name="Juel"><decisionTable id="dt">
    <input id="in"><inputExpression id="ie" expressionLanguage="juel"><text>\${x}</text></inputExpression></input>
    <output id="out" name="y" />
  </decisionTable></decision>
  <decision id="no_input_text" name="No input text"><decisionTable id="dt2">
    <input id="in2"><inputExpression id="ie2" /></input>
    <output id="out2" name="y" />
  </decisionTable></decision>`);
    expect(await problemsOf(xml)).toEqual([
      { elementId: 'le_empty', message: "The expression 'le_empty' must not be empty." },
      { elementId: 'ie', message: "Expression language 'juel' is not supported" },
      { elementId: 'ie2', message: "The expression 'ie2' must not be empty." },
    ]);
  });

  it('accepts FEEL given by its namespace as expression language', async () => {
    const xml = doc(
      `<decision id="x" name="X"><literalExpression id="le" expressionLanguage="https://www.omg.org/spec/DMN/20191111/FEEL/"><text>1 + 2</text></literalExpression></decision>`,
    );
    expect(output(await parseDmn(xml, 'x.dmn'), 'x', {})).toBe(3);
  });

  it('rejects decision logic other than tables and literal expressions, imported decisions and BKMs', async () => {
    const xml = doc(`
  <decision id="ctx" name="Context"><context id="c1"><contextEntry><variable name="a" /><literalExpression><text>1</text></literalExpression></contextEntry></context></decision>
  <decision id="imported" name="Imported">
    <informationRequirement id="ir_imported"><requiredDecision href="other.dmn#elsewhere" /></informationRequirement>
    <literalExpression id="le_imported"><text>elsewhere</text></literalExpression>
  </decision>
  <decision id="with_bkm" name="With BKM">
    <knowledgeRequirement id="kr"><requiredKnowledge href="#bkm" /></knowledgeRequirement>
    <literalExpression id="le_bkm"><text>1</text></literalExpression>
  </decision>
  <businessKnowledgeModel id="bkm" name="bkm" />`);
    const problems = await problemsOf(xml);
    expect(problems.map((p) => p.elementId)).toEqual(['ctx', 'ir_imported', 'with_bkm']);
    expect(problems[0]?.message).toContain("'context' is not supported");
  });

  it('accepts empty input entries (any input) and inputData requirements (documentation only)', async () => {
    const drg = await parseDmn(await fixtureText('dmn/approval-route-drg.dmn'), 'route.dmn');
    expect(drg.decisions.get('risk_level')?.requiredDecisions).toEqual([]);
    const empty = await drgOf(table({ inputs: ['x'], outputs: ['y'], rules: [[[''], ['"any"']]] }));
    expect(output(empty, 'd', { x: 42 })).toBe('any');
  });
});

// ---------------------------------------------------------------------------------------------

describe('evaluateDecision: the county hall fee table (COLLECT with aggregations)', () => {
  const load = async (): Promise<DecisionRequirementsModel> => parseDmn(await fixtureText('dmn/county-fees.dmn'), 'county-fees.dmn');

  it('COLLECT SUM adds up every matching fee', async () => {
    const fees = await load();
    expect(output(fees, 'fee_total', { serviceType: '营业执照', expedited: false, area: 0 })).toBe(20);
    // 营业执照 is never expedited (not("营业执照") on the surcharge rule)
    expect(output(fees, 'fee_total', { serviceType: '营业执照', expedited: true, area: 0 })).toBe(20);
    expect(output(fees, 'fee_total', { serviceType: '不动产变更登记', expedited: true, area: 0 })).toBe(280);
    expect(output(fees, 'fee_total', { serviceType: '建设工程规划许可', expedited: false, area: 500 })).toBe(500);
    // an output entry is an expression over the variables: 500 + (800 - 500) * 2
    expect(output(fees, 'fee_total', { serviceType: '建设工程规划许可', expedited: true, area: 800 })).toBe(1300);
  });

  it('gives null, not 0 or [], when no rule matches (dmn-scala: no match → default outputs, else null)', async () => {
    const fees = await load();
    for (const id of ['fee_total', 'fee_items', 'fee_count', 'fee_max']) {
      expect(evaluateDecision(fees, id, { serviceType: '户籍迁移', expedited: false, area: 0 })).toMatchObject({
        output: null,
        evaluatedDecisions: [{ decisionId: id, decisionOutput: null, matchedRules: [] }],
      });
    }
  });

  it('COLLECT without aggregation lists the outputs in rule order; two outputs make contexts', async () => {
    const fees = await load();
    expect(output(fees, 'fee_items', { serviceType: '不动产登记', expedited: true })).toEqual([
      { item: '登记费', amount: 80 },
      { item: '加急服务费', amount: 200 },
    ]);
    expect(output(fees, 'fee_items', { serviceType: '营业执照', expedited: false })).toEqual([{ item: '执照工本费', amount: 20 }]);
  });

  it('COLLECT COUNT counts the matched rules; MAX takes the largest', async () => {
    const fees = await load();
    expect(output(fees, 'fee_count', { serviceType: '不动产登记', expedited: true })).toBe(2);
    expect(output(fees, 'fee_count', { serviceType: '不动产登记', expedited: false })).toBe(1);
    expect(output(fees, 'fee_max', { serviceType: '不动产登记', expedited: true })).toBe(200);
  });

  it('reports inputs and every matched rule with its outputs', async () => {
    const fees = await load();
    const result = evaluateDecision(fees, 'fee_total', { serviceType: '不动产登记', expedited: true, area: 120 });
    expect(result).toEqual({
      decisionId: 'fee_total',
      decisionName: '规费合计',
      output: 280,
      evaluatedDecisions: [
        {
          decisionId: 'fee_total',
          decisionName: '规费合计',
          decisionType: 'DECISION_TABLE',
          decisionOutput: 280,
          evaluatedInputs: [
            { inputId: 'Input_service', inputName: '事项类型', inputValue: '不动产登记' },
            { inputId: 'Input_expedited', inputName: '是否加急', inputValue: true },
            { inputId: 'Input_area', inputName: '建筑面积(㎡)', inputValue: 120 },
          ],
          matchedRules: [
            { ruleId: 'Rule_property', ruleIndex: 4, evaluatedOutputs: [{ outputId: 'Output_fee', outputName: '金额(元)', outputValue: 80 }] },
            { ruleId: 'Rule_expedited', ruleIndex: 5, evaluatedOutputs: [{ outputId: 'Output_fee', outputName: '金额(元)', outputValue: 200 }] },
          ],
        },
      ],
    });
  });

  it('evaluates an input whose variable is missing as null (Zeebe 8.3+ null-friendly FEEL)', async () => {
    const fees = await load();
    const result = evaluateDecision(fees, 'fee_total', { serviceType: '营业执照' });
    expect(result.output).toBe(20);
    expect(result.evaluatedDecisions[0]?.evaluatedInputs.map((i) => i.inputValue)).toEqual(['营业执照', null, null]);
  });
});

describe('evaluateDecision: which department approves (UNIQUE and FIRST, two outputs)', () => {
  const load = async (): Promise<DecisionRequirementsModel> => parseDmn(await fixtureText('dmn/approval-routing.dmn'), 'approval-routing.dmn');

  it('UNIQUE: the one matching rule gives a context {department, level}', async () => {
    const routing = await load();
    expect(output(routing, 'approving_department', { application: { type: '投资项目备案', investment: 3000 } })).toEqual({
      department: '县发展和改革局',
      level: '县级',
    });
    expect(output(routing, 'approving_department', { application: { type: '投资项目备案', investment: 5000 } })).toEqual({
      department: '市发展和改革委员会',
      level: '市级',
    });
    expect(output(routing, 'approving_department', { application: { type: '建设用地规划许可', investment: 1 } })).toEqual({
      department: '县自然资源和规划局',
      level: '县级',
    });
    expect(output(routing, 'approving_department', { application: { type: '食品经营许可', investment: 500 } })).toEqual({
      department: '县市场监督管理局',
      level: '县级',
    });
  });

  it('UNIQUE: no match is null', async () => {
    const routing = await load();
    expect(output(routing, 'approving_department', { application: { type: '户籍迁移' } })).toBeNull();
  });

  it('UNIQUE: two matches fail the evaluation with dmn-scala wording, wrapped by Zeebe', async () => {
    const routing = await load();
    const result = evaluateDecision(routing, 'approving_department', { application: { type: '食品经营许可', investment: 2000 } });
    expect(result.failure).toEqual({
      failedDecisionId: 'approving_department',
      failureMessage:
        "Expected to evaluate decision 'approving_department', but multiple values aren't allowed for UNIQUE hit policy. " +
        "found: 'List(Map(department -> ValString(县市场监督管理局), level -> ValString(县级)), " +
        "Map(department -> ValString(市市场监督管理局), level -> ValString(市级)))'",
    });
    expect(result.output).toBeNull();
    // the failed decision is reported, with its inputs and both matched rules, and no output
    expect(result.evaluatedDecisions).toHaveLength(1);
    expect(result.evaluatedDecisions[0]).toMatchObject({ decisionId: 'approving_department', decisionOutput: null });
    expect(result.evaluatedDecisions[0]?.matchedRules.map((r) => [r.ruleId, r.ruleIndex])).toEqual([
      ['Rule_food', 4],
      ['Rule_overlap', 5],
    ]);
  });

  it('FIRST: the first matching rule wins and is the only matched rule reported', async () => {
    const routing = await load();
    const chain = evaluateDecision(routing, 'approving_department_first', { application: { type: '食品经营许可', investment: 2000 } });
    expect(chain.output).toBe('市市场监督管理局');
    expect(chain.evaluatedDecisions[0]?.matchedRules).toEqual([
      {
        ruleId: 'Rule_first_chain',
        ruleIndex: 1,
        evaluatedOutputs: [{ outputId: 'Output_first_department', outputName: '审批部门', outputValue: '市市场监督管理局' }],
      },
    ]);
    expect(output(routing, 'approving_department_first', { application: { type: '食品经营许可', investment: 20 } })).toBe('县市场监督管理局');
    expect(output(routing, 'approving_department_first', { application: { type: '营业执照' } })).toBe('县政务服务中心综合窗口');
  });

  it('FIRST: no match is null; a missing input matches not("…"), since null = "…" is false', async () => {
    const routing = await load();
    // not("食品经营许可") for a missing type: null = "食品经营许可" is false, negated true
    expect(output(routing, 'approving_department_first', {})).toBe('县政务服务中心综合窗口');
    const drg = await drgOf(table({ hitPolicy: 'FIRST', inputs: ['x'], outputs: ['y'], rules: [[['> 10'], ['"big"']]] }));
    expect(output(drg, 'd', { x: 1 })).toBeNull();
  });
});

describe('evaluateDecision: risk level (PRIORITY) and the approval route DRG', () => {
  const load = async (): Promise<DecisionRequirementsModel> => parseDmn(await fixtureText('dmn/approval-route-drg.dmn'), 'approval-route-drg.dmn');
  const applicant = { creditRating: '良好', violations: 0, documentsComplete: true, serviceType: '营业执照', submittedOn: '2024-03-01' };

  it('PRIORITY: of all matched rules, the output value listed first in the output values wins', async () => {
    const drg = await load();
    expect(output(drg, 'risk_level', applicant)).toBe('低');
    // 一般 (中) and incomplete documents (中) and 3 violations (高): 高
    expect(output(drg, 'risk_level', { ...applicant, creditRating: '一般', violations: 3, documentsComplete: false })).toBe('高');
    expect(output(drg, 'risk_level', { ...applicant, violations: 1 })).toBe('中');
    // all matches are reported, in rule order
    const result = evaluateDecision(drg, 'risk_level', { ...applicant, creditRating: '失信', documentsComplete: false });
    expect(result.evaluatedDecisions[0]?.matchedRules.map((r) => r.ruleId)).toEqual(['Rule_dishonest', 'Rule_incomplete']);
    expect(result.output).toBe('高');
  });

  it('PRIORITY: no match is null', async () => {
    const drg = await load();
    expect(output(drg, 'risk_level', { creditRating: '良好', violations: null, documentsComplete: true })).toBeNull();
  });

  it('evaluates required decisions first and passes their results on under their ids', async () => {
    const drg = await load();
    const result = evaluateDecision(drg, 'approval_route', { ...applicant, violations: 5 });
    expect(result.output).toBe('分管领导审批');
    expect(result.evaluatedDecisions.map((d) => [d.decisionId, d.decisionType, d.decisionOutput])).toEqual([
      ['risk_level', 'DECISION_TABLE', '高'],
      ['approval_route', 'DECISION_TABLE', '分管领导审批'],
    ]);
    // the route table's first input reads the required decision's result by its id
    expect(result.evaluatedDecisions[1]?.evaluatedInputs).toEqual([
      { inputId: 'Input_route_risk', inputName: '风险等级', inputValue: '高' },
      { inputId: 'Input_route_service', inputName: 'serviceType', inputValue: '营业执照' },
    ]);
  });

  it('passes a literal expression result on under its <variable> name; a diamond is evaluated per requirement', async () => {
    const drg = await load();
    const result = evaluateDecision(drg, 'case_plan', { ...applicant, serviceType: '不动产登记' });
    expect(result.output).toEqual({ route: '科室审核', promisedDays: 5, dueDate: '2024-03-06' });
    // dmn-scala evaluates each requirement on its own (no memo): case_plan requires approval_route
    // and promised_days, which requires approval_route again
    expect(result.evaluatedDecisions.map((d) => d.decisionId)).toEqual([
      'risk_level',
      'approval_route',
      'risk_level',
      'approval_route',
      'promised_days',
      'case_plan',
    ]);
    const literalDecision = result.evaluatedDecisions[4];
    expect(literalDecision).toEqual({
      decisionId: 'promised_days',
      decisionName: '承诺办结时限',
      decisionType: 'LITERAL_EXPRESSION',
      decisionOutput: 5,
      evaluatedInputs: [],
      matchedRules: [],
    });
  });

  it('a decision sees only the results of the decisions it requires directly', async () => {
    const drg = await drgOf(
      [literal('base', '10'), literal('middle', 'base + 1', { requires: ['base'] }), literal('top', '[middle, base]', { requires: ['middle'] })].join('\n'),
    );
    expect(output(drg, 'top', {})).toEqual([11, null]);
    // a required decision's result hides a variable of the same name
    expect(output(drg, 'middle', { base: 100 })).toBe(11);
  });

  it('a failing required decision fails the evaluation and is the failed decision', async () => {
    const drg = await drgOf(
      [
        table({ id: 'risk', inputs: ['score'], outputs: ['level'], rules: [[['> 50'], ['"high"']], [['> 80'], ['"critical"']]] }),
        table({ id: 'route', requires: ['risk'], inputs: ['risk'], outputs: ['route'], rules: [[['"high"'], ['"leader"']]] }),
      ].join('\n'),
    );
    const result = evaluateDecision(drg, 'route', { score: 90 });
    expect(result.failure?.failedDecisionId).toBe('risk');
    expect(result.failure?.failureMessage).toMatch(/^Expected to evaluate decision 'route', but multiple values aren't allowed for UNIQUE hit policy/);
    expect(result.evaluatedDecisions.map((d) => [d.decisionId, d.decisionOutput])).toEqual([['risk', null]]);
    expect(output(drg, 'route', { score: 60 })).toBe('leader');
  });

  it('fails for an unknown decision id', async () => {
    const drg = await load();
    expect(evaluateDecision(drg, 'nope', {})).toEqual({
      decisionId: 'nope',
      decisionName: '',
      output: null,
      evaluatedDecisions: [],
      failure: { failedDecisionId: 'nope', failureMessage: "Expected to evaluate decision 'nope', but no decision found with id 'nope'" },
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('hit policies: match, no match, failure', () => {
  // score → grade; the rules overlap on purpose
  const rules: TableSpec['rules'] = [
    [['>= 60'], ['"C"']],
    [['>= 90'], ['"A"']],
    [['>= 75'], ['"B"']],
    [['< 0'], ['"X"']],
  ];
  const grades = (hitPolicy: string, aggregation?: string): Promise<DecisionRequirementsModel> =>
    drgOf(table({ hitPolicy, ...(aggregation ? { aggregation } : {}), inputs: ['score'], outputs: [{ name: 'grade', values: '"A","B","C"' }], rules }));

  it('UNIQUE', async () => {
    const drg = await grades('UNIQUE');
    expect(output(drg, 'd', { score: 65 })).toBe('C');
    expect(output(drg, 'd', { score: 10 })).toBeNull();
    expect(failureOf(drg, 'd', { score: 95 }).failureMessage).toBe(
      "Expected to evaluate decision 'd', but multiple values aren't allowed for UNIQUE hit policy. " +
        "found: 'List(Map(grade -> ValString(C)), Map(grade -> ValString(A)), Map(grade -> ValString(B)))'",
    );
  });

  it('FIRST', async () => {
    const drg = await grades('FIRST');
    expect(output(drg, 'd', { score: 95 })).toBe('C');
    expect(output(drg, 'd', { score: 10 })).toBeNull();
    // every rule is checked, so a failing later entry fails even after a match (dmn-scala checkRules)
    const failing = await drgOf(
      table({ hitPolicy: 'FIRST', inputs: ['x'], outputs: ['y'], rules: [[['-'], ['1']], [['assert(?, ? > 100)'], ['2']]] }),
    );
    expect(failureOf(failing, 'd', { x: 5 }).failureMessage).toContain('The condition is not fulfilled');
  });

  it('PRIORITY: by the order of the output values, not the rule order', async () => {
    const drg = await grades('PRIORITY');
    expect(output(drg, 'd', { score: 95 })).toBe('A');
    expect(output(drg, 'd', { score: 80 })).toBe('B');
    expect(output(drg, 'd', { score: 10 })).toBeNull();
    // a value not in the output values comes last; without output values: rule order
    expect(output(drg, 'd', { score: -5 })).toBe('X');
    const unlisted = await drgOf(table({ hitPolicy: 'PRIORITY', inputs: ['x'], outputs: ['y'], rules: [[['-'], ['"p"']], [['-'], ['"q"']]] }));
    expect(output(unlisted, 'd', { x: 1 })).toBe('p');
  });

  it('PRIORITY: the first output with output values decides, then the next', async () => {
    const drg = await drgOf(
      table({
        hitPolicy: 'PRIORITY',
        inputs: ['x'],
        outputs: [
          { name: 'level', values: '"high","low"' },
          { name: 'team', values: '"A","B"' },
        ],
        rules: [
          [['-'], ['"low"', '"A"']],
          [['-'], ['"high"', '"B"']],
          [['-'], ['"high"', '"A"']],
        ],
      }),
    );
    expect(output(drg, 'd', { x: 1 })).toEqual({ level: 'high', team: 'A' });
  });

  it('ANY: matches must agree', async () => {
    const drg = await drgOf(
      table({
        hitPolicy: 'ANY',
        inputs: ['age', 'resident'],
        outputs: ['eligible'],
        rules: [
          [['>= 60', '-'], ['true']],
          [['-', 'true'], ['true']],
          [['< 18', '-'], ['false']],
        ],
      }),
    );
    // rules 1 and 2 agree
    expect(output(drg, 'd', { age: 70, resident: true })).toBe(true);
    expect(output(drg, 'd', { age: 10, resident: false })).toBe(false);
    expect(output(drg, 'd', { age: 30, resident: false })).toBeNull();
    // rules 2 and 3 disagree
    expect(failureOf(drg, 'd', { age: 10, resident: true }).failureMessage).toBe(
      "Expected to evaluate decision 'd', but different values aren't allowed for ANY hit policy. found: 'List(Map(eligible -> ValBoolean(true)), Map(eligible -> ValBoolean(false)))'",
    );
  });

  it('COLLECT: a list in rule order; SUM / MIN / MAX / COUNT', async () => {
    expect(output(await grades('COLLECT'), 'd', { score: 95 })).toEqual(['C', 'A', 'B']);
    expect(output(await grades('COLLECT'), 'd', { score: 10 })).toBeNull();
    const amounts = (aggregation: string): Promise<DecisionRequirementsModel> =>
      drgOf(
        table({
          hitPolicy: 'COLLECT',
          aggregation,
          inputs: ['x'],
          outputs: ['fee'],
          rules: [
            [['-'], ['10.1']],
            [['> 1'], ['20.2']],
            [['> 2'], ['5']],
          ],
        }),
      );
    expect(output(await amounts('SUM'), 'd', { x: 3 })).toBe(35.3);
    expect(output(await amounts('MIN'), 'd', { x: 3 })).toBe(5);
    expect(output(await amounts('MAX'), 'd', { x: 3 })).toBe(20.2);
    expect(output(await amounts('COUNT'), 'd', { x: 3 })).toBe(3);
    expect(output(await amounts('COUNT'), 'd', { x: 1 })).toBe(1);
  });

  it('COLLECT SUM / MIN / MAX fail on a value that is not a number', async () => {
    const drg = await drgOf(
      table({ hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: ['x'], outputs: ['fee'], rules: [[['-'], ['10']], [['-'], ['"free"']]] }),
    );
    expect(failureOf(drg, 'd', { x: 1 }).failureMessage).toBe("Expected to evaluate decision 'd', but expected number but found 'ValString(free)'");
    const nulls = await drgOf(table({ hitPolicy: 'COLLECT', aggregation: 'MAX', inputs: ['x'], outputs: ['fee'], rules: [[['-'], ['missing']]] }));
    expect(failureOf(nulls, 'd', { x: 1 }).failureMessage).toContain("expected number but found 'ValNull'");
  });

  it('RULE ORDER: every match in rule order; several outputs make a list of contexts', async () => {
    expect(output(await grades('RULE ORDER'), 'd', { score: 95 })).toEqual(['C', 'A', 'B']);
    expect(output(await grades('RULE ORDER'), 'd', { score: 10 })).toBeNull();
    const drg = await drgOf(
      table({
        hitPolicy: 'RULE ORDER',
        inputs: ['type'],
        outputs: ['material', 'copies'],
        rules: [
          [['-'], ['"身份证"', '1']],
          [['"企业"'], ['"营业执照副本"', '2']],
        ],
      }),
    );
    expect(output(drg, 'd', { type: '企业' })).toEqual([
      { material: '身份证', copies: 1 },
      { material: '营业执照副本', copies: 2 },
    ]);
  });

  it('OUTPUT ORDER: every match, ordered by the output values', async () => {
    expect(output(await grades('OUTPUT ORDER'), 'd', { score: 95 })).toEqual(['A', 'B', 'C']);
    expect(output(await grades('OUTPUT ORDER'), 'd', { score: -1 })).toEqual(['X']);
    expect(output(await grades('OUTPUT ORDER'), 'd', { score: 10 })).toBeNull();
  });

  it('no match gives the default output entries when outputs have them', async () => {
    const one = await drgOf(table({ inputs: ['x'], outputs: [{ name: 'y', default: '"窗口咨询"' }], rules: [[['1'], ['"a"']]] }));
    expect(output(one, 'd', { x: 2 })).toBe('窗口咨询');
    expect(evaluateDecision(one, 'd', { x: 2 }).evaluatedDecisions[0]?.matchedRules).toEqual([]);
    const two = await drgOf(
      table({ inputs: ['x'], outputs: [{ name: 'y', default: 'x * 2' }, { name: 'z', default: '"none"' }], rules: [[['1'], ['1', '"a"']]] }),
    );
    expect(output(two, 'd', { x: 2 })).toEqual({ y: 4, z: 'none' });
    // only one of two outputs with a default: its value alone (dmn-scala)
    const half = await drgOf(table({ inputs: ['x'], outputs: [{ name: 'y', default: '0' }, { name: 'z' }], rules: [[['1'], ['1', '2']]] }));
    expect(output(half, 'd', { x: 2 })).toBe(0);
  });

  it('an output entry that cannot be evaluated fails the decision; the matched rules are not reported', async () => {
    const drg = await drgOf(table({ inputs: ['x'], outputs: ['y'], rules: [[['-'], ['assert(x, x > 10, "x too small")']]] }));
    const result = evaluateDecision(drg, 'd', { x: 1 });
    expect(result.failure?.failureMessage).toBe(
      "Expected to evaluate decision 'd', but Assertion failure on evaluate the expression 'assert(x, x > 10, \"x too small\")': x too small",
    );
    expect(result.evaluatedDecisions[0]).toMatchObject({ evaluatedInputs: [{ inputValue: 1 }], matchedRules: [] });
    expect(output(drg, 'd', { x: 11 })).toBe(11);
  });

  it('an input expression that cannot be evaluated fails the decision before any input is reported', async () => {
    const drg = await drgOf(table({ inputs: ['assert(x, x != null)'], outputs: ['y'], rules: [[['-'], ['1']]] }));
    const result = evaluateDecision(drg, 'd', {});
    expect(result.failure?.failedDecisionId).toBe('d');
    expect(result.evaluatedDecisions[0]?.evaluatedInputs).toEqual([]);
  });
});

describe('literal expressions', () => {
  it('evaluate FEEL with the variables', async () => {
    const drg = await drgOf(
      [
        literal('greeting', '"您好，" + name'),
        literal('materials', 'for m in submitted return upper case(m)'),
        literal('summary', '{items: count(submitted), complete: count(submitted) >= 2}'),
      ].join('\n'),
    );
    expect(output(drg, 'greeting', { name: '张三' })).toBe('您好，张三');
    expect(output(drg, 'materials', { submitted: ['id', 'licence'] })).toEqual(['ID', 'LICENCE']);
    expect(output(drg, 'summary', { submitted: ['a'] })).toEqual({ items: 1, complete: false });
    // null-friendly: a missing variable is null, and so is what uses it
    expect(output(drg, 'greeting', {})).toBeNull();
  });

  it('report no inputs and no rules', async () => {
    const drg = await drgOf(literal('x', '1 + 1'));
    expect(evaluateDecision(drg, 'x', {}).evaluatedDecisions).toEqual([
      { decisionId: 'x', decisionName: 'Decision x', decisionType: 'LITERAL_EXPRESSION', decisionOutput: 2, evaluatedInputs: [], matchedRules: [] },
    ]);
  });

  it('fail when the expression cannot be evaluated', async () => {
    const drg = await drgOf(literal('checked', 'assert(amount, amount > 0, "amount must be positive")'));
    expect(failureOf(drg, 'checked', { amount: -1 })).toEqual({
      failedDecisionId: 'checked',
      failureMessage:
        "Expected to evaluate decision 'checked', but Assertion failure on evaluate the expression 'assert(amount, amount > 0, \"amount must be positive\")': amount must be positive",
    });
  });

  it("check the result against the <variable>'s typeRef (dmn-scala TypeChecker); null passes", async () => {
    const drg = await drgOf(literal('days', 'value', { variable: 'days', typeRef: 'number' }));
    expect(output(drg, 'days', { value: 5 })).toBe(5);
    expect(output(drg, 'days', {})).toBeNull();
    const result = evaluateDecision(drg, 'days', { value: 'five' });
    expect(result.failure).toEqual({ failedDecisionId: 'days', failureMessage: "Expected to evaluate decision 'days', but expected 'number' but found 'ValString(five)'" });
    // the decision itself was evaluated and is reported with its value
    expect(result.evaluatedDecisions[0]?.decisionOutput).toBe('five');
  });
});

// ---------------------------------------------------------------------------------------------

describe('input entries: FEEL unary tests', () => {
  // docs: components/modeler/feel/language-guide/feel-unary-tests (8.3–8.5)
  const matches = (tests: string, input: FeelValue, variables: Record<string, FeelValue> = {}): boolean | null => {
    const result = evaluateUnaryTests(tests, input, variables);
    if (!result.ok) throw new Error(result.message);
    return result.value;
  };

  it('`-` and an empty entry match anything', () => {
    expect(matches('-', 'x')).toBe(true);
    expect(matches('', null)).toBe(true);
    expect(matches('  ', 5)).toBe(true);
  });

  it('comparison: equal to (no operator), <, <=, >, >= for values of the same type', () => {
    expect(matches('"valid"', 'valid')).toBe(true);
    expect(matches('"valid"', 'invalid')).toBe(false);
    expect(matches('< 10', 9)).toBe(true);
    expect(matches('< 10', 10)).toBe(false);
    expect(matches('<= 10', 10)).toBe(true);
    expect(matches('> 10', 11)).toBe(true);
    expect(matches('>= 10', 10)).toBe(true);
    expect(matches('< -5', -6)).toBe(true);
    expect(matches('> "b"', 'c')).toBe(true);
    // different types: null, not a match
    expect(matches('< 10', '9')).toBeNull();
    expect(matches('"10"', 10)).toBeNull();
    expect(matches('> 5', null)).toBeNull();
  });

  it('comparison with dates, times and durations', () => {
    expect(matches('<= date("2020-04-06")', null)).toBeNull();
    const inputs = unaryTestInput({ submitted: '2020-04-01', waited: 'P6D' }, { expression: 'date(submitted)', value: '2020-04-01' });
    expect(inputs.test('<= date("2020-04-06")')).toEqual({ ok: true, value: true });
    expect(inputs.test('> date("2020-04-06")')).toEqual({ ok: true, value: false });
    const waited = unaryTestInput({ waited: 'P6D' }, { expression: 'duration(waited)', value: 'P6D' });
    expect(waited.test('>= duration("P5D")')).toEqual({ ok: true, value: true });
    // a string variable is not a date (feel-scala compares it to a date as null)
    const plain = unaryTestInput({ submitted: '2020-04-01' }, { expression: 'submitted', value: '2020-04-01' });
    expect(plain.test('<= date("2020-04-06")')).toEqual({ ok: true, value: null });
  });

  it('interval: [x..y] closed, (x..y) / ]x..y[ open, mixed', () => {
    expect(matches('[1..10]', 1)).toBe(true);
    expect(matches('[1..10]', 10)).toBe(true);
    expect(matches('(1..10)', 1)).toBe(false);
    expect(matches(']1..10[', 10)).toBe(false);
    expect(matches('(1..10]', 10)).toBe(true);
    expect(matches('[1..10)', 10)).toBe(false);
    expect(matches('[1..10]', 11)).toBe(false);
    expect(matches('[1..10]', 'x')).toBeNull();
    expect(matches('[low..high]', 5, { low: 1, high: 5 })).toBe(true);
  });

  it('disjunction: one of the tests', () => {
    expect(matches('"a","b"', 'b')).toBe(true);
    expect(matches('"a","b"', 'c')).toBe(false);
    expect(matches('< 10, > 50', 60)).toBe(true);
    expect(matches('< 10, > 50', 30)).toBe(false);
    expect(matches('2, 3, 4', 3)).toBe(true);
  });

  it('negation: not(…) of the tests; null stays null', () => {
    expect(matches('not("valid")', 'invalid')).toBe(true);
    expect(matches('not("valid")', 'valid')).toBe(false);
    expect(matches('not(2, 4)', 3)).toBe(true);
    expect(matches('not([1..5])', 6)).toBe(true);
    // null = "valid" is false, so not(…) is true for a null input
    expect(matches('not("valid")', null)).toBe(true);
    // 5 = "valid" is null (different types): not(null) is null
    expect(matches('not("valid")', 5)).toBeNull();
  });

  it('expressions: true, a list that contains the input, or a value equal to the input', () => {
    expect(matches('limit', 4, { limit: 4 })).toBe(true);
    expect(matches('limit', 5, { limit: 4 })).toBe(false);
    expect(matches('allowed', '社保', { allowed: ['社保', '医保'] })).toBe(true);
    expect(matches('allowed', '公积金', { allowed: ['社保', '医保'] })).toBe(false);
    expect(matches('[1, 2, 3]', 2)).toBe(true);
    expect(matches('[1, 2]', [1, 2])).toBe(true);
    expect(matches('x.max - 1', 9, { x: { max: 10 } })).toBe(true);
    // an expression that is true matches whatever the input
    expect(matches('isVip', 'anything', { isVip: true })).toBe(true);
    expect(matches('null', null)).toBe(true);
    expect(matches('null', 0)).toBe(false);
  });

  it('a boolean literal is compared with the input', () => {
    expect(matches('true', true)).toBe(true);
    expect(matches('true', false)).toBe(false);
    expect(matches('false', false)).toBe(true);
    expect(matches('false', null)).toBe(false);
  });

  it('`?` is the input value in an expression', () => {
    expect(matches('? > 5 and ? < 10', 7)).toBe(true);
    expect(matches('? > 5 and ? < 10', 12)).toBe(false);
    expect(matches('starts with(?, "370")', '370102199001011234')).toBe(true);
    expect(matches('count(?) >= 2', ['a', 'b'])).toBe(true);
    expect(matches('?.amount > 100', { amount: 150 })).toBe(true);
    expect(matches('list contains(?, "身份证")', ['身份证', '户口本'])).toBe(true);
    expect(matches('get or else(?, 0) > 1', null)).toBe(false);
  });

  it('syntax errors: what feel-scala does not parse', () => {
    expect(unaryTestsSyntaxError('"a","b"')).toBeUndefined();
    expect(unaryTestsSyntaxError('not(> 5, "a")')).toBeUndefined();
    expect(unaryTestsSyntaxError('= "approved"')).toBe("unexpected '=' at position 1");
    expect(unaryTestsSyntaxError('!= 5')).toBe("unexpected '!=' at position 1");
    expect(unaryTestsSyntaxError('>')).toBe('unexpected end of expression at position 2');
    expect(unaryTestsSyntaxError('"a" "b"')).toBe(`unexpected '"b"' at position 5`);
    expect(unaryTestsSyntaxError('"x", a == b')).toBe("unexpected '=' at position 9");
    expect(unaryTestsSyntaxError('"a", -')).toBeDefined();
    expect(evaluateUnaryTests('1..5', 3, {})).toEqual({ ok: false, message: "failed to parse expression '1..5': unexpected '..5' at position 2" });
  });

  it('an evaluation that cannot complete is a failure, not a mismatch', () => {
    expect(evaluateUnaryTests('assert(?, ? > 100)', 5, {})).toEqual({
      ok: false,
      message: "Assertion failure on evaluate the expression 'assert(?, ? > 100)': The condition is not fulfilled",
    });
  });

  it('in a decision table: dates made by the input expression compare as dates', async () => {
    const drg = await drgOf(
      table({
        hitPolicy: 'FIRST',
        inputs: ['date(submittedOn)', 'applicant.age'],
        outputs: ['track'],
        rules: [
          [['< date("2024-01-01")', '-'], ['"旧规"']],
          [['[date("2024-01-01")..date("2024-12-31")]', '>= 60'], ['"绿色通道"']],
          [['-', '-'], ['"常规"']],
        ],
      }),
    );
    expect(output(drg, 'd', { submittedOn: '2023-12-31', applicant: { age: 30 } })).toBe('旧规');
    expect(output(drg, 'd', { submittedOn: '2024-06-01', applicant: { age: 65 } })).toBe('绿色通道');
    expect(output(drg, 'd', { submittedOn: '2024-06-01', applicant: { age: 40 } })).toBe('常规');
    // the reported input value is the date as JSON (ISO string)
    expect(evaluateDecision(drg, 'd', { submittedOn: '2024-06-01', applicant: { age: 65 } }).evaluatedDecisions[0]?.evaluatedInputs).toEqual([
      { inputId: 'in_1', inputName: 'date(submittedOn)', inputValue: '2024-06-01' },
      { inputId: 'in_2', inputName: 'applicant.age', inputValue: 65 },
    ]);
  });

  it('in a decision table: a rule matches only when every entry is true', async () => {
    const drg = await drgOf(
      table({
        hitPolicy: 'RULE ORDER',
        inputs: ['type', 'amount'],
        outputs: ['y'],
        rules: [
          [['"a"', '> 10'], ['1']],
          [['"a"', '-'], ['2']],
          [['not("a")', '< 10'], ['3']],
        ],
      }),
    );
    expect(output(drg, 'd', { type: 'a', amount: 20 })).toEqual([1, 2]);
    expect(output(drg, 'd', { type: 'a', amount: 'many' })).toEqual([2]);
    expect(output(drg, 'd', { type: 'b', amount: 5 })).toEqual([3]);
    expect(output(drg, 'd', { type: 'b', amount: null })).toBeNull();
  });
});
