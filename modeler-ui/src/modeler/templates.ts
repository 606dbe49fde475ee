// The element templates of processes/element-templates/ (one JSON file per job type of
// workers/), bundled at build time so the web modeler and Camunda Modeler offer the same list.

/** The parts of a Camunda 8 element template this app reads; the modeler reads the rest. */
export interface ElementTemplate {
  readonly id: string;
  readonly name: string;
  readonly version?: number;
  readonly description?: string;
  readonly appliesTo: readonly string[];
  readonly properties: readonly { readonly value?: string; readonly binding: { readonly type: string; readonly property?: string } }[];
}

const files = import.meta.glob<ElementTemplate>('../../../processes/element-templates/*.json', { eager: true, import: 'default' });

export const ELEMENT_TEMPLATES: readonly ElementTemplate[] = Object.values(files).sort((a, b) => a.id.localeCompare(b.id));

/** The job type a template sets, for the chooser's second line. */
export function jobTypeOf(template: ElementTemplate): string | undefined {
  return template.properties.find((p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type')?.value;
}
