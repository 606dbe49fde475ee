// Decisions as a designer and a worker meet them: DMN and form deployments, EvaluateDecision, and
// business rule tasks (docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/,
// docs.camunda.io/docs/apis-tools/grpc/ "EvaluateDecision RPC", "DeployResource RPC").
import { describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, flow, startEvent, type Node } from '../support/bpmn.js';
import { fixture } from '../support/fixtures.js';
import { Code, grpcError } from '../support/gateway.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';

const t = engineSuite('decisions');

const deploy = (name: string, content: Buffer) => t.raw.call('DeployResource', { resources: [{ name, content }] });

/** A business rule task that evaluates `decisionId` into `resultVariable`. */
const ruleTask = (id: string, decisionId: string, resultVariable: string): Node => ({
  id,
  xml: (i, o) =>
    `<bpmn:businessRuleTask id="${id}"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="${resultVariable}"/></bpmn:extensionElements>${i
      .map((f) => `<bpmn:incoming>${f}</bpmn:incoming>`)
      .join('')}${o.map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`).join('')}</bpmn:businessRuleTask>`,
});

const routing = (processId: string, decisionId: string): string =>
  bpmnXml(processId, { nodes: [startEvent('start'), ruleTask('route', decisionId, 'route'), endEvent('end')], flows: [flow('start', 'route'), flow('route', 'end')] });

describe('deploying DMN and forms', () => {
  it('reports the decision requirements graph and each decision, and keeps versions on an identical redeploy', async () => {
    const first = await deploy('approval-routing.dmn', fixture('dmn/approval-routing.dmn'));
    const entries = first['deployments'] as Record<string, Record<string, unknown> | undefined>[];
    const drg = entries.find((e) => e['decisionRequirements'])?.['decisionRequirements'];
    expect(drg).toMatchObject({ dmnDecisionRequirementsId: 'approval_routing', dmnDecisionRequirementsName: '审批部门', version: 1, resourceName: 'approval-routing.dmn' });
    const decisions = entries.map((e) => e['decision']).filter((d): d is Record<string, unknown> => d !== undefined);
    expect(decisions.map((d) => d['dmnDecisionId'])).toContain('approving_department');
    expect(decisions.every((d) => d['version'] === 1 && d['decisionRequirementsKey'] === drg?.['decisionRequirementsKey'])).toBe(true);
    const again = await deploy('approval-routing.dmn', fixture('dmn/approval-routing.dmn'));
    const againDrg = (again['deployments'] as Record<string, Record<string, unknown> | undefined>[]).find((e) => e['decisionRequirements'])?.['decisionRequirements'];
    expect(againDrg).toMatchObject({ version: 1, decisionRequirementsKey: drg?.['decisionRequirementsKey'] });
  });

  it('returns form metadata for a .form resource, and rejects an invalid DMN naming the element', async () => {
    const formDeployment = await deploy('application.form', fixture('forms/application.form'));
    const form = (formDeployment['deployments'] as Record<string, Record<string, unknown> | undefined>[])[0]?.['form'];
    expect(form).toMatchObject({ formId: 'county-application', version: 1, resourceName: 'application.form' });
    const failure = await grpcError(deploy('invalid.dmn', fixture('dmn/invalid.dmn')));
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain('invalid.dmn');
  });
});

describe('EvaluateDecision', () => {
  it('evaluates the latest version by id, with the matched rules and inputs', async () => {
    const r = await t.raw.call('EvaluateDecision', {
      decisionId: 'approving_department',
      variables: JSON.stringify({ application: { type: '投资项目备案', investment: 8000 } }),
    });
    expect(JSON.parse(String(r['decisionOutput']))).toEqual({ department: '市发展和改革委员会', level: '市级' });
    expect(r['failureMessage']).toBe('');
    const evaluated = r['evaluatedDecisions'] as Record<string, unknown>[];
    expect(evaluated).toHaveLength(1);
    expect((evaluated[0]?.['matchedRules'] as unknown[]).length).toBe(1);
    expect((evaluated[0]?.['evaluatedInputs'] as Record<string, unknown>[]).map((i) => JSON.parse(String(i['inputValue'])))).toEqual(['投资项目备案', 8000]);
  });

  it('reports a failed evaluation in the response, not as a gRPC error (UNIQUE with two matches)', async () => {
    const r = await t.raw.call('EvaluateDecision', {
      decisionId: 'approving_department',
      variables: JSON.stringify({ application: { type: '食品经营许可', investment: 2000 } }),
    });
    expect(r['failedDecisionId']).toBe('approving_department');
    expect(String(r['failureMessage'])).toMatch(/UNIQUE/);
  });

  it('answers NOT_FOUND for an unknown decision and INVALID_ARGUMENT without id or key', async () => {
    const missing = await grpcError(t.raw.call('EvaluateDecision', { decisionId: 'no-such-decision', variables: '{}' }));
    expect(missing.code).toBe(Code.NOT_FOUND);
    expect(missing.details).toContain('no-such-decision');
    const neither = await grpcError(t.raw.call('EvaluateDecision', { variables: '{}' }));
    expect(neither.code).toBe(Code.INVALID_ARGUMENT);
  });
});

describe('business rule tasks', () => {
  it('complete with the decision output in resultVariable, without any worker', async () => {
    const zbc = t.client();
    await zbc.deployResource({ name: 'route.bpmn', process: Buffer.from(routing('route-case', 'approving_department')) });
    const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'route-case', variables: { application: { type: '建设用地规划许可', investment: 10 } } });
    expect(result.variables['route']).toEqual({ department: '县自然资源和规划局', level: '县级' });
  });

  it('raise CALLED_DECISION_ERROR when the decision is not deployed, and continue once it is', async () => {
    const zbc = t.client();
    await zbc.deployResource({ name: 'fees-case.bpmn', process: Buffer.from(routing('fees-case', 'fee_total')) });
    const { processInstanceKey } = await zbc.createProcessInstance({ bpmnProcessId: 'fees-case', variables: {} });
    const incident = await eventually(async () => {
      const rows = await t.sql<{ key: string; error_type: string; error_message: string }[]>`
        select key::text, error_type, error_message from engine.incidents where process_instance_key = ${processInstanceKey} and state = 'ACTIVE'`;
      return rows[0];
    });
    expect(incident.error_type).toBe('CALLED_DECISION_ERROR');
    expect(incident.error_message).toContain('fee_total');
    await deploy('county-fees.dmn', fixture('dmn/county-fees.dmn'));
    await zbc.resolveIncident({ incidentKey: incident.key });
    const state = await eventually(async () => {
      const [row] = await t.sql<{ state: string }[]>`select state from engine.process_instances where key = ${processInstanceKey}`;
      return row?.state === 'COMPLETED' ? row.state : undefined;
    });
    expect(state).toBe('COMPLETED');
  });

  it('raise DECISION_EVALUATION_ERROR when the evaluation fails', async () => {
    const zbc = t.client();
    const { processInstanceKey } = await zbc.createProcessInstance({ bpmnProcessId: 'route-case', variables: { application: { type: '食品经营许可', investment: 3000 } } });
    const incident = await eventually(async () => {
      const rows = await t.sql<{ error_type: string; error_message: string }[]>`
        select error_type, error_message from engine.incidents where process_instance_key = ${processInstanceKey} and state = 'ACTIVE'`;
      return rows[0];
    });
    expect(incident.error_type).toBe('DECISION_EVALUATION_ERROR');
    expect(incident.error_message).toMatch(/UNIQUE/);
    const records = await t.sql<{ intent: string }[]>`
      select intent from engine.records where value_type = 'DECISION_EVALUATION' and process_instance_key = ${processInstanceKey}`;
    expect(records.map((r) => r.intent)).toEqual(['FAILED']);
  });
});

describe('deleting a decision requirements graph', () => {
  it('removes its decisions (EvaluateDecision is then NOT_FOUND) and leaves other graphs alone', async () => {
    const d = await deploy('approval-routing-copy.dmn', Buffer.from(fixture('dmn/approval-routing.dmn').toString('utf8').replace(/approval_routing/g, 'approval_routing_copy').replace(/id="approving_department/g, 'id="copy_department')));
    const drg = (d['deployments'] as Record<string, Record<string, unknown> | undefined>[]).find((e) => e['decisionRequirements'])?.['decisionRequirements'];
    await t.raw.call('DeleteResource', { resourceKey: String(drg?.['decisionRequirementsKey']) });
    const gone = await grpcError(t.raw.call('EvaluateDecision', { decisionId: 'copy_department', variables: '{}' }));
    expect(gone.code).toBe(Code.NOT_FOUND);
    const still = await t.raw.call('EvaluateDecision', { decisionId: 'approving_department', variables: JSON.stringify({ application: { type: '建设工程规划许可', investment: 1 } }) });
    expect(JSON.parse(String(still['decisionOutput']))).toMatchObject({ department: '县自然资源和规划局' });
  });
});
