// The small part of bpmn-moddle's runtime API that engine/model uses. bpmn-moddle ships element
// typings (`bpmn-moddle/types`) but none for its entry point, so this declares the entry point
// with elements typed structurally: every property is `unknown` until a helper in xml.ts narrows it.

declare module 'bpmn-moddle' {
  /** Any element moddle builds: BPMN elements, zeebe extension elements, unknown extension elements. */
  export interface ModdleElement {
    /** Qualified type name, e.g. `bpmn:ServiceTask` or `zeebe:TaskDefinition`. */
    readonly $type: string;
    /** True when the element's type is `type` or extends it (e.g. `bpmn:Activity`, `bpmn:FlowNode`). */
    $instanceOf(type: string): boolean;
    readonly [property: string]: unknown;
  }

  /** What moddle reports instead of failing: unresolved references, unparsable or duplicate elements. */
  export interface ModdleWarning {
    readonly message: string;
    /** Set for unresolved references: the element holding the reference… */
    readonly element?: ModdleElement;
    /** …the qualified property name (e.g. `bpmn:targetRef`)… */
    readonly property?: string;
    /** …and the id that could not be resolved. */
    readonly value?: string;
  }

  export interface ModdleParseResult {
    readonly rootElement: ModdleElement;
    readonly elementsById: Readonly<Record<string, ModdleElement>>;
    readonly warnings: readonly ModdleWarning[];
  }

  /** A moddle package descriptor, such as `zeebe-bpmn-moddle/resources/zeebe.json`. */
  export type ModdlePackage = object;

  export class BpmnModdle {
    constructor(additionalPackages?: Readonly<Record<string, ModdlePackage>>, options?: object);
    /** Rejects (with an Error) when the document is not XML or its root is not `bpmn:definitions`. */
    fromXML(xml: string, typeName?: string): Promise<ModdleParseResult>;
  }
}
