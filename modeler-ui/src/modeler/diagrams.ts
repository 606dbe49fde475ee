// Diagrams the designer can open without the engine: the four flows shipped in processes/ and a
// new empty one. Both carry the execution platform (Camunda 8.3) that linting checks against.

export interface ShippedFlow {
  readonly file: string;
  readonly name: string;
  readonly xml: string;
}

const sources = import.meta.glob<string>('../../../processes/*.bpmn', { eager: true, query: '?raw', import: 'default' });

function processName(xml: string, fallback: string): string {
  return /<bpmn:process\b[^>]*\bname="([^"]*)"/.exec(xml)?.[1] ?? fallback;
}

export const SHIPPED_FLOWS: readonly ShippedFlow[] = Object.entries(sources)
  .map(([path, xml]) => {
    const file = path.slice(path.lastIndexOf('/') + 1);
    return { file, name: processName(xml, file), xml };
  })
  .sort((a, b) => a.file.localeCompare(b.file));

export const EXECUTION_PLATFORM = 'Camunda Cloud';
/** The Zeebe version our engine implements (processes/README.md). */
export const EXECUTION_PLATFORM_VERSION = '8.3.0';

export function emptyDiagram(processName: string): string {
  const id = `Process_${Math.random().toString(36).slice(2, 9)}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="onewindow" exporterVersion="1" modeler:executionPlatform="${EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}">
  <bpmn:process id="${id}" name="${processName}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${id}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
