// 流程设计 over HTTP: deploying through the gateway (JSON or the raw file), the engine's rejection
// handed to the designer with the offending element ids, the deployed processes with the
// sub-items bound to them and the running cases per version, and a version's BPMN XML.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROCESSES_DIR } from '../../api/flows.js';
import { rememberFolderNames } from '../../api/tasks/element-names.js';
import { describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, exclusiveGateway, flow, line, serviceTask, startEvent, userTask } from '../support/bpmn.js';
import { apiSuite, type ErrorBody } from '../support/api.js';
import { eventually } from '../support/wait.js';

const t = apiSuite('api-designer');

interface Deployed {
  deploymentKey: string;
  resources: { kind: string; id: string; version: number; key: string; resourceName: string }[];
}

const permit = (jobType: string): string => line('permit-check', serviceTask('verify', jobType)).replace('<bpmn:process id="permit-check"', '<bpmn:process id="permit-check" name="许可核查"');

describe('deploying', () => {
  it('a broken BPMN is refused with the engine\'s text and the ids of the offending elements; nothing is deployed or audited', async () => {
    const broken = bpmnXml('broken-flow', {
      nodes: [startEvent('start'), serviceTask('noJobType', ''), exclusiveGateway('decide'), endEvent('yes'), endEvent('no')],
      flows: [flow('start', 'noJobType'), flow('noJobType', 'decide'), flow('decide', 'yes', { id: 'badCondition', condition: '=(amount > 10' }), flow('decide', 'no', { id: 'noCondition' })],
    });
    const designer = await t.as('designer');
    const r = await designer.post<ErrorBody & { error: { elementIds: string[]; engineMessage: string } }>('/designer/deployments', { name: 'broken-flow.bpmn', content: broken });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('deployment_rejected');
    expect(r.body.error.elementIds).toEqual(expect.arrayContaining(['noJobType', 'badCondition', 'noCondition']));
    expect(r.body.error.engineMessage).toContain('broken-flow.bpmn');
    expect(r.body.error.message).toContain(r.body.error.engineMessage);
    expect(r.body.error.issues?.map((i) => i.path)).toContain('body.content#noJobType');
    const [audited] = await t.sql<{ n: number }[]>`select count(*)::int as n from app.audit where action = 'designer.deploy'`;
    expect(audited?.n).toBe(0);
    const [stored] = await t.sql<{ n: number }[]>`select count(*)::int as n from engine.process_definitions where bpmn_process_id = 'broken-flow'`;
    expect(stored?.n).toBe(0);
  });

  it('bad requests name the field: a name without a known extension, an empty file, a raw file without a name', async () => {
    const designer = await t.as('designer');
    const badExt = await designer.post<ErrorBody>('/designer/deployments', { name: 'notes.txt', content: 'x' });
    expect(badExt.status).toBe(400);
    expect(badExt.body.error.issues?.map((i) => i.path)).toEqual(['body.name']);
    const empty = await designer.post<ErrorBody>('/designer/deployments', { name: 'a.bpmn', content: '' });
    expect(empty.body.error.issues?.map((i) => i.path)).toEqual(['body.content']);
    const nameless = await designer.send<ErrorBody>('POST', '/designer/deployments', Buffer.from(permit('ow.permit')), 'application/xml');
    expect(nameless.status).toBe(400);
    expect(nameless.body.error.issues?.map((i) => i.path)).toEqual(['query.name']);
    expect((await (await t.as('clerk')).post('/designer/deployments', { name: 'a.bpmn', content: 'x' })).status).toBe(403);
  });

  it('a raw BPMN file deploys as version 1, the same file again keeps it, a change makes version 2; each deployment is audited', async () => {
    const designer = await t.as('designer');
    const first = await designer.send<Deployed>('POST', '/designer/deployments?name=permit-check.bpmn', Buffer.from(permit('ow.permit')), 'application/xml');
    expect(first.status).toBe(201);
    expect(first.body.resources).toEqual([expect.objectContaining({ kind: 'process', id: 'permit-check', version: 1, resourceName: 'permit-check.bpmn' })]);
    const same = await designer.post<Deployed>('/designer/deployments', { name: 'permit-check.bpmn', content: permit('ow.permit') });
    expect(same.body.resources[0]?.version).toBe(1);
    const changed = await designer.post<Deployed>('/designer/deployments', { name: 'permit-check.bpmn', content: permit('ow.permit-v2') });
    expect(changed.body.resources[0]?.version).toBe(2);

    const audits = await t.sql<{ actor: string; subjectId: string; detail: { resourceName: string; resources: { version: number }[] } }[]>`
      select actor, subject_id as "subjectId", detail from app.audit where action = 'designer.deploy' order by id`;
    expect(audits.map((a) => [a.actor, a.detail.resourceName, a.detail.resources[0]?.version])).toEqual([
      ['designer', 'permit-check.bpmn', 1],
      ['designer', 'permit-check.bpmn', 1],
      ['designer', 'permit-check.bpmn', 2],
    ]);
    expect(audits[2]?.subjectId).toBe(changed.body.deploymentKey);

    const xml = await designer.raw(`/designer/processes/${changed.body.resources[0]?.key ?? ''}/xml`);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(await xml.text()).toBe(permit('ow.permit-v2'));
    expect((await designer.get<ErrorBody>('/designer/processes/123456/xml')).status).toBe(404);
  });
});

