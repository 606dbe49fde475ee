// processes/element-templates/: one Camunda 8 element template per job type of workers/, used by
// the web modeler and usable in Camunda Modeler. Every job type the shipped flows use has one,
// and the choices a template offers include every value the flows use (headers such as stage and
// action, inputs such as the notice template and the refusal reason), so a designer can rebuild
// each shipped task from the list.
import { readdirSync, readFileSync } from 'node:fs';
import { validateZeebe } from '@bpmn-io/element-templates-validator';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { describe, expect, test } from 'vitest';

interface TemplateProperty {
  readonly id?: string;
  readonly type: string;
  readonly value?: string;
  readonly editable?: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string }[];
  readonly binding: { readonly type: string; readonly property?: string; readonly key?: string; readonly name?: string };
}
interface Template {
  readonly id: string;
  readonly name: string;
  readonly appliesTo: readonly string[];
  readonly elementType?: { readonly value: string };
  readonly properties: readonly TemplateProperty[];
}

const dir = new URL('../../processes/element-templates/', import.meta.url);
const templateFiles = readdirSync(dir).filter((f) => f.endsWith('.json'));
const templates = templateFiles.map((file) => ({ file, template: JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Template }));

const jobTypeOf = (t: Template): string | undefined => t.properties.find((p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type')?.value;

/** What a shipped task sets: its job type, headers and input mappings. */
interface ShippedTask {
  readonly where: string;
  readonly jobType: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly inputs: ReadonlyMap<string, string>;
}

const list = (value: unknown): ModdleElement[] => (Array.isArray(value) ? (value as ModdleElement[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

async function shippedTasks(): Promise<ShippedTask[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  const tasks: ShippedTask[] = [];
  const files = readdirSync(new URL('../../processes/', import.meta.url)).filter((f) => f.endsWith('.bpmn'));
  expect(files).toHaveLength(4);
  for (const file of files) {
    const { elementsById } = await moddle.fromXML(readFileSync(new URL(`../../processes/${file}`, import.meta.url), 'utf8'));
    for (const element of Object.values(elementsById)) {
      const extensions = list((element['extensionElements'] as ModdleElement | undefined)?.['values']);
      const definition = extensions.find((e) => e.$type === 'zeebe:TaskDefinition');
      if (!definition) continue;
      const headers = new Map(list(extensions.find((e) => e.$type === 'zeebe:TaskHeaders')?.['values']).map((h) => [text(h['key']), text(h['value'])]));
      const inputs = new Map(list(extensions.find((e) => e.$type === 'zeebe:IoMapping')?.['inputParameters']).map((i) => [text(i['target']), text(i['source'])]));
      tasks.push({ where: `${file}#${text(element['id'])}`, jobType: text(definition['type']), headers, inputs });
    }
  }
  return tasks;
}

describe('element templates', () => {
  test('each file holds one template that Camunda’s validator accepts, with a unique id and job type, fixed and shown in the panel', () => {
    expect(templateFiles.length).toBeGreaterThan(0);
    for (const { file, template } of templates) {
      const result = validateZeebe(template);
      expect(result.errors ?? [], file).toEqual([]);
      expect(result.valid, file).toBe(true);
      const job = template.properties.find((p) => p.binding.type === 'zeebe:taskDefinition');
      expect(job?.type, `${file}: the job type is a visible, read-only field`).toBe('String');
      expect(job?.editable, file).toBe(false);
      expect(file).toBe(`${jobTypeOf(template)}.json`);
      expect(template.name, file).toMatch(/\p{Script=Han}/u);
    }
    expect(new Set(templates.map((t) => t.template.id)).size).toBe(templates.length);
    expect(new Set(templates.map((t) => jobTypeOf(t.template))).size).toBe(templates.length);
  });

  test('every job type of the shipped flows has a template, and its choices cover the values the flows use', async () => {
    const tasks = await shippedTasks();
    expect(tasks.length).toBeGreaterThan(20);
    const byJobType = new Map(templates.map(({ template }) => [jobTypeOf(template), template]));
    const missing = [...new Set(tasks.map((t) => t.jobType))].filter((type) => !byJobType.has(type));
    expect(missing, 'job types without an element template').toEqual([]);

    for (const task of tasks) {
      const template = byJobType.get(task.jobType);
      if (!template) continue;
      for (const property of template.properties) {
        const choices = property.choices?.map((c) => c.value);
        if (!choices) continue;
        const used = property.binding.type === 'zeebe:taskHeader' ? task.headers.get(property.binding.key ?? '') : property.binding.type === 'zeebe:input' ? task.inputs.get(property.binding.name ?? '') : undefined;
        expect(used, `${task.where}: ${property.binding.type} ${property.binding.key ?? property.binding.name ?? ''}`).toBeDefined();
        expect(choices, `${task.where} uses ${String(used)}`).toContain(used);
      }
    }
  });
});
