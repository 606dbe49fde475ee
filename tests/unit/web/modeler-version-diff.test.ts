// The modeler's version diff (modeler-ui/src/modeler/version-diff.ts): bpmn-js-differ's element
// changes plus, per changed element, which settings differ with their values — including the ones
// inside zeebe extension elements, which the differ alone does not report.
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { diffVersions, settingLabel, typeTerm, type ModdleNode } from '../../../modeler-ui/src/modeler/version-diff.js';
import { zhCN } from '../../../modeler-ui/src/i18n/zh-CN.js';

const zeebe = JSON.parse(readFileSync(new URL('../../../node_modules/zeebe-bpmn-moddle/resources/zeebe.json', import.meta.url), 'utf8')) as object;
const shipped = readFileSync(new URL('../../../processes/instant-item.bpmn', import.meta.url), 'utf8');

async function definitions(xml: string): Promise<ModdleNode> {
  const { rootElement } = await new BpmnModdle({ zeebe }).fromXML(xml);
  return rootElement as unknown as ModdleNode;
}

describe('version diff', () => {
  it('the same model has no changes', async () => {
    expect(diffVersions(await definitions(shipped), await definitions(shipped))).toEqual([]);
  });

  it('a changed job type (inside zeebe:taskDefinition) marks the task changed with the value before and after', async () => {
    const changed = shipped.replace('type="ow.identity-check"', 'type="ow.identity-check-v2"');
    expect(changed).not.toBe(shipped);
    const changes = diffVersions(await definitions(shipped), await definitions(changed));
    expect(changes).toEqual([
      {
        id: 'identityCheck',
        type: 'bpmn:ServiceTask',
        name: '身份核验',
        kind: 'changed',
        settings: [{ path: 'extensionElements.zeebe:TaskDefinition.type', before: 'ow.identity-check', after: 'ow.identity-check-v2' }],
      },
    ]);
    expect(settingLabel('extensionElements.zeebe:TaskDefinition.type', zhCN.modeler.diff.settings)).toBe('任务类型');
  });

  it('a renamed element shows old and new name; a removed element is listed as removed with its old name', async () => {
    const renamed = shipped.replace('name="身份核验"', 'name="身份与资格核验"');
    const [change] = diffVersions(await definitions(shipped), await definitions(renamed));
    expect(change).toMatchObject({ id: 'identityCheck', kind: 'changed', settings: [{ path: 'name', before: '身份核验', after: '身份与资格核验' }] });

    const older = await definitions(shipped);
    const newer = await definitions(shipped);
    const process = (newer.get('rootElements') as ModdleNode[]).find((r) => r.$type === 'bpmn:Process');
    const flowElements = process?.get('flowElements') as ModdleNode[] | undefined;
    const at = flowElements?.findIndex((e) => e.id === 'identityCheck') ?? -1;
    expect(at).toBeGreaterThanOrEqual(0);
    flowElements?.splice(at, 1);
    const removed = diffVersions(older, newer).find((c) => c.kind === 'removed');
    expect(removed).toMatchObject({ id: 'identityCheck', name: '身份核验', type: 'bpmn:ServiceTask' });
  });

  it('labels: the longest known tail, then any known part, else the path; types as lint terms', () => {
    const labels = { 'zeebe:TaskDefinition.type': '任务类型', 'zeebe:IoMapping': '输入/输出映射', name: '名称' };
    expect(settingLabel('extensionElements.zeebe:IoMapping.inputParameters.zeebe:Input[1].source', labels)).toBe('输入/输出映射');
    expect(settingLabel('name', labels)).toBe('名称');
    expect(settingLabel('something.odd', labels)).toBe('something.odd');
    expect(typeTerm('bpmn:ExclusiveGateway')).toBe('Exclusive Gateway');
  });
});