describe('a designer-changed flow in the task inbox', () => {
  /** A flow with one step for the front desk, named `stepName`. */
  const siteVisit = (stepName: string): string =>
    line('site-visit', userTask('fieldCheck', { candidateGroups: 'front-desk', formKey: 'onewindow:field-check' })).replace('<bpmn:userTask id="fieldCheck"', `<bpmn:userTask id="fieldCheck" name="${stepName}"`);

  async function taskOf(processInstanceKey: string): Promise<{ key: string; name: string }> {
    const clerk = await t.as('clerk');
    return eventually(async () => {
      const r = await clerk.get<{ items: { key: string; name: string; processInstanceKey: string }[] }>('/tasks', { list: 'groups', pageSize: 200 });
      return r.body.items.find((i) => i.processInstanceKey === processInstanceKey);
    }, 10_000, `the task of ${processInstanceKey} in the clerk's inbox`);
  }

  it('a step the designer added shows its Chinese name; a renamed step shows the new name on new tasks', async () => {
    const designer = await t.as('designer');
    expect((await designer.post('/designer/deployments', { name: 'site-visit.bpmn', content: siteVisit('现场核查') })).status).toBe(201);
    const first = await t.engine.zbc.createProcessInstance({ bpmnProcessId: 'site-visit', variables: {} });
    expect((await taskOf(first.processInstanceKey)).name).toBe('现场核查');

    expect((await designer.post('/designer/deployments', { name: 'site-visit.bpmn', content: siteVisit('现场勘验') })).status).toBe(201);
    const second = await t.engine.zbc.createProcessInstance({ bpmnProcessId: 'site-visit', variables: {} });
    expect((await taskOf(second.processInstanceKey)).name).toBe('现场勘验');
    // A task keeps the name it was created with.
    expect((await taskOf(first.processInstanceKey)).name).toBe('现场核查');
    for (const pi of [first, second]) await t.engine.zbc.cancelProcessInstance(pi.processInstanceKey);
  });
});

describe('deployed processes', () => {
  it('lists each flow with its versions, running instances and running cases per version, and the dictionary sub-items bound to it', async () => {
    const designer = await t.as('designer');
    // Two open cases on commitment-item v1 and a concluded one (not running).
    for (const status of ['approving', 'accepted', 'concluded']) {
      await t.sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, phone, status, bpmn_process_id, process_version, created_by, public_token)
        values (${`DZ-${randomUUID().slice(0, 8)}`}, '330A0100200001', 'county', '{}', 'person', '李四', '13900000000', ${status}, 'commitment-item', 1, 'clerk', ${randomUUID()})`;
    }
    const started = await t.engine.zbc.createProcessInstance({ bpmnProcessId: 'permit-check', variables: {} });

    type Entry = {
      bpmnProcessId: string;
      name: string;
      latestVersion: number;
      versions: { version: number; runningInstances: number | null; runningCases: number; processDefinitionKey: string | null; deployedBy: { username: string; name: string } | null }[];
      subItems: { code: string }[];
    };
    const r = await designer.get<{ engineAvailable: boolean; items: Entry[] }>('/designer/processes');
    expect(r.status).toBe(200);
    expect(r.body.engineAvailable).toBe(true);
    const commitment = r.body.items.find((i) => i.bpmnProcessId === 'commitment-item');
    expect(commitment?.versions.find((v) => v.version === 1)?.runningCases).toBe(2);
    expect(commitment?.subItems.map((s) => s.code)).toContain('330A0100200001');
    const permitEntry = r.body.items.find((i) => i.bpmnProcessId === 'permit-check');
    expect(permitEntry).toMatchObject({ name: '许可核查', latestVersion: 2, subItems: [] });
    expect(permitEntry?.versions.map((v) => [v.version, v.runningInstances])).toEqual([
      [2, 1],
      [1, 0],
    ]);
    expect(String(started.processDefinitionKey)).toBe(permitEntry?.versions[0]?.processDefinitionKey);
    // Who deployed each version comes from the designer's audit; the shipped flows were deployed
    // at start-up, not through the designer, so nobody is named for them.
    expect(permitEntry?.versions.map((v) => v.deployedBy)).toEqual([
      { username: 'designer', name: '周设计' },
      { username: 'designer', name: '周设计' },
    ]);
    expect(commitment?.versions.find((v) => v.version === 1)?.deployedBy).toBeNull();
  });
});

describe('step names after a restart', () => {
  it('a designer renames a step of a shipped flow; the restart re-reading processes/ keeps the designer\'s name', async () => {
    const shipped = readFileSync(path.join(PROCESSES_DIR, 'instant-item.bpmn'), 'utf8');
    const renamed = shipped.replace('id="concludeOnSpot" name="当场受理并办结"', 'id="concludeOnSpot" name="当场受理办结（含告知）"');
    expect(renamed).not.toBe(shipped);
    const designer = await t.as('designer');
    expect((await designer.post('/designer/deployments', { name: 'instant-item.bpmn', content: renamed })).status).toBe(201);
    const nameNow = async (): Promise<string | undefined> =>
      (await t.sql<{ name: string }[]>`select name from app.element_names where bpmn_process_id = 'instant-item' and element_id = 'concludeOnSpot'`)[0]?.name;
    expect(await nameNow()).toBe('当场受理办结（含告知）');
    // What the inbox does when the api starts again.
    await rememberFolderNames(t.sql, PROCESSES_DIR);
    expect(await nameNow()).toBe('当场受理办结（含告知）');
  });
});
