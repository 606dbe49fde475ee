// @bpmn-io/element-templates-validator (the validator bpmn-js-element-templates and Camunda
// Modeler use) ships no types; this is the one function the template tests call.
declare module '@bpmn-io/element-templates-validator' {
  export function validateZeebe(template: object): { valid: boolean; errors: readonly { message: string; dataPath?: string; instancePath?: string }[] | null };
}
