// The small part of dmn-moddle's runtime API that engine/dmn uses. dmn-moddle ships no typings,
// so this declares the entry point with elements typed structurally: every property is `unknown`
// until a helper in parse.ts narrows it.

declare module 'dmn-moddle' {
  /** Any element moddle builds: DMN elements, DMNDI, unknown extension elements. */
  export interface DmnModdleElement {
    /** Qualified type name, e.g. `dmn:Decision` or `dmn:DecisionTable`. */
    readonly $type: string;
    readonly [property: string]: unknown;
  }

  export interface DmnModdleWarning {
    readonly message: string;
  }

  export interface DmnModdleParseResult {
    readonly rootElement: DmnModdleElement;
    readonly warnings: readonly DmnModdleWarning[];
  }

  export class DmnModdle {
    constructor(additionalPackages?: Readonly<Record<string, object>>, options?: object);
    /** Rejects (with an Error) when the document is not XML or its root is not of `typeName`. */
    fromXML(xml: string, typeName?: string): Promise<DmnModdleParseResult>;
  }
}
