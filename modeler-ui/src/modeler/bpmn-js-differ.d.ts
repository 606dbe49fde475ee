// bpmn-js-differ ships no types: only what version-diff.ts uses. Its walk hands the handler
// moddle elements of the newer model (`model`) and the element added or removed.
declare module 'bpmn-js-differ' {
  export interface Changed {
    model: object;
    attrs: Record<string, { oldValue: unknown; newValue: unknown }>;
  }
  export class ChangeHandler {
    _added: Record<string, object>;
    _removed: Record<string, object>;
    _changed: Record<string, Changed>;
    _layoutChanged: Record<string, object>;
    _isTracked(element: object): { element: object; property: string } | false | undefined;
    added(model: object, property: string, element: object, index: number): void;
    removed(model: object, property: string, element: object, index: number): void;
    changed(model: object, property: string, newValue?: unknown, oldValue?: unknown): void;
  }
  export function diff<H extends ChangeHandler>(a: object, b: object, handler?: H): H;
}
