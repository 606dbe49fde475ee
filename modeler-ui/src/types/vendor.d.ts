// Types for the modeling packages that ship none: only what this app calls.

declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: import('didi').ModuleDeclaration;
  export const BpmnPropertiesProviderModule: import('didi').ModuleDeclaration;
  export const ZeebePropertiesProviderModule: import('didi').ModuleDeclaration;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const behaviors: import('didi').ModuleDeclaration;
  export default behaviors;
}

declare module 'bpmn-js-element-templates' {
  export const CloudElementTemplatesPropertiesProviderModule: import('didi').ModuleDeclaration;
  /** A bpmnlint plugin for @camunda/linting: elements bound to a template must satisfy it. */
  export function CloudElementTemplatesLinterPlugin(templates: readonly object[]): object;
}

declare module '@camunda/linting' {
  export interface LintReport {
    /** The element's id. */
    readonly id: string;
    readonly message: string;
    readonly category: 'error' | 'warn' | 'info' | 'rule-error';
    readonly rule: string;
  }
  export class Linter {
    constructor(options?: { modeler?: 'desktop' | 'web'; type?: 'cloud' | 'platform'; plugins?: readonly object[] });
    /** XML, or the definitions element of a diagram already loaded. */
    lint(contents: string | object): Promise<LintReport[]>;
  }
}

declare module '@camunda/linting/modeler' {
  const linting: import('didi').ModuleDeclaration;
  export default linting;
}
