// The lint list speaks Chinese: the messages @camunda/linting really produces for a Camunda 8.3
// diagram (linted here with the modeler's own linter setup) come out without English sentences.
/// <reference path="../../../modeler-ui/src/types/vendor.d.ts" />
import { Linter } from '@camunda/linting';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../../modeler-ui/src/i18n/zh-CN.js';
import { lintMessageIn } from '../../../modeler-ui/src/modeler/lint-messages.js';

const lintMessage = (message: string): string => lintMessageIn(zhCN, message);

const DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.3.0">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="复核">
      <bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="sign" name="签字" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="merge" />
    <bpmn:complexGateway id="merge" />
    <bpmn:serviceTask id="notify" name="通知" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>three days</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  </bpmn:process>
</bpmn:definitions>`;

async function englishReports(): Promise<string[]> {
  const reports = await new Linter({ modeler: 'web', type: 'cloud' }).lint(DIAGRAM);
  return reports.map((r) => r.message);
}

describe('lint messages in Chinese', () => {
  it('renders the messages the linter gives for an 8.3 diagram, none left in English', async () => {
    const messages = await englishReports();
    // The diagram provokes the shapes the designers met: 8.5-only implementation, missing form,
    // an unsupported element, a missing job type, a malformed timer.
    expect(messages).toEqual(
      expect.arrayContaining([
        'A <User Task> with <Implementation: Camunda user task> is only supported by Camunda 8.5 or newer',
        'A <User Task> should have a defined <Form>',
      ]),
    );
    const rendered = messages.map(lintMessage);
    for (const [i, text] of rendered.entries()) {
      // Element ids (latin letters) may remain; English sentences may not.
      expect(text, `from: ${messages[i] ?? ''}`).not.toMatch(/\b(?:is|are|must|should|with|supported|defined|newer|not)\b/);
      expect(text).not.toContain('<');
    }
    expect(rendered).toContain('用户任务（实现方式：Camunda 用户任务）需要 Camunda 8.5 或更高版本，当前引擎为 Camunda 8.3');
    expect(rendered).toContain('用户任务应当配置「表单」');
  });

  it('keeps the forms translated before: a missing job type, a condition-less flow', () => {
    expect(lintMessage('A <Service Task> with <Implementation: Job worker> must have a defined <Task definition type>')).toBe('服务任务（实现方式：作业处理器）必须填写「任务类型」');
    expect(lintMessage('A <Sequence Flow> must have a defined <Condition expression> or be the default <Sequence Flow>')).toBe('顺序流必须填写条件表达式，或设为默认顺序流');
    expect(lintMessage('A <Complex Gateway> is not supported by Camunda 8.3')).toBe('复杂网关：当前引擎版本（Camunda 8.3）不支持');
  });
});
