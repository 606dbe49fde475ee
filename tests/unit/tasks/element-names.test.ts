// Task names come from the deployed models (the gateway gives a job only its element id).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elementNamesOf } from '../../../api/tasks/element-names.js';

describe('element names', () => {
  it('reads every named step of the hall\'s commitment flow, inside sub-processes too', async () => {
    const names = await elementNamesOf(readFileSync(new URL('../../../processes/commitment-item.bpmn', import.meta.url), 'utf8'));
    const byId = new Map(names.map((n) => [n.elementId, n]));
    expect(byId.get('preReview')).toEqual({ bpmnProcessId: 'commitment-item', elementId: 'preReview', name: '初审' });
    expect(byId.get('countersignTask')?.name).toBe('会签');
    expect(byId.get('pickup')?.name).toBe('统一窗口出件');
  });

  it('a designer-made model names its new steps; unnamed elements are left out', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="new-flow" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:userTask id="siteCheck" name=" 现场核查 " />
  </bpmn:process>
</bpmn:definitions>`;
    expect(await elementNamesOf(xml)).toEqual([{ bpmnProcessId: 'new-flow', elementId: 'siteCheck', name: '现场核查' }]);
  });
});
